"""Categories of abuse in the board's serious case reviews and learning reviews, and what they can be compared with.

The tables behind the abuse-categories report (``notebooks/abuse_categories.ipynb``):

- :func:`category_counts` — cases (reviews) or children per category of abuse, for SCRs,
  LRs and both, with a Total row that matches the stated counts. Where the categories
  hold 39 of the 40 children (reconciliation check CAT-CHILDREN-LR); the missing child is
  shown as :func:`not_categorised`, never assigned to a category.
- :func:`share_intervals` / :func:`shares_table` — each category's share of its kind of
  review, with the registry's Clopper–Pearson interval (:func:`scr_workbench.stats.intervals.proportion_ci`).
- :func:`national_neglect` and :func:`national_rows` — DFE-RR226's "at least 60%" of 139
  reviews with neglect as a feature, and the registry's comparisons with it (on cases: the
  national figure is a share of reviews).
- :func:`fisher_rows` — SCRs against LRs, one Fisher's exact test per category: the
  registry's row where it has one (``sexual_abuse_children_scr_vs_lr``), otherwise the same
  engine (:func:`scr_workbench.stats.two_by_two.compare_groups`, :func:`scr_workbench.comparisons.verdicts.decide`)
  on the same kind of inputs, in the registry's columns.
- :func:`caveats` — the report's own caveat on its counts, the reconciliation, and the counting difference
  from DFE-RR226.
- :func:`category_figure`, :func:`neglect_figure` — ``(fig, alt_text)`` for
  :func:`scr_workbench.viz.display.show_figure`.
"""

from __future__ import annotations

import pandas as pd
from statsmodels.stats.multitest import multipletests

from scr_workbench.analyses.reader_text import (
    comparison_name,
    verdict_label,
    verdicts_markdown,  # noqa: F401 (notebook API)
)
from scr_workbench.checks.reconcile import reconcile
from scr_workbench.comparisons.columns import CI_METHOD, COLUMNS
from scr_workbench.comparisons.row_builders import within_row
from scr_workbench.comparisons.sources import Sources, refs
from scr_workbench.comparisons.verdicts import format_p
from scr_workbench.data.choices import check_choice
from scr_workbench.data.dataset import default_dataset
from scr_workbench.data.schemas import REVIEW_TYPE_LABELS
from scr_workbench.data.stated_counts import stated
from scr_workbench.data.tables import cited_sections, load_table
from scr_workbench.stats.intervals import check_level, proportion_ci

UNITS: tuple[str, ...] = ("children", "cases")
REVIEW_TYPES: tuple[str, ...] = ("scr", "lr")
TOTAL = "Total"


def not_categorised() -> str:
    """Row label for children the categories table leaves without a category."""
    return f"no category in {cited_sections('abuse_categories')}"


CATEGORY_LABELS: dict[str, str] = {
    "physical_abuse": "physical abuse",
    "sexual_abuse": "sexual abuse",
    "neglect": "neglect",
    "emotional_abuse": "emotional abuse",
    "other": "other",
}
#: Registry rows comparing each category's national figure (all on cases).
NATIONAL_ROWS: tuple[str, ...] = ("neglect_scr_reviews", "neglect_all_reviews")


def _unit(unit: str) -> str:
    return check_choice(unit, "unit", UNITS)


def _column(unit: str) -> str:
    return {"children": "n_children", "cases": "n_cases"}[_unit(unit)]


def stated_totals(unit: str) -> dict[str, int]:
    """Children or reviews of each kind as the report states them (dataset.yml references: stated_counts)."""
    return {t: stated("children" if _unit(unit) == "children" else "reviews", t) for t in REVIEW_TYPES}


def category_counts(unit: str = "children") -> pd.DataFrame:
    """Cases or children per category of abuse: SCR, LR and All reviews columns, a Total row from the stated counts.

    Categories appear in the data dictionary's order, those the table lists for either kind of
    review only. Where the categories add up to less than the stated total (the learning
    reviews' children: 39 of 40), the difference is a row of its own, :func:`not_categorised`.
    """
    abuse = load_table("abuse_categories")
    present = [c for c in CATEGORY_LABELS if c in set(abuse["category"])]
    table = (
        abuse.pivot_table(index="category", columns="review_type", values=_column(unit), aggfunc="sum")
        .reindex(index=present, columns=list(REVIEW_TYPES))
        .fillna(0)
        .astype(int)
    )
    totals = stated_totals(unit)
    gap = {t: totals[t] - int(table[t].sum()) for t in REVIEW_TYPES}
    if any(v < 0 for v in gap.values()):
        raise ValueError(f"abuse_categories: the categories' {unit} add up to more than the report states: {gap}")
    table = table.rename(index=CATEGORY_LABELS)
    if any(gap.values()):
        table.loc[not_categorised()] = [gap[t] for t in REVIEW_TYPES]
    table.columns = [REVIEW_TYPE_LABELS[t] for t in REVIEW_TYPES]
    table[REVIEW_TYPE_LABELS["all"]] = table.sum(axis=1)
    table.loc[TOTAL] = table.sum(axis=0)
    table.index.name, table.columns.name = "category", None
    return table


def share_intervals(unit: str = "children", level: float = 0.95) -> pd.DataFrame:
    """Each category's share of its column with the registry's interval (CI_METHOD): one row per category and column."""
    level = check_level(level, "confidence_level")
    counts = category_counts(unit)
    rows = []
    for column in counts.columns:
        n = int(counts.loc[TOTAL, column])
        for category in counts.index.drop(TOTAL):
            ci = proportion_ci(int(counts.loc[category, column]), n, level, CI_METHOD)
            rows.append((category, column, ci.k, n, *ci.as_percent()))
    return pd.DataFrame(rows, columns=["category", "population", "k", "n", "share", "ci_low", "ci_high"])


def shares_table(unit: str = "children", level: float = 0.95) -> pd.DataFrame:
    """Shares as text, "30.8% (12.7–57.6)", one column per kind of review and one for all reviews."""
    long = share_intervals(unit, level)
    long["text"] = [f"{r.share:.1f}% ({r.ci_low:.1f}–{r.ci_high:.1f})" for r in long.itertuples()]
    counts = category_counts(unit)
    table = long.pivot(index="category", columns="population", values="text")
    table = table.reindex(index=counts.index.drop(TOTAL), columns=counts.columns)
    table.columns = [f"{c}: % of {unit} ({100 * check_level(level):g}% interval)" for c in table.columns]
    return table


# --- national context ------------------------------------------------------------------


def national_neglect() -> pd.Series:
    """DFE-RR226's neglect figure as the report quotes it, with its bound and denominator."""
    fig = load_table("national_figures").set_index("figure_id").loc["neglect"]
    finding = load_table("national_findings").set_index("finding_id").loc[fig["finding_id"]]
    return pd.Series(
        {
            "measure": fig["measure"],
            "as stated": f"{fig['hedge']} {fig['as_stated']}".strip(),
            "bound": {
                "lower": "lower bound: the national value is at or above it",
                "upper": "upper bound: the national value is at or below it",
                "point": "point",
            }[fig["bound_type"]],
            "denominator": "unknown" if pd.isna(fig["denominator"]) else f"{int(fig['denominator'])} reviews",
            "where": f"{default_dataset().place} report {fig['source_ref']}; denominator: {fig['denominator_source']}",
            "quote": finding["quote"],
        },
        name="neglect (DFE-RR226)",
    )


def national_rows(registry: pd.DataFrame) -> pd.DataFrame:
    """The registry's comparisons of the local neglect cases with DFE-RR226 (cases: the national
    figure counts reviews)."""
    return registry.set_index("comparison_id").loc[list(NATIONAL_ROWS)].reset_index()


# --- SCR against LR --------------------------------------------------------------------


def _clustering(unit: str) -> str:
    """Children cluster in reviews (the registry's wording); reviews are the independent units."""
    if unit == "cases":
        return ""
    src = Sources()
    return src.clustering(src.review_ids(), sum(stated_totals("children").values()), "children")


def _fisher_row(category: str, unit: str, counts: pd.DataFrame, level: float) -> dict:
    """One category, SCR against LR, by Fisher's exact test, as a registry row (the registry's own builder)."""
    label, place = CATEGORY_LABELS[category], default_dataset().place
    scr, lr = REVIEW_TYPE_LABELS["scr"], REVIEW_TYPE_LABELS["lr"]
    k1, n1 = int(counts.loc[label, scr]), int(counts.loc[TOTAL, scr])
    k2, n2 = int(counts.loc[label, lr]), int(counts.loc[TOTAL, lr])
    labels = (
        (f"{place} SCR children", f"{place} LR children") if unit == "children" else (f"{place} SCRs", f"{place} LRs")
    )
    measure = (
        f"the share in {label.replace(' ', '-')} cases"
        if unit == "children"
        else f"the share of reviews categorised as {label}"
    )
    return within_row(
        level,
        f"{category}_{unit}_scr_vs_lr",
        k1,
        n1,
        k2,
        n2,
        place=place,
        labels=labels,
        measure=measure,
        clustering=_clustering(unit),
        caveats=[],
        description=f"{label.capitalize()}: {unit} in cases so categorised, SCRs against LRs.",
        source_refs=f"{refs(load_table('abuse_categories'))}; abuse_categories",
    )


def fisher_rows(registry: pd.DataFrame, unit: str = "children", level: float = 0.95) -> pd.DataFrame:
    """SCRs against LRs, one Fisher's exact test per category the table lists, with a Holm-adjusted p across them.

    The registry's row is used where it holds the comparison (same id pattern,
    ``<category>_<unit>_scr_vs_lr``); the others are computed with the same engine. The column
    ``p_holm`` adjusts the p-values over the categories tested: one category per case means
    the categories are not independent, and testing several makes one small p more likely.
    The verdicts keep the registry's unadjusted rule.
    """
    level = check_level(level, "confidence_level")
    unit = _unit(unit)
    counts = category_counts(unit)
    ids = set(registry["comparison_id"])
    rows = []
    for category, label in CATEGORY_LABELS.items():
        if label not in counts.index:
            continue
        cid = f"{category}_{unit}_scr_vs_lr"
        if cid in ids:
            rows.append(registry.loc[registry["comparison_id"] == cid].iloc[0].to_dict())
        else:
            rows.append(_fisher_row(category, unit, counts, level))
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["source"] = ["registry" if cid in ids else "computed here" for cid in out["comparison_id"]]
    out["p_holm"] = multipletests(out["p_value"].astype(float), method="holm")[1]
    return out


def fisher_table(rows: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """The Fisher rows for display: both groups' counts and shares, the odds ratio, p and Holm-adjusted p, the rule."""
    level = check_level(level, "confidence_level")
    out = []
    for r in rows.itertuples():
        k2 = round(r.reference_value * r.reference_denominator / 100)
        odds = "n/a" if pd.isna(r.effect) else (f"{r.effect:.3g} ({r.effect_low:.3g}–{r.effect_high:.3g})")
        out.append(
            (
                comparison_name(r._asdict()),
                f"{int(r.local_k)} of {int(r.local_n)} ({r.local_value:.1f}%)",
                f"{r.ci_low:.1f}–{r.ci_high:.1f}%",
                f"{k2} of {int(r.reference_denominator)} ({r.reference_value:.1f}%)",
                odds,
                format_p(r.p_value),
                format_p(r.p_holm),
                verdict_label(r._asdict()),
                r.source,
            )
        )
    return pd.DataFrame(
        out,
        columns=[
            "comparison",
            "SCRs",
            f"SCR {100 * level:g}% interval",
            "LRs",
            f"odds ratio ({100 * level:g}% interval)",
            "Fisher p",
            "Holm-adjusted p",
            "verdict",
            "row from",
        ],
    ).set_index("comparison")


def national_table(rows: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """The national neglect comparisons for display."""
    level = check_level(level, "confidence_level")
    out = []
    for r in rows.itertuples():
        out.append(
            (
                comparison_name(r._asdict()),
                f"{int(r.local_k)} of {int(r.local_n)} ({r.local_value:.1f}%)",
                f"{r.ci_low:.1f}–{r.ci_high:.1f}%",
                r.reference_label,
                r.local_bound,
                format_p(r.p_for_verdict),
                r.p_basis,
                verdict_label(r._asdict()),
            )
        )
    return pd.DataFrame(
        out,
        columns=[
            "comparison",
            f"{default_dataset().place} (cases)",
            f"{100 * level:g}% interval",
            "national figure",
            "local count is",
            "p-value judged",
            "p-value from",
            "verdict",
        ],
    ).set_index("comparison")


# --- caveats ---------------------------------------------------------------------------


def caveats() -> list[str]:
    """The caveats on the categories of abuse, each with the figures or words of the source it rests on."""
    caveat_ref = default_dataset().reference("counts_caveat")
    counts = load_table("review_counts")
    a7 = counts.loc[counts["source_ref"] == caveat_ref, "quote"].iloc[0]
    checks = reconcile().set_index("check_id")
    lr = checks.loc["CAT-CHILDREN-LR"]
    assign = checks.loc["CAT-ASSIGN-LR"]
    neglect = load_table("national_figures").set_index("figure_id").loc["neglect"]
    place, section = default_dataset().place, caveat_ref
    categories = load_table("abuse_categories")["source_ref"].iloc[0].split(" ")[0]
    out = [f"{section}: “{a7}” The tests here show how little such numbers can show; they do not overrule the report."]
    if not lr["agrees"]:
        gap = int(lr["stated"]) - int(lr["derived"].split("=")[-1])
        out.append(
            f"{categories}'s learning-review categories hold {lr['derived'].split('=')[-1].strip()} "
            f"of the {lr['stated']} children of section {default_dataset().reference('stated_counts')} "
            f"(reconciliation check CAT-CHILDREN-LR: {lr['derived']}). "
            f"The missing {'child is' if gap == 1 else f'{gap} children are'} "
            f"shown as '{not_categorised()}', not assigned to a category."
        )
    out.append(
        f"{categories} gives one category per case, while DFE-RR226 counts neglect wherever it "
        f"“was a feature” of a review ({neglect['hedge']} {neglect['as_stated']}), alongside any other harm. A {place} "
        f"case of physical or sexual abuse in which neglect also featured is not counted as neglect here, so {place}'s "
        "neglect count is a minimum, and the national comparison can only be read one way."
    )
    if not assign["agrees"]:
        out.append(
            f"{categories} does not say which learning review had which category, and no reading of the reviews "
            f"fits its counts (CAT-ASSIGN-LR: {assign['explanation']}) The categories are counted as {categories} "
            "lists them, never assigned to reviews."
        )
    reviews = load_table("reviews")
    for r in reviews[(reviews["review_type"] == "scr") & (reviews["abuse_category"] == "other")].itertuples():
        out.append(f"The SCR 'other' case ({r.review_id}): {r.outcome}.")
    return out


# --- figures ---------------------------------------------------------------------------


def _category_title(unit: str) -> str:
    """The finding of the categories chart: each kind of review's most common category, by ``unit``."""
    counts = category_counts(unit)
    parts = [f"{column} mostly {counts[column].drop(TOTAL).idxmax()}" for column in counts.columns[:2]]
    return f"By {unit}: " + "; ".join(parts).capitalize()


def category_figure(unit: str = "children", level: float = 0.95):
    """Grouped bars: each category's share of SCR and of LR cases or children, with intervals.
    Returns ``(fig, alt)``."""
    from matplotlib.figure import Figure

    from scr_workbench.viz.charts import house_style, palette

    level = check_level(level, "confidence_level")
    long = share_intervals(unit, level)
    groups = [REVIEW_TYPE_LABELS[t] for t in REVIEW_TYPES]
    long = long[long["population"].isin(groups)]
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
            ax.barh(
                ys,
                part["share"],
                height=0.4,
                color=colours[group],
                hatch=hatches[group],
                edgecolor="white",
                label=f"{group} (n = {int(part['n'].iloc[0])} {unit})",
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
        ax.set_title(_category_title(unit), loc="left")
        ax.grid(axis="y", visible=False)
        fig.legend(loc="outside lower center", ncol=2, frameon=False)
    parts = []
    for category in categories:
        both = long[long["category"] == category].set_index("population")
        parts.append(
            f"{category}: "
            + ", ".join(
                f"{'SCR' if g == groups[0] else 'LR'} {int(both.loc[g, 'k'])} of {int(both.loc[g, 'n'])} "
                f"({both.loc[g, 'share']:.0f}%, interval {both.loc[g, 'ci_low']:.0f}–{both.loc[g, 'ci_high']:.0f}%)"
                for g in groups
            )
        )
    alt = (
        f"Grouped bar chart of the share of {unit} in each category of abuse, serious case reviews against "
        f"learning reviews, with {100 * level:g}% intervals: " + "; ".join(parts) + "."
    )
    return fig, alt


def neglect_figure(rows: pd.DataFrame, level: float = 0.95):
    """The local neglect cases against DFE-RR226's neglect figure (a bound is drawn as a band).
    Returns ``(fig, alt)``."""
    from scr_workbench.viz.charts import plot_against_reference

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
