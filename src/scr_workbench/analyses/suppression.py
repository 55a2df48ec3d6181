"""Small-number suppression of a report's counts table and the sentence that tells readers what it hides.

Shared by the reports that publish counts of children (demographics, categories of abuse): the
table goes through :func:`scr_workbench.stats.disclosure.suppress` with its Total row kept (the
numbers of children are published throughout) and its "All reviews" column treated as a total,
and the page states the rule and the convention (not the number of secondary cells, as GSS
practice has it), since the protection must hold against a reader who knows them.
"""

from __future__ import annotations

import pandas as pd

from scr_workbench.data.schemas import REVIEW_TYPE_LABELS
from scr_workbench.stats.disclosure import CONVENTION_NAME, suppress
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
    """What is suppressed, how, and by which convention, in plain words.

    As the Government Statistical Service publishes tables, every hidden cell is shown the same way
    and the page does not say how many of them are secondary: a count of secondary cells is one
    more equation for an attacker (it told them, with the totals, which 'c' could not be 4). The
    audit in :mod:`scr_workbench.stats.disclosure` still assumes the attacker knows it, so the
    pattern is safe whether or not the count gets out. ``counts`` and ``mask`` are kept for callers
    that state more in research use.
    """
    if threshold == 0:
        return (
            "**Every count is shown**, however small: this version is for the board's own research and is not for "
            "publication. The published version hides counts from 1 to 4."
        )
    small = small_words(threshold)
    return (
        f"**Counts from {small} are suppressed**: each is shown as '{symbol}'. So are some larger counts, so that no "
        f"suppressed count can be worked out from the totals or from anything else published; the page does not say "
        f"which 'c' is which. A true zero is shown as 0. Shares, ranges, charts and comparisons that rest on a "
        f"suppressed count are left out too. This follows the {CONVENTION_NAME}, as ONS and DfE publish them."
    )
