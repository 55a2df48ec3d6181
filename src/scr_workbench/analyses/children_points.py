"""Main points of the reports that count children — demographics and categories of abuse — with suppression on or off.

With a suppression threshold (a parameter, or the publication build) no point quotes a suppressed
count or a figure resting on one; the page says what is withheld instead.
"""

from __future__ import annotations

import pandas as pd

from scr_workbench.analyses import abuse_categories as A
from scr_workbench.analyses import demographic_comparisons as DC
from scr_workbench.analyses import demographics as D
from scr_workbench.analyses.reader_points import ReaderPoints, points
from scr_workbench.analyses.reader_text import percent, row_sentence, verdict_label, verdict_tally
from scr_workbench.comparisons.row_builders import WITHIN
from scr_workbench.data.schemas import REVIEW_TYPE_LABELS
from scr_workbench.data.words import in_words


def _largest_category(counts: pd.Series, hidden: pd.Series | None) -> tuple[str, int] | None:
    """The most common stated category of a column, skipping totals, 'not stated' and suppressed cells."""
    keep = counts.drop([c for c in counts.index if c in D.TOTAL_LABELS or c == D.NOT_STATED], errors="ignore")
    if hidden is not None:
        keep = keep[~hidden.reindex(keep.index, fill_value=False)]
    if keep.empty or keep.max() == 0:
        return None
    return str(keep.idxmax()), int(keep.max())


def demographics(
    review_type: str, dimension: str, baseline: str, confidence_level: float = 0.95, suppress_below: int = 0
) -> ReaderPoints:
    """Main points of one demographics run: the local distribution, the baseline verdicts, the within-board one."""
    from scr_workbench.comparisons.registry import build_registry

    tables = D.local_tables(review_type, dimension, suppress_below)
    column = D.population_column(review_type)
    counts, mask = tables.counts[column], tables.mask[column]
    total = int(counts[D.TOTAL])
    what = {"age": "age band", "gender": "sex", "ethnicity": "ethnic group"}[dimension]
    who = REVIEW_TYPE_LABELS[review_type].lower()
    main = []
    top = _largest_category(counts, mask)
    if top is not None:
        name, k = top
        lead = (
            f"Of the {total} children of {who}, more were {name.lower()} than any other sex"
            if dimension == "gender"
            else f"The largest {what} among the {total} children of {who} was {name}"
        )
        main.append(f"{lead}: {k} children ({percent(100 * k / total)})")
    not_stated = int(counts.get(D.NOT_STATED, 0))
    if not_stated and not (suppress_below and not_stated < suppress_below):
        main.append(f"The report does not give the {what} of {not_stated} of the {total} children")
    registry = build_registry(confidence_level=confidence_level)
    chosen = DC.baseline(review_type, dimension, baseline)
    rows = DC.withhold(DC.comparison_rows(registry, review_type, dimension, baseline, confidence_level), tables)
    within = DC.withhold(DC.within_rows(registry, review_type, dimension), tables)
    if not chosen.available:
        main.append(chosen.statement)
    overall = rows["local_k"].isna()
    shown = pd.concat([rows[overall], rows[~overall].sort_values("p_for_verdict", kind="stable")])
    main += [row_sentence(r) if not suppress_below else _count_free(r) for r in shown.head(2).to_dict("records")]
    main += [row_sentence(r) if not suppress_below else _count_free(r) for r in within.head(1).to_dict("records")]
    if suppress_below:
        main.append(f"Counts under {suppress_below} are suppressed in this version, so that no child can be recognised")
    while len(main) < 3:
        main.append(f"{D.dimension_notes(dimension, suppress_below)[0]}")
    tally = verdict_tally(pd.concat([rows, within]).to_dict("records"))
    meaning = [
        f"Every comparison here rests on the {total} children of {who}, who cluster in a few reviews (siblings, "
        "groups), so even a small p-value is weaker evidence than it looks"
        if total
        else "",
        (f"Of the {len(rows) + len(within)} comparisons in this report: {tally}" if tally else ""),
        (
            ""
            if chosen.available
            else "Without a baseline, the local figures describe these reviews only and say "
            "nothing about how often children of any group are harmed"
        ),
        (
            "The census counts residents of every age, and children are more ethnically diverse than adults, so "
            "the census baseline exaggerates any gap"
            if dimension == "ethnicity" and baseline == "census"
            else ""
        ),
    ]
    return points(main, meaning)


def _count_free(row) -> str:
    """A registry row's verdict without its counts, for runs that suppress small numbers; a local group
    compared with another is named without the place prefix its reference carries ("<place>: <group>")."""
    reference = str(row["reference"]).split(": ", 1)[-1] if row["family"] == WITHIN else row["reference"]
    return f"{verdict_label(row)} ({row['local_population']} against {reference})"


def _top_category_point(tables, shares: pd.DataFrame, column: str, level: str) -> str:
    """The most common category of one kind of review with its count and interval; "" when that count is
    suppressed (naming the category would say which hidden count is largest)."""
    counts, unit = tables.counts, tables.unit
    part = counts[column].drop(A.TOTAL)
    top, k, n = part.idxmax(), int(part.max()), int(counts.loc[A.TOTAL, column])
    if tables.threshold and (tables.hidden(top, column) or tables.is_small(n - k)):
        return ""
    s = shares[(shares.population == column) & (shares.category == top)].iloc[0]
    return (
        f"In {column.lower()}, {top} was the most common category: {k} of {n} {unit} "
        f"({percent(100 * k / n)}, {level} interval {percent(s.ci_low)} to {percent(s.ci_high)})"
    )


def abuse_categories(unit: str, confidence_level: float = 0.95, suppress_below: int = 0) -> ReaderPoints:
    """Main points of the categories of abuse: each kind of review's main category, SCR against LR, neglect.

    With suppression on (``suppress_below`` or the publication build) no point quotes a suppressed
    count or a figure resting on one: such points are left out, and the page says what is withheld.
    """
    from scr_workbench.comparisons.registry import build_registry

    registry = build_registry(confidence_level=confidence_level)
    tables = A.category_tables(unit, suppress_below)
    shares = A.share_intervals(unit, confidence_level)
    counts = tables.counts
    level = f"{100 * confidence_level:g}%"
    main = [_top_category_point(tables, shares, column, level) for column in counts.columns[:2]]
    if not any(main):  # both kinds of review's leading counts are suppressed: the two added together may be shown
        main.append(_top_category_point(tables, shares, counts.columns[-1], level))
    fisher = A.withhold_fisher(A.fisher_rows(registry, unit, confidence_level), tables)
    national = A.withhold_national(A.national_rows(registry), tables)
    tested, compared = fisher[~fisher["withheld"]], national[~national["withheld"]]
    clearest = tested.sort_values("p_for_verdict", kind="stable").head(1)
    main += [row_sentence(r) for r in clearest.to_dict("records")]
    if tested.empty:
        main.append(
            "The tests of serious case reviews against learning reviews are withheld in this version: each rests on "
            "a suppressed count"
        )
    main += [row_sentence(r) for r in compared.head(1).to_dict("records")]
    if compared.empty:
        main.append(
            "The comparison with the national share of reviews in which neglect featured is withheld in this "
            "version: the local count of neglect cases is too small to publish"
        )
    if tables.threshold:
        main.append(
            f"Counts under {tables.threshold} are suppressed in this version, so that no child can be recognised"
        )
    per_kind = sorted({int(n) for n in counts.loc[A.TOTAL].iloc[:2]})
    meaning = [
        f"Comparing the {len(fisher)} categories between the two kinds of review gives "
        f"{verdict_tally(tested.to_dict('records'))}"
        if len(tested) == len(fisher)
        else (
            f"Of the {len(fisher)} categories compared between the two kinds of review, {len(tested)} can be "
            f"published: {verdict_tally(tested.to_dict('records'))}"
            if len(tested)
            else "Whether the two kinds of review differ cannot be published without giving small counts away"
        ),
        "The report gives one category per case, while the national study counts neglect wherever it featured, "
        "so the local count of neglect is a minimum and a low local share cannot be read as less neglect",
        (
            "Children cluster in a few reviews, so differences counted in children rest on a handful of families "
            "and groups"
            if unit == "children"
            else f"Counted by case, each kind of review has only {' to '.join(in_words(n) for n in per_kind)} "
            "cases, so only very large differences could show"
        ),
    ]
    return points(main, meaning)
