"""Main points go from a kernel's display output to the build as data, by MIME type."""

from __future__ import annotations

import nbformat
import pytest

from scr_workbench.main_points_channel import MIME_TYPE, bundle, points_in


def _notebook_with(outputs: list[dict]) -> dict:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output("display_data", data=o) for o in outputs]
    nb.cells = [nbformat.v4.new_markdown_cell("<section class='main-points'><li>decoy</li></section>"), cell]
    return nbformat.reads(nbformat.writes(nb), as_version=4)  # through the file format, as the build reads it


def test_points_survive_the_notebook_file_and_ignore_the_html():
    points = ["Neglect was found in 3 of 6 reviews.", "Rates were similar to England's."]
    nb = _notebook_with([{"text/plain": "other"}, bundle(points, "<p>anything at all</p>")])
    assert points_in(nb) == points


def test_a_notebook_without_the_channel_has_no_points_even_if_its_html_looks_like_them():
    assert points_in(_notebook_with([{"text/html": "<section class='main-points'><li>x</li></section>"}])) == []


def test_wrong_shapes_are_refused():
    with pytest.raises(ValueError):
        bundle([], "<p></p>")
    with pytest.raises(ValueError):
        bundle(["  "], "<p></p>")
    with pytest.raises(ValueError, match="list of strings"):
        points_in(_notebook_with([{MIME_TYPE: {"not": "a list"}, "text/plain": "x"}]))
