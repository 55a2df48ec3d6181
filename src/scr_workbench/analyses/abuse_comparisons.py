"""What the categories of abuse are compared with: SCRs against LRs per category, and DFE-RR226's neglect figure.

- :func:`fisher_rows` — SCRs against LRs, one Fisher's exact test per category: the
  registry's rows (:mod:`scr_workbench.comparisons.abuse_rows`), adjusted in its one Holm family.
- :func:`national_neglect` and :func:`national_rows` — DFE-RR226's "at least 60%" of 139
  reviews with neglect as a feature, and the registry's comparisons with it (on cases: the
  national figure is a share of reviews).
- :func:`withhold_fisher` / :func:`withhold_national` — for publication, the rows whose tables
  hold a suppressed or small count blanked, so no test undoes the table's suppression.
- :func:`fisher_table` / :func:`national_table` — the rows for display.
"""

from __future__ import annotations

import re

import pandas as pd

from scr_workbench.analyses.abuse_counts import (
    CATEGORY_LABELS,
    SYMBOL,
    CategoryTables,
    category_counts,
    check_unit,
)
from scr_workbench.analyses.reader_text import comparison_name, verdict_label
from scr_workbench.analyses.suppression import TOTAL, WITHHELD_COLUMNS
from scr_workbench.comparisons.columns import COLUMNS
from scr_workbench.comparisons.verdicts import format_p
from scr_workbench.data.dataset import default_dataset
from scr_workbench.data.schemas import REVIEW_TYPE_LABELS
from scr_workbench.data.tables import load_table
from scr_workbench.stats.intervals import check_level

#: Registry rows comparing each category's national figure (all on cases).
NATIONAL_ROWS: tuple[str, ...] = ("neglect_scr_reviews", "neglect_all_reviews")
#: Columns blanked in a withheld row besides the shared ones: the bound and the rule the hidden counts chose.
WITHHELD_HERE: tuple[str, ...] = (*WITHHELD_COLUMNS, "local_bound", "rule_id")
_K_OF_N = re.compile(r"\b(\d+) of (\d+)\b")


# --- national context ------------------------------------------------------------------


def national_neglect() -> pd.Series:
    """DFE-RR226's neglect figure as the report quotes it, with its bound and denominator."""
    fig = load_table("national_figures").set_index("figure_id").loc["neglect"]
    finding = load_table("national_findings").set_index("finding_id").loc[fig["finding_id"]]
    return pd.Series(
        {
            "measure": fig["measure"],
            "as stated": f"{fig['hedge']} {fig['as_stated']}".strip(),
            "bound": {
                "lower": "lower bound: the national value is at or above it",
                "upper": "upper bound: the national value is at or below it",
                "point": "point",
            }[fig["bound_type"]],
            "denominator": "unknown" if pd.isna(fig["denominator"]) else f"{int(fig['denominator'])} reviews",
            "where": f"{default_dataset().place} report {fig['source_ref']}; denominator: {fig['denominator_source']}",
            "quote": finding["quote"],
        },
        name="neglect (DFE-RR226)",
    )


def national_rows(registry: pd.DataFrame) -> pd.DataFrame:
    """The registry's comparisons of the local neglect cases with DFE-RR226 (cases: the national
    figure counts reviews)."""
    return registry.set_index("comparison_id").loc[list(NATIONAL_ROWS)].reset_index()


# --- SCR against LR --------------------------------------------------------------------


def fisher_rows(registry: pd.DataFrame, unit: str = "children", level: float = 0.95) -> pd.DataFrame:
    """SCRs against LRs, the registry's Fisher row for each category the table lists (``<category>_<unit>_scr_vs_lr``).

    Every test is a registry row (:mod:`scr_workbench.comparisons.abuse_rows`), so its ``p_adjusted`` is the
    registry's one Holm adjustment over all the tests any page shows; ``level`` is checked against the
    registry's intervals.
    """
    level = check_level(level, "confidence_level")
    unit = check_unit(unit)
    counts = category_counts(unit)
    by_id = registry.set_index("comparison_id")
    wanted = [(category, label) for category, label in CATEGORY_LABELS.items() if label in counts.index]
    missing = [f"{c}_{unit}_scr_vs_lr" for c, _ in wanted if f"{c}_{unit}_scr_vs_lr" not in by_id.index]
    if missing:
        raise ValueError(f"registry: no row {missing[0]!r}; build it with the same data as the abuse table")
    out = by_id.loc[[f"{c}_{unit}_scr_vs_lr" for c, _ in wanted]].reset_index()[list(COLUMNS)]
    if not (out["ci_level"] == level).all():
        raise ValueError(f"confidence_level {level} differs from the registry's ({out['ci_level'].iloc[0]})")
    out["category"] = [label for _, label in wanted]
    return out


# --- withholding for publication -------------------------------------------------------


def _quotes_small_count(text, tables: CategoryTables) -> bool:
    """Whether a text quotes "k of n" with k or n − k a small count (a registry verdict quoting reviews)."""
    return any(tables.is_small(int(k)) or tables.is_small(int(n) - int(k)) for k, n in _K_OF_N.findall(str(text)))


def _blank(rows: pd.DataFrame, withheld: list[bool], reason: str, extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """``rows`` with a ``withheld`` column and every figure of the withheld rows blanked, their verdict ``reason``."""
    out = rows.copy()
    out["withheld"] = withheld
    for column in WITHHELD_HERE + extra:
        if column in out:
            out[column] = out[column].astype("object")
            out.loc[out["withheld"], column] = pd.NA
    out["verdict"] = out["verdict"].astype("object")
    out.loc[out["withheld"], "verdict"] = reason
    return out


def withhold_fisher(rows: pd.DataFrame, tables: CategoryTables) -> pd.DataFrame:
    """Fisher rows (from :func:`fisher_rows`) with every test whose 2×2 table holds a suppressed count withheld.

    A row is withheld when either group's category cell is hidden in the published table
    (primary or secondary: publishing it would undo the table's protection), when a count of
    its 2×2 table — k or n − k of either group — is small, or when its verdict quotes a small
    count. A Holm-adjusted p rests on the p-values ranked below it, so the column is withheld
    everywhere once any row is. Nothing is withheld when suppression is off.
    """
    if tables.threshold == 0:
        return rows.assign(withheld=False)
    scr, lr = REVIEW_TYPE_LABELS["scr"], REVIEW_TYPE_LABELS["lr"]
    counts = tables.counts
    withheld = []
    for r in rows.itertuples():
        cells = [(r.category, scr), (r.category, lr)]
        values = [int(counts.loc[c]) for c in cells] + [int(counts.loc[TOTAL, c[1]] - counts.loc[c]) for c in cells]
        withheld.append(
            any(tables.hidden(*c) for c in cells)
            or any(tables.is_small(v) for v in values)
            or _quotes_small_count(r.verdict, tables)
        )
    out = _blank(
        rows, withheld, "Withheld: the test's table holds a count suppressed for publication.", ("reference_label",)
    )
    if any(withheld):
        out["p_adjusted"] = pd.Series(pd.NA, index=out.index, dtype="object")
    return out


def withhold_national(rows: pd.DataFrame, tables: CategoryTables) -> pd.DataFrame:
    """National neglect rows with every comparison resting on a small number of cases withheld.

    The national figure counts reviews, so the local side is a count of cases; a case is one
    child or family, so a count of cases from 1 to threshold − 1 (or as many left out of
    the total) is suppressed like a count of children. The national figure itself is public
    and stays. Nothing is withheld when suppression is off.
    """
    if tables.threshold == 0:
        return rows.assign(withheld=False)
    withheld = [
        tables.is_small(int(r.local_k))
        or tables.is_small(int(r.local_n) - int(r.local_k))
        or _quotes_small_count(r.verdict, tables)
        for r in rows.itertuples()
    ]
    return _blank(
        rows,
        withheld,
        f"Withheld: the local count of cases (reviews), or of the cases left out of it, is under {tables.threshold}; "
        "each case concerns a single child or family, so it is suppressed for publication like a count of children.",
    )


def _withheld(row) -> bool:
    return bool(getattr(row, "withheld", False))


# --- tables for display ----------------------------------------------------------------


def fisher_table(rows: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """The Fisher rows for display: both groups' counts and shares, the odds ratio, p and Holm-adjusted p, the rule;
    a withheld row shows the suppression symbol in every figure."""
    level = check_level(level, "confidence_level")
    out = []
    for r in rows.itertuples():
        if _withheld(r):
            out.append((comparison_name(r._asdict()), *[SYMBOL] * 6, "Withheld"))
            continue
        k2 = round(r.reference_value * r.reference_denominator / 100)
        odds = "n/a" if pd.isna(r.effect) else (f"{r.effect:.3g} ({r.effect_low:.3g}–{r.effect_high:.3g})")
        out.append(
            (
                comparison_name(r._asdict()),
                f"{int(r.local_k)} of {int(r.local_n)} ({r.local_value:.1f}%)",
                f"{r.ci_low:.1f}–{r.ci_high:.1f}%",
                f"{k2} of {int(r.reference_denominator)} ({r.reference_value:.1f}%)",
                odds,
                format_p(r.p_value),
                format_p(None if pd.isna(r.p_adjusted) else r.p_adjusted, missing=SYMBOL),
                verdict_label(r._asdict()),
            )
        )
    return pd.DataFrame(
        out,
        columns=[
            "comparison",
            "SCRs",
            f"SCR {100 * level:g}% interval",
            "LRs",
            f"odds ratio ({100 * level:g}% interval)",
            "Fisher p",
            "Holm-adjusted p (all tests)",
            "verdict",
        ],
    ).set_index("comparison")


def national_table(rows: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """The national neglect comparisons for display; a withheld row shows the suppression symbol in every figure."""
    level = check_level(level, "confidence_level")
    out = []
    for r in rows.itertuples():
        if _withheld(r):
            out.append(
                (comparison_name(r._asdict()), SYMBOL, SYMBOL, r.reference_label, SYMBOL, SYMBOL, "", "Withheld")
            )
            continue
        out.append(
            (
                comparison_name(r._asdict()),
                f"{int(r.local_k)} of {int(r.local_n)} ({r.local_value:.1f}%)",
                f"{r.ci_low:.1f}–{r.ci_high:.1f}%",
                r.reference_label,
                r.local_bound,
                format_p(r.p_for_verdict),
                r.p_basis,
                verdict_label(r._asdict()),
            )
        )
    return pd.DataFrame(
        out,
        columns=[
            "comparison",
            f"{default_dataset().place} (cases)",
            f"{100 * level:g}% interval",
            "national figure",
            "local count is",
            "p-value judged",
            "p-value from",
            "verdict",
        ],
    ).set_index("comparison")
