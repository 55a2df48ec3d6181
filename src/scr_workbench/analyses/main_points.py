"""Each report's main points and "What this means", generated from the run's own results for its parameters.

One function per notebook returns :class:`ReaderPoints`: 3–6 main points (complete sentences,
each with its number and its uncertainty in words) and the conclusions. Every number comes from
the comparison registry, the curated tables or the reconciliation, so changing a curated count
changes every sentence that rests on it; verdicts are worded through
:func:`scr_workbench.analyses.reader_text.row_sentence`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from scr_workbench.analyses import abuse_categories as A
from scr_workbench.analyses import demographic_comparisons as DC
from scr_workbench.analyses import demographics as D
from scr_workbench.analyses import national_findings as N
from scr_workbench.analyses import what_changed as W
from scr_workbench.analyses.reader_text import (
    humanise,
    percent,
    row_sentence,
    sentence_list,
    verdict_label,
    verdict_tally,
)
from scr_workbench.analyses.themes import AGE_GROUP_WORDS
from scr_workbench.checks.reconcile import reconcile
from scr_workbench.data.dataset import default_dataset
from scr_workbench.data.schemas import REVIEW_TYPE_LABELS
from scr_workbench.data.stated_counts import stated_counts
from scr_workbench.data.tables import load_table
from scr_workbench.data.words import in_words


@dataclass(frozen=True)
class ReaderPoints:
    """What a report says first (``main``) and last (``meaning``)."""

    main: list[str]
    meaning: list[str]

    def __post_init__(self):
        """Keep the bulletin's rule: 3 to 6 main points."""
        if not 3 <= len(self.main) <= 6:
            raise ValueError(f"a report needs 3 to 6 main points, got {len(self.main)}: {self.main}")


def _points(main: list[str], meaning: list[str]) -> ReaderPoints:
    return ReaderPoints(sentence_list(main)[:6], sentence_list(meaning))


def _reconciliation_point() -> tuple[str, pd.DataFrame]:
    checks = reconcile()
    wrong = checks[~checks.agrees]
    topics = sorted(set(wrong.topic))
    return (
        f"{int(checks.agrees.sum())} of the {len(checks)} checks of the report's own totals agree; "
        f"{len(wrong)} disagree (on {', '.join(topics) if topics else 'nothing'}), which are findings about "
        "the report, not errors in this analysis",
        wrong,
    )


def overview() -> ReaderPoints:
    """Main points of the overview: how many reviews and children, how uneven, how many recommendations."""
    ds, counts = default_dataset(), stated_counts()
    reviews = load_table("reviews")
    rec = load_table("recommendations").set_index("recipient")["n_recommendations"]
    kinds = "; ".join(
        f"{int(r.n_reviews)} {REVIEW_TYPE_LABELS[t].lower()} about {int(r.n_children)} children"
        for t, r in counts.iterrows()
    )
    total = int(counts.n_children.sum())
    largest = reviews.loc[reviews.n_children_min.idxmax()]
    certain = reviews[reviews.n_children_min == reviews.n_children_max]
    open_count = len(reviews) - len(certain)
    recon, _ = _reconciliation_point()
    main = [
        f"Between {ds.period_start} and {ds.period_end} {ds.board} held {len(reviews)} reviews: {kinds}",
        f"The children are very unevenly spread: one review ({largest.review_id}) alone holds "
        f"{int(largest.n_children_min)} of the {total} children ({percent(100 * largest.n_children_min / total)}), "
        "so any share of all children is dominated by a few reviews",
        f"The serious case reviews led to {rec['total']} recommendations ({rec['board']} to the board, "
        f"{rec['agencies']} to agencies); the report gives none for learning reviews",
        recon,
    ]
    if open_count:
        main.append(
            f"The text leaves the exact number of children open for {in_words(open_count)} of the "
            f"{len(reviews)} reviews; the tables show the range it allows"
        )
    meaning = [
        f"With {total} children in {len(reviews)} reviews, and {int(largest.n_children_min)} of them in one, shares "
        "of all children say more about a few reviews than about children in general",
        "The other reports therefore keep serious case reviews and learning reviews apart and give every share "
        "with an interval fit for small numbers",
    ]
    return _points(main, meaning)


def data_quality(suppress_below: int = 0) -> ReaderPoints:
    """Main points of the data-quality report: what reconciles, what does not, what stays uncertain.

    With a threshold (``suppress_below``, raised by the publication build), only disagreements whose figures
    :mod:`~scr_workbench.analyses.data_quality_publication` lets the page show are quoted; the rest are counted.
    """
    from scr_workbench.analyses import data_quality_publication as P
    from scr_workbench.analyses.data_quality import census_comparison, uncertainty_register
    from scr_workbench.stats.disclosure import effective_threshold

    threshold = effective_threshold(suppress_below)
    recon, wrong = _reconciliation_point()
    census = census_comparison()
    register = uncertainty_register()
    by_table = register.groupby("table").size().sort_values(ascending=False)
    quoted = P.publishable_checks(wrong, threshold)
    withheld = quoted[~quoted["figures_shown"]] if threshold else quoted.iloc[:0]
    quoted = quoted.drop(withheld.index)
    main = [
        recon,
        *(
            f"{r.description[0].upper() + r.description[1:]}: the report states {r.stated}, its parts give "
            f"{r.derived.replace('_', ' ')}"
            for r in quoted.head(3 if withheld.empty else 2).itertuples()
        ),
        *([P.withheld_point(withheld, threshold)] if len(withheld) else []),
        P.census_point(census, threshold),
        f"{len(register)} items are marked uncertain, inferred or unknown, most in the table of "
        f"{humanise(by_table.index[0])} ({int(by_table.iloc[0])})",
    ]
    meaning = [
        f"Because {len(wrong)} of the report's derived figures do not follow from its own parts, the analyses use "
        "the counts, not the report's percentages, and say which count they use",
        "A disagreement is kept as printed and explained, never corrected: the explanations say what would "
        "reconcile the figures, and none is confirmed by the report",
    ]
    return ReaderPoints(
        sentence_list(main[:2] + main[-2:]) if len(main) > 6 else sentence_list(main), sentence_list(meaning)
    )


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
    return _points(main, meaning)


def _have(n: int) -> str:
    return "has" if n == 1 else "have"


def _count_free(row) -> str:
    """A registry row's verdict without its counts, for runs that suppress small numbers."""
    return f"{verdict_label(row)} ({row['local_population']} against {row['reference']})"


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
    return _points(main, meaning)


def national_findings(age_group: str, confidence_level: float = 0.95) -> ReaderPoints:
    """Main points of the national findings for an age group: how many have a local counterpart, and the verdicts."""
    from scr_workbench.comparisons.registry import build_registry

    registry = build_registry(confidence_level=confidence_level)
    figures = N.national_figures(age_group)
    rows = N.comparisons(registry, age_group)
    compared = rows[rows["local_n"].notna()]
    counted_ids = {N.registry_figure_id(s) for s in compared.source_refs}
    scope = "" if age_group == "all" else f" for {AGE_GROUP_WORDS[age_group]} and for all ages"
    main = [
        f"The report quotes {len(figures)} national figures{scope}; it gives a local count "
        f"for {len(counted_ids)} of them, so the other {len(figures) - len(counted_ids)} cannot be compared",
        *(row_sentence(r) for r in compared.drop_duplicates("reference_label").head(3).to_dict("records")),
    ]
    bounds = figures[figures.bound_type != "point"]
    main.append(
        f"{len(bounds)} of the {len(figures)} national figures are stated as bounds (such as "
        f"'{bounds.as_stated.iloc[0]}'), so a local figure on the open side can never be shown to differ"
        if len(bounds)
        else "Every national figure here is stated as a value, not a bound"
    )
    meaning = [
        f"For {len(figures) - len(counted_ids)} of the national figures the public report cannot show whether the "
        "local reviews shared the feature, or how often; the learning points show what was learned, not how "
        "many cases it concerned",
        f"Where there is a local count it rests on {int(compared.local_n.min())} to {int(compared.local_n.max())} "
        "reviews or children, so only very large differences could show"
        if len(compared)
        else "",
    ]
    return _points(main, meaning)


def what_changed(confidence_level: float = 0.95) -> ReaderPoints:
    """Main points of the evidence of change: how many figures, how few people behind them, the strongest one."""
    measures = W.measures()
    pct = measures[measures.unit == "percent"]
    no_base = pct[pct.denominator_status == "unknown"]
    bases = W.smallest_bases().sort_values("smallest possible base", kind="stable")
    q = W.questionnaire(level=confidence_level)
    main = [
        f"The report gives {len(measures)} figures for what changed; {len(no_base)} of its {len(pct)} "
        "percentages have no stated base, so no interval can be drawn and no change between years tested",
        *(
            f"A percentage with no base can rest on very few people: {name[0].lower() + name[1:]} "
            f"({r['stated']}, {r['period']}) could come from as few as {r['smallest possible base']}"
            for name, r in bases.head(1).iterrows()
        ),
        *(
            f"{name}: {r['stated']} of an inferred {r['base (inferred)']} questionnaires ({r.index[3]} "
            f"{r.iloc[3].replace('–', ' to ')}), the most precise figure, if everyone answered the question"
            for name, r in q.head(1).iterrows()
        ),
        f"{len(W.yearly_measures())} percentages are given for more than one year; the chart shows each year with "
        "the interval its smallest possible base allows",
        f"{len(W.audits())} audits are mentioned; most report a judgement without figures"
        if len(W.audits())
        else "No audit with figures is mentioned",
    ]
    meaning = [
        "The evidence of change is mostly activity (sessions, staff trained, procedures revised) and percentages "
        "without bases; it shows what was done more than what it achieved",
        f"Of the percentages, {len(no_base)} cannot carry an interval; the yearly outcome figures move, but "
        "without their bases the movement cannot be told apart from chance",
    ]
    return _points(main, meaning)


def themes(age_group: str, theme: str, min_mentions: int) -> ReaderPoints:
    """Main points of the theme coding: national themes echoed and not, and local themes with no national match."""
    import scr_workbench.coding.themes as T

    ds = default_dataset()
    theme_table, codes = T.load_coding()
    items = T.load_items()
    labels = theme_table.set_index("theme_id")["label"]
    missing = T.national_without_local(codes, items, theme_table, age_group=age_group)
    echoed = T.national_echoed(codes, items, theme_table, age_group=age_group)
    explicit_missing = T.national_without_local(codes, items, theme_table, age_group=age_group, explicit_only=True)
    local_only = T.local_without_national(codes, items, theme_table, age_group=age_group)
    n_national = len(missing) + len(echoed)
    thin = len(explicit_missing) - len(missing)
    matrix = T.theme_source_matrix(
        codes, items, theme_table, age_group=age_group, min_mentions=min_mentions, theme=theme
    )
    main = [
        f"{ds.place}'s learning echoes {len(echoed)} of the {n_national} national themes its report quotes",
        (
            f"{len(missing)} quoted national theme{'s' if len(missing) != 1 else ''} {_have(len(missing))} "
            f"no {ds.place} item: " + ", ".join(labels[t].lower() for t in missing.theme_id)
        )
        if len(missing)
        else f"Every quoted national theme has at least one {ds.place} item",
        f"{thin} more {'is' if thin == 1 else 'are'} echoed only through the coder's interpretation, not in the "
        "report's own words",
        f"{len(local_only)} themes of {ds.place}'s learning have no counterpart among the quoted national findings",
    ]
    if not matrix.empty:
        totals = matrix.drop(columns=[c for c in matrix.columns if c == "national_findings"]).sum(axis=1)
        top = totals.idxmax()
        main.append(
            f"The theme with most {ds.place} items under these settings is {labels[top].lower()} "
            f"({int(totals.max())} items)"
        )
    meaning = [
        f"Echoing {len(echoed)} of {n_national} quoted national themes shows the learning covers most of what the "
        "report chose to quote; it does not show how often these concerns arose in the cases, because items are "
        "paragraphs, not children",
        f"The {len(local_only)} themes with no national counterpart say as much about which national passages the "
        "report quoted as about the national picture",
        "One coder coded every item, so the codes are a reading of the report, open to review",
    ]
    return _points(main, meaning)
