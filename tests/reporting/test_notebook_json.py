"""Reading a notebook's parameters cell and title from its JSON."""

import nbformat

from scr_workbench.reporting.notebook_json import first_heading, has_parameters_cell


def _nb(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    return nbformat.from_dict(nb)


def test_parameters_cell_is_a_code_cell_with_the_tag():
    tagged = nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]})
    markdown = nbformat.v4.new_markdown_cell("x", metadata={"tags": ["parameters"]})
    assert has_parameters_cell(_nb(tagged))
    assert not has_parameters_cell(_nb(markdown, nbformat.v4.new_code_cell("x = 1")))


def test_title_is_the_first_markdown_cells_level_one_heading():
    assert (
        first_heading(
            _nb(nbformat.v4.new_code_cell("1"), nbformat.v4.new_markdown_cell("\n# Ages of the children #\ntext"))
        )
        == "Ages of the children"
    )
    assert first_heading(_nb(nbformat.v4.new_markdown_cell("## Not a title\n# Later"))) is None
    assert (
        first_heading(_nb(nbformat.v4.new_markdown_cell("intro"), nbformat.v4.new_markdown_cell("# Too late"))) is None
    )
    assert first_heading(_nb()) is None


def test_cell_source_joins_a_list_of_lines_and_keeps_a_string():
    from scr_workbench.reporting.notebook_json import cell_source

    assert cell_source({"source": ["import a\n", "import b"]}) == "import a\nimport b"
    assert cell_source({"source": "x = 1"}) == "x = 1"
    assert cell_source({}) == ""
