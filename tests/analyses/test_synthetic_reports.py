"""Every scheduled report's notebook runs on the synthetic board (tests/fixtures/datasets/northvale), with the
schedule's parameters and SCR_DATA_DIR in the kernel's environment, and what it computes names that board.

Only the computed outputs are checked for the place: the notebooks' titles are still hand-written. The main
points, What this means, captions and alt text are generated, so they must name nothing of Derby and hold no
code word (snake_case ids, booleans, NaN, infinity) on another board either.
"""

import json

import nbformat
import papermill
import pytest
import yaml

from scr_workbench import paths
from scr_workbench.analyses.reader_text import reader_text_problems
from scr_workbench.data.dataset import Dataset, default_dataset


def reader_texts(nb) -> dict[str, str]:
    """The reader text of an executed notebook (as tests/test_notebooks.py reads it)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("notebook_checks", paths.PROJ_ROOT / "tests" / "test_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.reader_texts(nbformat.from_dict(nb))


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
    if report["notebook"] != "glossary.ipynb":  # the glossary names no board
        assert place in outputs
    assert default_place not in outputs
    texts = reader_texts(nb)
    if report["notebook"] != "glossary.ipynb":
        assert any("main-points" in where for where in texts), "no main points generated"
    for where, text in texts.items():
        assert reader_text_problems(text) == [], f"{where}: {text[:300]}"
        assert default_place not in text, f"{where} names {default_place} on another board: {text[:300]}"
