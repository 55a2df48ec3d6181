"""The generator of environment.yml: names mapped to conda-forge's, pip for what conda-forge lacks, drift caught."""

import pytest
import yaml

from scr_workbench.lab import conda_environment as ce


def test_the_committed_file_is_what_the_generator_writes():
    assert ce.update(check=True), "environment.yml is out of date: run 'python -m scr_workbench conda-environment'"


@pytest.mark.parametrize(
    "name, normalised", [("PyYAML", "pyyaml"), ("jupyter_core", "jupyter-core"), ("ruamel.yaml", "ruamel-yaml")]
)
def test_names_are_normalised_as_pep_503_says(name, normalised):
    assert ce.normalise(name) == normalised


def test_pins_are_read_and_a_malformed_line_is_named():
    pins = ce.read_pins("PyYAML==6.0.4\n# a comment\n\nnumpy==2.4.6  # why\n")
    assert pins == [ce.Pin("PyYAML", "6.0.4"), ce.Pin("numpy", "2.4.6")]
    with pytest.raises(ValueError, match=r"line 2: expected 'name==version', got 'pandas>=2'"):
        ce.read_pins("numpy==2.4.6\npandas>=2\n")


def test_render_maps_names_and_sends_what_conda_forge_lacks_to_pip():
    pins = ce.read_pins("matplotlib==3.11.2\nPyYAML==6.0.4\naxe-playwright-python==0.1.8\ntzdata==2026.6\n")
    env = yaml.safe_load(ce.render(pins, ">=3.11,<3.14"))
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    assert conda == ["python>=3.11,<3.14", "matplotlib-base==3.11.2", "python-tzdata==2026.6", "pyyaml==6.0.4", "pip"]
    assert env["dependencies"][-1] == {"pip": ["-c constraints.txt", "axe-playwright-python==0.1.8", "-e ."]}


def test_update_rewrites_a_stale_file_and_check_only_reports(tmp_path, monkeypatch):
    (tmp_path / "constraints.txt").write_text("numpy==2.4.6\n")
    (tmp_path / "pyproject.toml").write_text('[project]\nrequires-python = ">= 3.11, < 3.14"\n')
    (tmp_path / "environment.yml").write_text("stale\n")
    for name in ("CONSTRAINTS", "PYPROJECT", "ENVIRONMENT"):
        monkeypatch.setattr(ce, name, tmp_path / getattr(ce, name).name)
    assert ce.update(check=True) is False
    assert (tmp_path / "environment.yml").read_text() == "stale\n"
    assert ce.update() is False
    assert "  - numpy==2.4.6\n" in (tmp_path / "environment.yml").read_text()
    assert ce.update(check=True) is True
