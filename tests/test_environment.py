"""environment.yml (for conda users) holds exactly constraints.txt's pins, and those pins satisfy pyproject.toml.

Read here on their own terms (PyYAML, packaging), not through the generator, so a hand edit of any of the
three files that makes them disagree fails a test. Only the table of conda-forge's other names is shared.
"""

import re
import tomllib

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from scr_workbench import paths
from scr_workbench.lab.conda_environment import CONDA_FORGE_NAMES

ENV_LINE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)$")


def _pyproject() -> dict:
    return tomllib.loads((paths.PROJ_ROOT / "pyproject.toml").read_text())["project"]


def _direct_requirements() -> list[Requirement]:
    """The core dependencies and every extra's, the project's own extras (``scr_workbench[lab,pdf]``) left out."""
    project = _pyproject()
    extras = [r for group in project["optional-dependencies"].values() for r in group]
    own = canonicalize_name(project["name"])
    return [r for r in map(Requirement, project["dependencies"] + extras) if canonicalize_name(r.name) != own]


def test_the_scheduled_build_needs_none_of_the_lab_pdf_or_test_packages():
    """The issue: jupyterlab, playwright, pypdf, itables and ipywidgets were core dependencies of a package whose
    scheduled build needs none of them. They are extras now, and "test" (what make installs) holds the others."""
    project = _pyproject()
    core = {canonicalize_name(Requirement(r).name) for r in project["dependencies"]}
    assert not core & {"jupyterlab", "playwright", "pypdf", "itables", "ipywidgets"}
    extras = project["optional-dependencies"]
    assert {canonicalize_name(Requirement(r).name) for r in extras["lab"]} == {"jupyterlab", "itables", "ipywidgets"}
    assert {canonicalize_name(Requirement(r).name) for r in extras["pdf"]} == {"playwright", "pypdf"}
    assert Requirement(extras["test"][0]).extras == {"lab", "pdf"}


def _constraints() -> dict[str, str]:
    pins = {}
    for line in (paths.PROJ_ROOT / "constraints.txt").read_text().splitlines():
        if "==" in line:
            name, version = line.strip().split("==")
            pins[canonicalize_name(name)] = version
    return pins


def _environment() -> tuple[list[str], list[str]]:
    env = yaml.safe_load((paths.PROJ_ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    return conda, pip


def _pinned(lines: list[str]) -> dict[str, str]:
    found = {}
    for line in lines:
        match = ENV_LINE.match(line)
        if match:
            assert match.group(1) not in found, f"environment.yml lists {match.group(1)} twice"
            found[match.group(1)] = match.group(2)
    return found


def _environment_pins() -> dict[str, str]:
    """environment.yml's pins under their PyPI names (conda-forge's other names mapped back)."""
    back = {conda: pypi for pypi, conda in CONDA_FORGE_NAMES.items()}
    conda, pip = _environment()
    pins = {canonicalize_name(back.get(n, n)): v for n, v in _pinned(conda).items()}
    pip_pins = {canonicalize_name(n): v for n, v in _pinned(pip).items()}
    assert not pins.keys() & pip_pins.keys(), f"in both conda and pip sections: {pins.keys() & pip_pins.keys()}"
    return pins | pip_pins


def test_environment_pins_exactly_what_constraints_pin():
    constraints, environment = _constraints(), _environment_pins()
    assert sorted(constraints.keys() - environment.keys()) == [], "pinned by constraints.txt, not in environment.yml"
    assert sorted(environment.keys() - constraints.keys()) == [], "in environment.yml, not pinned by constraints.txt"
    differ = {n: (constraints[n], environment[n]) for n in constraints if constraints[n] != environment[n]}
    assert differ == {}, "(constraints.txt, environment.yml) versions differ; run 'make constraints'"


def test_every_conda_line_is_an_exact_pin_or_python_or_pip():
    conda, pip = _environment()
    loose = [line for line in conda if not ENV_LINE.match(line) and line != "pip" and not line.startswith("python")]
    assert loose == []
    assert [line for line in conda if line.startswith("python") and not ENV_LINE.match(line)] == [
        "python" + _pyproject()["requires-python"].replace(" ", "")
    ]
    # pip installs the workbench from the checkout, held to the same pins as the conda packages.
    assert pip[0] == "-c constraints.txt" and pip[-1] == "-e ."


def test_the_environment_comes_from_conda_forge():
    env = yaml.safe_load((paths.PROJ_ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    assert env["name"] == "scr-workbench"


@pytest.mark.parametrize("requirement", _direct_requirements(), ids=str)
def test_constraints_pin_every_direct_dependency_within_its_bounds(requirement):
    pins = _constraints()
    name = canonicalize_name(requirement.name)
    assert name in pins, f"constraints.txt does not pin {requirement.name}; run 'make constraints'"
    assert requirement.specifier.contains(Version(pins[name])), (
        f"constraints.txt pins {requirement.name}=={pins[name]}, outside pyproject.toml's {requirement.specifier}"
    )


@pytest.mark.parametrize("requirement", _direct_requirements(), ids=str)
def test_every_requirement_is_bounded_above(requirement):
    operators = {spec.operator for spec in requirement.specifier}
    assert ">=" in operators and "<" in operators, f"{requirement.name} needs a lower and an upper bound"
