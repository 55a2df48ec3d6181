"""Small-number suppression of a report's counts table and the sentence that tells readers what it hides.

Shared by the reports that publish counts of children (demographics, categories of abuse): the
table goes through :func:`scr_workbench.stats.disclosure.suppress` with its Total row kept (the
numbers of children are published throughout) and its "All reviews" column treated as a total,
and the page states the rule, the number of secondary cells and the convention, since the
protection must hold against a reader who knows all of them.
"""

from __future__ import annotations

import pandas as pd

from scr_workbench.data.schemas import REVIEW_TYPE_LABELS
from scr_workbench.stats.disclosure import CONVENTION, suppress
from scr_workbench.stats.intervals import check_count

TOTAL = "Total"
#: Labels that :func:`suppressed_counts` treats as totals: the Total row and the "All reviews" column.
TOTAL_LABELS: tuple[str, ...] = (TOTAL, REVIEW_TYPE_LABELS["all"])
#: Columns of a registry row blanked when the row is withheld: every figure that rests on the local counts.
WITHHELD_COLUMNS: tuple[str, ...] = (
    "local_k",
    "local_value",
    "ci_low",
    "ci_high",
    "reference_value",
    "p_value",
    "two_sample_p",
    "p_for_verdict",
    "effect",
    "effect_low",
    "effect_high",
)


def suppressed_counts(
    counts: pd.DataFrame, threshold: int, symbol: str = "c", fewest_secondary: bool = True
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(display, mask)`` from :func:`scr_workbench.stats.disclosure.suppress`; threshold 0 switches
    suppression off. The Total row is never hidden: the number of children of each kind of review is
    published throughout the reports, so hiding it would protect nothing."""
    threshold = check_count(threshold, "threshold", minimum=0)
    return suppress(
        counts, threshold, symbol, total_labels=TOTAL_LABELS, hide_total_row=False, fewest_secondary=fewest_secondary
    )


def small_words(threshold: int) -> str:
    """The counts suppressed at ``threshold`` in words every page uses: "1 to 4" for 5, "1" for 2."""
    return "1" if threshold == 2 else f"1 to {threshold - 1}"


def suppression_sentence(counts: pd.DataFrame, mask: pd.DataFrame, threshold: int, symbol: str = "c") -> str:
    """What is suppressed, how, by which convention, and what else is withheld (the attacker is told all this)."""
    if threshold == 0:
        return (
            "**Suppression is off** (`suppress_below = 0`, for research use): every count is shown. Set "
            "`suppress_below` (5 is common) before publishing."
        )
    values = counts.to_numpy()
    primary = (values >= 1) & (values < threshold)
    secondary = int((mask.to_numpy() & ~primary).sum())
    small = small_words(threshold)
    further = (
        "no further cell needs hiding"
        if secondary == 0
        else f"{secondary} further cell{'s are' if secondary != 1 else ' is'} hidden (secondary suppression)"
    )
    return (
        f"**Counts from {small} are suppressed** (threshold {threshold}) and shown as '{symbol}', the count "
        f"left out; {further} so that no suppressed count can be narrowed below {small} from anything published "
        f"(`scr_workbench.stats.disclosure.suppress`). Convention: {CONVENTION}. Shares, intervals, ratios, "
        f"figures, comparisons and the p-value of any test whose table holds a suppressed count are withheld too."
    )
