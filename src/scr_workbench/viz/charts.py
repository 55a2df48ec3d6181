"""One house style for the workbench's charts, and the few charts the comparisons need, each with its alt text.

Colours are the Okabe–Ito palette (safe for the common colour-vision deficiencies) and
meaning never rests on colour alone: references are dashed lines, bounds are hatched bands.
Fonts are sized, and figures kept narrow (:data:`FIGURE_WIDTH` inches), so that chart text stays legible
when a phone's 390 px page shrinks the figure. Each helper
returns ``(figure, alt_text)``, the alt text a full sentence with the numbers, because
nbconvert writes none. Figures are built without pyplot, so no backend is chosen here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import matplotlib
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from scr_workbench.viz.literal import LITERAL_TEXT_RC

#: Okabe & Ito (2008), "Color Universal Design", as hex.
OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}

#: Roles in every chart.
LOCAL_COLOUR = OKABE_ITO["blue"]
REFERENCE_COLOUR = OKABE_ITO["vermillion"]
BAND_COLOUR = OKABE_ITO["orange"]
EXPECTED_COLOUR = OKABE_ITO["sky_blue"]

#: Width of every chart in inches: at 96 px per inch about 620 px, so a phone shrinks it by little more than half.
FIGURE_WIDTH = 6.5

#: Matplotlib settings of the house style; sizes in points.
HOUSE_RC: dict[str, object] = {
    "font.size": 13,
    "axes.titlesize": 15,
    "axes.labelsize": 13,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "legend.fontsize": 12,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.prop_cycle": matplotlib.cycler(color=list(OKABE_ITO.values())),
    "figure.dpi": 100,
    "savefig.dpi": 200,
    "savefig.bbox": "tight",
    **LITERAL_TEXT_RC,  # labels come from data: "$5 and $10" is drawn as written, never as mathtext
}


def house_style():
    """Context manager applying :data:`HOUSE_RC` (``with house_style(): ...``)."""
    return matplotlib.rc_context(HOUSE_RC)


#: Characters per line of a category label beside a chart's data area.
LABEL_WIDTH = 24


def wrapped(label: str, width: int = LABEL_WIDTH) -> str:
    """A category label broken into lines of at most ``width`` characters (words kept whole)."""
    import textwrap

    return "\n".join(textwrap.wrap(label, width)) or label


def _percent_text(x: float) -> str:
    """A percentage (0–100) for alt text: whole numbers without decimals (the verdicts' rule, for fractions)."""
    return f"{x:.0f}%" if abs(x - round(x)) < 0.05 else f"{x:.1f}%"


def _rows(rows) -> list[dict]:
    """Comparison rows as dicts, checked for the columns the chart needs."""
    if isinstance(rows, pd.DataFrame):
        records = rows.to_dict("records")
    elif isinstance(rows, Mapping):
        records = [dict(rows)]
    else:
        records = [dict(r) for r in rows]
    if not records:
        raise ValueError("rows must hold at least one comparison, got none")
    needed = ("local_value", "ci_low", "ci_high", "reference_value", "reference_bound_type")
    for i, r in enumerate(records):
        missing = [k for k in needed if k not in r]
        if missing:
            raise ValueError(f"rows must have columns {needed}; row {i} lacks {missing}")
        if r["reference_bound_type"] not in ("point", "lower", "upper"):
            raise ValueError(
                f"rows reference_bound_type must be point, lower or upper; row {i} has {r['reference_bound_type']!r}"
            )
        r.setdefault("label", r.get("comparison_id", f"comparison {i + 1}"))
    return records


def plot_against_reference(
    rows,
    title: str = "Local figures against reference figures",
    level: float = 0.95,
    reference_name: str = "reference figure",
    local_name: str = "Local",
) -> tuple[Figure, str]:
    """Local estimates with interval whiskers against reference lines, or bands where the reference is a bound.

    Parameters
    ----------
    rows : DataFrame or iterable of mappings
        Percent values in columns ``local_value``, ``ci_low``, ``ci_high``, ``reference_value`` and
        ``reference_bound_type`` (point/lower/upper); optional ``label``, ``local_k``, ``local_n``
        and ``reference`` (what each row is compared with, used in the alt text). Registry rows
        can be passed as they are.
    title : str
        Chart title.
    level : float
        Confidence level, for the legend and alt text.
    reference_name : str
        What the references are called in the legend, and in the alt text of rows without a
        ``reference``.
    local_name : str
        What the local estimates are called in the legend and alt text (the place's name).

    Returns
    -------
    (Figure, str)
        The figure and a sentence describing it with its numbers. A lower bound is drawn as a
        band from the bound to 100%, an upper bound from 0% to the bound: the national value lies
        somewhere in the band.
    """
    records = _rows(rows)
    lines = sum(wrapped(str(r["label"])).count("\n") + 1 for r in records)
    height = 1.6 + 0.45 * max(lines, len(records)) + 0.25 * len(records)
    with house_style():
        fig = Figure(figsize=(FIGURE_WIDTH, height), layout="constrained")
        ax = fig.add_subplot()
        for y, r in enumerate(records):
            ref, kind = float(r["reference_value"]), r["reference_bound_type"]
            if kind == "point":
                ax.plot([ref, ref], [y - 0.35, y + 0.35], color=REFERENCE_COLOUR, linestyle="--", linewidth=2)
            else:
                low, high = (ref, 100.0) if kind == "lower" else (0.0, ref)
                ax.fill_betweenx(
                    [y - 0.35, y + 0.35],
                    low,
                    high,
                    color=BAND_COLOUR,
                    alpha=0.3,
                    hatch="//",
                    edgecolor=BAND_COLOUR,
                    linewidth=0,
                )
                ax.plot([ref, ref], [y - 0.35, y + 0.35], color=REFERENCE_COLOUR, linestyle="--", linewidth=2)
            value = float(r["local_value"])
            if not math.isnan(value):
                ax.errorbar(
                    [value],
                    [y],
                    xerr=[[value - float(r["ci_low"])], [float(r["ci_high"]) - value]],
                    fmt="o",
                    color=LOCAL_COLOUR,
                    capsize=5,
                    markersize=8,
                    linewidth=2,
                )
        # Long labels wrap, so that the data area keeps most of the width (unwrapped, they left it a twelfth).
        ax.set_yticks(range(len(records)), [wrapped(str(r["label"])) for r in records])
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_ylim(len(records) - 0.5, -0.5)
        ax.set_xlabel("Percent")
        ax.set_title(title, loc="left")
        ax.grid(axis="y", visible=False)
        handles = [
            Line2D(
                [],
                [],
                marker="o",
                color=LOCAL_COLOUR,
                linewidth=2,
                label=f"{local_name}, with {100 * level:g}% interval",
            ),
            Line2D([], [], color=REFERENCE_COLOUR, linestyle="--", linewidth=2, label=reference_name),
        ]
        if any(r["reference_bound_type"] != "point" for r in records):
            handles.append(
                Patch(
                    facecolor=BAND_COLOUR,
                    alpha=0.3,
                    hatch="//",
                    edgecolor=BAND_COLOUR,
                    label=f"{reference_name} lies in band (bound)",
                )
            )
        fig.legend(handles=handles, loc="outside lower left", ncol=1, frameon=False)
    return fig, _alt_against_reference(records, title, level, reference_name, local_name)


def _alt_against_reference(records, title, level, reference_name, local_name) -> str:
    """Alt text for :func:`plot_against_reference`, one clause per row with its numbers."""
    parts = []
    for r in records:
        ref, kind = float(r["reference_value"]), r["reference_bound_type"]
        name = r["reference"] if isinstance(r.get("reference"), str) else f"the {reference_name}"
        reference = {
            "point": f"{name}, {_percent_text(ref)}",
            "lower": f"{name}, at least {_percent_text(ref)} (shaded from {_percent_text(ref)} to 100%)",
            "upper": f"{name}, at most {_percent_text(ref)} (shaded from 0% to {_percent_text(ref)})",
        }[kind]
        count = ""
        if r.get("local_k") is not None and r.get("local_n") is not None and not pd.isna(r.get("local_k")):
            count = f", {int(r['local_k'])} of {int(r['local_n'])}"
        value = float(r["local_value"])
        if math.isnan(value):
            parts.append(f"{r['label']}: no {local_name} figure, against {reference}")
        else:
            parts.append(
                f"{r['label']}: {local_name} {_percent_text(value)} "
                f"({100 * level:g}% interval {_percent_text(float(r['ci_low']))} "
                f"to {_percent_text(float(r['ci_high']))}{count}) against {reference}"
            )
    with_local = sum(not math.isnan(float(r["local_value"])) for r in records)
    without = len(records) - with_local
    plural = "s" if with_local != 1 else ""
    shown = f"{with_local} {local_name} figure{plural}" + (
        f" and {without} reference figure{'s' if without != 1 else ''} with no {local_name} counterpart"
        if without
        else ""
    )
    return f"Chart '{title}' shows {shown}: " + "; ".join(parts) + "."


def plot_observed_expected(
    result,
    title: str = "Observed and expected children by ethnic group",
    population_label: str = "the 2011 census shares",
    subject: str = "children",
) -> tuple[Figure, str]:
    """Observed counts (with exact intervals) beside the counts population shares predict, one pair per category.

    Parameters
    ----------
    result : GoodnessOfFitResult
        From :func:`scr_workbench.goodness_of_fit.goodness_of_fit`.
    title : str
        Chart title.
    population_label : str
        Where the expected counts come from, for the legend and alt text.
    subject : str
        What is counted, e.g. "SCR children".

    Returns
    -------
    (Figure, str)
        Whiskers are the Clopper–Pearson interval of each observed count (interval on the share × n).
    """
    ratios = getattr(result, "ratios", None)
    if not ratios:
        raise ValueError("result must be a GoodnessOfFitResult with per-category ratios")
    cats = [r.category for r in ratios]
    observed = [r.observed for r in ratios]
    expected = [r.expected for r in ratios]
    low = [r.low * r.expected for r in ratios]
    high = [r.high * r.expected for r in ratios]
    level = ratios[0].level
    with house_style():
        fig = Figure(figsize=(FIGURE_WIDTH, 1.4 + 0.6 * len(cats)), layout="constrained")
        ax = fig.add_subplot()
        ys = range(len(cats))
        ax.barh(
            [y + 0.2 for y in ys],
            expected,
            height=0.4,
            color=EXPECTED_COLOUR,
            hatch="..",
            edgecolor="white",
            label=f"expected from {population_label}",
        )
        ax.barh([y - 0.2 for y in ys], observed, height=0.4, color=LOCAL_COLOUR, label=f"observed {subject}")
        ax.errorbar(
            observed,
            [y - 0.2 for y in ys],
            xerr=[
                [o - lo for o, lo in zip(observed, low, strict=True)],
                [hi - o for o, hi in zip(observed, high, strict=True)],
            ],
            fmt="none",
            ecolor=OKABE_ITO["black"],
            capsize=4,
            linewidth=1.5,
            label=f"{100 * level:g}% interval",
        )
        ax.set_yticks(list(ys), cats)
        ax.invert_yaxis()
        ax.set_xlabel(f"Number of {subject}")
        ax.set_title(title, loc="left")
        ax.grid(axis="y", visible=False)
        handles, labels = ax.get_legend_handles_labels()
        order = [1, 2, 0]  # observed, its interval, expected
        fig.legend(
            [handles[i] for i in order], [labels[i] for i in order], loc="outside lower center", ncol=3, frameon=False
        )
    pairs = "; ".join(
        f"{c} {o} observed ({100 * level:g}% interval {lo:.1f} to {hi:.1f}) against {e:.1f} expected"
        for c, o, e, lo, hi in zip(cats, observed, expected, low, high, strict=True)
    )
    p = result.p_value
    p_text = "p withheld" if p != p else ("p < 0.001" if p < 0.001 else f"p = {p:.3f}")  # NaN: suppressed
    dropped = f" {' '.join(result.notes)}" if getattr(result, "notes", ()) else ""
    alt = (
        f"Bar chart '{title}' of the {result.n} {subject} by category against the numbers expected from "
        f"{population_label}: {pairs}; {result.method} test {p_text}.{dropped}"
    )
    return fig, alt


def palette(names: Iterable[str] | None = None) -> list[str]:
    """Okabe–Ito colours by name (all eight when ``names`` is None), for charts drawn elsewhere."""
    if names is None:
        return list(OKABE_ITO.values())
    out = []
    for name in names:
        if name not in OKABE_ITO:
            raise ValueError(f"names must be Okabe–Ito colour names {sorted(OKABE_ITO)}, got {name!r}")
        out.append(OKABE_ITO[name])
    return out
