"""Every scheduled report's notebook runs on the synthetic board (tests/fixtures/datasets/northvale), with the
schedule's parameters and SCR_DATA_DIR in the kernel's environment, and what it computes names that board.

Only the computed outputs are checked for the place: the notebooks' hand-written markdown (titles,
questions, conclusions) still describes Derby until it is replaced by computed main points.
"""

import json

import papermill
import pytest
import yaml

from scr_workbench import paths
from scr_workbench.data.dataset import Dataset, default_dataset

SYNTHETIC = paths.PROJ_ROOT / "tests" / "fixtures" / "datasets" / "northvale"
SCHEDULE = yaml.safe_load((paths.REPORTS_DIR / "schedule.yml").read_text(encoding="utf-8"))["reports"]


@pytest.mark.parametrize("report", SCHEDULE, ids=[r["name"] for r in SCHEDULE])
def test_scheduled_notebook_runs_on_the_synthetic_board(report, tmp_path, monkeypatch):
    monkeypatch.setenv("SCR_DATA_DIR", str(SYNTHETIC))  # the kernel inherits it
    nb = papermill.execute_notebook(
        str(paths.NOTEBOOKS_DIR / report["notebook"]),
        str(tmp_path / "out.ipynb"),
        parameters=report.get("parameters", {}),
        kernel_name="python3",
        cwd=str(tmp_path),
        progress_bar=False,
    )
    outputs = json.dumps([c.get("outputs", []) for c in nb.cells if c.cell_type == "code"])
    assert '"output_type": "error"' not in outputs
    place, default_place = Dataset.load(SYNTHETIC).place, default_dataset().place
    assert place in outputs
    assert default_place not in outputs
