"""Parameter validation: unknown names, wrong types and values outside the allowed set stop the run."""

import csv
import math

import pytest

from scr_workbench import paths
from scr_workbench.parameters import (
    Choice,
    DeclarationError,
    Flag,
    Number,
    ParameterError,
    declared,
    load_declarations,
    parameters_cell_source,
    validate_parameters,
)

SPEC = {
    "review_type": Choice("scr", "lr", "all"),
    "confidence_level": Number(0, 1, exclusive=True),
    "suppress_below": Number(0, 100, integer=True),
    "show_quotes": Flag(),
}
GOOD = {"review_type": "all", "confidence_level": 0.95, "suppress_below": 0, "show_quotes": True}


def test_good_parameters_returned():
    namespace = dict(GOOD, In=[], get_ipython=print, _i1="x", pd=pytest)  # IPython and module names ignored
    assert validate_parameters(namespace, SPEC) == GOOD


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("review_type", "both", "parameter 'review_type' must be one of ['scr', 'lr', 'all'], got 'both'"),
        ("confidence_level", 1.0, "parameter 'confidence_level' must be a number in (0, 1), got 1.0"),
        ("confidence_level", "0.95", "parameter 'confidence_level' must be a number in (0, 1), got '0.95' (str)"),
        ("suppress_below", 2.5, "parameter 'suppress_below' must be a whole number in [0, 100], got 2.5 (float)"),
        ("suppress_below", True, "parameter 'suppress_below' must be a whole number in [0, 100], got True (bool)"),
        ("suppress_below", -1, "parameter 'suppress_below' must be a whole number in [0, 100], got -1"),
        ("show_quotes", "yes", "parameter 'show_quotes' must be True or False, got 'yes' (str)"),
    ],
)
def test_bad_values_named(name, value, message):
    with pytest.raises(ParameterError) as err:
        validate_parameters(dict(GOOD, **{name: value}), SPEC)
    assert str(err.value) == message


def papermill_injected(**values) -> str:
    """The cell papermill injects for ``values``, made by papermill's own translator."""
    from papermill.translators import PythonTranslator

    return PythonTranslator.codify(values)


def test_unknown_name_lists_what_is_allowed():
    namespace = dict(GOOD, reviewtype="scr", In=["", "review_type = 'all'", papermill_injected(reviewtype="scr")])
    with pytest.raises(
        ParameterError,
        match=r"unknown parameter\(s\) \['reviewtype'\]; this notebook takes: review_type \(scr \| lr \| all\)",
    ):
        validate_parameters(namespace, SPEC)


def test_running_again_in_the_same_kernel_ignores_the_notebooks_own_variables():
    # After "Run All" the namespace holds the notebook's own results besides its parameters.
    history = ["", "review_type = 'all'", papermill_injected(review_type="lr"), "validate...", "fig = 1"]
    namespace = dict(GOOD, review_type="lr", fig=object(), alt="text", chosen=3, In=history)
    assert validate_parameters(namespace, SPEC) == dict(GOOD, review_type="lr")
    assert validate_parameters(dict(namespace, In=history + history[1:]), SPEC)["review_type"] == "lr"


def test_missing_parameter_named():
    namespace = dict(GOOD)
    del namespace["show_quotes"]
    with pytest.raises(ParameterError, match=r"\['show_quotes'\] not set"):
        validate_parameters(namespace, SPEC)


# --- the declarations (notebooks/parameters.yml) ---------------------------------------------------


def _write(tmp_path, text):
    path = tmp_path / "parameters.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_declaration_gives_rules_defaults_and_meanings(tmp_path):
    path = _write(
        tmp_path,
        "nb:\n  question: Q?\n  parameters:\n"
        "    kind_of: {kind: choice, values: [a, b], default: a, meaning: which one}\n"
        "    level: {kind: number, range: [0.5, 0.999], default: 0.9, meaning: how sure}\n"
        "    at_least: {kind: whole_number, range: [0, .inf], default: 1, meaning: a floor}\n"
        "    shown: {kind: flag, default: false, meaning: show it}\n",
    )
    nb = load_declarations(path)["nb"]
    assert nb.question == "Q?"
    assert nb.defaults() == {"kind_of": "a", "level": 0.9, "at_least": 1, "shown": False}
    assert nb.rules()["kind_of"] == Choice("a", "b")
    assert nb.rules()["level"] == Number(0.5, 0.999)
    assert nb.rules()["at_least"] == Number(0, math.inf, integer=True)
    assert nb.rules()["shown"] == Flag()
    assert parameters_cell_source(nb).splitlines()[1:] == [
        'kind_of = "a"  # which one',
        "level = 0.9  # how sure",
        "at_least = 1  # a floor",
        "shown = False  # show it",
    ]


def test_problems_lists_every_unknown_name_and_bad_value(tmp_path):
    nb = declared("demographics")
    problems = nb.problems({"review_type": "both", "confidence_level": 95, "dimensoin": "age"})
    assert problems == [
        "parameter 'review_type' must be one of ['scr', 'lr', 'all'], got 'both'",
        "parameter 'confidence_level' must be a number in [0.5, 0.999], got 95",
        "unknown parameter 'dimensoin' (did you mean \"dimension\"?); demographics takes: review_type, dimension, "
        "baseline, confidence_level, suppress_below",
    ]


@pytest.mark.parametrize(
    "body, message",
    [
        ("{kind: choice, values: [a], default: b, meaning: m}", "the default does not pass its own rule"),
        ("{kind: range, default: 1, meaning: m}", "kind must be one of choice, number, whole_number, flag"),
        ("{kind: number, range: [0], default: 0, meaning: m}", "range must be [low, high]"),
        ("{kind: flag, default: true}", "needs kind, default and meaning"),
    ],
)
def test_a_malformed_declaration_names_notebook_and_parameter(tmp_path, body, message):
    path = _write(tmp_path, f"nb:\n  question: Q\n  parameters:\n    p: {body}\n")
    with pytest.raises(DeclarationError) as err:
        load_declarations(path)
    assert "parameters.yml: nb.p" in str(err.value) and message in str(err.value)


def test_a_choice_from_a_table_takes_the_column_values_of_the_data_in_use():
    with open(paths.CURATED_DIR / "themes.csv", encoding="utf-8") as handle:
        theme_ids = [row["theme_id"] for row in csv.DictReader(handle)]
    rule = declared("themes").rules()["theme"]
    assert list(rule.values) == ["all", *theme_ids]
    with pytest.raises(ParameterError, match=r"\(did you mean \"neglect\"\?\)"):
        rule.check("theme", "neglectt")


def test_validate_parameters_takes_the_notebook_name():
    assert validate_parameters({"show_quotes": False, "In": []}, "overview") == {"show_quotes": False}
    with pytest.raises(ParameterError, match="must be True or False"):
        validate_parameters({"show_quotes": "no", "In": []}, "overview")
    with pytest.raises(DeclarationError, match="no entry in parameters.yml"):
        validate_parameters({}, "no_such_notebook")
