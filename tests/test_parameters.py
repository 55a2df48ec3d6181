"""Parameter validation: unknown names, wrong types and values outside the allowed set stop the run."""

import pytest

from scr_workbench.parameters import Choice, Flag, Number, ParameterError, validate_parameters

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
