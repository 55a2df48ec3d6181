"""Every path comes from the project root; SCR_DATA_DIR moves the data folder and nothing else."""

import subprocess
import sys
from pathlib import Path

from scr_workbench import paths


def test_project_root_is_the_checkout():
    assert (paths.PROJ_ROOT / "pyproject.toml").is_file()
    assert (paths.PROJ_ROOT / "src" / "scr_workbench" / "paths.py").resolve() == Path(paths.__file__).resolve()


def test_folders_hang_off_the_root():
    assert paths.NOTEBOOKS_DIR == paths.PROJ_ROOT / "notebooks"
    assert paths.RAW_DIR.parent == paths.CURATED_DIR.parent == paths.DATA_DIR
    assert paths.DATASET_FILE == paths.DATA_DIR / "dataset.yml"


def _paths_in_child(env_value: str | None, cwd: Path) -> list[str]:
    env = {"PATH": "/usr/bin:/bin"}
    if env_value is not None:
        env[paths.ENV_DATA_DIR] = env_value
    code = (
        "from scr_workbench import paths; print(paths.DATA_DIR); print(paths.CURATED_DIR); print(paths.NOTEBOOKS_DIR)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=cwd, check=True)
    return done.stdout.splitlines()


def test_the_working_directory_does_not_matter(tmp_path):
    assert _paths_in_child(None, tmp_path) == [
        str(paths.PROJ_ROOT / "data"),
        str(paths.PROJ_ROOT / "data" / "curated"),
        str(paths.NOTEBOOKS_DIR),
    ]


def test_scr_data_dir_points_the_data_folder_elsewhere(tmp_path):
    other = tmp_path / "board"
    assert _paths_in_child(str(other), paths.PROJ_ROOT) == [
        str(other),
        str(other / "curated"),
        str(paths.NOTEBOOKS_DIR),
    ]
