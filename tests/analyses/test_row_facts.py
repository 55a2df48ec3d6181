"""A registry row as sentence facts: whole-number counts, None for missing cells, the reference count rebuilt."""

import math

import pandas as pd

from scr_workbench.analyses.row_facts import row_facts


def test_counts_and_the_reference_count_are_rebuilt_from_the_row():
    """not_white_british_scr_vs_lr as the registry holds it: 4 of 13 SCR children against LR children at 30% of 40."""
    row = {
        "comparison_id": "not_white_british_scr_vs_lr",
        "rule_id": "groups_not_shown_to_differ",
        "local_k": 4,
        "local_n": 13,
        "local_value": 100 * 4 / 13,
        "ci_low": 9.09,
        "ci_high": 61.43,
        "reference_value": 30.0,
        "reference_denominator": 40,
        "reference_label": "Derby LR children: 12 of 40",
        "reference_bound_type": "point",
    }
    facts = row_facts(row)
    assert (facts["k"], facts["n"], facts["reference_k"], facts["reference_n"]) == (4, 13, 12, 40)
    assert facts["reference_group"] == "Derby LR children" and facts["reference_as_stated"] == "12 of 40"


def test_missing_cells_are_none_not_nan():
    row = {
        "comparison_id": "ethnicity_scr_overall",
        "rule_id": "distribution_not_shown_to_differ",
        "local_k": pd.NA,
        "local_n": 13,
        "local_value": math.nan,
        "ci_low": None,
        "ci_high": math.nan,
        "reference_value": math.nan,
        "reference_denominator": pd.NA,
        "reference_label": "Derby usual residents",
        "reference_bound_type": None,
    }
    facts = row_facts(row)
    assert facts["k"] is None and facts["share"] is None and facts["low"] is None and facts["reference_k"] is None
    assert facts["bound"] == "point"
