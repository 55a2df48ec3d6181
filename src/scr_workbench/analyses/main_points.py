"""Each report's main points and "What this means", generated from the run's own results for its parameters.

One function per notebook returns :class:`ReaderPoints`: 3–6 main points (complete sentences,
each with its number and its uncertainty in words) and the conclusions. Every number comes from
the comparison registry, the curated tables or the reconciliation, so changing a curated count
changes every sentence that rests on it; verdicts are worded through
:func:`scr_workbench.analyses.reader_text.row_sentence`. The reports that count children, whose
points must respect suppression, have theirs in :mod:`scr_workbench.analyses.children_points`
(re-exported here, so every report's points are ``main_points.<notebook>``).
"""

from __future__ import annotations

import pandas as pd

from scr_workbench.analyses import national_findings as N
from scr_workbench.analyses import what_changed as W
from scr_workbench.analyses.children_points import abuse_categories, demographics  # noqa: F401 (one module per report's points)
from scr_workbench.analyses.reader_points import ReaderPoints
from scr_workbench.analyses.reader_points import points as _points
from scr_workbench.analyses.reader_text import (
    humanise,
    percent,
    row_sentence,
    sentence_list,
)
from scr_workbench.analyses.themes import AGE_GROUP_WORDS
from scr_workbench.checks.reconcile import reconcile
from scr_workbench.data.dataset import default_dataset
from scr_workbench.data.schemas import REVIEW_TYPE_LABELS
from scr_workbench.data.stated_counts import stated_counts
from scr_workbench.data.tables import load_table
from scr_workbench.data.words import in_words


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


def _have(n: int) -> str:
    return "has" if n == 1 else "have"


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
