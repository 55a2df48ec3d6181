"""The parameter form: one control per declared parameter, of the right kind and options; Run calls the
analysis with the values chosen, and refuses values the declaration does not allow."""

import ipywidgets as w

from scr_workbench.lab.form import parameter_form


def test_controls_follow_the_declaration():
    form = parameter_form("demographics", run=lambda **values: None)
    c = form.controls
    assert list(c) == ["review_type", "dimension", "baseline", "confidence_level", "suppress_below"]
    assert isinstance(c["review_type"], w.Dropdown) and list(c["review_type"].options) == ["scr", "lr", "all"]
    assert c["review_type"].value == "all" and c["dimension"].value == "ethnicity"
    assert isinstance(c["confidence_level"], w.BoundedFloatText)
    assert (c["confidence_level"].min, c["confidence_level"].max, c["confidence_level"].value) == (0.5, 0.999, 0.95)
    assert isinstance(c["suppress_below"], w.BoundedIntText) and (c["suppress_below"].min, c["suppress_below"].max) == (
        0,
        100,
    )
    flags = parameter_form("overview", run=lambda **values: None).controls
    assert isinstance(flags["show_quotes"], w.Checkbox) and flags["show_quotes"].value is True
    themes = parameter_form("themes", run=lambda **values: None).controls
    assert "male_carers" in themes["theme"].options and themes["theme"].options[0] == "all"
    assert isinstance(themes["min_mentions"], w.IntText)  # no upper bound


def test_run_calls_the_analysis_with_the_chosen_values():
    calls = []
    form = parameter_form("demographics", run=lambda **values: calls.append(values))
    form.controls["review_type"].value = "scr"
    form.controls["suppress_below"].value = 5
    form.button.click()
    assert calls == [
        {
            "review_type": "scr",
            "dimension": "ethnicity",
            "baseline": "census",
            "confidence_level": 0.95,
            "suppress_below": 5,
        }
    ]


def test_a_value_outside_the_declaration_is_refused_before_running():
    calls = []
    form = parameter_form("themes", run=lambda **values: calls.append(values))
    form.controls["min_mentions"].value = -2  # IntText has no bounds of its own
    form.button.click()
    assert calls == []
    assert "parameter 'min_mentions' must be a whole number" in form.output.outputs[0]["text"]


def test_a_run_in_this_kernel_sets_the_values_after_the_parameters_cell_in_a_namespace_of_its_own(tmp_path):
    import nbformat

    from scr_workbench.lab.form import execute_here

    nb = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell("scale = 1\nlabel = 'default'")
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# A question"),
        parameters,
        nbformat.v4.new_code_cell("doubled = scale * 2\nf'{label}: {doubled}'"),
    ]
    path = tmp_path / "q.ipynb"
    nbformat.write(nb, path)
    shown = []
    namespace = execute_here(path, {"scale": 21, "label": "chosen"}, show=shown.append)
    assert namespace["doubled"] == 42 and namespace["label"] == "chosen"
    assert "doubled" not in globals()  # the caller's namespace is not the notebook's
    assert shown[0].data == "# A question" and shown[1] == "chosen: 42"  # the heading, the last expression


def test_the_real_notebook_runs_in_this_kernel_with_the_forms_values():
    from scr_workbench import paths
    from scr_workbench.lab.form import execute_here

    namespace = execute_here(paths.NOTEBOOKS_DIR / "overview.ipynb", {"show_quotes": False}, show=lambda _: None)
    assert namespace["show_quotes"] is False and namespace["params"]["show_quotes"] is False
