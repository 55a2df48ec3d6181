"""environment.yml (for conda users) lists the same packages and bounds as pyproject.toml."""

import re
import tomllib

import yaml

from scr_workbench import paths

CONDA_NAMES = {"pyyaml": "pyyaml"}  # PyPI name → conda-forge name, where they differ


def _split(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    return match.group(1).lower(), match.group(2).replace(" ", "")


def _pyproject() -> dict[str, str]:
    project = tomllib.loads((paths.PROJ_ROOT / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["test"]
    return dict(_split(r) for r in requirements) | {"python": project["requires-python"].replace(" ", "")}


def _environment() -> dict[str, str]:
    env = yaml.safe_load((paths.PROJ_ROOT / "environment.yml").read_text())
    listed = {}
    for item in env["dependencies"]:
        if isinstance(item, dict):
            listed.update(_split(r) for r in item["pip"] if not r.startswith("-e"))
        elif item != "pip":
            listed.update([_split(item)])
    return listed


def test_same_packages_and_bounds():
    pyproject = {CONDA_NAMES.get(k, k): v for k, v in _pyproject().items()}
    assert _environment() == pyproject


def test_every_requirement_is_bounded_above():
    for name, bounds in _pyproject().items():
        assert "<" in bounds and ">=" in bounds, f"{name} needs a lower and an upper bound, has {bounds!r}"


def test_constraints_pin_every_direct_dependency():
    pinned = {
        line.split("==")[0].lower().replace("_", "-")
        for line in (paths.PROJ_ROOT / "constraints.txt").read_text().splitlines()
        if "==" in line
    }
    missing = {n for n in _pyproject() if n != "python" and n.replace("_", "-") not in pinned}
    assert not missing, f"constraints.txt does not pin {missing}; run 'make constraints'"
