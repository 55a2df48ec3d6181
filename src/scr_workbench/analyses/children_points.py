"""Main points of the reports that count children — demographics and categories of abuse — with suppression on or off.

The facts come from the tables and the comparison registry; the words are the reports' templates
(``words/demographics.j2``, ``words/abuse_categories.j2``). With a suppression threshold (a
parameter, or the publication build) no fact holds a suppressed count or a figure resting on one,
and the templates say what is withheld instead.
"""

from __future__ import annotations

import pandas as pd

from scr_workbench.analyses import abuse_categories as A
from scr_workbench.analyses import demographic_comparisons as DC
from scr_workbench.analyses import demographics as D
from scr_workbench.analyses.reader_points import ReaderPoints, said
from scr_workbench.analyses.row_facts import row_facts
from scr_workbench.comparisons.headline_unit import headline_unit
from scr_workbench.comparisons.sources import Sources
from scr_workbench.data.dataset import default_dataset
from scr_workbench.data.schemas import REVIEW_TYPE_LABELS
from scr_workbench.data.tables import load_table

#: Verdict rules that find a clear difference between two groups.
CLEAR_RULES = ("groups_differ", "differs_from_reference", "below_national_bound", "above_national_bound")


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
    """Main points of one demographics run: who the children were, the baseline verdicts, the within-board one."""
    from scr_workbench.comparisons.registry import build_registry
    from scr_workbench.stats.disclosure import effective_threshold

    threshold = effective_threshold(suppress_below)
    tables = D.local_tables(review_type, dimension, suppress_below)
    column = D.population_column(review_type)
    counts, mask = tables.counts[column], tables.mask[column]
    total = int(counts[D.TOTAL])
    registry = build_registry(confidence_level=confidence_level)
    chosen = DC.baseline(review_type, dimension, baseline)
    rows = DC.withhold(DC.comparison_rows(registry, review_type, dimension, baseline, confidence_level), tables)
    within = DC.withhold(DC.within_rows(registry, review_type, dimension), tables)
    overall = rows["local_k"].isna()
    shown = pd.concat([rows[overall], rows[~overall].sort_values("p_for_verdict", kind="stable")]).head(2)
    parts = counts.drop([c for c in counts.index if c in D.TOTAL_LABELS], errors="ignore")
    groups = None if tables.groups is None else tables.groups[column].drop(D.TOTAL, errors="ignore")
    # The largest age band is an artefact of how the bands are cut: age leads with the report's two age groups.
    top = None if dimension == "age" else _largest_category(counts, mask)
    src = Sources()
    ids = src.review_ids(None if review_type == "all" else review_type)
    by_review = src.children_by_review(ids)
    unit = headline_unit(by_review)  # the statistics layer decides whether one review dominates
    facts = {
        "place": default_dataset().place,
        "who": REVIEW_TYPE_LABELS[review_type].lower(),
        "dimension": dimension,
        "total": total,
        "threshold": threshold,
        "largest_review": by_review.get(unit.largest_review, 0),
        "one_review_dominates": unit.qualifier_needed,
        "top": None if top is None else {"name": top[0], "k": top[1]},
        "parts": [
            {"name": str(name), "k": int(k)}
            for name, k in parts.items()
            if not (threshold and bool(mask.get(name, False)))
        ],
        "groups": None
        if groups is None or (threshold and tables.groups_mask[column].any())
        else [{"name": str(n), "k": int(k)} for n, k in groups.items()],
        "not_stated": 0 if threshold and bool(mask.get(D.NOT_STATED, False)) else int(counts.get(D.NOT_STATED, 0)),
        "baseline_available": chosen.available,
        "rows": [row_facts(r) for r in shown.to_dict("records")],
        "within": [row_facts(r) for r in within.head(1).to_dict("records")],
        "census_baseline": dimension == "ethnicity" and baseline == "census",
    }
    return said("demographics", facts)


def _top_category(tables, shares: pd.DataFrame, cases, column: str) -> dict | None:
    """The most common category of one kind of review, with its share's range and the unit a headline may use;
    None when that count is suppressed (naming the category would say which hidden count is largest)."""
    counts = tables.counts
    part = counts[column].drop(A.TOTAL)
    top, k, n = part.idxmax(), int(part.max()), int(counts.loc[A.TOTAL, column])
    if tables.threshold and (tables.hidden(top, column) or tables.is_small(n - k)):
        return None
    s = shares[(shares.population == column) & (shares.category == top)].iloc[0]
    facts = {"kind": column.lower(), "category": top, "k": k, "n": n, "low": float(s.ci_low), "high": float(s.ci_high)}
    if tables.unit == "children":
        reviews = load_table("reviews")
        code = top.replace(" ", "_")
        chosen = reviews[(reviews.abuse_category == code) & (reviews.review_type.map(REVIEW_TYPE_LABELS) == column)]
        by_review = dict(zip(chosen.review_id, chosen.n_children_min, strict=True))
        unit = headline_unit(by_review, review_n=int(cases.loc[A.TOTAL, column]))
        facts |= {
            "by_review": unit.unit == "reviews",
            "largest_review": int(chosen.n_children_min.max()) if len(chosen) else 0,
            "review_k": int(cases.loc[top, column]),
            "review_n": int(cases.loc[A.TOTAL, column]),
        }
    return facts


def abuse_categories(unit: str, confidence_level: float = 0.95, suppress_below: int = 0) -> ReaderPoints:
    """Main points of the categories of abuse: each kind of review's main category, SCR against LR, neglect.

    With suppression on (``suppress_below`` or the publication build) no point quotes a suppressed
    count or a figure resting on one: such points are left out, and the page says what is withheld.
    """
    from scr_workbench.comparisons.registry import build_registry

    registry = build_registry(confidence_level=confidence_level)
    tables = A.category_tables(unit, suppress_below)
    cases = A.category_tables("cases", 0).counts
    shares = A.share_intervals(unit, confidence_level)
    counts = tables.counts
    tops = [t for t in (_top_category(tables, shares, cases, c) for c in counts.columns[:2]) if t]
    if not tops:  # both kinds of review's leading counts are suppressed: the two added together may be shown
        tops = [t for t in [_top_category(tables, shares, cases, counts.columns[-1])] if t]
    fisher = A.withhold_fisher(A.fisher_rows(registry, unit, confidence_level), tables)
    national = A.withhold_national(A.national_rows(registry), tables)
    tested, compared = fisher[~fisher["withheld"]], national[~national["withheld"]]
    facts = {
        "place": default_dataset().place,
        "unit": unit,
        "threshold": tables.threshold,
        "tops": tops,
        "tested": [row_facts(r) for r in tested.sort_values("p_for_verdict", kind="stable").head(1).to_dict("records")],
        "national": [row_facts(r) for r in compared.head(1).to_dict("records")],
        "n_categories": len(fisher),
        "n_tested": len(tested),
        "n_unsure": int(tested.rule_id.isin(["groups_not_shown_to_differ", "too_few_cases", "too_wide_to_tell"]).sum()),
        "n_clustered": int((tested.rule_id == "clustered_cases").sum()),
        "cases_per_kind": sorted({int(n) for n in cases.loc[A.TOTAL].iloc[:2]}),
        "cases_clear": int(A.fisher_rows(registry, "cases", confidence_level).rule_id.isin(CLEAR_RULES).sum()),
    }
    return said("abuse_categories", facts)
