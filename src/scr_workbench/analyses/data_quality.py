"""The data-quality report's tables: the report's census column against ONS, and what stays uncertain."""

from __future__ import annotations

import pandas as pd

from scr_workbench.checks.rounding import decimals_of, round_half_up
from scr_workbench.data.census import census_counts, census_percent
from scr_workbench.data.dataset import default_dataset
from scr_workbench.data.tables import cited_sections, load_table


def census_comparison() -> pd.DataFrame:
    """The report's printed census shares beside the ONS QS201EW counts they should come from."""
    printed = load_table("census_ethnicity_report").query("row_kind == 'group'").set_index("ethnic_group")
    counts, percent = census_counts(), census_percent()
    rows = []
    for group, r in printed.iterrows():
        if group not in counts.index:
            rows.append((group, r.as_printed, pd.NA, pd.NA, "—", r.percent == 0))
            continue
        at_printed = round_half_up(percent[group], decimals_of(r.as_printed))
        rows.append(
            (
                group,
                r.as_printed,
                int(counts[group]),
                round(percent[group], 2),
                f"{at_printed:.{decimals_of(r.as_printed)}f}%",
                at_printed == r.percent,
            )
        )
    table = pd.DataFrame(
        rows,
        columns=[
            "ethnic group",
            f"report ({cited_sections('census_ethnicity_report')})",
            "ONS count",
            "ONS %",
            "ONS % at the report's precision",
            "agrees",
        ],
    ).set_index("ethnic group")
    table["ONS count"] = table["ONS count"].astype("Int64")
    return table


def census_comparison_figure():
    """Dot plot of the printed census shares against ONS; returns (fig, alt)."""
    from matplotlib.figure import Figure

    from scr_workbench.viz.charts import house_style, palette

    table = census_comparison().dropna(subset=["ONS %"])
    place, section = default_dataset().place, cited_sections("census_ethnicity_report")
    printed = load_table("census_ethnicity_report").set_index("ethnic_group").loc[table.index, "percent"]
    with house_style():
        ons_colour, report_colour = palette(["blue", "vermillion"])
        fig = Figure(figsize=(7.5, 3.8))
        ax = fig.subplots()
        y = range(len(table))
        ax.scatter(table["ONS %"].astype(float), y, s=90, color=ons_colour, label="ONS QS201EW (exact)", zorder=3)
        ax.scatter(
            printed,
            y,
            s=90,
            marker="x",
            linewidths=2.5,
            color=report_colour,
            label=f"Report {section} (as printed)",
            zorder=4,
        )
        ax.set_yticks(list(y), table.index)
        ax.set_xscale("log")
        ax.set_xlabel(f"Share of {place}'s usual residents, 2011 (%; log scale)")
        ax.legend(frameon=False, loc="lower right")
        agree = int(table["agrees"].astype(bool).sum())
        ax.set_title(f"Printed shares agree with the official counts for {agree} of {len(table)} groups", loc="left")
    off = table[~table["agrees"].astype(bool)]
    printed_column = table.columns[0]
    coarse = [
        (g, r)
        for g, r in table[table["agrees"].astype(bool)].iterrows()
        if decimals_of(r[printed_column]) == 0 and abs(float(r["ONS %"]) - printed[g]) >= 0.005
    ]
    alt = (
        f"Dot plot comparing the report's printed census shares with the ONS 2011 counts for {place}. "
        + (
            "They agree for every group except "
            + "; ".join(f"{g}: printed {r[printed_column]}, ONS {r['ONS %']:.2f}%" for g, r in off.iterrows())
            + ". "
            if len(off)
            else "They agree for every group. "
        )
        + "".join(
            f"'{g}' is printed as {r[printed_column]} against ONS {r['ONS %']:.2f}%, which agrees only at "
            "whole-percent precision."
            for g, r in coarse
        )
    ).rstrip()
    return fig, alt


def uncertainty_register() -> pd.DataFrame:
    """Everything the curated data mark as uncertain, inferred or unknown, with the reason."""
    rows = []
    for r in load_table("reviews").itertuples():
        if r.n_children_certainty != "stated" or r.abuse_category_certainty != "stated" or r.outcome == "uncertain":
            rows.append(("reviews", r.review_id, r.uncertainty_note))
    for r in load_table("national_figures").itertuples():
        if r.denominator_status == "unknown":
            rows.append(
                (
                    "national_figures",
                    r.figure_id,
                    f"Denominator unknown: '{r.as_stated}' is treated as a fixed national value.",
                )
            )
    for r in load_table("change_measures").itertuples():
        if r.period_basis == "inferred" or r.denominator_status in ("inferred", "unknown"):
            rows.append(("change_measures", f"{r.measure_id} {r.period or ''}".strip(), r.note or "Base not stated."))
    for r in load_table("changes").query("ref_derived").itertuples():
        rows.append(
            (
                "changes",
                r.item_id,
                "Paragraph number lost in conversion; reference derived from the previous numbered paragraph.",
            )
        )
    for r in load_table("age_bands").dropna(subset=["note"]).itertuples():
        rows.append(("age_bands", r.age_band, r.note))
    return pd.DataFrame(rows, columns=["table", "row", "what is uncertain"])


def child_baseline_cross_check() -> pd.DataFrame:
    """The indirect estimate of the children's census baseline against the count, per group, for readers.

    The estimate (all-ages counts times England's share of each group aged 0–17) is what a board without a
    local census table by age would have to use; the count (DC2101EW) is what the comparisons use. Empty where
    the dataset holds no counted table.
    """
    from scr_workbench.data.census_children import estimate_against_count, has_counted_children

    if not has_counted_children():
        return pd.DataFrame()
    frame = estimate_against_count()
    out = pd.DataFrame(
        {
            "children, estimated": frame["estimated"].round().astype(int),
            "children, counted": frame["counted"].round().astype(int),
            "share estimated (%)": frame["estimated_percent"].round(1),
            "share counted (%)": frame["counted_percent"].round(1),
            "estimate minus count (points)": frame["difference_points"].round(1).where(lambda d: d != 0, 0.0),
        }
    )
    out.index.name = "ethnic group"
    return out


def child_baseline_facts() -> dict:
    """What the cross-check shows, for the page's sentence: the widest gap in share and the gap in children."""
    table = child_baseline_cross_check()
    if table.empty:
        return {"counted": False}
    groups = table.drop(index="Total")
    widest = groups["estimate minus count (points)"].abs().idxmax()
    total = table.loc["Total"]
    return {
        "counted": True,
        "place": default_dataset().place,
        "widest_group": widest,
        "widest_points": float(groups.loc[widest, "estimate minus count (points)"]),
        "estimated_total": int(total["children, estimated"]),
        "counted_total": int(total["children, counted"]),
        "total_gap_percent": 100 * (int(total["children, estimated"]) / int(total["children, counted"]) - 1),
    }
