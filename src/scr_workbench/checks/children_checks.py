"""Checks of the children and reviews the report counts: recommendations, ages, categories of
abuse, sex, the serious case reviews' narrative, the babies' share, the learning reviews' categories.
"""

from __future__ import annotations

from scr_workbench.checks.category_assignment import assignments
from scr_workbench.checks.check_rows import Check, sections_of, stated_children, stated_ref, stated_reviews, sum_check
from scr_workbench.checks.rounding import round_half_up
from scr_workbench.data.dataset import default_dataset
from scr_workbench.data.words import in_words


def recommendation_checks(t) -> list[Check]:
    rec = t["recommendations"].set_index("recipient")["n_recommendations"]
    return [
        sum_check(
            "REC-1",
            "recommendations",
            "Recommendations to the Board and to agencies against the stated total",
            sections_of(t["recommendations"]),
            rec["total"],
            {f"to the {default_dataset().board_short}": rec["board"], "to agencies": rec["agencies"]},
        )
    ]


def _fewer_children_note(t, rt: str, label: str, stated: int, derived: int) -> str:
    """Why a kind of review's categories of abuse hold fewer (or more) children than stated, from the counts."""
    cats, ages, eth = t["abuse_categories"], t["age_counts"], t["ethnicity_counts"]
    gap, ref = stated - derived, stated_ref()
    also = [sections_of(ages, ages.review_type == rt)]
    total = eth[(eth.population == rt) & (eth.row_kind == "total")]["n_children"]
    extra = f" (and {sections_of(eth)}'s ethnicity column)" if len(total) and int(total.iloc[0]) == stated else ""
    child = "child" if abs(gap) == 1 else "children"
    where = sections_of(cats, cats.review_type == rt)
    short = label.removesuffix("s").replace(" ", "-")
    note = (
        f"{where}'s {short} categories hold {in_words(abs(gap))} {child} {'fewer' if gap > 0 else 'more'} than the "
        f"{stated} of section {ref} and {' and '.join(also)}{extra}"
    )
    if gap > 0:
        note += (
            f": {in_words(gap)} {child} of the {label} {'has' if gap == 1 else 'have'} no category of abuse in {where}."
        )
    return note + (f" CAT-ASSIGN-LR shows no reading of {also[0]} fits {where} exactly." if rt == "lr" else "")


def children_checks(t) -> list[Check]:
    ages, cats, gender = t["age_counts"], t["abuse_categories"], t["gender_counts"]
    ref, out = stated_ref(), []
    for rt, label in (("scr", "serious case reviews"), ("lr", "learning reviews")):
        stated = stated_children(t, rt)
        a = ages[ages.review_type == rt]
        parts = (
            a.groupby("age_band", sort=False)["n_children"].sum()
            if rt == "scr"
            else a.groupby("review_id", sort=False)["n_children"].sum()
        )
        by = f"{'age' if rt == 'scr' else 'review'} ({sections_of(a)})"
        out.append(
            sum_check(
                f"AGE-{rt.upper()}",
                "children",
                f"Children in {label} by {by} against section {ref}",
                f"{ref}; {sections_of(a)}",
                stated,
                parts.to_dict(),
            )
        )
        c = cats[cats.review_type == rt].set_index("category")
        where = sections_of(cats, cats.review_type == rt)
        out.append(
            sum_check(
                f"CAT-CASES-{rt.upper()}",
                "categories of abuse",
                f"Cases by category of abuse in {label} against the number of reviews",
                f"{ref}; {where}",
                stated_reviews(t, rt),
                c["n_cases"].to_dict(),
            )
        )
        out.append(
            sum_check(
                f"CAT-CHILDREN-{rt.upper()}",
                "categories of abuse",
                f"Children by category of abuse in {label} against section {ref}",
                f"{ref}; {where}",
                stated,
                c["n_children"].to_dict(),
                disagree_note=_fewer_children_note(t, rt, label, stated, int(c["n_children"].sum())),
            )
        )
        g = gender[gender.review_type == rt]
        sexed, sex_ref = int(g["n_children"].sum()), sections_of(gender)
        missing = stated - sexed
        out.append(
            sum_check(
                f"GENDER-{rt.upper()}",
                "gender",
                f"Children by sex in {label} ({sex_ref}) against section {ref}",
                f"{ref}; {sex_ref}",
                stated,
                {f"{r.sex} ({r.review_subset})": r.n_children for r in g.itertuples()},
                disagree_note=(
                    f"{sex_ref} gives the sex of {sexed} of the {stated} children in {label}; "
                    f"{in_words(missing)} {'child' if missing == 1 else 'children'}'s sex is not stated."
                    if missing > 0
                    else f"{sex_ref} gives the sex of {sexed} children, more than the {stated} children in {label}."
                ),
            )
        )
    return out


def scr_narrative_checks(t) -> list[Check]:
    """The serious case reviews' babies and school-aged children against their categories of abuse: the
    physical-abuse SCRs were about the babies, the others about school-aged children (no check where the
    reviews table says otherwise)."""
    scr_cats = t["abuse_categories"].query("review_type == 'scr'")
    scr_ages = t["age_counts"].query("review_type == 'scr'")
    cats, ages = scr_cats.set_index("category")["n_children"], scr_ages.set_index("age_band")["n_children"]
    reviews = t["reviews"].query("review_type == 'scr'")
    physical = reviews[reviews.abuse_category == "physical_abuse"]
    if (
        set(physical.age_group) - {"babies_preschool"}
        or set(reviews.loc[reviews.abuse_category != "physical_abuse", "age_group"]) - {"school_age"}
        or "baby" not in ages
        or "school_age" not in ages
    ):
        return []
    a, c = sections_of(scr_ages), sections_of(scr_cats)
    others = {
        key.replace("_", " "): int(n)
        for key, n in cats.sort_values(ascending=False, kind="stable").items()
        if key != "physical_abuse"
    }  # largest first
    return [
        sum_check(
            "SCR-BABIES",
            "children",
            f"Babies in serious case reviews ({a}) against {c}'s physical-abuse children "
            f"(all babies per {c}'s narrative)",
            f"{a}; {c}",
            ages["baby"],
            {"physical abuse": cats.get("physical_abuse", 0)},
        ),
        sum_check(
            "SCR-SCHOOL-AGE",
            "children",
            f"School-aged children in serious case reviews ({a}) against {c}'s "
            + " and ".join(", ".join(others).rsplit(", ", 1))
            + " children",
            f"{a}; {c}",
            ages["school_age"],
            others,
        ),
    ]


def baby_share_check(t) -> list[Check]:
    own = t["local_percentages"].set_index("figure_id").loc["local_babies_share"]
    stated = float(own["percent"])
    ages, reviews = t["age_counts"], t["reviews"]
    babies = ages[ages.age_band == "baby"].groupby("review_type")["n_children"].sum()
    children = {rt: stated_children(t, rt) for rt in ("scr", "lr")}
    with_baby = reviews[reviews.age_bands.str.split(";").apply(lambda b: "baby" in b)]
    n_reviews = {rt: stated_reviews(t, rt) for rt in ("scr", "lr")}
    candidates = {  # label: (count, base, how the explanation words it, the unit of the share)
        "babies among SCR children": (
            babies.get("scr", 0),
            children["scr"],
            "babies among the {d} SCR children",
            "SCR children",
        ),
        "babies among all children": (
            babies.sum(),
            sum(children.values()),
            "babies among all {d} children",
            "children",
        ),
        "SCRs concerning a baby": ((with_baby.review_type == "scr").sum(), n_reviews["scr"], "of the {d} SCRs", None),
        "reviews concerning a baby": (len(with_baby), sum(n_reviews.values()), "of the {d} reviews", None),
    }
    parts = [f"{k}: {n}/{d} = {100 * n / d:.1f}%" for k, (n, d, _, _) in candidates.items()]
    matches = [k for k, (n, d, _, _) in candidates.items() if round_half_up(100 * n / d) == stated]
    n, d, words, unit = min(candidates.values(), key=lambda c: abs(100 * c[0] / c[1] - stated))
    national = t["national_figures"].set_index("figure_id").loc["babies_under_one", "as_stated"]
    note = (
        f"No count the text gives rounds to {stated:g}%. The nearest is {n} {words.format(d=d)} "
        f"({100 * n / d:.1f}%, which rounds to {round_half_up(100 * n / d):g}%)"
        + (
            f": the {stated:g}% looks like a share of {unit}, not of reviews, while the national {national} it is "
            "set against is a share of reviews."
            if unit
            else "."
        )
    )
    refs = "; ".join(
        dict.fromkeys(
            f"{sections_of(ages, sep='; ')}; {own['source_ref']}; {sections_of(t['abuse_categories'])}".split("; ")
        )
    )
    return [
        Check(
            "BABY-SHARE",
            "age",
            f"{own['source_ref']}'s {stated:g}% of {own['stated_base']} held in respect of babies, "
            "against every count the text gives",
            refs,
            f"{stated:g}%",
            "; ".join(parts),
            bool(matches),
            "" if matches else note,
        )
    ]


def lr_category_check(t) -> list[Check]:
    lr = t["reviews"].query("review_type == 'lr'")
    children = dict(zip(lr.review_id, lr.n_children_max.astype(int), strict=True))
    fixed = dict(
        zip(
            lr.loc[lr.abuse_category_certainty != "uncertain", "review_id"],
            lr.loc[lr.abuse_category_certainty != "uncertain", "abuse_category"],
            strict=True,
        )
    )
    cats = t["abuse_categories"].query("review_type == 'lr'").set_index("category")
    found = assignments(children, cats["n_cases"].to_dict(), cats["n_children"].to_dict(), fixed)
    exact = [a for a in found if a.total_discrepancy == 0]
    best = [a for a in found if a.total_discrepancy == found[0].total_discrepancy]
    describe = " | ".join(
        ", ".join(f"{r}={c}" for r, c in a.categories.items() if r not in fixed)
        + " ("
        + ", ".join(f"{c} {d:+d}" for c, d in a.child_discrepancy.items() if d)
        + ")"
        for a in best
    )
    ages, cat_rows = t["age_counts"], t["abuse_categories"]
    a2, a8, a5 = (
        sections_of(ages, ages.review_type == "lr"),
        sections_of(cat_rows, cat_rows.review_type == "lr"),
        sections_of(t["gender_counts"]),
    )
    fixed_words = (
        f" ({' and '.join(fixed)} fixed as "
        f"{' and '.join(dict.fromkeys(c.replace('_', ' ') for c in fixed.values()))} by {a5})"
        if fixed
        else ""
    )
    missing = stated_children(t, "lr") - int(cats["n_children"].sum())
    why = (
        f", the {in_words(missing)} {'child' if missing == 1 else 'children'} CAT-CHILDREN-LR finds missing"
        if missing > 0
        else ""
    )
    return [
        Check(
            "CAT-ASSIGN-LR",
            "categories of abuse",
            f"Can {a8}'s learning-review categories be given to the {a2} reviews so that cases and children both "
            f"match?{fixed_words}",
            f"{a2}; {a5}; {a8}",
            f"an assignment matching {a8}",
            f"{len(exact)} exact of {len(found)} matching the case counts; closest: {describe}",
            bool(exact),
            ""
            if exact
            else f"No assignment fits both counts: the best {len(best)} each miss {a8} by {found[0].total_discrepancy} "
            f"child(ren){why}. Which review had which category therefore stays uncertain in the reviews table.",
        )
    ]
