"""The Makefile builds .venv with the newest Python 3.11-3.13 on PATH, and `make lab` takes PORT= and TOKEN=.

Each test runs the real Makefile under a PATH that holds only stub interpreters: a stub is a Python script
that claims a version (sys.version_info, sys.version) and then runs what make asks of it, so the version
check under test is the Makefile's own, not one copied here.
"""

import shutil
import subprocess
import sys

import pytest

from scr_workbench import paths

MAKE = shutil.which("make")


def _stub(folder, name: str, version: tuple[int, int, int]) -> None:
    text = "\n".join(
        [
            f"#!{sys.executable}",
            "import sys",
            f"sys.version_info = {(*version, 'final', 0)!r}",
            f"sys.version = '{'.'.join(map(str, version))} (main, Jan  1 2026, 00:00:00) [GCC 12.2.0]'",
            "if sys.argv[1:2] == ['-c']:",
            "    exec(sys.argv[2])",
            "else:",
            "    print(' '.join(sys.argv[1:]))",
            "",
        ]
    )
    path = folder / name
    path.write_text(text)
    path.chmod(0o755)


def _make(tmp_path, stubs: dict[str, tuple[int, int, int]], *args: str) -> subprocess.CompletedProcess:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, version in stubs.items():
        _stub(bin_dir, name, version)
    project = tmp_path / "project"
    project.mkdir()
    for name in ("Makefile", "pyproject.toml", "constraints.txt", "src/scr_workbench/lab/project_kernel.py"):
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(paths.PROJ_ROOT / name, project / name)
    env = {"PATH": str(bin_dir), "HOME": str(tmp_path)}
    return subprocess.run(
        [MAKE, "--no-print-directory", "-s", *args], cwd=project, env=env, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    "stubs, chosen",
    [
        ({"python3.11": (3, 11, 9), "python3.12": (3, 12, 3), "python3": (3, 12, 3)}, "python3.12"),
        ({"python3.11": (3, 11, 9), "python3.13": (3, 13, 1), "python3.12": (3, 12, 3)}, "python3.13"),
        ({"python3": (3, 13, 0)}, "python3"),
        # A python3.12 that is not what its name says (a broken pyenv shim answers nothing) is passed over.
        ({"python3.12": (3, 10, 0), "python3.11": (3, 11, 2)}, "python3.11"),
    ],
)
def test_the_newest_supported_python_on_path_is_chosen(tmp_path, stubs, chosen):
    result = _make(tmp_path, stubs, "python")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == chosen


def test_the_venv_is_built_with_the_chosen_python(tmp_path):
    result = _make(tmp_path, {"python3.12": (3, 12, 3), "python3": (3, 11, 9)}, "-n", ".venv/.installed")
    assert result.returncode == 0, result.stderr
    assert "python3.12 -m venv .venv" in result.stdout


@pytest.mark.parametrize("stubs", [{}, {"python3": (3, 10, 12)}, {"python3": (3, 14, 0)}])
def test_no_supported_python_is_a_clear_error(tmp_path, stubs):
    result = _make(tmp_path, stubs, ".venv/.installed")  # for real: the check must stop it before `venv`
    assert result.returncode != 0
    assert "no Python 3.11-3.13 found" in result.stderr
    assert "make PYTHON=" in result.stderr
    assert "-m venv" not in result.stdout  # a stub would print what it was asked to do
    assert not (tmp_path / "project" / ".venv").exists()


def test_python_on_the_command_line_wins(tmp_path):
    result = _make(tmp_path, {"python3.13": (3, 13, 1), "python3.11": (3, 11, 9)}, "python", "PYTHON=python3.11")
    assert result.stdout.strip() == "python3.11"


def test_a_named_python_out_of_range_is_refused_with_its_version(tmp_path):
    result = _make(tmp_path, {"python3.10": (3, 10, 12)}, "python", "PYTHON=python3.10")
    assert result.returncode != 0
    assert "PYTHON=python3.10 is Python 3.10.12" in result.stderr
    assert "3.11, 3.12 or 3.13" in result.stderr


def test_a_named_python_that_is_missing_is_refused(tmp_path):
    result = _make(tmp_path, {}, "python", "PYTHON=python3.12")
    assert result.returncode != 0
    assert "PYTHON=python3.12 not found" in result.stderr


def test_lab_passes_port_and_token_to_jupyter(tmp_path):
    result = _make(
        tmp_path, {"python3.12": (3, 12, 3)}, "-n", "-W", ".venv/.installed", "lab", "PORT=8890", "TOKEN=s3cret"
    )
    assert result.returncode == 0, result.stderr
    assert "--ServerApp.port=8890" in result.stdout
    assert "--IdentityProvider.token='s3cret'" in result.stdout


def test_lab_without_port_or_token_leaves_jupyter_its_defaults(tmp_path):
    result = _make(tmp_path, {"python3.12": (3, 12, 3)}, "-n", "lab")
    assert result.returncode == 0, result.stderr
    assert "--ServerApp.port" not in result.stdout
    assert "IdentityProvider.token" not in result.stdout
