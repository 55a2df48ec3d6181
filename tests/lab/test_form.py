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
