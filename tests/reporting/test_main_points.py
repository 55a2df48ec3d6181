"""The index's one-line answers come from the main points the executed notebook hands over as data."""

from __future__ import annotations

import json

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from scr_workbench.main_points_channel import bundle
from scr_workbench.reporting.main_points import first_main_point

POINTS = ["Nine of the 13 children were under five.", "Too few children to tell a difference from the national share."]
#: The notebook's main points as a kernel shows them; the HTML says something else on purpose.
CELL = new_code_cell("show()", outputs=[new_output("display_data", data=bundle(POINTS, "<p>decoy</p>"))])


def _nb(*cells):
    return new_notebook(cells=[new_markdown_cell("# Title"), *cells])


def test_html_that_looks_like_main_points_is_not_read(tmp_path):
    path = tmp_path / "r.ipynb"
    html = '<section class="main-points"><ul><li>scraped</li></ul></section>'
    path.write_text(json.dumps(_nb(new_markdown_cell(html))))
    assert first_main_point(path) is None


def test_first_point_from_a_file(tmp_path):
    path = tmp_path / "r.ipynb"
    path.write_text(json.dumps(_nb(CELL)))
    assert first_main_point(path) == "Nine of the 13 children were under five."
    assert first_main_point(tmp_path / "missing.ipynb") is None


def test_answers_are_remembered_until_the_notebook_changes(tmp_path, monkeypatch):
    from scr_workbench.reporting import main_points as mp

    path = tmp_path / "r.ipynb"
    path.write_text(json.dumps(_nb(CELL)))
    cache = tmp_path / "state" / "main-points.json"
    assert mp.first_main_points({"r": path, "gone": tmp_path / "no.ipynb"}, cache) == {
        "r": "Nine of the 13 children were under five.",
        "gone": None,
    }
    read = []
    monkeypatch.setattr(mp, "first_main_point", lambda p: read.append(p) or "re-read")
    assert mp.first_main_points({"r": path}, cache) == {"r": "Nine of the 13 children were under five."}
    assert read == []
    other = new_code_cell("show()", outputs=[new_output("display_data", data=bundle(["Ten."], "<p></p>"))])
    path.write_text(json.dumps(_nb(other)) + "\n")  # size changes
    assert mp.first_main_points({"r": path}, cache) == {"r": "re-read"} and read == [path]
