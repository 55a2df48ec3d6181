"""The 'What has changed' measures as tables, and how few people can stand behind them."""

from __future__ import annotations

import pandas as pd

from scr_workbench.checks.rounding import decimals_of, smallest_base
from scr_workbench.data.tables import load_table

REACH_UNITS = ("count", "sessions", "days_per_week", "academic_years")


def measures() -> pd.DataFrame:
    """Every figure of the 'What has changed' paragraphs with its heading."""
    m = load_table("change_measures")
    headings = load_table("changes").set_index("item_id")["heading"]
    return m.assign(heading=m.change_item_id.map(headings))


def outcome_measures() -> list[str]:
    """Every measure of the paragraphs that give yearly figures (the outcome paragraphs), in the table's order."""
    m = measures()
    items = set(m[m.measure_id.isin(yearly_measures())].change_item_id)
    return list(dict.fromkeys(m[m.change_item_id.isin(items)].measure_id))


def cse_outcomes() -> pd.DataFrame:
    """CSE outcomes by year (6.17–6.19): one row per measure, one column per year, as printed."""
    m = measures()
    cse = m[m.measure_id.isin(outcome_measures())]
    if cse.empty:  # no paragraph gives figures for more than one year
        return pd.DataFrame(columns=["source"], index=pd.Index([], name="measure"))
    wide = cse.pivot_table(index=["measure_id", "measure"], columns="period", values="as_stated", aggfunc="first")
    wide = wide.reindex(columns=sorted(cse.period.dropna().unique())).fillna("—")
    wide = wide.reindex(outcome_measures(), level="measure_id").droplevel("measure_id")
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
    table = m[m.unit.isin(REACH_UNITS) & ~m.measure_id.isin(outcome_measures())]
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


def yearly_measures() -> list[str]:
    """Percentages the report gives for more than one year, in the table's order (read from the data)."""
    m = measures()
    pct = m[m.unit == "percent"].dropna(subset=["period"])
    years = pct.groupby("measure_id", sort=False)["period"].nunique()
    return [measure_id for measure_id, n in years.items() if n > 1]


def yearly_points(level: float = 0.95) -> pd.DataFrame:
    """Each yearly percentage with the base behind it: stated; else reconciled (a whole count of the year's CSE
    cases closed reproduces it, as the data-quality check finds); else the smallest the printed figure allows.

    ``base`` says which ("stated", "reconciled", "unknown"); ``base_stated`` is True for the first two. The
    interval (Clopper–Pearson, as everywhere) is the one that base gives: where the base is unknown it is
    the smallest possible, the widest interval the figure could carry, and a larger real base would narrow it.
    """
    from scr_workbench.checks.figure_checks import cse_reconciled_counts
    from scr_workbench.comparisons.evidence import CI_METHOD
    from scr_workbench.stats.intervals import proportion_ci

    m = measures()
    reconciled = cse_reconciled_counts({"change_measures": m})
    rows = []
    for measure_id in yearly_measures():
        for r in m[m.measure_id == measure_id].sort_values("period").itertuples():
            if pd.notna(r.denominator):
                n, k, base = int(r.denominator), round(r.value / 100 * int(r.denominator)), "stated"
            elif (measure_id, r.period) in reconciled:
                (k, n), base = reconciled[(measure_id, r.period)], "reconciled"
            else:
                n, k = smallest_base(r.value, decimals_of(r.as_stated))
                base = "unknown"
            ci = proportion_ci(k, n, level=level, method=CI_METHOD)
            rows.append(
                (
                    measure_id,
                    r.measure,
                    r.period,
                    r.value,
                    r.as_stated,
                    k,
                    n,
                    base,
                    base != "unknown",
                    100 * ci.low,
                    100 * ci.high,
                    r.source_ref,
                )
            )
    return pd.DataFrame(
        rows,
        columns=[
            "measure_id",
            "measure",
            "period",
            "value",
            "as_stated",
            "k",
            "n",
            "base",
            "base_stated",
            "ci_low",
            "ci_high",
            "source_ref",
        ],
    )


def _base_words(point) -> str:
    """The base of one yearly point in words: its count where known, else the fewest people it allows."""
    return f"{point.k} of {point.n} cases closed" if point.base_stated else f"at least {point.n} people"


def _overlap(first, last) -> bool:
    return first.ci_low <= last.ci_high and last.ci_low <= first.ci_high


def cse_outcomes_figure(level: float = 0.95):
    """Yearly percentages as dots with intervals and their base, one panel per measure; returns (fig, alt).

    No lines join the years: with bases this small (or unknown), a line would promise a trend the
    figures cannot carry. Each dot is labelled with its count ("17 of 42") where the base is known and
    with the fewest people it allows ("n ≥ 7") where it is not.
    """
    import textwrap

    from matplotlib.figure import Figure

    from scr_workbench.viz.charts import LOCAL_COLOUR, house_style

    points = yearly_points(level)
    ids = list(dict.fromkeys(points.measure_id))
    years = sorted(points.period.unique())
    changes = []
    for measure_id in ids:
        p = points[points.measure_id == measure_id]
        changes.append((p.iloc[0], p.iloc[-1], _overlap(p.iloc[0], p.iloc[-1])))
    within = sum(o for _, _, o in changes)
    if not ids:
        with house_style():
            fig = Figure(figsize=(6.5, 1.5))
            fig.text(0.02, 0.5, "The report gives no percentage for more than one year.", fontsize=13)
        return fig, "No chart of yearly figures: the report gives no percentage for more than one year."
    from scr_workbench.analyses.wording import title as said_title

    title = said_title("what_changed", "chart_title", {"n_yearly": len(ids), "n_unclear": within})
    with house_style():
        fig = Figure(figsize=(6.5, 1.2 + 1.9 * len(ids)), layout="constrained")
        axes = fig.subplots(len(ids), 1, sharex=True, squeeze=False)[:, 0]
        for ax, measure_id in zip(axes, ids, strict=True):
            p = points[points.measure_id == measure_id]
            xs = [years.index(y) for y in p.period]
            ax.errorbar(
                xs,
                p.value,
                yerr=[p.value - p.ci_low, p.ci_high - p.value],
                fmt="o",
                color=LOCAL_COLOUR,
                capsize=5,
                markersize=8,
                linewidth=2,
            )
            for x, r in zip(xs, p.itertuples(), strict=True):
                base = f"{r.k} of {r.n}" if r.base_stated else f"n ≥ {r.n}"
                ax.annotate(
                    f"{r.as_stated}\n{base}", (x, r.value), textcoords="offset points", xytext=(10, -6), fontsize=11
                )
            ax.set_ylim(0, 100)
            ax.set_xlim(-0.5, len(years) - 0.3)
            ax.set_title(
                "\n".join(textwrap.wrap(f"{p.measure.iloc[0]} ({p.source_ref.iloc[0]})", 48)), loc="left", fontsize=12
            )
            ax.set_ylabel("%")
        axes[-1].set_xticks(range(len(years)), years)
        fig.suptitle(title, x=0.02, ha="left", fontsize=14)
    parts = []
    for first, last, overlap in changes:
        parts.append(
            f"{first.measure}: {first.as_stated} in {first.period} ({_base_words(first)}, {100 * level:g}% "
            f"interval {first.ci_low:.0f}% to {first.ci_high:.0f}%) and {last.as_stated} in {last.period} "
            f"({_base_words(last)}, interval {last.ci_low:.0f}% to {last.ci_high:.0f}%); "
            + ("the intervals overlap" if overlap else "the intervals do not overlap")
        )
    alt = (
        f"Dot chart, one panel per measure, '{title}'. Each dot is a yearly percentage as printed, with the "
        "interval its base gives: the count of cases closed that year where that count reproduces the figure, "
        "else the smallest base the printed figure allows, since the report states none: " + "; ".join(parts) + "."
    )
    return fig, alt


def questionnaire() -> pd.DataFrame:
    """The 2014 thresholds questionnaire (5.9) and the shares the next paragraph gives (5.10), with no interval.

    5.9 counts the questionnaires completed; 5.10's shares come from "the audit" and the report does not say
    how many answered each question, or that the questionnaires are their base. An interval needs a base, so
    none is given: borrowing 5.9's count would claim a precision the report does not support.
    """
    m = measures()
    completed = m[m.measure_id == "questionnaires_completed"]
    count = int(completed.value.iloc[0]) if len(completed) else None
    where = completed.source_ref.iloc[0] if len(completed) else ""
    q = m[m.change_item_id == "CH5.10"]
    rows = [
        (r.measure, r.as_stated, "not stated", f"{count} ({where})" if count else "not stated", r.source_ref)
        for r in q.itertuples()
    ]
    return pd.DataFrame(
        rows, columns=["measure", "stated", "base (how many answered)", "questionnaires completed", "source"]
    ).set_index("measure")
