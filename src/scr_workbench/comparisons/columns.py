"""The registry's columns, and the helpers every family of rows fills one row with.

Three modules (the registry and two analyses) share :data:`COLUMNS`; the row families
(:mod:`~scr_workbench.comparisons.national_rows`, :mod:`~scr_workbench.comparisons.census_rows`,
:mod:`~scr_workbench.comparisons.within_rows`) build their rows through :func:`make_row`.
"""

from __future__ import annotations

import re

import pandas as pd

from scr_workbench.comparisons.evidence import CI_METHOD
from scr_workbench.comparisons.verdicts import Evidence, decide, verdict_label
from scr_workbench.stats.goodness_of_fit import DEFAULT_SEED
from scr_workbench.stats.intervals import ProportionCI

__all__ = ["CI_METHOD", "COLUMNS", "EVIDENCE", "MONTE_CARLO_SEED", "judge", "local_columns", "make_row", "slug"]
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
    "p_adjusted",
    "p_adjusted_bh",
    "p_review_level",
    "design_effect_p_max",
    "design_effect_p_adjusted",
    "design_effect_by_icc",
    "baseline_population",
    "effect_name",
    "effect",
    "effect_low",
    "effect_high",
    "local_bound",
    "verdict",
    "rule_id",
    "verdict_label",
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


#: Key under which a row keeps the evidence it was judged on, so the registry can judge it again once every
#: p-value is adjusted for multiple testing (not a column: ``pd.DataFrame(rows, columns=COLUMNS)`` drops it).
EVIDENCE = "_evidence"


def judge(evidence: Evidence) -> dict:
    """The verdict columns from the rules, with the evidence kept for the registry's second judgement."""
    verdict = decide(evidence)
    return {
        "verdict": verdict.text,
        "rule_id": verdict.rule_id,
        "verdict_label": verdict_label(verdict.rule_id),
        "p_review_level": evidence.p_review_level if evidence.p_review_level is not None else pd.NA,
        "design_effect_p_max": evidence.design_effect_p_max if evidence.design_effect_p_max is not None else pd.NA,
        EVIDENCE: evidence,
    }
