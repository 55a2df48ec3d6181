"""The themes notebook's parameters: bad values refused naming the parameter; the notebook declares them."""

import nbformat
import pytest

from scr_workbench import paths
from scr_workbench.parameters import ParameterError, validate_parameters


@pytest.mark.parametrize(
    "name, value, allowed",
    [
        ("age_group", "teenagers", "babies_preschool"),
        ("theme", "weather", "domestic_violence"),
        ("min_mentions", "abc", "whole number"),
        ("min_mentions", -1, "whole number"),
    ],
)
def test_bad_notebook_parameters_are_refused_naming_the_parameter(name, value, allowed):
    namespace = {"age_group": "all", "theme": "all", "min_mentions": 1, "quote_items": True, name: value}
    with pytest.raises(ParameterError, match=rf"parameter '{name}' must be .*{allowed}"):
        validate_parameters(namespace, "themes")


def test_notebook_declares_the_parameters_and_is_committed_executed():
    nb = nbformat.read(paths.NOTEBOOKS_DIR / "themes.ipynb", as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    namespace = {}
    exec(tagged[0].source, namespace)  # noqa: S102 - the notebook's own literal defaults
    assert {k: namespace[k] for k in ("age_group", "theme", "min_mentions")} == {
        "age_group": "all",
        "theme": "all",
        "min_mentions": 1,
    }
    checked = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith("# NBVAL_CHECK_OUTPUT")]
    assert len(checked) >= 6 and all(c.outputs for c in checked)
    assert not any("matplotlib.use" in c.source for c in nb.cells if c.cell_type == "code")
