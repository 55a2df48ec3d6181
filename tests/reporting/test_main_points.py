"""The index's one-line answers come from the main points the executed notebook shows."""

from __future__ import annotations

import json

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from scr_workbench.reporting.main_points import first_main_point, main_points

SECTION = (
    '<section class="main-points">\n\n## Main points\n\n- Nine of the 13 children were under five.\n'
    "- Too few children to tell a difference from the national share.\n\n</section>"
)


def test_points_from_a_markdown_output():
    cell = new_code_cell("show()", outputs=[new_output("display_data", data={"text/markdown": SECTION})])
    nb = new_notebook(cells=[new_markdown_cell("# Title"), cell])
    assert main_points(nb) == [
        "Nine of the 13 children were under five.",
        "Too few children to tell a difference from the national share.",
    ]


def test_points_from_html_with_markup_inside_an_item():
    html = (
        '<section class="report main-points"><ul><li>One <strong>bold</strong>\n point</li><li>Two</li></ul></section>'
    )
    nb = new_notebook(cells=[new_code_cell("x", outputs=[new_output("display_data", data={"text/html": html})])])
    assert main_points(nb) == ["One bold point", "Two"]


def test_lists_outside_the_section_do_not_count():
    nb = new_notebook(cells=[new_markdown_cell("- not a point\n\n<section class='other'>\n\n- nor this\n\n</section>")])
    assert main_points(nb) == []


def test_first_point_from_a_file(tmp_path):
    path = tmp_path / "r.ipynb"
    path.write_text(json.dumps(new_notebook(cells=[new_markdown_cell(SECTION)])))
    assert first_main_point(path) == "Nine of the 13 children were under five."
    assert first_main_point(tmp_path / "missing.ipynb") is None


def test_answers_are_remembered_until_the_notebook_changes(tmp_path, monkeypatch):
    from scr_workbench.reporting import main_points as mp

    path = tmp_path / "r.ipynb"
    path.write_text(json.dumps(new_notebook(cells=[new_markdown_cell(SECTION)])))
    cache = tmp_path / "state" / "main-points.json"
    assert mp.first_main_points({"r": path, "gone": tmp_path / "no.ipynb"}, cache) == {
        "r": "Nine of the 13 children were under five.",
        "gone": None,
    }
    read = []
    monkeypatch.setattr(mp, "first_main_point", lambda p: read.append(p) or "re-read")
    assert mp.first_main_points({"r": path}, cache) == {"r": "Nine of the 13 children were under five."}
    assert read == []
    other = SECTION.replace("Nine", "Ten")
    path.write_text(json.dumps(new_notebook(cells=[new_markdown_cell(other)])) + "\n")  # size changes
    assert mp.first_main_points({"r": path}, cache) == {"r": "re-read"} and read == [path]
