"""The charts of the abuse-categories report, each returned as ``(fig, alt_text)`` for
:func:`scr_workbench.viz.display.show_figure`, or None when suppression leaves nothing to draw.

- :func:`category_figure` — each category's share of SCR and of LR cases or children, with
  intervals; suppressed cells are not drawn and the alt text names them without a count.
- :func:`neglect_figure` — the local neglect cases against DFE-RR226's neglect figure; rows
  withheld for publication are left out.
"""

from __future__ import annotations

import pandas as pd

from scr_workbench.analyses.abuse_comparisons import national_neglect
from scr_workbench.analyses.abuse_counts import REVIEW_TYPES, category_counts, share_intervals
from scr_workbench.analyses.reader_text import verdict_label
from scr_workbench.analyses.suppression import TOTAL
from scr_workbench.data.dataset import default_dataset
from scr_workbench.data.schemas import REVIEW_TYPE_LABELS
from scr_workbench.stats.intervals import check_level


def _category_title(unit: str, mask: pd.DataFrame | None = None) -> str:
    """The finding of the categories chart: each kind of review's most common category, by ``unit``; a kind whose
    most common category is suppressed is left out (naming it would say which hidden count is largest)."""
    counts = category_counts(unit)
    parts = []
    for column in counts.columns[:2]:
        top = counts[column].drop(TOTAL).idxmax()
        if mask is None or not bool(mask.loc[top, column]):
            parts.append(f"{column} mostly {top}")
    return f"By {unit}: " + ("; ".join(parts).capitalize() if parts else "most common categories suppressed")


def _hidden(mask: pd.DataFrame | None, category: str, group: str) -> bool:
    return mask is not None and bool(mask.loc[category, group])


def category_figure(unit: str = "children", level: float = 0.95, mask: pd.DataFrame | None = None):
    """Grouped bars: each category's share of SCR and of LR cases or children, with intervals.

    Cells hidden in ``mask`` (the suppression of :func:`scr_workbench.analyses.abuse_counts.category_tables`)
    are not drawn and the alt text says which are suppressed, never their count. Returns
    ``(fig, alt)``, or None when no cell with a count is left to draw (a chart of zeros alone compares
    nothing).
    """
    from matplotlib.figure import Figure

    from scr_workbench.viz.charts import house_style, palette

    level = check_level(level, "confidence_level")
    long = share_intervals(unit, level)
    groups = [REVIEW_TYPE_LABELS[t] for t in REVIEW_TYPES]
    long = long[long["population"].isin(groups)]
    drawn = long[[not _hidden(mask, r.category, r.population) for r in long.itertuples()]]
    if not (drawn["k"] > 0).any():
        return None
    categories = list(dict.fromkeys(long["category"]))
    colours = dict(zip(groups, palette(["blue", "orange"]), strict=True))
    hatches = dict(zip(groups, ["", "//"], strict=True))
    offsets = dict(zip(groups, [-0.2, 0.2], strict=True))
    with house_style():
        fig = Figure(figsize=(8, 1.6 + 0.8 * len(categories)), layout="constrained")
        ax = fig.add_subplot()
        for group in groups:
            part = long[long["population"] == group].set_index("category").loc[categories]
            ys = [i + offsets[group] for i in range(len(categories))]
            keep = [not _hidden(mask, c, group) for c in categories]
            ys, part = [y for y, k in zip(ys, keep, strict=True) if k], part[keep]
            ax.barh(
                ys,
                part["share"],
                height=0.4,
                color=colours[group],
                hatch=hatches[group],
                edgecolor="white",
                label=f"{group} (n = {int(long.loc[long['population'] == group, 'n'].iloc[0])} {unit})",
            )
            ax.errorbar(
                part["share"],
                ys,
                xerr=[part["share"] - part["ci_low"], part["ci_high"] - part["share"]],
                fmt="none",
                ecolor="black",
                capsize=3,
                linewidth=1.2,
            )
            for y, r in zip(ys, part.itertuples(), strict=True):
                ax.text(r.ci_high + 1.5, y, f"{r.k} of {r.n}", va="center", fontsize=10)
        ax.set_yticks(range(len(categories)), categories)
        ax.invert_yaxis()
        ax.set_xlim(0, 115)
        ax.set_xticks(range(0, 101, 20))
        ax.set_xlabel(f"Share of the {unit} of each kind of review (%), with {100 * level:g}% interval")
        ax.set_title(_category_title(unit, mask), loc="left")
        ax.grid(axis="y", visible=False)
        fig.legend(loc="outside lower center", ncol=2, frameon=False)
    parts = []
    for category in categories:
        both = long[long["category"] == category].set_index("population")
        parts.append(
            f"{category}: "
            + ", ".join(
                f"{'SCR' if g == groups[0] else 'LR'} suppressed"
                if _hidden(mask, category, g)
                else f"{'SCR' if g == groups[0] else 'LR'} {int(both.loc[g, 'k'])} of {int(both.loc[g, 'n'])} "
                f"({both.loc[g, 'share']:.0f}%, interval {both.loc[g, 'ci_low']:.0f}–{both.loc[g, 'ci_high']:.0f}%)"
                for g in groups
            )
        )
    alt = (
        f"Grouped bar chart of the share of {unit} in each category of abuse, serious case reviews against "
        f"learning reviews, with {100 * level:g}% intervals: " + "; ".join(parts) + "."
    )
    if len(drawn) < len(long):
        alt += " Suppressed counts are not drawn."
    return fig, alt


def neglect_figure(rows: pd.DataFrame, level: float = 0.95):
    """The local neglect cases against DFE-RR226's neglect figure (a bound is drawn as a band), rows withheld for
    publication left out. Returns ``(fig, alt)``, or None when every row is withheld."""
    from scr_workbench.viz.charts import plot_against_reference

    if "withheld" in rows:
        rows = rows[~rows["withheld"].astype(bool)]
    if rows.empty:
        return None
    place, neglect = default_dataset().place, national_neglect()
    records = rows.to_dict("records")
    for r in records:
        r["label"] = str(r["local_population"]).split(" (")[0]
    labels = {verdict_label(r) for r in records}
    return plot_against_reference(
        records,
        title=f"Neglect against DFE-RR226: {labels.pop().lower()}" if len(labels) == 1 else "Neglect against DFE-RR226",
        level=check_level(level, "confidence_level"),
        reference_name=f"DFE-RR226: neglect a feature in {neglect['as stated']}",
        local_name=place,
    )
