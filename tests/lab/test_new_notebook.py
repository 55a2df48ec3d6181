"""``new-notebook`` writes a notebook that builds and passes the house tests, in a copy of the project."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from scr_workbench import paths
from scr_workbench.lab import parameter_docs
from scr_workbench.lab.new_notebook import PLACEHOLDERS, NewNotebookError, create, placeholders_in

QUESTION = "How many reviews were there of each category of abuse?"


def project_copy(target: Path) -> Path:
    """What a notebook, its build and the house tests need: the package, data, notebooks, schedule, tests."""
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for folder in ("src", "data", "notebooks"):
        shutil.copytree(paths.PROJ_ROOT / folder, target / folder, ignore=ignore)
    (target / "reports").mkdir()
    shutil.copy2(paths.REPORTS_DIR / "schedule.yml", target / "reports" / "schedule.yml")
    (target / "tests").mkdir()
    for name in ("test_notebooks.py", "nbval_sanitize.cfg"):
        shutil.copy2(paths.PROJ_ROOT / "tests" / name, target / "tests" / name)
    for name in ("pyproject.toml", "Makefile", "README.md"):
        shutil.copy2(paths.PROJ_ROOT / name, target / name)
    return target


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    """A command in the copy, with the copy's package first on the path (so its paths point into the copy)."""
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    env.pop("SCR_DATA_DIR", None)
    env.pop("SCR_REPORTS_DIR", None)
    return subprocess.run([sys.executable, *args], cwd=root, env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = project_copy(tmp_path_factory.mktemp("project"))
    done = run(root, "-m", "scr_workbench", "new-notebook", "reviews_by_category", QUESTION)
    assert done.returncode == 0, done.stderr
    return root


def test_the_notebook_follows_the_house_rules(project):
    nb = nbformat.read(project / "notebooks" / "reviews_by_category.ipynb", as_version=4)
    assert nb.cells[0].source.startswith(f"# {QUESTION}")
    assert nb.metadata.kernelspec.name == "scr-workbench"
    sources = "\n".join(c.source for c in nb.cells)
    # main points first, What this means and technical notes (method, caveats) generated from the results
    generated = ("show_main_points(", "## What this means", "meaning_html(", "technical_notes_html(", "caveats=")
    for required in (*generated, "show_figure(", "# NBVAL_CHECK_OUTPUT"):
        assert required in sources, required
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
    figures = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(figures) == 1
    alt = figures[0].metadata["image/png"]["alt"]
    reviews = yaml.safe_load((paths.DATA_DIR / "dataset.yml").read_text())  # the count, from the data definition
    assert f"Bar chart of {len(reviews['review_ids'])} reviews" in alt, alt


def test_declared_and_scheduled(project):
    declarations = yaml.safe_load((project / "notebooks" / "parameters.yml").read_text())
    assert declarations["reviews_by_category"]["question"] == QUESTION
    schedule = yaml.safe_load((project / "reports" / "schedule.yml").read_text())
    entry = {
        "name": "reviews-by-category",
        "notebook": "reviews_by_category.ipynb",
        "set": "annex",  # research until the board decides; the index groups it under its question
        "question": QUESTION,
    }
    assert entry in schedule["reports"]
    original = yaml.safe_load((paths.REPORTS_DIR / "schedule.yml").read_text())
    assert schedule["reports"][: len(original["reports"])] == original["reports"]  # the rest kept as it was


def test_the_readme_parameter_tables_include_the_new_notebook(project):
    readme = (project / "README.md").read_text()
    before = (paths.PROJ_ROOT / "README.md").read_text()

    def tables(text: str) -> str:
        return text[text.index(parameter_docs.START) : text.index(parameter_docs.END)]

    assert f"| `reviews_by_category` | {QUESTION} | `review_type` |" in tables(readme)
    assert "`reviews_by_category`" not in tables(before)
    # Outside the tables nothing changed: the researcher's own README text is kept.
    assert readme[: readme.index(parameter_docs.START)] == before[: before.index(parameter_docs.START)]
    assert readme[readme.index(parameter_docs.END) :] == before[before.index(parameter_docs.END) :]


def test_the_starter_placeholders_are_found_until_replaced(project):
    nb = nbformat.read(project / "notebooks" / "reviews_by_category.ipynb", as_version=4)
    assert placeholders_in(nb) == list(PLACEHOLDERS)  # every instruction of the starter is caught
    for cell in nb.cells:
        for text in PLACEHOLDERS:
            cell.source = cell.source.replace(text, "")
        for output in cell.get("outputs", []):
            output.get("data", {}).pop("text/markdown", None)
    assert placeholders_in(nb) == []


@pytest.mark.parametrize("path", sorted((paths.PROJ_ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.name)
def test_no_committed_notebook_keeps_the_starter_placeholders(path):
    assert placeholders_in(nbformat.read(path, as_version=4)) == [], f"{path.name} still holds the starter's text"


def test_it_passes_the_house_tests_and_nbval(project):
    done = run(
        project,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/test_notebooks.py",
        "notebooks/reviews_by_category.ipynb",
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert " passed" in done.stdout and "failed" not in done.stdout


def test_it_builds_and_other_values_fail_the_dry_run(project):
    done = run(
        project, "-m", "scr_workbench", "build", "--only", "reviews-by-category", "--reports-dir", str(project / "out")
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (project / "out" / "html" / "reviews-by-category.html").is_file()
    schedule = project / "reports" / "schedule.yml"
    schedule.write_text(schedule.read_text() + "    parameters: {review_type: both}\n")
    done = run(project, "-m", "scr_workbench", "build", "--dry-run", "--reports-dir", str(project / "out"))
    assert done.returncode == 2
    assert "parameter 'review_type' must be one of ['scr', 'lr', 'all'], got 'both'" in done.stderr


def test_nothing_is_overwritten(project):
    before = (project / "notebooks" / "reviews_by_category.ipynb").read_bytes()
    done = run(project, "-m", "scr_workbench", "new-notebook", "reviews_by_category", "Another question")
    assert done.returncode == 2 and "exists already" in done.stderr
    assert (project / "notebooks" / "reviews_by_category.ipynb").read_bytes() == before


@pytest.mark.parametrize("name", ["Bad Name", "1st", "with-dash", "../escape"])
def test_bad_names_are_refused_before_writing(tmp_path, name):
    with pytest.raises(NewNotebookError, match="lower-case letters"):
        create(name, "Q?", root=tmp_path, execute=False)
    assert not any(tmp_path.iterdir())
