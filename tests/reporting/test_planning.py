"""Planning: where a build writes, and why an entry must be rebuilt (or why it need not)."""

import hashlib

import pytest

from scr_workbench.reporting.planning import Layout, why_rebuild

INPUTS = {
    "notebook": "n1",
    "entry": {"name": "a", "parameters": {"x": 1}, "title": "A"},
    "data": {"data/curated/a.csv": "h1", "data/curated/b.csv": "h2"},
    "code": {"src/scr_workbench/x.py": "c1"},
    "versions": {"pandas": "2.3"},
}


@pytest.fixture
def built(tmp_path):
    """An entry's last good build: its HTML on disk and the state recorded for it."""
    html = tmp_path / "a.html"
    html.write_text("<html>report</html>")
    good = {"fingerprint": "fp", "html_sha256": hashlib.sha256(html.read_bytes()).hexdigest(), "inputs": INPUTS}
    return good, html


def test_layout_puts_everything_under_one_reports_folder(tmp_path):
    layout = Layout.resolve(tmp_path / "r")
    assert layout.html_dir == tmp_path / "r" / "html"
    assert layout.entries_dir.parent == layout.state_dir == tmp_path / "r" / ".build"


def test_up_to_date_when_the_fingerprint_and_the_html_are_unchanged(built):
    good, html = built
    assert why_rebuild(good, "fp", INPUTS, html, force=False) == []


def test_never_built_forced_missing_or_replaced_html(built):
    good, html = built
    assert why_rebuild({}, "fp", INPUTS, html, force=False) == ["never built"]
    assert why_rebuild(good, "fp", INPUTS, html, force=True) == ["--force"]
    html.write_text("<html>edited by hand</html>")
    assert why_rebuild(good, "fp", INPUTS, html, force=False) == ["its HTML was changed or replaced since it was built"]
    html.unlink()
    assert why_rebuild(good, "fp", INPUTS, html, force=False) == ["its HTML is missing"]


def test_each_changed_input_is_named(built):
    good, html = built
    changed = {
        **INPUTS,
        "notebook": "n2",
        "entry": {**INPUTS["entry"], "parameters": {"x": 2}},
        "data": {"data/curated/a.csv": "h1", "data/curated/b.csv": "CHANGED", "data/curated/c.csv": "new"},
    }
    assert why_rebuild(good, "fp2", changed, html, force=False) == [
        "notebook changed",
        "schedule entry changed (parameters)",
        "data changed: b.csv, c.csv",
    ]


def test_many_changed_files_are_summarised(built):
    good, html = built
    code = {f"src/m{i}.py": "new" for i in range(7)}
    reasons = why_rebuild(good, "fp2", {**INPUTS, "code": code}, html, force=False)
    assert reasons == ["code changed: m0.py, m1.py, m2.py, m3.py and 4 more"]  # x.py removed is the 8th


def test_parameters_keep_the_notebooks_order_when_read_back_from_the_cache(tmp_path):
    # The first build of a checkout inspects with papermill; later builds read the cache (written with
    # sorted keys). Both must list the parameters in the order of the notebook's parameters cell.
    import ast

    import nbformat

    from scr_workbench import paths
    from scr_workbench.reporting.planning import _inspector

    notebook = paths.NOTEBOOKS_DIR / "demographics.ipynb"
    cell = next(c for c in nbformat.read(notebook, 4).cells if "parameters" in c.metadata.get("tags", []))
    in_cell = [node.targets[0].id for node in ast.parse(cell.source).body if isinstance(node, ast.Assign)]
    assert in_cell[:2] == ["review_type", "dimension"]  # not alphabetical: the test can tell the orders apart

    layout = Layout(tmp_path / "reports")
    inspect, save, _ = _inspector(layout)
    first = list(inspect(notebook)["parameters"])
    save()
    inspect_again, _, _ = _inspector(layout)
    assert (layout.state_dir / "inspect-cache.json").is_file()
    assert first == list(inspect_again(notebook)["parameters"]) == in_cell
