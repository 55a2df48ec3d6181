"""Checks of the ethnicity table against the report's other counts, and of its census column against ONS."""

from __future__ import annotations

import pandas as pd

from scr_workbench.checks.check_rows import Check, sections_of, stated_children, stated_ref, sum_check
from scr_workbench.checks.rounding import decimals_of, round_half_up
from scr_workbench.data.census import census_percent
from scr_workbench.data.words import in_words


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
        f"{fact['source_ref']}; {sections_of(t['abuse_categories'])}; "
        f"{sections_of(t['age_counts'], t['age_counts'].review_type == 'lr')}"
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
    table, section, ref = sections_of(eth, whole=True), sections_of(eth), stated_ref()
    sex_ref, cat_ref = sections_of(t["gender_counts"]), sections_of(t["abuse_categories"])
    out = []
    for pop, label, stated_elsewhere in (
        ("scr", "serious case reviews", stated_children(t, "scr")),
        ("lr", "learning reviews", stated_children(t, "lr")),
        ("cse_victims", "CSE victims", None),
    ):
        e = eth[eth.population == pop]
        total = int(e.loc[e.row_kind == "total", "n_children"].iloc[0])
        groups = e[e.row_kind == "group"].set_index("ethnic_group")["n_children"]
        out.append(
            sum_check(
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
        sum_check(
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
    table = sections_of(rep, whole=True)
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
