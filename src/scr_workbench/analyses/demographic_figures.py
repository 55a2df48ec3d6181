"""The demographics report's figures: ``(fig, alt_text)`` for :func:`scr_workbench.viz.display.show_figure`."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from scr_workbench.analyses.demographic_comparisons import baseline, ethnicity_fit
from scr_workbench.analyses.demographics import NONE_REPORTED, NOT_STATED, TOTAL
from scr_workbench.analyses.reader_text import percent, verdict_label
from scr_workbench.data.dataset import default_dataset
from scr_workbench.data.schemas import REVIEW_TYPE_LABELS
from scr_workbench.data.tables import load_table
from scr_workbench.stats.intervals import check_level


def distribution_figure(
    counts: pd.DataFrame,
    mask: pd.DataFrame | None = None,
    *,
    title: str,
    subject: str = "children",
    symbol: str = "c",
    unreported: pd.DataFrame | None = None,
):
    """Horizontal bars of children per category; for SCR and LR together, stacked. Returns ``(fig, alt_text)``.

    Suppressed cells (``mask``) are not drawn: the bar's label shows ``symbol`` instead, and
    the alt text says which counts are suppressed. A category the report gives no figure for
    (``unreported``) is labelled "none reported" in grey italics, unlike a counted 0.
    """
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    from scr_workbench.viz.charts import house_style, palette

    mask = pd.DataFrame(False, index=counts.index, columns=counts.columns) if mask is None else mask
    body, hide = counts.drop(TOTAL), mask.drop(TOTAL)
    parts = [c for c in counts.columns if c != REVIEW_TYPE_LABELS["all"]]
    total_col = counts.columns[-1]
    colours = dict(zip(parts, palette(["blue", "orange"]), strict=False))  # one or two kinds of review
    hatches = dict(zip(parts, ["", "//"], strict=False))
    with house_style():
        fig = Figure(figsize=(8, 1.4 + 0.5 * len(body)), layout="constrained")
        ax = fig.add_subplot()
        ys = range(len(body))
        for y, category in zip(ys, body.index, strict=True):
            left = 0
            for column in parts:
                value = int(body.loc[category, column])
                if not hide.loc[category, column] and value:
                    ax.barh(
                        y, value, left=left, color=colours[column], hatch=hatches[column], edgecolor="white", height=0.6
                    )
                    left += value
            label = symbol if hide.loc[category, total_col] else str(int(body.loc[category, total_col]))
            if unreported is not None and unreported.loc[category, total_col]:
                ax.text(left + 0.3, y, NONE_REPORTED, va="center", style="italic", color="#666666")
                continue
            if len(parts) > 1 and not hide.loc[category, total_col]:
                shown = [symbol if hide.loc[category, c] else str(int(body.loc[category, c])) for c in parts]
                label += f"  ({' + '.join(shown)})"
            ax.text(left + 0.3, y, label, va="center")
        ax.set_yticks(list(ys), list(body.index))
        ax.invert_yaxis()
        ax.set_xlabel(f"Number of {subject}")
        longest = body[total_col].where(~hide[total_col], 0).max()  # a hidden count must not set the scale
        ax.set_xlim(0, max(1, int(longest)) * 1.25 + 1)
        ax.set_title(title, loc="left")
        ax.grid(axis="y", visible=False)
        if len(parts) > 1:
            ax.legend(
                [Patch(facecolor=colours[c], hatch=hatches[c], edgecolor="white") for c in parts],
                parts,
                loc="lower right",
                frameon=False,
            )
    described = []
    for category in body.index:
        if hide.loc[category, total_col]:
            described.append(f"{category} suppressed")
            continue
        if unreported is not None and unreported.loc[category, total_col]:
            described.append(f"{category} {NONE_REPORTED}")
            continue
        text = f"{category} {int(body.loc[category, total_col])}"
        if len(parts) > 1:
            shown = [f"{symbol if hide.loc[category, c] else int(body.loc[category, c])} in {c.lower()}" for c in parts]
            text += f" ({', '.join(shown)})"
        described.append(text)
    n = counts.loc[TOTAL, total_col]
    total = symbol if mask.loc[TOTAL, total_col] else str(int(n))
    alt = (
        f"Bar chart '{title}': {total} {subject} by category: "
        + "; ".join(described)
        + "."
        + (f" Counts shown as '{symbol}' are suppressed for publication." if hide.to_numpy().any() else "")
    )
    return fig, alt


def distribution_title(counts: pd.DataFrame, mask: pd.DataFrame, who: str, what: str) -> str:
    """The finding of the distribution chart: the largest category and its count, unless that count is suppressed."""
    column = counts.columns[-1]
    body = counts[column].drop([TOTAL, NOT_STATED], errors="ignore")
    top, n = body.idxmax(), int(counts.loc[TOTAL, column])
    if mask.loc[top, column] or mask.loc[TOTAL, column] or not n:
        return f"Children of {who} by {what}"
    k = int(body.max())
    return f"{top[0].upper() + top[1:]}: {k} of the {n} children of {who} ({percent(100 * k / n)})"


def comparison_figure(
    review_type: str,
    dimension: str,
    baseline_name: str,
    rows: pd.DataFrame,
    level: float = 0.95,
    hidden_categories: list[str] | tuple[str, ...] = (),
):
    """The chart for the chosen baseline, or None where there is none. Returns ``(fig, alt_text)``.

    Ethnicity against the census: observed against expected children per group
    (:func:`scr_workbench.viz.charts.plot_observed_expected`), groups hidden by suppression left
    out. Age against DFE-RR226: the local shares with intervals against the national share
    (:func:`scr_workbench.viz.charts.plot_against_reference`), withheld rows drawn without a
    local figure.
    """
    from scr_workbench.viz.charts import plot_against_reference, plot_observed_expected

    if not baseline(review_type, dimension, baseline_name).available:
        return None
    level = check_level(level, "confidence_level")
    place = default_dataset().place
    who = {"scr": "SCR children", "lr": "LR children", "all": "children of all reviews"}[review_type]
    if dimension == "ethnicity":
        gof = ethnicity_fit(review_type, level)
        if hidden_categories:
            kept = tuple(r for r in gof.ratios if r.category not in set(hidden_categories))
            gof = replace(
                gof,
                ratios=kept,
                p_value=float("nan"),  # a function of every count, the hidden ones too
                notes=gof.notes
                + (
                    f"Groups suppressed for publication are left out: {', '.join(hidden_categories)}; "
                    "the test's p-value is withheld.",
                ),
            )
            if not kept:
                return None
        above = max(gof.ratios, key=lambda r: r.observed / r.expected if r.expected else 0)
        title = (
            f"{above.category}: {above.observed} of {gof.n} {who}, {above.expected:.1f} expected from the census"
            if above.expected and above.observed > above.expected
            else f"Ethnic group of the {gof.n} {who} against the 2011 census"
        )
        return plot_observed_expected(
            gof,
            title=title,
            population_label=f"{place}'s 2011 census shares (all ages)",
            subject=who,
        )
    records = []
    for r in rows.to_dict("records"):
        r["label"] = str(r["description"]).split(":")[0] + (" (suppressed)" if r.get("withheld") else "")
        if r.get("withheld"):
            r.update(local_value=float("nan"), ci_low=float("nan"), ci_high=float("nan"), local_k=None)
        records.append(r)
    babies = load_table("national_figures").set_index("figure_id").loc["babies_under_one", "as_stated"]
    labels = {verdict_label(r) for r in records if not r.get("withheld")}
    title = f"Babies against DFE-RR226: {labels.pop().lower()}" if len(labels) == 1 else ""
    return plot_against_reference(
        records,
        title=title or f"Babies in {place}'s reviews against DFE-RR226",
        level=level,
        reference_name=f"DFE-RR226: {babies} of SCRs concerned a baby",
        local_name=place,
    )
