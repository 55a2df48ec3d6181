"""Each report's main points and "What this means": the facts its words need, said by its template.

Statistics decide, templates say: one function per notebook gathers the facts (numbers, names,
verdict rule ids) from the comparison registry, the curated tables and the reconciliation, and the
report's template (``analyses/words/<report>.j2``, see :mod:`scr_workbench.analyses.wording`) turns
them into sentences. The reports that count children, whose points must respect suppression, have
theirs in :mod:`scr_workbench.analyses.children_points` (re-exported here, so every report's points
are ``main_points.<notebook>``).
"""

from __future__ import annotations

from scr_workbench.analyses import national_findings as N
from scr_workbench.analyses import what_changed as W
from scr_workbench.analyses.children_points import abuse_categories, demographics  # noqa: F401 (one module per report's points)
from scr_workbench.analyses.reader_points import ReaderPoints, said
from scr_workbench.analyses.reader_text import humanise
from scr_workbench.analyses.row_facts import row_facts
from scr_workbench.analyses.themes import AGE_GROUP_WORDS
from scr_workbench.checks.reconcile import reconcile
from scr_workbench.data.dataset import default_dataset
from scr_workbench.data.schemas import REVIEW_TYPE_LABELS
from scr_workbench.data.stated_counts import stated_counts
from scr_workbench.data.tables import load_table


def _checks() -> dict:
    """How many of the report's own totals add up, and on which topics the others do not."""
    checks = reconcile()
    wrong = checks[~checks.agrees]
    return {
        "checks_agree": int(checks.agrees.sum()),
        "checks_total": len(checks),
        "wrong_topics": sorted(set(wrong.topic)),
    }


def _total_of(derived: str) -> str:
    """What a check's parts add up to: the figure after its last "=" ("9 male + 3 female = 12" gives "12")."""
    return derived.rsplit("=", 1)[-1].strip().replace("_", " ")


def overview() -> ReaderPoints:
    """Main points of the overview: how many reviews and children, how uneven, how many recommendations."""
    ds, counts = default_dataset(), stated_counts()
    reviews = load_table("reviews")
    rec = load_table("recommendations").set_index("recipient")["n_recommendations"]
    largest = reviews.loc[reviews.n_children_min.idxmax()]
    facts = {
        "period_start": ds.period_start,
        "period_end": ds.period_end,
        "board": ds.board,
        "n_reviews": len(reviews),
        "kinds": [
            {"n_reviews": int(r.n_reviews), "label": REVIEW_TYPE_LABELS[t], "n_children": int(r.n_children)}
            for t, r in counts.iterrows()
        ],
        "total": int(counts.n_children.sum()),
        "largest_kind": REVIEW_TYPE_LABELS[largest.review_type].lower().removesuffix("s"),
        "largest_children": int(largest.n_children_min),
        "recommendations": int(rec["total"]),
        "to_board": int(rec["board"]),
        "to_agencies": int(rec["agencies"]),
        "open_count": int((reviews.n_children_min != reviews.n_children_max).sum()),
        **_checks(),
    }
    return said("overview", facts)


def data_quality(suppress_below: int = 0) -> ReaderPoints:
    """Main points of the data-quality report: what reconciles, what does not, what stays uncertain.

    With a threshold (``suppress_below``, raised by the publication build), only disagreements whose figures
    :mod:`~scr_workbench.analyses.data_quality_publication` lets the page show are quoted; the rest are counted.
    """
    from scr_workbench.analyses import data_quality_publication as P
    from scr_workbench.analyses.data_quality import census_comparison, uncertainty_register
    from scr_workbench.analyses.suppression import small_words
    from scr_workbench.stats.disclosure import effective_threshold

    threshold = effective_threshold(suppress_below)
    checks = reconcile()
    census = census_comparison()
    register = uncertainty_register()
    by_table = register.groupby("table").size().sort_values(ascending=False)
    public = P.publishable_checks(checks, threshold)
    # Published, a withheld check's verdict is withheld too, so the counts are of the checks shown.
    withheld = public[~public["figures_shown"]] if threshold else public.iloc[:0]
    shown = public.drop(withheld.index)
    quoted = shown[~shown.agrees]
    census_wrong = int((~census.agrees.astype(bool)).sum())
    facts = {
        "checks_agree": int(shown.agrees.sum()),
        "checks_total": len(shown),
        "wrong_topics": sorted(set(quoted.topic)),
        "quoted": [
            {"description": r.description, "stated": r.stated, "derived": _total_of(r.derived)}
            for r in quoted.head(2).itertuples()
        ],
        "withheld_n": len(withheld),
        "withheld_topics": sorted(set(withheld.topic)),
        "small": small_words(threshold) if threshold else "",
        "census_agree": len(census) - census_wrong,
        "census_n": len(census),
        "census_name_the_others": bool(threshold) and 1 <= census_wrong < threshold,
        "census_others": list(census.index[~census.agrees.astype(bool)]),
        "n_uncertain": len(register),
        "most_uncertain_table": humanise(by_table.index[0]),
        "most_uncertain_n": int(by_table.iloc[0]),
    }
    return said("data_quality", facts)


def national_findings(age_group: str, confidence_level: float = 0.95) -> ReaderPoints:
    """Main points of the national findings for an age group: how many have a local counterpart, and the verdicts."""
    from scr_workbench.comparisons.registry import build_registry

    registry = build_registry(confidence_level=confidence_level)
    figures = N.national_figures(age_group)
    rows = N.comparisons(registry, age_group)
    compared = rows[rows["local_n"].notna()]
    bounds = figures[figures.bound_type != "point"]
    facts = {
        "place": default_dataset().place,
        "n_figures": len(figures),
        "scope": "" if age_group == "all" else AGE_GROUP_WORDS[age_group],
        "n_counted": len({N.registry_figure_id(s) for s in compared.source_refs}),
        "rows": [row_facts(r) for r in compared.drop_duplicates("reference_label").head(2).to_dict("records")],
        "n_bounds": len(bounds),
        "bound_example": bounds.as_stated.iloc[0] if len(bounds) else "",
        "smallest_base": int(compared.local_n.min()) if len(compared) else 0,
    }
    return said("national_findings", facts)


def what_changed(confidence_level: float = 0.95) -> ReaderPoints:
    """Main points of the evidence of change: where it is, the outcome followed longest, how little stands behind it."""
    measures = W.measures()
    pct = measures[measures.unit == "percent"]
    changes = load_table("changes")
    areas = changes.heading.str.split(r" [–-] ", n=1, regex=True).str[0]
    yearly = W.yearly_points()
    lengths = yearly.groupby("measure_id").size()
    longest = lengths[lengths == lengths.max()].index.min() if len(lengths) else None
    trend = yearly[yearly.measure_id == longest].sort_values("period")
    people = measures[measures.unit == "count"].sort_values("value", ascending=False, kind="stable")
    q = W.questionnaire()
    completed = measures[measures.measure_id == "questionnaires_completed"].value
    facts = {
        "n_areas": areas.nunique(),
        "busiest_area": areas.value_counts().index[0] if len(areas) else "",
        "trend_id": longest,
        "trend_values": [float(v) for v in trend.value],
        "trend_years": len(trend),
        "n_percent": len(pct),
        "n_no_base": int((pct.denominator_status == "unknown").sum()),
        "reach": {
            "figure": int(people.value.iloc[0]),
            "hedge": people.hedge.iloc[0] if isinstance(people.hedge.iloc[0], str) else "",
            "measure": people.measure.iloc[0],
        }
        if len(people)
        else None,
        "questionnaire": {
            "share": q["stated"].iloc[0],
            "measure": q.index[0],
            "completed": int(completed.iloc[0]) if len(completed) else "some",
        }
        if len(q)
        else None,
        "n_audits": len(W.audits()),
    }
    return said("what_changed", facts)


def themes(age_group: str, theme: str, min_mentions: int) -> ReaderPoints:
    """Main points of the theme coding: national themes echoed and not, and local themes with no national match."""
    import scr_workbench.coding.themes as T

    theme_table, codes = T.load_coding()
    items = T.load_items()
    labels = theme_table.set_index("theme_id")["label"]
    missing = T.national_without_local(codes, items, theme_table, age_group=age_group)
    echoed = T.national_echoed(codes, items, theme_table, age_group=age_group)
    explicit_missing = T.national_without_local(codes, items, theme_table, age_group=age_group, explicit_only=True)
    matrix = T.theme_source_matrix(
        codes, items, theme_table, age_group=age_group, min_mentions=min_mentions, theme=theme
    )
    totals = matrix.drop(columns=[c for c in matrix.columns if c == "national_findings"]).sum(axis=1)
    facts = {
        "place": default_dataset().place,
        "n_echoed": len(echoed),
        "n_national": len(missing) + len(echoed),
        "missing": [labels[t] for t in missing.theme_id],
        "n_interpreted": len(explicit_missing) - len(missing),
        "n_local_only": len(T.local_without_national(codes, items, theme_table, age_group=age_group)),
        "top_theme": labels[totals.idxmax()] if len(totals) else "",
        "top_items": int(totals.max()) if len(totals) else 0,
    }
    return said("themes", facts)
