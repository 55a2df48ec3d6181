"""Re-derive every total and derived figure the report states from its own parts.

:func:`reconcile` returns one row per check: what the report states, what its parts
give, whether they agree, and an explanation where they do not. A disagreement is a
finding about the source to show users, never an error of the workbench.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from scr_workbench.checks.category_assignment import assignments
from scr_workbench.checks.rounding import counts_matching, decimals_of, round_half_up
from scr_workbench.data.census import census_percent
from scr_workbench.data.dataset import default_dataset
from scr_workbench.data.stated_counts import stated
from scr_workbench.data.tables import load_all
from scr_workbench.data.words import in_words


@dataclass(frozen=True)
class Check:
    """One reconciliation: a stated figure against the figure its parts give."""

    check_id: str
    topic: str
    description: str
    source_refs: str
    stated: str
    derived: str
    agrees: bool
    explanation: str = ""


def _num(x) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def _section(frame: pd.DataFrame, where=None, whole: bool = False, sep: str = " and ") -> str:
    """The sections of the source a table's rows cite (the first word of each source_ref), or with ``whole``
    their whole source_ref."""
    refs = frame.loc[where, "source_ref"] if where is not None else frame["source_ref"]
    return sep.join(dict.fromkeys(str(r) if whole else str(r).split()[0] for r in refs.dropna()))


def _sum_check(check_id, topic, description, refs, stated, parts: dict, disagree_note="", agree_note="") -> Check:
    derived = sum(int(v) for v in parts.values())
    expr = " + ".join(f"{_num(v)} {k}" for k, v in parts.items())
    agrees = derived == int(stated)
    return Check(
        check_id,
        topic,
        description,
        refs,
        _num(int(stated)),
        f"{expr} = {derived}",
        agrees,
        agree_note if agrees else disagree_note,
    )


def _stated_ref() -> str:
    """The section stating the numbers of reviews and children (dataset.yml references: stated_counts)."""
    return default_dataset().reference("stated_counts")


def _stated_children(t, review_type: str) -> int:
    return stated("children", review_type, t["review_counts"])


def _stated_reviews(t, review_type: str) -> int:
    return stated("reviews", review_type, t["review_counts"])


def recommendation_checks(t) -> list[Check]:
    rec = t["recommendations"].set_index("recipient")["n_recommendations"]
    return [
        _sum_check(
            "REC-1",
            "recommendations",
            "Recommendations to the Board and to agencies against the stated total",
            _section(t["recommendations"]),
            rec["total"],
            {f"to the {default_dataset().board_short}": rec["board"], "to agencies": rec["agencies"]},
        )
    ]


def _fewer_children_note(t, rt: str, label: str, stated: int, derived: int) -> str:
    """Why a kind of review's categories of abuse hold fewer (or more) children than stated, from the counts."""
    cats, ages, eth = t["abuse_categories"], t["age_counts"], t["ethnicity_counts"]
    gap, ref = stated - derived, _stated_ref()
    also = [_section(ages, ages.review_type == rt)]
    total = eth[(eth.population == rt) & (eth.row_kind == "total")]["n_children"]
    extra = f" (and {_section(eth)}'s ethnicity column)" if len(total) and int(total.iloc[0]) == stated else ""
    child = "child" if abs(gap) == 1 else "children"
    where = _section(cats, cats.review_type == rt)
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
    ref, out = _stated_ref(), []
    for rt, label in (("scr", "serious case reviews"), ("lr", "learning reviews")):
        stated = _stated_children(t, rt)
        a = ages[ages.review_type == rt]
        parts = (
            a.groupby("age_band", sort=False)["n_children"].sum()
            if rt == "scr"
            else a.groupby("review_id", sort=False)["n_children"].sum()
        )
        by = f"{'age' if rt == 'scr' else 'review'} ({_section(a)})"
        out.append(
            _sum_check(
                f"AGE-{rt.upper()}",
                "children",
                f"Children in {label} by {by} against section {ref}",
                f"{ref}; {_section(a)}",
                stated,
                parts.to_dict(),
            )
        )
        c = cats[cats.review_type == rt].set_index("category")
        where = _section(cats, cats.review_type == rt)
        out.append(
            _sum_check(
                f"CAT-CASES-{rt.upper()}",
                "categories of abuse",
                f"Cases by category of abuse in {label} against the number of reviews",
                f"{ref}; {where}",
                _stated_reviews(t, rt),
                c["n_cases"].to_dict(),
            )
        )
        out.append(
            _sum_check(
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
        sexed, sex_ref = int(g["n_children"].sum()), _section(gender)
        missing = stated - sexed
        out.append(
            _sum_check(
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
    a, c = _section(scr_ages), _section(scr_cats)
    others = {
        key.replace("_", " "): int(n)
        for key, n in cats.sort_values(ascending=False, kind="stable").items()
        if key != "physical_abuse"
    }  # largest first
    return [
        _sum_check(
            "SCR-BABIES",
            "children",
            f"Babies in serious case reviews ({a}) against {c}'s physical-abuse children "
            f"(all babies per {c}'s narrative)",
            f"{a}; {c}",
            ages["baby"],
            {"physical abuse": cats.get("physical_abuse", 0)},
        ),
        _sum_check(
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


def _cse_reviews_check(t, cse: int) -> list[Check]:
    """The report's prose count of reviews of sexually exploited young people (report_facts
    cse_reviews_as_worded), against the reviews of sexual abuse; none where the report gives no such count."""
    facts = t["report_facts"].set_index("fact_id")
    if "cse_reviews_as_worded" not in facts.index:
        return []
    fact = facts.loc["cse_reviews_as_worded"]
    worded, reviews = int(fact["value"]), t["reviews"]
    sexual = reviews[reviews.abuse_category == "sexual_abuse"]
    scr = sexual[sexual.review_type == "scr"]
    lr_sizes = [str(int(n)) for n in sexual.loc[sexual.review_type == "lr", "n_children_max"]]
    scr_children = int(scr["n_children_max"].sum())
    parts = ([f"SCR sexual abuse case{'s' if len(scr) != 1 else ''}"] if len(scr) else []) + (
        [f"LR groups of {' and '.join(lr_sizes)}"] if lr_sizes else []
    )
    refs = (
        f"{fact['source_ref']}; {_section(t['abuse_categories'])}; "
        f"{_section(t['age_counts'], t['age_counts'].review_type == 'lr')}"
    )
    return [
        Check(
            f"ETH-{worded}-REVIEWS",
            "ethnicity",
            f"{fact['source_ref']}'s prose counts '{worded} reviews' of young people subject of child "
            "sexual exploitation",
            refs,
            f"{worded} reviews",
            f"{cse} young people in {len(sexual)} reviews ({'; '.join(parts)})",
            worded == len(sexual),
            ""
            if worded == len(sexual)
            else f"{worded} is the number of CSE victims (the table's column heading), not of reviews: the reviews are "
            f"{in_words(len(scr))} serious case review{'s' if len(scr) != 1 else ''} ({scr_children} children) and "
            f"{in_words(len(lr_sizes))} learning reviews ({' and '.join(lr_sizes)}).",
        )
    ]


def ethnicity_checks(t) -> list[Check]:
    eth = t["ethnicity_counts"]
    table, section, ref = _section(eth, whole=True), _section(eth), _stated_ref()
    sex_ref, cat_ref = _section(t["gender_counts"]), _section(t["abuse_categories"])
    out = []
    for pop, label, stated_elsewhere in (
        ("scr", "serious case reviews", _stated_children(t, "scr")),
        ("lr", "learning reviews", _stated_children(t, "lr")),
        ("cse_victims", "CSE victims", None),
    ):
        e = eth[eth.population == pop]
        total = int(e.loc[e.row_kind == "total", "n_children"].iloc[0])
        groups = e[e.row_kind == "group"].set_index("ethnic_group")["n_children"]
        out.append(
            _sum_check(
                f"ETH-{pop.upper()}",
                "ethnicity",
                f"Ethnic groups of {label} against the column's stated total ({section})",
                table,
                total,
                groups[groups > 0].to_dict(),
            )
        )
        if stated_elsewhere is not None:
            out.append(
                Check(
                    f"ETH-{pop.upper()}-{ref}",
                    "ethnicity",
                    f"{section} total for {label} against section {ref}",
                    f"{ref}; {table}",
                    str(stated_elsewhere),
                    str(total),
                    total == stated_elsewhere,
                )
            )
    cse = eth[(eth.population == "cse_victims") & (eth.row_kind == "total")]["n_children"].iloc[0]
    gender = t["gender_counts"]
    lr_cse = int(gender.loc[gender.review_subset == "cse_reviews", "n_children"].sum())
    scr_sexual = int(
        t["abuse_categories"].query("review_type == 'scr' and category == 'sexual_abuse'")["n_children"].sum()
    )
    out.append(
        _sum_check(
            "ETH-CSE-SOURCES",
            "ethnicity",
            f"The {cse} CSE victims against the SCR children subject of sexual exploitation ({cat_ref}) "
            f"and the learning reviews' female victims of child sexual abuse ({sex_ref})",
            f"{sex_ref}; {section}; {cat_ref}",
            cse,
            {f"SCR ({cat_ref})": scr_sexual, f"LR ({sex_ref})": lr_cse},
        )
    )
    wide = eth[eth.row_kind == "group"].pivot(index="ethnic_group", columns="population", values="n_children")
    excess = wide[wide["cse_victims"] > wide["scr"] + wide["lr"]]
    out.append(
        Check(
            "ETH-CSE-WITHIN",
            "ethnicity",
            "Each group's CSE victims are no more than its SCR and LR children together "
            "(the victims are drawn from both)",
            table,
            "CSE ≤ SCR + LR in every group",
            "groups breaking it: " + (", ".join(excess.index) or "none"),
            excess.empty,
        )
    )
    return out + _cse_reviews_check(t, int(cse))


def _census_sum_note(groups: pd.DataFrame, ons: pd.Series) -> str:
    """Why the printed census shares do not add to 100%: the total, and the shares printed more coarsely than most."""
    decimals = groups["as_printed"].map(decimals_of)
    coarse = groups[(decimals < decimals.max()) & groups.ethnic_group.isin(ons.index)]
    words = {0: "whole numbers", 1: "one decimal place"}
    what = "; ".join(
        f"'{r.ethnic_group}' is printed as {r.as_printed} (ONS: {ons[r.ethnic_group]:.2f}%)"
        for r in coarse.itertuples()
    )
    return (
        f"The printed shares add to {round(groups['percent'].sum(), 1):g}%: "
        + (f"{what} and " if what else "")
        + f"the rest are rounded to {words.get(int(decimals.max()), f'{int(decimals.max())} decimal places')}."
    )


def census_checks(t) -> list[Check]:
    rep = t["census_ethnicity_report"]
    groups = rep[rep.row_kind == "group"]
    table = _section(rep, whole=True)
    stated_total = rep.loc[rep.row_kind == "total", "as_printed"].iloc[0]
    ons = census_percent(t["census_ethnicity_ons"])
    ons_counts = t["census_ethnicity_ons"]
    out = [
        Check(
            "CENSUS-SUM",
            "census",
            f"The report's census column against its stated {stated_total}",
            table,
            stated_total,
            " + ".join(groups["as_printed"]) + f" = {round(groups['percent'].sum(), 1):g}%",
            abs(groups["percent"].sum() - 100) < 1e-9,
            _census_sum_note(groups, ons),
        )
    ]
    for r in groups.itertuples():
        if r.ethnic_group not in ons.index:
            out.append(
                Check(
                    f"CENSUS-{r.ethnic_group}",
                    "census",
                    f"'{r.ethnic_group}' census share against ONS QS201EW",
                    f"{table}; QS201EW",
                    r.as_printed,
                    "no ONS category",
                    r.percent == 0,
                    "The census has no 'not recorded' category; the report prints Nil.",
                )
            )
            continue
        d = decimals_of(r.as_printed)
        derived = round_half_up(ons[r.ethnic_group], d)
        note = ""
        if derived != r.percent:
            note = f"ONS gives {ons[r.ethnic_group]:.2f}%, which rounds to {derived:.{d}f}%, not {r.as_printed}."
            if r.ethnic_group == "White Other":
                sub = ons_counts.set_index("ethnic_group")["count"]
                total = int(ons_counts.loc[ons_counts.level == "total", "count"].iloc[0])
                no_traveller = 100 * (sub["White: Irish"] + sub["White: Other White"]) / total
                note += (
                    f" Without Gypsy or Irish Traveller it is {no_traveller:.2f}% "
                    f"(rounds to {round_half_up(no_traveller, 1):g}%), "
                    f"and {ons[r.ethnic_group]:.2f}% truncated is {int(ons[r.ethnic_group] * 10) / 10:g}%: "
                    f"either may explain the printed {r.as_printed}."
                )
        out.append(
            Check(
                f"CENSUS-{r.ethnic_group}",
                "census",
                f"'{r.ethnic_group}' census share against ONS QS201EW, at the printed precision",
                f"{table}; QS201EW",
                r.as_printed,
                f"{ons[r.ethnic_group]:.2f}% → {derived:.{d}f}%",
                derived == r.percent,
                note,
            )
        )
    ons_total = ons_counts.set_index("ethnic_group")["count"]
    sub_ok = all(
        ons_counts[(ons_counts.level == "subgroup") & (ons_counts.parent_group == g)]["count"].sum() == ons_total[g]
        for g in ons_counts.loc[ons_counts.level == "group", "ethnic_group"]
    )
    group_sum = int(ons_counts.loc[ons_counts.level == "group", "count"].sum())
    out.append(
        Check(
            "ONS-SUM",
            "census",
            "ONS groups against all usual residents, and subgroups against each group",
            "QS201EW",
            str(ons_total["All usual residents"]),
            f"{group_sum} (subgroups add to their groups: {'yes' if sub_ok else 'no'})",
            group_sum == ons_total["All usual residents"] and sub_ok,
        )
    )
    return out


def baby_share_check(t) -> list[Check]:
    own = t["local_percentages"].set_index("figure_id").loc["local_babies_share"]
    stated = float(own["percent"])
    ages, reviews = t["age_counts"], t["reviews"]
    babies = ages[ages.age_band == "baby"].groupby("review_type")["n_children"].sum()
    children = {rt: _stated_children(t, rt) for rt in ("scr", "lr")}
    with_baby = reviews[reviews.age_bands.str.split(";").apply(lambda b: "baby" in b)]
    n_reviews = {rt: _stated_reviews(t, rt) for rt in ("scr", "lr")}
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
        dict.fromkeys(f"{_section(ages, sep='; ')}; {own['source_ref']}; {_section(t['abuse_categories'])}".split("; "))
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
        _section(ages, ages.review_type == "lr"),
        _section(cat_rows, cat_rows.review_type == "lr"),
        _section(t["gender_counts"]),
    )
    fixed_words = (
        f" ({' and '.join(fixed)} fixed as "
        f"{' and '.join(dict.fromkeys(c.replace('_', ' ') for c in fixed.values()))} by {a5})"
        if fixed
        else ""
    )
    missing = _stated_children(t, "lr") - int(cats["n_children"].sum())
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


def cse_outcome_checks(t) -> list[Check]:
    """Percentages of CSE cases against the counts of cases closed, if those are their base."""
    m = t["change_measures"]
    closed = m[m.measure_id == "cse_cases_closed"].set_index("period")["value"].astype(int)
    out = []
    for r in m[m.measure_id.isin(["cse_closed_risk_removed_or_low", "cse_escalated_child_protection"])].itertuples():
        base = int(closed[r.period])
        ks = counts_matching(r.value, base)
        near = sorted(range(base + 1), key=lambda k: abs(100 * k / base - r.value))[:2]
        out.append(
            Check(
                f"CSE-{r.measure_id}-{r.period}",
                "what changed",
                f"{r.measure} ({r.period}) as a share of the {base} cases closed that year",
                r.source_ref,
                r.as_stated,
                (
                    f"{ks[0]}/{base} = {100 * ks[0] / base:.1f}%"
                    if ks
                    else "no whole count: " + ", ".join(f"{k}/{base} = {100 * k / base:.1f}%" for k in sorted(near))
                ),
                bool(ks),
                ""
                if ks
                else f"No whole number of the {base} cases closed in {r.period} gives {r.as_stated}; "
                "the percentage must have another base (e.g. all CSE cases open that year), "
                "which the report does not state.",
            )
        )
    return out


def national_checks(t) -> list[Check]:
    figures = t["national_figures"].set_index("figure_id")
    f, ref = figures["value"], figures.loc["csc_receiving_services", "source_ref"]
    return [
        _sum_check(
            "NAT-CSC",
            "national",
            f"DFE-RR226's three shares of children by contact with children's social care ({ref}) make 100%",
            ref,
            100,
            {
                "receiving services": f["csc_receiving_services"],
                "never known": f["csc_never_known"],
                "closed or not accepted": f["csc_closed_or_not_accepted"],
            },
        )
    ]


CHECKS = [
    recommendation_checks,
    children_checks,
    scr_narrative_checks,
    ethnicity_checks,
    census_checks,
    baby_share_check,
    lr_category_check,
    cse_outcome_checks,
    national_checks,
]


def reconcile(tables: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Every reconciliation check as a table: stated, derived, agrees, explanation."""
    t = load_all() if tables is None else tables
    rows = [asdict(c) for check in CHECKS for c in check(t)]
    return pd.DataFrame(rows)
