"""Rows comparing the board's own groups (SCRs against LRs, babies against school-age children), and sex
against an even split, a reference line rather than a population figure."""

from __future__ import annotations

from scr_workbench.comparisons.row_builders import one_sample_row, review_level_test, within_row
from scr_workbench.comparisons.sources import Sources, has_baby, refs
from scr_workbench.stats.clustering import trimmed_to
from scr_workbench.stats.one_sample import NationalFigure


def _cse(src: Sources):
    """The learning reviews of child sexual abuse (category sexual abuse), and the children of them by sex."""
    ids = src.review_ids("lr", lambda r: r["abuse_category"] == "sexual_abuse")
    sexes = src.gender[(src.gender["review_type"] == "lr") & (src.gender["review_subset"] == "cse_reviews")]
    return ids, sexes.set_index("sex")["n_children"].astype(int)


def _siblings(src: Sources) -> str:
    """Which SCR children are siblings in one review, as the reviews table says."""
    scr = src.reviews[(src.reviews["review_type"] == "scr") & (src.reviews["family_grouping"] == "siblings")]
    return "".join(
        f"; {int(r.n_children_max)} of the children are siblings in one review ({r.review_id}, outcome: {r.outcome})"
        for r in scr.itertuples()
    )


def reference_line_rows(src: Sources, level: float) -> list[dict]:
    """Sex against an even split, a reference line: the report gives no population figure."""
    place = src.place
    g = src.gender.set_index(["review_type", "review_subset", "sex"])["n_children"].astype(int)
    scr_m, scr_f = g[("scr", "all", "male")], g[("scr", "all", "female")]
    lr_m, lr_f = g[("lr", "other_reviews", "male")], g[("lr", "other_reviews", "female")]
    cse_ids, _ = _cse(src)
    other_lr = src.review_ids("lr", lambda r: r["review_id"] not in cse_ids)
    common = dict(
        reference="reference line (50%)",
        reference_label="even split; the report gives no national or census figure for sex",
        reference_words="an even split (50%, a reference line, not a population figure)",
        source_refs=f"{refs(src.gender)}; gender_counts",
        test="exact binomial (two-sided) against the 50% reference line",
    )
    line = "50% is a reference line, not the sex ratio of any population."
    scr_n, missing = src.children("scr"), src.children("scr") - (scr_m + scr_f)
    not_given = (
        [
            f"The sex of {missing} SCR child(ren) is not given ({scr_m} + {scr_f} = {scr_m + scr_f} of "
            f"{scr_n}){_siblings(src)}."
        ]
        if missing
        else []
    )
    return [
        one_sample_row(
            level,
            "gender_scr_male_vs_even",
            "reference_line",
            scr_m,
            scr_m + scr_f,
            NationalFigure(0.5),
            subject=f"the share of boys among {place}'s SCR children",
            population=f"{place} SCR children with sex stated",
            description=f"Boys among SCR children: {scr_m} of {scr_m + scr_f} (the report gives the sex "
            f"of {scr_m + scr_f} of the {scr_n} SCR children).",
            caveats=not_given + [line],
            clustering=src.clustering(src.review_ids("scr"), scr_m + scr_f, "SCR children"),
            cluster_sizes=trimmed_to(src.cluster_sizes(src.review_ids("scr")), scr_m + scr_f),
            **common,
        ),
        one_sample_row(
            level,
            "gender_lr_other_male_vs_even",
            "reference_line",
            lr_m,
            lr_m + lr_f,
            NationalFigure(0.5),
            subject=f"the share of boys among {place}'s non-CSE LR children",
            population=f"{place} LR children outside the CSE reviews",
            description=f"Boys among the learning-review children outside the CSE reviews: {lr_m} of {lr_m + lr_f}.",
            caveats=[line],
            clustering=src.clustering(other_lr, lr_m + lr_f, "children"),
            cluster_sizes=trimmed_to(src.cluster_sizes(other_lr), lr_m + lr_f),
            **common,
        ),
    ]


def _physical_abuse_row(src: Sources, level: float, young: int, school: int) -> list[dict]:
    """Physical abuse among SCR babies against school-age SCR children, where every physical-abuse SCR is about
    babies (then the school-age count is 0 by the data); no row where the data say otherwise."""
    place, scr = src.place, src.reviews[src.reviews["review_type"] == "scr"]
    physical = scr[scr["abuse_category"] == "physical_abuse"]
    babies = scr[scr["age_group"] == "babies_preschool"]
    abuse = src.abuse[(src.abuse["review_type"] == "scr") & (src.abuse["category"] == "physical_abuse")]
    if physical.empty or abuse.empty or set(physical["age_group"]) != {"babies_preschool"} or not young or not school:
        return []
    k = int(abuse["n_children"].iloc[0])
    school_reviews = scr[scr["age_group"] == "school_age"]
    by_review = review_level_test(
        len(set(physical["review_id"]) & set(babies["review_id"])),
        len(babies),
        len(set(physical["review_id"]) & set(school_reviews["review_id"])),
        len(school_reviews),
        ("SCRs about babies", "SCRs about school-age children"),
    )
    same = set(physical["review_id"]) == set(babies["review_id"])
    caveat = (
        f"Near-definitional: the {len(physical)} physical-abuse SCRs are the {len(babies)} SCRs about babies."
        if same
        else f"Near-definitional: all {len(physical)} physical-abuse SCRs are about babies."
    )
    return [
        within_row(
            level,
            "physical_abuse_babies_vs_school_scr",
            k,
            young,
            0,
            school,
            place=place,
            labels=(f"{place} SCR babies", f"{place} SCR school-age children"),
            measure="the share who suffered physical abuse",
            clustering=src.clustering(src.review_ids("scr"), src.children("scr"), "SCR children"),
            cluster_sizes=src.cluster_sizes(src.review_ids("scr")),
            review_level=by_review,
            caveats=[caveat],
            description=f"Physical abuse among SCR children: all {k} physical-abuse children were babies "
            f"(“{abuse['quote'].iloc[0]}”); none of the {school} school-age children.",
            source_refs=f"{refs(src.age_counts, abuse)}; reviews; abuse_categories",
        )
    ]


def within_rows(src: Sources, level: float) -> list[dict]:
    """SCR against LR, and babies against school-age children, inside the board's reviews."""
    place = src.place
    scr_ids, lr_ids = src.review_ids("scr"), src.review_ids("lr")
    scr_n, lr_n = src.children("scr"), src.children("lr")
    sex = src.gender.groupby(["review_type", "sex"])["n_children"].sum().astype(int)
    scr_eth, lr_eth = src.ethnic_groups("scr"), src.ethnic_groups("lr")
    young, school = src.children("scr", age_group="babies_preschool"), src.children("scr", age_group="school_age")
    both = src.clustering(scr_ids + lr_ids, scr_n + lr_n, "children")
    children = (f"{place} SCR children", f"{place} LR children")
    scr_sexed, lr_sexed = sex[("scr", "male")] + sex[("scr", "female")], sex[("lr", "male")] + sex[("lr", "female")]
    cse_ids, cse_sexes = _cse(src)
    lr_caveat = (
        [
            f"The LR figure is dominated by {len(cse_ids)} CSE reviews of {int(cse_sexes.get('female', 0))} "
            "girls and young women."
        ]
        if cse_sexes.get("female", 0) > lr_sexed / 2
        else []
    )
    sizes = src.cluster_sizes(scr_ids + lr_ids)
    young_bands = set(src.age_bands.loc[src.age_bands["age_group"] == "babies_preschool", "age_band"])

    def young_reviews(review_type: str) -> int:
        """Reviews of this type with at least one child in an age band of the babies and pre-school group."""
        rows = src.reviews[src.reviews["review_type"] == review_type]
        return int(rows["age_bands"].map(lambda bands: bool(young_bands & set(str(bands).split(";")))).sum())

    return [
        within_row(
            level,
            "babies_reviews_scr_vs_lr",
            len(src.review_ids("scr", has_baby)),
            len(scr_ids),
            len(src.review_ids("lr", has_baby)),
            len(lr_ids),
            place=place,
            labels=(f"{place} SCRs", f"{place} LRs"),
            measure="the share of reviews concerning a baby",
            clustering="",
            caveats=[],
            description="Reviews concerning a baby, SCRs against LRs.",
            source_refs=f"{refs(src.age_counts)}; reviews",
        ),
        within_row(
            level,
            "under_five_children_scr_vs_lr",
            young,
            scr_n,
            src.children("lr", age_group="babies_preschool"),
            lr_n,
            place=place,
            labels=children,
            measure="the share of babies and pre-school children",
            clustering=both,
            cluster_sizes=sizes,
            review_level=review_level_test(
                young_reviews("scr"), len(scr_ids), young_reviews("lr"), len(lr_ids), ("SCRs", "LRs")
            ),
            caveats=[],
            description="Babies and pre-school children (the age bands of that age group), SCR "
            "children against LR children.",
            source_refs=f"{refs(src.age_counts)}; age_counts; age_bands",
        ),
        *_physical_abuse_row(src, level, young, school),
        within_row(
            level,
            "male_scr_vs_lr",
            sex[("scr", "male")],
            scr_sexed,
            sex[("lr", "male")],
            lr_sexed,
            place=place,
            labels=children,
            measure="the share of boys",
            clustering=both,
            cluster_sizes=trimmed_to(sizes, scr_sexed + lr_sexed),
            case_mix=lr_caveat[0][0].lower() + lr_caveat[0][1:-1] if lr_caveat else "",
            caveats=lr_caveat,
            description=f"Boys among SCR children (sex stated for {scr_sexed} of {scr_n}) against LR children.",
            source_refs=f"{refs(src.gender)}; gender_counts",
        ),
        within_row(
            level,
            "not_white_british_scr_vs_lr",
            int(scr_eth.drop("White British").sum()),
            int(scr_eth.sum()),
            int(lr_eth.drop("White British").sum()),
            int(lr_eth.sum()),
            place=place,
            labels=children,
            measure="the share not White British",
            clustering=both,
            cluster_sizes=sizes,
            caveats=[],
            description="Children not recorded as White British, SCRs against LRs.",
            source_refs=f"{refs(src.ethnicity)}; ethnicity_counts",
        ),
    ]
