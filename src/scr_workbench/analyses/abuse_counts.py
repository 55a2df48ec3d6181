"""Cases or children per category of abuse, their shares, and the table as published (small counts suppressed).

- :func:`category_counts` — cases (reviews) or children per category of abuse, for SCRs,
  LRs and both, with a Total row that matches the stated counts. Where the categories
  hold fewer children than the report states (reconciliation check CAT-CHILDREN-LR), the
  missing children are shown as :func:`not_categorised`, never assigned to a category.
- :func:`category_tables` — the counts, what a page shows and the suppression mask for a
  threshold (:func:`scr_workbench.analyses.suppression.suppressed_counts`; 0 switches it off,
  the publication build raises it).
- :func:`share_intervals` / :func:`shares_table` — each category's share of its kind of
  review, with the registry's Clopper–Pearson interval, hidden cells' shares withheld.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from scr_workbench.analyses.suppression import TOTAL, suppressed_counts
from scr_workbench.comparisons.columns import CI_METHOD
from scr_workbench.data.choices import check_choice
from scr_workbench.data.schemas import REVIEW_TYPE_LABELS
from scr_workbench.data.stated_counts import stated
from scr_workbench.data.tables import cited_sections, load_table
from scr_workbench.stats.disclosure import effective_threshold
from scr_workbench.stats.intervals import check_level, proportion_ci

UNITS: tuple[str, ...] = ("children", "cases")
REVIEW_TYPES: tuple[str, ...] = ("scr", "lr")
SYMBOL = "c"

CATEGORY_LABELS: dict[str, str] = {
    "physical_abuse": "physical abuse",
    "sexual_abuse": "sexual abuse",
    "neglect": "neglect",
    "emotional_abuse": "emotional abuse",
    "other": "other",
}


def not_categorised() -> str:
    """Row label for children the categories table leaves without a category."""
    return f"no category in {cited_sections('abuse_categories')}"


def check_unit(unit: str) -> str:
    """``unit`` if it is one of :data:`UNITS`, else ValueError naming the parameter."""
    return check_choice(unit, "unit", UNITS)


def _column(unit: str) -> str:
    return {"children": "n_children", "cases": "n_cases"}[check_unit(unit)]


def stated_totals(unit: str) -> dict[str, int]:
    """Children or reviews of each kind as the report states them (dataset.yml references: stated_counts)."""
    return {t: stated("children" if check_unit(unit) == "children" else "reviews", t) for t in REVIEW_TYPES}


def category_counts(unit: str = "children") -> pd.DataFrame:
    """Cases or children per category of abuse: SCR, LR and All reviews columns, a Total row from the stated counts.

    Categories appear in the data dictionary's order, those the table lists for either kind of
    review only. Where the categories add up to less than the stated total (the learning
    reviews' children), the difference is a row of its own, :func:`not_categorised`.
    """
    abuse = load_table("abuse_categories")
    present = [c for c in CATEGORY_LABELS if c in set(abuse["category"])]
    table = (
        abuse.pivot_table(index="category", columns="review_type", values=_column(unit), aggfunc="sum")
        .reindex(index=present, columns=list(REVIEW_TYPES))
        .fillna(0)
        .astype(int)
    )
    totals = stated_totals(unit)
    gap = {t: totals[t] - int(table[t].sum()) for t in REVIEW_TYPES}
    if any(v < 0 for v in gap.values()):
        raise ValueError(f"abuse_categories: the categories' {unit} add up to more than the report states: {gap}")
    table = table.rename(index=CATEGORY_LABELS)
    if any(gap.values()):
        table.loc[not_categorised()] = [gap[t] for t in REVIEW_TYPES]
    table.columns = [REVIEW_TYPE_LABELS[t] for t in REVIEW_TYPES]
    table[REVIEW_TYPE_LABELS["all"]] = table.sum(axis=1)
    table.loc[TOTAL] = table.sum(axis=0)
    table.index.name, table.columns.name = "category", None
    return table


@dataclass(frozen=True)
class CategoryTables:
    """The categories table of one run: the counts, what the page shows, and which cells are suppressed."""

    unit: str
    threshold: int
    counts: pd.DataFrame
    shown: pd.DataFrame
    mask: pd.DataFrame

    def hidden(self, category: str, column: str) -> bool:
        """Whether one cell of the table is suppressed (primary or secondary)."""
        return bool(self.mask.loc[category, column])

    def is_small(self, count: int) -> bool:
        """Whether a count would be suppressed by the primary rule (1 .. threshold − 1) wherever it is published."""
        return 1 <= int(count) < self.threshold


def category_tables(unit: str = "children", suppress_below: int = 0) -> CategoryTables:
    """Counts per category suppressed at ``suppress_below`` (0 = off), raised to the publication build's threshold
    (:func:`~scr_workbench.stats.disclosure.effective_threshold`)."""
    threshold = effective_threshold(suppress_below)
    counts = category_counts(unit)
    try:
        shown, mask = suppressed_counts(counts, threshold, SYMBOL)
    except RuntimeError as err:
        totals = ", ".join(str(int(v)) for v in counts.loc[TOTAL])
        raise ValueError(
            f"parameter 'suppress_below' (threshold {threshold}) cannot be met counting {unit}: with the published "
            f"totals ({totals}) a suppressed count can be worked out even with every category hidden ({err}); "
            "use a threshold below the totals, such as 5"
        ) from err
    return CategoryTables(check_unit(unit), threshold, counts, shown, mask)


def share_intervals(unit: str = "children", level: float = 0.95) -> pd.DataFrame:
    """Each category's share of its column with the registry's interval (CI_METHOD): one row per category and column."""
    level = check_level(level, "confidence_level")
    counts = category_counts(unit)
    rows = []
    for column in counts.columns:
        n = int(counts.loc[TOTAL, column])
        for category in counts.index.drop(TOTAL):
            ci = proportion_ci(int(counts.loc[category, column]), n, level, CI_METHOD)
            rows.append((category, column, ci.k, n, *ci.as_percent()))
    return pd.DataFrame(rows, columns=["category", "population", "k", "n", "share", "ci_low", "ci_high"])


def shares_table(unit: str = "children", level: float = 0.95, mask: pd.DataFrame | None = None) -> pd.DataFrame:
    """Shares as text, "30.8% (12.7–57.6)", one column per kind of review and one for all reviews; a cell
    hidden in ``mask`` shows the suppression symbol, its share and interval withheld."""
    long = share_intervals(unit, level)
    long["text"] = [
        SYMBOL
        if mask is not None and bool(mask.loc[r.category, r.population])
        else f"{r.share:.1f}% ({r.ci_low:.1f}–{r.ci_high:.1f})"
        for r in long.itertuples()
    ]
    counts = category_counts(unit)
    table = long.pivot(index="category", columns="population", values="text")
    table = table.reindex(index=counts.index.drop(TOTAL), columns=counts.columns)
    table.columns = [f"{c}: % of {unit} ({100 * check_level(level):g}% interval)" for c in table.columns]
    return table
