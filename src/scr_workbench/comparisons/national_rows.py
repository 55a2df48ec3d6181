"""Rows comparing the board's counts with DFE-RR226's national figures, and the national figures with no local count."""

from __future__ import annotations

import pandas as pd

from scr_workbench.checks.rounding import round_half_up
from scr_workbench.comparisons.caveats import NOT_SCR_CAVEAT, national_caveat
from scr_workbench.comparisons.columns import judge, make_row
from scr_workbench.comparisons.row_builders import one_sample_row
from scr_workbench.comparisons.sources import Sources, has_baby, refs
from scr_workbench.comparisons.verdicts import Evidence
from scr_workbench.stats.one_sample import NationalFigure

NATIONAL = "national (DFE-RR226)"


def as_stated(fig: pd.Series) -> str:
    """The national figure in the source's words, keeping hedges that bound it ("at least 60%")."""
    hedge = fig["hedge"] if isinstance(fig["hedge"], str) else ""
    keep = hedge and fig["bound_type"] != "point"
    return f"{hedge} {fig['as_stated']}" if keep else str(fig["as_stated"])


def _denominator(fig: pd.Series) -> int | None:
    """The national denominator, None when unknown."""
    return None if pd.isna(fig["denominator"]) else int(fig["denominator"])


def _national_row(src: Sources, level: float, cid: str, figure_id: str, k: int, n: int, **kw) -> dict:
    """A local k/n against one national_figures row, keeping its hedge as a bound."""
    fig = src.national.loc[figure_id]
    stated = as_stated(fig)
    figure = NationalFigure.from_percent(float(fig["value"]), str(fig["bound_type"]), _denominator(fig), stated)
    kw["source_refs"] = f"{kw['source_refs']}; national_figures: {figure_id} ({fig['source_ref']})"
    return one_sample_row(
        level,
        cid,
        "national",
        k,
        n,
        figure,
        reference=NATIONAL,
        reference_label=f"{fig['measure']}: {stated}",
        reference_words=f"the national figure ({stated})",
        notes=[national_caveat(src.dataset)],
        **kw,
    )


def _baby_caveat(src: Sources, counts: dict[str, tuple[int, int]]) -> tuple[str, str]:
    """What 'baby' means on each side, and which count the report's own share of babies matches, if any;
    with the count nearest to that share."""
    fig = src.national.loc["babies_under_one"]
    own = src.local_percentages.loc["local_babies_share"]
    nearest = min(counts, key=lambda c: abs(100 * counts[c][0] / counts[c][1] - own["percent"]))
    matches = [c for c, (k, n) in counts.items() if round_half_up(100 * k / n) == own["percent"]]
    parts = [
        f"{k} of {n} {c}" + (f" ({100 * k / n:.1f}%, the nearest)" if c == nearest and not matches else "")
        for c, (k, n) in counts.items()
    ]
    verb = "matches none of the counts" if not matches else f"matches {' and '.join(matches)} among the counts"
    scrs = src.national.loc["scrs_notified_2009_2011", "value"]
    denominator = (
        f"the denominator of the {fig['as_stated']} is not stated, so it is treated as unknown"
        if pd.isna(fig["denominator"])
        else f"the {fig['as_stated']} is of {int(fig['denominator'])}"
    )
    return (
        f"'Baby' is not defined in the {src.place} report; the national figure is a baby under one. The "
        f"report's own {own['source_ref']} figure ({own['percent']:g}% of {own['stated_base']}) {verb}: "
        f"{', '.join(parts)}. DFE-RR226 covered {int(scrs)} SCRs, but {denominator}."
    ), nearest


def national_rows(src: Sources, level: float) -> list[dict]:
    """Babies and neglect against DFE-RR226, on every count the report supports."""
    place = src.place
    scr_ids, lr_ids = src.review_ids("scr"), src.review_ids("lr")
    baby_scr, baby_all = src.review_ids("scr", has_baby), src.review_ids(None, has_baby)
    scr_n, all_n = src.children("scr"), src.children()
    scr_babies, all_babies = src.children("scr", age_band="baby"), src.children(age_band="baby")
    n_reviews = len(scr_ids) + len(lr_ids)
    baby, nearest = _baby_caveat(
        src,
        {
            "SCRs": (len(baby_scr), len(scr_ids)),
            "reviews": (len(baby_all), n_reviews),
            "SCR children": (scr_babies, scr_n),
            "children": (all_babies, all_n),
        },
    )
    own = src.local_percentages.loc["local_babies_share"]
    children_unit = "Unit differs: local children against national reviews."
    abuse = src.abuse
    neglect = (
        "The local table gives one category of abuse per case, while nationally neglect 'was a feature' of a "
        "review alongside others: cases where neglect featured but another category was recorded are not "
        "counted locally, so the local count is a minimum."
    )
    cases = abuse.groupby("review_type")["n_cases"].sum()
    neg = abuse[abuse["category"] == "neglect"].set_index("review_type")["n_cases"]
    neg_scr, neg_lr = int(neg.get("scr", 0)), int(neg.get("lr", 0))
    largest = src.reviews.loc[src.reviews["n_children_max"].idxmax()]
    ages, scr_ages = src.age_counts, src.age_counts[src.age_counts["review_type"] == "scr"]
    scr_reviews = src.reviews[src.reviews["review_type"] == "scr"]
    by_review = {}
    by_review["scr"] = _national_row(
        src,
        level,
        "babies_scr_reviews",
        "babies_under_one",
        len(baby_scr),
        len(scr_ids),
        subject=f"the share of {place}'s SCRs concerning a baby",
        population=f"{place} SCRs (reviews)",
        description=f"SCRs concerning a baby: {len(baby_scr)} of the {len(scr_ids)} SCRs "
        f"({', '.join(baby_scr)}); like for like with the national share of SCRs.",
        source_refs=f"{refs(scr_ages, scr_reviews)}; reviews: " + ", ".join(baby_scr),
        caveats=[baby],
    )
    by_review["all"] = _national_row(
        src,
        level,
        "babies_all_reviews",
        "babies_under_one",
        len(baby_all),
        n_reviews,
        subject=f"the share of all {place} reviews concerning a baby",
        population=f"{place} SCRs and LRs (reviews)",
        description=f"Reviews (SCRs and LRs) concerning a baby: {len(baby_all)} of {n_reviews} "
        f"({', '.join(baby_all)}); the base the report's own share names, though the "
        f"national figure covers SCRs only.",
        source_refs=f"{refs(ages, src.local_percentages)}; reviews: " + ", ".join(baby_all),
        caveats=[baby, NOT_SCR_CAVEAT],
    )
    return [
        by_review["scr"],
        by_review["all"],
        _national_row(
            src,
            level,
            "babies_scr_children",
            "babies_under_one",
            scr_babies,
            scr_n,
            subject=f"the share of {place}'s SCR children who were babies",
            population=f"{place} SCR children",
            description=f"SCR children who were babies: {scr_babies} of {scr_n}; "
            + (
                f"probably the source of the report's own '{own['percent']:g}%' ({own['source_ref']}), but "
                if nearest == "SCR children"
                else ""
            )
            + "a share of children, not of reviews as nationally.",
            source_refs=f"{refs(scr_ages)}; age_counts (scr)",
            caveats=[baby, children_unit],
            clustering=src.clustering(scr_ids, scr_n, "SCR children"),
            cluster_sizes=src.cluster_sizes(scr_ids),
            review_level=(by_review["scr"]["p_value"], f"{len(baby_scr)} of {len(scr_ids)} SCRs concerning a baby"),
            units_differ="the local figure is a share of children, the national one a share of SCRs (reviews)",
        ),
        _national_row(
            src,
            level,
            "babies_all_children",
            "babies_under_one",
            all_babies,
            all_n,
            subject=f"the share of all {place} review children who were babies",
            population=f"{place} SCR and LR children",
            description=f"Children in all reviews who were babies: {all_babies} of {all_n}; a share of "
            f"children ({int(largest['n_children_max'])} of them in one review, "
            f"{largest['review_id']}), not of reviews as nationally.",
            source_refs=f"{refs(ages)}; age_counts",
            caveats=[baby, children_unit],
            clustering=src.clustering(scr_ids + lr_ids, all_n, "children"),
            cluster_sizes=src.cluster_sizes(scr_ids + lr_ids),
            review_level=(by_review["all"]["p_value"], f"{len(baby_all)} of {n_reviews} reviews concerning a baby"),
            units_differ="the local figure is a share of children, learning-review children included, the "
            "national one a share of SCRs (reviews)",
        ),
        _national_row(
            src,
            level,
            "neglect_scr_reviews",
            "neglect",
            neg_scr,
            int(cases["scr"]),
            subject=f"the share of {place}'s SCRs with neglect as their category of abuse",
            population=f"{place} SCRs (cases)",
            description=f"SCRs whose category of abuse is neglect: {neg_scr} of {int(cases['scr'])} cases.",
            source_refs=f"{refs(abuse[abuse['review_type'] == 'scr'])}; abuse_categories",
            caveats=[neglect],
            local_bound="minimum",
        ),
        _national_row(
            src,
            level,
            "neglect_all_reviews",
            "neglect",
            neg_scr + neg_lr,
            int(cases.sum()),
            subject=f"the share of all {place} reviews with neglect as their category of abuse",
            population=f"{place} SCRs and LRs (cases)",
            description=f"Reviews (SCRs and LRs) whose category of abuse is neglect: {neg_scr + neg_lr} "
            f"of {int(cases.sum())} cases.",
            source_refs=f"{refs(abuse)}; abuse_categories",
            caveats=[neglect, NOT_SCR_CAVEAT],
            local_bound="minimum",
        ),
    ]


def gap_rows(src: Sources, used: set[str]) -> list[dict]:
    """National percentages with no local count: listed so the gap is visible, never filled in."""
    rows = []
    for figure_id, fig in src.national.iterrows():
        if figure_id in used or fig["unit"] != "percent":
            continue
        stated = as_stated(fig)
        evidence = Evidence(
            kind="no_local_count", subject=src.place, reference=f"'{fig['measure'].lower()}' (nationally {stated})"
        )
        rows.append(
            make_row(
                comparison_id=f"no_local_{figure_id}",
                family="no_local_count",
                description=f"DFE-RR226: {fig['measure']} ({stated}). No local count: not compared.",
                reference=NATIONAL,
                reference_label=f"{fig['measure']}: {stated}",
                reference_value=float(fig["value"]),
                reference_bound_type=str(fig["bound_type"]),
                reference_denominator=_denominator(fig),
                test="none",
                **judge(evidence),
                caveats=f"The {src.place} report quotes this national figure without a {src.place} count; "
                "none is invented here.",
                source_refs=f"national_figures: {figure_id} ({fig['source_ref']})",
            )
        )
    return rows
