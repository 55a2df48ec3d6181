"""The registry's columns, and the helpers every family of rows fills one row with.

Three modules (the registry and two analyses) share :data:`COLUMNS`; the row families
(:mod:`~scr_workbench.comparisons.national_rows`, :mod:`~scr_workbench.comparisons.census_rows`,
:mod:`~scr_workbench.comparisons.within_rows`) build their rows through :func:`make_row`.
"""

from __future__ import annotations

import re

import pandas as pd

from scr_workbench.comparisons.verdicts import Evidence, decide
from scr_workbench.stats.goodness_of_fit import DEFAULT_SEED
from scr_workbench.stats.intervals import ProportionCI

#: Interval method of every local proportion (Wilson: right at small counts, unlike Wald).
CI_METHOD = "wilson"
#: Seed of every Monte-Carlo p-value (used only where a case is too large to enumerate exactly).
MONTE_CARLO_SEED = DEFAULT_SEED

#: Columns of the registry, in order.
COLUMNS: list[str] = [
    "comparison_id",
    "family",
    "description",
    "local_population",
    "local_k",
    "local_n",
    "local_value",
    "ci_low",
    "ci_high",
    "ci_method",
    "ci_level",
    "reference",
    "reference_label",
    "reference_value",
    "reference_bound_type",
    "reference_denominator",
    "test",
    "p_value",
    "two_sample_test",
    "two_sample_p",
    "p_for_verdict",
    "p_basis",
    "effect_name",
    "effect",
    "effect_low",
    "effect_high",
    "local_bound",
    "verdict",
    "rule_id",
    "caveats",
    "source_refs",
]


def slug(text: str) -> str:
    """Lower-case identifier fragment from a label, as in the comparison ids (``ethnicity_scr_<slug>``)."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def make_row(**values) -> dict:
    """A registry row with every column present (missing ones NA)."""
    row = dict.fromkeys(COLUMNS, pd.NA)
    row.update(values)
    return row


def local_columns(ci: ProportionCI) -> dict:
    """The local-proportion columns from an interval."""
    est, low, high = ci.as_percent()
    return dict(
        local_k=ci.k, local_n=ci.n, local_value=est, ci_low=low, ci_high=high, ci_method=ci.method, ci_level=ci.level
    )


def judge(evidence: Evidence) -> dict:
    """The verdict columns from the rules."""
    verdict = decide(evidence)
    return dict(verdict=verdict.text, rule_id=verdict.rule_id)
