"""The 'What has changed' measures as tables, and how few people can stand behind them."""

from __future__ import annotations

import pandas as pd

from scr_workbench.checks.rounding import decimals_of, smallest_base
from scr_workbench.data.tables import load_table

CSE_MEASURES = [
    "cse_cases_closed",
    "cse_closed_risk_removed_or_low",
    "cse_escalated_child_protection",
    "cse_high_risk_reduced_3_months",
    "cse_felt_listened_to",
    "cse_meetings_supportive",
    "cse_better_understanding",
    "cse_agreed_plan",
]
REACH_UNITS = ("count", "sessions", "days_per_week", "academic_years")


def measures() -> pd.DataFrame:
    """Every figure of the 'What has changed' paragraphs with its heading."""
    m = load_table("change_measures")
    headings = load_table("changes").set_index("item_id")["heading"]
    return m.assign(heading=m.change_item_id.map(headings))


def cse_outcomes() -> pd.DataFrame:
    """CSE outcomes by year (6.17–6.19): one row per measure, one column per year, as printed."""
    m = measures()
    cse = m[m.measure_id.isin(CSE_MEASURES)]
    wide = cse.pivot_table(index=["measure_id", "measure"], columns="period", values="as_stated", aggfunc="first")
    wide = wide.reindex(columns=["2011-12", "2012-13", "2013-14"]).fillna("—")
    wide = wide.reindex(CSE_MEASURES, level="measure_id").droplevel("measure_id")
    wide.columns.name = None
    wide["source"] = [cse.loc[cse.measure == name, "source_ref"].iloc[0] for name in wide.index]
    return wide


def smallest_bases() -> pd.DataFrame:
    """For each percentage whose base is not stated: the fewest people who could give it.

    85.7% can only come from at least 7 people (6 of 7); a 100% can come from one. The
    table shows how little a percentage with no base can carry.
    """
    m = measures()
    pct = m[(m.unit == "percent") & (m.denominator_status == "unknown")]
    rows = []
    for r in pct.itertuples():
        base, count = smallest_base(r.value, decimals_of(r.as_stated))
        rows.append((r.measure, r.period, r.as_stated, base, f"{count} of {base}", r.source_ref))
    return pd.DataFrame(
        rows, columns=["measure", "period", "stated", "smallest possible base", "as", "source"]
    ).set_index("measure")


def reach() -> pd.DataFrame:
    """Training, campaign and service figures (counts), with their hedges."""
    m = measures()
    table = m[m.unit.isin(REACH_UNITS) & ~m.measure_id.isin(CSE_MEASURES)]
    return table.assign(
        figure=[(f"{h} " if isinstance(h, str) else "") + s for h, s in zip(table.hedge, table.as_stated, strict=True)],
    )[["heading", "measure", "figure", "unit", "period", "source_ref"]].set_index("measure")


def audits() -> pd.DataFrame:
    """Every audit the changes mention, with the figures given (most give none)."""
    changes = load_table("changes")
    m = measures()
    audit = changes[changes.quote.str.contains(r"\baudit", case=False)]
    rows = []
    for r in audit.itertuples():
        figures = m[m.change_item_id == r.item_id]
        given = (
            "; ".join(
                f"{f.measure}: {f.as_stated} ({f.period})"
                if isinstance(f.period, str)
                else f"{f.measure}: {f.as_stated}"
                for f in figures.itertuples()
            )
            or "no figures given"
        )
        rows.append((r.source_ref, r.heading, given))
    return pd.DataFrame(rows, columns=["paragraph", "heading", "figures given"]).set_index("paragraph")


def cse_outcomes_figure():
    """CSE percentages by year, with no intervals because the bases are not stated; returns (fig, alt)."""
    from matplotlib.figure import Figure

    from scr_workbench.viz.charts import house_style, palette

    m = measures()
    years = ["2011-12", "2012-13", "2013-14"]
    shown = {
        "cse_closed_risk_removed_or_low": "Cases closed: risk removed or reduced to low (6.17)",
        "cse_escalated_child_protection": "Cases escalated to child protection (6.17)",
        "cse_high_risk_reduced_3_months": "High-risk young people: risk reduced within 3 months (6.18)",
    }
    markers = ["o", "s", "^"]
    with house_style():
        fig = Figure(figsize=(7.5, 4.2))
        ax = fig.subplots()
        for colour, marker, measure_id in zip(palette(["blue", "orange", "bluish_green"]), markers, shown, strict=True):
            rows = m[m.measure_id == measure_id].set_index("period").reindex(years).dropna(subset=["value"])
            ax.plot(
                [years.index(p) for p in rows.index],
                rows.value,
                marker=marker,
                markersize=9,
                linewidth=2,
                color=colour,
                label=shown[measure_id],
            )
            for p, v in rows.value.items():
                ax.annotate(f"{v:g}%", (years.index(p), v), textcoords="offset points", xytext=(8, 4))
        ax.set_xticks(range(len(years)), years)
        ax.set_ylim(0, 100)
        ax.set_ylabel("Percent (base not stated)")
        ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.12), fontsize="small")
    alt = (
        "Line chart of three CSE outcome percentages by year. Cases closed because the risk was removed or reduced "
        "to low rose from 28% (2012-13) to 40% (2013-14); cases escalated to child protection fell from 36% to 7%; "
        "young people assessed high risk whose risk was removed or reduced within 3 months rose from 45% (2011-12) "
        "to 54% (2012-13) and 85.7% (2013-14). No intervals are drawn because the report does not state how many "
        "young people or cases each percentage is of."
    )
    return fig, alt


def questionnaire(level: float = 0.95) -> pd.DataFrame:
    """The 2014 thresholds questionnaire (5.9–5.10): each share with a Wilson interval.

    The base is taken as the 526 questionnaires completed; the report does not say how
    many answered each question, so the intervals are a best case (narrowest possible).
    """
    from scr_workbench.stats.intervals import proportion_ci

    m = measures()
    q = m[m.change_item_id == "CH5.10"]
    rows = []
    for r in q.itertuples():
        n = int(r.denominator)
        k = round(r.value / 100 * n)
        ci = proportion_ci(k, n, level=level, method="wilson")
        rows.append(
            (
                r.measure,
                r.as_stated,
                n,
                k,
                f"{100 * ci.low:.1f}%–{100 * ci.high:.1f}%",
                r.denominator_status,
                r.source_ref,
            )
        )
    return pd.DataFrame(
        rows,
        columns=[
            "measure",
            "stated",
            "base (inferred)",
            "count implied",
            f"{level:.0%} Wilson interval",
            "base status",
            "source",
        ],
    ).set_index("measure")
