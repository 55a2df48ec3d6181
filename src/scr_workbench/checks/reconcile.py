"""Re-derive every total and derived figure the report states from its own parts.

:func:`reconcile` returns one row per check: what the report states, what its parts
give, whether they agree, and an explanation where they do not. A disagreement is a
finding about the source to show users, never an error of the workbench.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from scr_workbench.checks.category_assignment import assignments
from scr_workbench.data.census import census_percent
from scr_workbench.checks.rounding import counts_matching, decimals_of, round_half_up
from scr_workbench.data.tables import load_all
from scr_workbench.data.stated_counts import stated


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


def _sum_check(check_id, topic, description, refs, stated, parts: dict, disagree_note="", agree_note="") -> Check:
    derived = sum(int(v) for v in parts.values())
    expr = " + ".join(f"{_num(v)} {k}" for k, v in parts.items())
    agrees = derived == int(stated)
    return Check(check_id, topic, description, refs, _num(int(stated)), f"{expr} = {derived}", agrees,
                 agree_note if agrees else disagree_note)


def _stated_children(t, review_type: str) -> int:
    return stated("children", review_type, t["review_counts"])


def _stated_reviews(t, review_type: str) -> int:
    return stated("reviews", review_type, t["review_counts"])


def recommendation_checks(t) -> list[Check]:
    rec = t["recommendations"].set_index("recipient")["n_recommendations"]
    return [_sum_check("REC-1", "recommendations", "Recommendations to the Board and to agencies against the stated total",
                       "1.2", rec["total"], {"to the DSCB": rec["board"], "to agencies": rec["agencies"]})]


def children_checks(t) -> list[Check]:
    ages, cats, gender = t["age_counts"], t["abuse_categories"], t["gender_counts"]
    out = []
    for rt, label in (("scr", "serious case reviews"), ("lr", "learning reviews")):
        stated = _stated_children(t, rt)
        a = ages[ages.review_type == rt]
        parts = (a.groupby("age_band", sort=False)["n_children"].sum() if rt == "scr"
                 else a.groupby("review_id", sort=False)["n_children"].sum())
        out.append(_sum_check(f"AGE-{rt.upper()}", "children", f"Children in {label} by {'age (A.1)' if rt == 'scr' else 'review (A.2)'} against section 1.2",
                              "1.2; " + ("A.1" if rt == "scr" else "A.2"), stated, parts.to_dict()))
        c = cats[cats.review_type == rt].set_index("category")
        out.append(_sum_check(f"CAT-CASES-{rt.upper()}", "categories of abuse", f"Cases by category of abuse in {label} against the number of reviews",
                              "1.2; A.8", _stated_reviews(t, rt), c["n_cases"].to_dict()))
        out.append(_sum_check(
            f"CAT-CHILDREN-{rt.upper()}", "categories of abuse", f"Children by category of abuse in {label} against section 1.2",
            "1.2; A.8", stated, c["n_children"].to_dict(),
            disagree_note=("A.8's learning-review categories hold one child fewer than the 40 of section 1.2 and A.2 "
                           "(and A.6's ethnicity column): one child of the learning reviews has no category of abuse "
                           "in A.8. CAT-ASSIGN-LR shows no reading of A.2 fits A.8 exactly.")))
        g = gender[gender.review_type == rt]
        out.append(_sum_check(
            f"GENDER-{rt.upper()}", "gender", f"Children by sex in {label} (A.5) against section 1.2", "1.2; A.5", stated,
            {f"{r.sex} ({r.review_subset})": r.n_children for r in g.itertuples()},
            disagree_note="A.5 gives the sex of 12 of the 13 children in serious case reviews; one child's sex is not stated."))
    return out


def scr_narrative_checks(t) -> list[Check]:
    """A.1's babies and school-aged children against A.8's categories and narrative."""
    cats = t["abuse_categories"].query("review_type == 'scr'").set_index("category")["n_children"]
    ages = t["age_counts"].query("review_type == 'scr'").set_index("age_band")["n_children"]
    return [
        _sum_check("SCR-BABIES", "children", "Babies in serious case reviews (A.1) against A.8's physical-abuse children (all babies per A.8's narrative)",
                   "A.1; A.8", ages["baby"], {"physical abuse": cats["physical_abuse"]}),
        _sum_check("SCR-SCHOOL-AGE", "children", "School-aged children in serious case reviews (A.1) against A.8's neglect (fire), sexual abuse (exploitation) and other (accidental death)",
                   "A.1; A.8", ages["school_age"], {"neglect": cats["neglect"], "sexual abuse": cats["sexual_abuse"], "other": cats["other"]}),
    ]


def ethnicity_checks(t) -> list[Check]:
    eth = t["ethnicity_counts"]
    out = []
    for pop, label, stated_elsewhere in (("scr", "serious case reviews", _stated_children(t, "scr")),
                                         ("lr", "learning reviews", _stated_children(t, "lr")),
                                         ("cse_victims", "CSE victims", None)):
        e = eth[eth.population == pop]
        total = int(e.loc[e.row_kind == "total", "n_children"].iloc[0])
        groups = e[e.row_kind == "group"].set_index("ethnic_group")["n_children"]
        out.append(_sum_check(f"ETH-{pop.upper()}", "ethnicity", f"Ethnic groups of {label} against the column's stated total (A.6)",
                              "A.6 table", total, groups[groups > 0].to_dict()))
        if stated_elsewhere is not None:
            out.append(Check(f"ETH-{pop.upper()}-1.2", "ethnicity", f"A.6 total for {label} against section 1.2", "1.2; A.6 table",
                             str(stated_elsewhere), str(total), total == stated_elsewhere))
    cse = eth[(eth.population == "cse_victims") & (eth.row_kind == "total")]["n_children"].iloc[0]
    gender = t["gender_counts"]
    lr_cse = int(gender.loc[gender.review_subset == "cse_reviews", "n_children"].sum())
    scr_sexual = int(t["abuse_categories"].query("review_type == 'scr' and category == 'sexual_abuse'")["n_children"].iloc[0])
    out.append(_sum_check("ETH-CSE-SOURCES", "ethnicity", "The 34 CSE victims against the SCR children subject of sexual exploitation (A.8) and the learning reviews' female victims of child sexual abuse (A.5)",
                          "A.5; A.6; A.8", cse, {"SCR (A.8)": scr_sexual, "LR (A.5)": lr_cse}))
    wide = eth[eth.row_kind == "group"].pivot(index="ethnic_group", columns="population", values="n_children")
    excess = wide[wide["cse_victims"] > wide["scr"] + wide["lr"]]
    out.append(Check("ETH-CSE-WITHIN", "ethnicity", "Each group's CSE victims are no more than its SCR and LR children together (the victims are drawn from both)",
                     "A.6 table", "CSE ≤ SCR + LR in every group", "groups breaking it: " + (", ".join(excess.index) or "none"),
                     excess.empty))
    out.append(Check("ETH-34-REVIEWS", "ethnicity", "A.6's prose counts '34 reviews' of young people subject of child sexual exploitation",
                     "A.6; A.8; A.2", "34 reviews", f"{cse} young people in 3 reviews (SCR sexual abuse case; LR groups of 7 and 25)", False,
                     "34 is the number of CSE victims (the table's column heading), not of reviews: the reviews are one serious case review (2 children) and two learning reviews (7 and 25)."))
    return out


def census_checks(t) -> list[Check]:
    rep = t["census_ethnicity_report"]
    groups = rep[rep.row_kind == "group"]
    stated_total = rep.loc[rep.row_kind == "total", "as_printed"].iloc[0]
    out = [Check("CENSUS-SUM", "census", "The report's census column against its stated 100%", "A.6 table", stated_total,
                 " + ".join(groups["as_printed"]) + f" = {round(groups['percent'].sum(), 1):g}%",
                 abs(groups["percent"].sum() - 100) < 1e-9,
                 "The printed shares add to 99.5%: 'Other' is printed as 1% (ONS: 1.35%) and the rest are rounded to one decimal place.")]
    ons = census_percent(t["census_ethnicity_ons"])
    ons_counts = t["census_ethnicity_ons"]
    for r in groups.itertuples():
        if r.ethnic_group not in ons.index:
            out.append(Check(f"CENSUS-{r.ethnic_group}", "census", f"'{r.ethnic_group}' census share against ONS QS201EW", "A.6 table; QS201EW",
                             r.as_printed, "no ONS category", r.percent == 0, "The census has no 'not recorded' category; the report prints Nil."))
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
                note += (f" Without Gypsy or Irish Traveller it is {no_traveller:.2f}% (rounds to {round_half_up(no_traveller, 1):g}%), "
                         f"and {ons[r.ethnic_group]:.2f}% truncated is {int(ons[r.ethnic_group] * 10) / 10:g}%: either may explain the printed 4.9%.")
        out.append(Check(f"CENSUS-{r.ethnic_group}", "census", f"'{r.ethnic_group}' census share against ONS QS201EW, at the printed precision",
                         "A.6 table; QS201EW", r.as_printed, f"{ons[r.ethnic_group]:.2f}% → {derived:.{d}f}%", derived == r.percent, note))
    ons_total = ons_counts.set_index("ethnic_group")["count"]
    sub_ok = all(
        ons_counts[(ons_counts.level == "subgroup") & (ons_counts.parent_group == g)]["count"].sum() == ons_total[g]
        for g in ons_counts.loc[ons_counts.level == "group", "ethnic_group"])
    group_sum = int(ons_counts.loc[ons_counts.level == "group", "count"].sum())
    out.append(Check("ONS-SUM", "census", "ONS groups against all usual residents, and subgroups against each group", "QS201EW",
                     str(ons_total["All usual residents"]), f"{group_sum} (subgroups add to their groups: {'yes' if sub_ok else 'no'})",
                     group_sum == ons_total["All usual residents"] and sub_ok))
    return out


def baby_share_check(t) -> list[Check]:
    stated = float(t["local_percentages"].set_index("figure_id").loc["local_babies_share", "percent"])
    ages, reviews = t["age_counts"], t["reviews"]
    babies = ages[ages.age_band == "baby"].groupby("review_type")["n_children"].sum()
    children = {rt: _stated_children(t, rt) for rt in ("scr", "lr")}
    with_baby = reviews[reviews.age_bands.str.split(";").apply(lambda b: "baby" in b)]
    n_reviews = {rt: _stated_reviews(t, rt) for rt in ("scr", "lr")}
    candidates = {
        "babies among SCR children": (babies["scr"], children["scr"]),
        "babies among all children": (babies.sum(), sum(children.values())),
        "SCRs concerning a baby": ((with_baby.review_type == "scr").sum(), n_reviews["scr"]),
        "reviews concerning a baby": (len(with_baby), sum(n_reviews.values())),
    }
    parts = [f"{k}: {n}/{d} = {100 * n / d:.1f}%" for k, (n, d) in candidates.items()]
    matches = [k for k, (n, d) in candidates.items() if round_half_up(100 * n / d) == stated]
    return [Check("BABY-SHARE", "age", "A.4's 30% of local reviews held in respect of babies, against every count the text gives",
                  "A.1; A.2; A.4; A.8", f"{stated:g}%", "; ".join(parts), bool(matches),
                  "" if matches else
                  "No count the text gives rounds to 30%. The nearest is 4 babies among the 13 SCR children (30.8%, which rounds to 31%): "
                  "the 30% looks like a share of SCR children, not of reviews, while the national 36% it is set against is a share of reviews.")]


def lr_category_check(t) -> list[Check]:
    lr = t["reviews"].query("review_type == 'lr'")
    children = dict(zip(lr.review_id, lr.n_children_max.astype(int)))
    fixed = dict(zip(lr.loc[lr.abuse_category_certainty != "uncertain", "review_id"],
                     lr.loc[lr.abuse_category_certainty != "uncertain", "abuse_category"]))
    cats = t["abuse_categories"].query("review_type == 'lr'").set_index("category")
    found = assignments(children, cats["n_cases"].to_dict(), cats["n_children"].to_dict(), fixed)
    exact = [a for a in found if a.total_discrepancy == 0]
    best = [a for a in found if a.total_discrepancy == found[0].total_discrepancy]
    describe = " | ".join(
        ", ".join(f"{r}={c}" for r, c in a.categories.items() if r not in fixed)
        + " (" + ", ".join(f"{c} {d:+d}" for c, d in a.child_discrepancy.items() if d) + ")" for a in best)
    return [Check("CAT-ASSIGN-LR", "categories of abuse",
                  "Can A.8's learning-review categories be given to the A.2 reviews so that cases and children both match? "
                  "(LR5 and LR6 fixed as sexual abuse by A.5)", "A.2; A.5; A.8",
                  "an assignment matching A.8", f"{len(exact)} exact of {len(found)} matching the case counts; closest: {describe}",
                  bool(exact),
                  "" if exact else
                  f"No assignment fits both counts: the best {len(best)} each miss A.8 by {found[0].total_discrepancy} "
                  "child(ren), the one child CAT-CHILDREN-LR finds missing. Which review had which category therefore "
                  "stays uncertain in the reviews table.")]


def cse_outcome_checks(t) -> list[Check]:
    """Percentages of CSE cases (6.17) against the counts of cases closed, if those are their base."""
    m = t["change_measures"]
    closed = m[m.measure_id == "cse_cases_closed"].set_index("period")["value"].astype(int)
    out = []
    for r in m[m.measure_id.isin(["cse_closed_risk_removed_or_low", "cse_escalated_child_protection"])].itertuples():
        base = int(closed[r.period])
        ks = counts_matching(r.value, base)
        near = sorted(range(base + 1), key=lambda k: abs(100 * k / base - r.value))[:2]
        out.append(Check(
            f"CSE-{r.measure_id}-{r.period}", "what changed", f"{r.measure} ({r.period}) as a share of the {base} cases closed that year",
            "6.17", r.as_stated, (f"{ks[0]}/{base} = {100 * ks[0] / base:.1f}%" if ks else
                                  "no whole count: " + ", ".join(f"{k}/{base} = {100 * k / base:.1f}%" for k in sorted(near))),
            bool(ks),
            "" if ks else f"No whole number of the {base} cases closed in {r.period} gives {r.as_stated}; "
                          "the percentage must have another base (e.g. all CSE cases open that year), which the report does not state."))
    return out


def national_checks(t) -> list[Check]:
    f = t["national_figures"].set_index("figure_id")["value"]
    return [_sum_check("NAT-CSC", "national", "DFE-RR226's three shares of children by contact with children's social care (3.3) make 100%",
                       "3.3", 100, {"receiving services": f["csc_receiving_services"], "never known": f["csc_never_known"],
                                    "closed or not accepted": f["csc_closed_or_not_accepted"]})]


CHECKS = [recommendation_checks, children_checks, scr_narrative_checks, ethnicity_checks, census_checks,
          baby_share_check, lr_category_check, cse_outcome_checks, national_checks]


def reconcile(tables: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Every reconciliation check as a table: stated, derived, agrees, explanation."""
    t = load_all() if tables is None else tables
    rows = [asdict(c) for check in CHECKS for c in check(t)]
    return pd.DataFrame(rows)
