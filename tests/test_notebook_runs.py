"""Every notebook runs under papermill with each declared value of each parameter, and a bad value stops it.

The values come from the notebooks' declaration (``notebooks/parameters.yml``), which the notebooks'
validation cell reads too: every value a notebook declares must run. Each case changes one parameter
from its default (the defaults run in nbval and in the build). The bad values and their messages are
written out here, from the issues, not read from the code.
"""

import papermill
import pytest

from parameter_samples import other_values
from scr_workbench import paths
from scr_workbench.parameters import load_declarations

ALLOWED = {
    notebook: {name: other_values(p.rule, p.default) for name, p in declaration.parameters.items()}
    for notebook, declaration in load_declarations().items()
}
RUNS = [(nb, {name: value}) for nb, spec in ALLOWED.items() for name, values in spec.items() for value in values]

BAD = [
    (
        "demographics",
        {"review_type": "both"},
        "parameter 'review_type' must be one of ['scr', 'lr', 'all'], got 'both'",
    ),
    ("demographics", {"suppress_below": 2.5}, "parameter 'suppress_below' must be a whole number"),
    (
        "abuse_categories",
        {"confidence_level": 95},
        "parameter 'confidence_level' must be a number in [0.5, 0.999], got 95",
    ),
    ("national_findings", {"agegroup": "all"}, "unknown parameter(s) ['agegroup']"),
    ("themes", {"theme": "not_a_theme"}, "parameter 'theme' must be one of"),
    ("overview", {"show_quotes": "yes"}, "parameter 'show_quotes' must be True or False, got 'yes'"),
]


def _run(notebook, parameters, tmp_path):
    return papermill.execute_notebook(
        str(paths.NOTEBOOKS_DIR / f"{notebook}.ipynb"),
        str(tmp_path / "out.ipynb"),
        parameters=parameters,
        kernel_name="python3",
        cwd=str(tmp_path),
        progress_bar=False,
        log_output=False,
    )


@pytest.mark.parametrize(
    "notebook, parameters", RUNS, ids=[f"{nb}-{next(iter(p))}={next(iter(p.values()))}" for nb, p in RUNS]
)
def test_runs_with_each_allowed_value(notebook, parameters, tmp_path):
    nb = _run(notebook, parameters, tmp_path)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    images = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert all(o.get("metadata", {}).get("image/png", {}).get("alt") for o in images), "every figure needs alt text"


@pytest.mark.parametrize("notebook, parameters, message", BAD, ids=[f"{nb}-{next(iter(p))}" for nb, p, _ in BAD])
def test_bad_parameter_stops_the_run_naming_it(notebook, parameters, message, tmp_path):
    with pytest.raises(papermill.PapermillExecutionError) as err:
        _run(notebook, parameters, tmp_path)
    assert err.value.ename == "ParameterError"
    assert message in err.value.evalue
