"""Re-derive every total and derived figure the report states from its own parts.

:func:`reconcile` returns one row per check: what the report states, what its parts
give, whether they agree, and an explanation where they do not. A disagreement is a
finding about the source to show users, never an error of the workbench. A family of
checks whose tables have no rows (or lack a row it needs) cannot run: it is reported as
a row whose ``derived`` starts "cannot run:" rather than dropped, and ``check-data``
fails on it (:func:`cannot_run`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

import pandas as pd

from scr_workbench.checks.check_rows import Check
from scr_workbench.checks.children_checks import (
    baby_share_check,
    children_checks,
    lr_category_check,
    recommendation_checks,
    scr_narrative_checks,
)
from scr_workbench.checks.figure_checks import cse_outcome_checks, national_checks
from scr_workbench.checks.population_checks import census_checks, ethnicity_checks
from scr_workbench.data.tables import load_all

__all__ = ["CANNOT_RUN", "CHECKS", "Check", "cannot_run", "reconcile"]

CANNOT_RUN = "cannot run:"

#: Every family of checks, with the tables it reads.
CHECKS: list[tuple[Callable[[dict], list[Check]], tuple[str, ...]]] = [
    (recommendation_checks, ("recommendations",)),
    (children_checks, ("review_counts", "age_counts", "abuse_categories", "gender_counts", "ethnicity_counts")),
    (scr_narrative_checks, ("abuse_categories", "age_counts", "reviews")),
    (ethnicity_checks, ("ethnicity_counts", "review_counts", "gender_counts", "abuse_categories", "report_facts")),
    (census_checks, ("census_ethnicity_report", "census_ethnicity_ons")),
    (baby_share_check, ("local_percentages", "age_counts", "reviews", "review_counts", "national_figures")),
    (lr_category_check, ("reviews", "abuse_categories", "age_counts", "gender_counts", "review_counts")),
    (cse_outcome_checks, ("change_measures",)),
    (national_checks, ("national_figures",)),
]


def _unrunnable(family: Callable, needs: tuple[str, ...], why: str) -> Check:
    """The row standing for a family of checks that cannot run, saying why."""
    name = family.__name__
    return Check(
        check_id=name.removesuffix("_checks").removesuffix("_check").upper().replace("_", "-"),
        topic="cannot run",
        description=f"the {name.replace('_', ' ')} of {', '.join(needs)}",
        source_refs="",
        stated="",
        derived=f"{CANNOT_RUN} {why}",
        agrees=False,
        explanation=f"{CANNOT_RUN} {why}; mend the table and run check-data again",
    )


def _run(family: Callable, needs: tuple[str, ...], t: dict[str, pd.DataFrame]) -> list[Check]:
    empty = [name for name in needs if name not in t or t[name].empty]
    if empty:
        return [_unrunnable(family, needs, f"{' and '.join(empty)} {'has' if len(empty) == 1 else 'have'} no rows")]
    try:
        return family(t)
    except (KeyError, IndexError) as err:  # a row the check reads is missing
        detail = err.args[0] if err.args else type(err).__name__
        return [_unrunnable(family, needs, f"a row it reads is missing ({str(detail)[:120]})")]


def reconcile(tables: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Every reconciliation check as a table: stated, derived, agrees, explanation."""
    t = load_all() if tables is None else tables
    rows = [asdict(c) for family, needs in CHECKS for c in _run(family, needs, t)]
    return pd.DataFrame(rows)


def cannot_run(result: pd.DataFrame) -> pd.DataFrame:
    """The rows of a :func:`reconcile` result whose checks could not run."""
    return result[result["derived"].astype(str).str.startswith(CANNOT_RUN)]
