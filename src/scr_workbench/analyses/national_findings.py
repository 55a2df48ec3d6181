"""The DFE-RR226 figures the local report quotes, beside what the board's own reviews found.

The tables behind the national-findings report (``notebooks/national_findings.ipynb``):

- :func:`national_figures` — every percentage DFE-RR226 gives in the report, with its hedge
  kept as a bound ("at least 60%" is a lower bound, "almost two thirds" an upper one) and its
  denominator where known, filtered by the age group of the finding it belongs to.
- :func:`findings_table` — each figure with the local counterpart: the registry's comparisons
  where the report gives a count (babies, neglect), with interval and verdict; otherwise
  :func:`no_count` (the registry's ``no_local_count`` rows). Nothing is
  invented: the numbers all come from :func:`scr_workbench.comparisons.registry.build_registry`.
- :func:`local_echoes` and :func:`echo_quotes_markdown` — the board's learning points, good
  practice and changes coded to the same themes as each finding (:mod:`scr_workbench.coding.themes`).
- :func:`findings_figure` — the national figures as points, or hatched bands from a bound
  towards 0 or 100, with the local estimates and intervals where they exist
  (:func:`scr_workbench.viz.charts.plot_against_reference`). Returns ``(fig, alt_text)``.
"""

from __future__ import annotations

import re

import pandas as pd

from scr_workbench.analyses.reader_text import comparison_name, verdict_label
from scr_workbench.analyses.reader_text import verdicts_markdown as shared_verdicts_markdown
from scr_workbench.checks.reconcile import reconcile
from scr_workbench.coding import themes as T
from scr_workbench.data.choices import check_choice
from scr_workbench.data.dataset import default_dataset
from scr_workbench.data.tables import load_table
from scr_workbench.stats.intervals import check_level
from scr_workbench.viz.literal import data_text

AGE_GROUPS: tuple[str, ...] = T.AGE_GROUPS

#: Short names of the national figures, for tables and the chart.
SHORT_LABELS: dict[str, str] = {
    "csc_receiving_services": "Getting children's social care services",
    "csc_never_known": "Never known to children's social care",
    "csc_closed_or_not_accepted": "Case closed or not accepted at referral",
    "domestic_violence": "Domestic violence",
    "parental_mental_ill_health": "Parental mental ill health",
    "parental_substance_misuse": "Parental substance misuse",
    "any_parental_risk_factor": "At least one of the three parental factors",
    "all_three_parental_risk_factors": "All three parental factors",
    "mothers_under_21_first_child": "Mother under 21 at first child",
    "neglect": "Neglect a feature",
    "past_neglect_suicide_reviews": "Past neglect (suicide reviews)",
    "babies_under_one": "A baby under one",
}
_BOUND_WORDS = {"point": "point", "lower": "lower bound: at or above", "upper": "upper bound: at or below"}


def no_count() -> str:
    """What a table says for a national figure the local report gives no count for."""
    return f"{default_dataset().place}'s report gives no count"


def _age_group(age_group: str) -> str:
    return check_choice(age_group, "age_group", AGE_GROUPS)


def _keep(finding_age_groups: pd.Series, age_group: str) -> pd.Series:
    """Findings of the age group, and those for all ages (as the themes report filters them)."""
    return (
        pd.Series(True, index=finding_age_groups.index)
        if age_group == "all"
        else finding_age_groups.isin([age_group, "all"])
    )


def as_stated(fig) -> str:
    """The figure in the report's words, with a hedge that bounds it ("at least 60%"); "only" and the like dropped."""
    hedge = fig["hedge"] if isinstance(fig["hedge"], str) and fig["bound_type"] != "point" else ""
    return f"{hedge} {fig['as_stated']}".strip()


def national_figures(age_group: str = "all") -> pd.DataFrame:
    """DFE-RR226's percentages as the report quotes them, for findings of ``age_group`` (and those for all ages).

    Columns: figure_id, finding_id, age_group, topic, label, measure, as_stated, value,
    bound_type, denominator (text: a number or "unknown"), source_ref.
    """
    _age_group(age_group)
    figures = load_table("national_figures")
    figures = figures[(figures["unit"] == "percent") & figures["finding_id"].notna()]
    findings = load_table("national_findings").set_index("finding_id")
    out = figures.assign(
        age_group=figures["finding_id"].map(findings["age_group"]), topic=figures["finding_id"].map(findings["topic"])
    )
    out = out[_keep(out["age_group"], age_group)]
    return pd.DataFrame(
        {
            "figure_id": out["figure_id"],
            "finding_id": out["finding_id"],
            "age_group": out["age_group"],
            "topic": out["topic"],
            "label": out["figure_id"].map(SHORT_LABELS).fillna(out["measure"]),
            "measure": out["measure"],
            "as_stated": [as_stated(r) for _, r in out.iterrows()],
            "value": out["value"].astype(float),
            "bound_type": out["bound_type"],
            "denominator": [("unknown" if pd.isna(d) else str(int(d))) for d in out["denominator"]],
            "source_ref": out["source_ref"],
        }
    ).reset_index(drop=True)


def registry_figure_id(source_refs: str) -> str | None:
    """The national figure a registry row rests on, read from its ``source_refs`` ("national_figures: <id>")."""
    match = re.search(r"national_figures: (\S+)", str(source_refs))
    return match.group(1) if match else None


def comparisons(registry: pd.DataFrame, age_group: str = "all") -> pd.DataFrame:
    """The registry's rows for the national figures of ``age_group``: comparisons, and the figures with no count.

    One row per registry comparison (four for babies, two for neglect, one "no local count"
    row for each other figure), in the order of :func:`national_figures`, with the figure's
    ``figure_id``, ``finding_id`` and ``label`` added.
    """
    figures = national_figures(age_group)
    rows = registry[registry["family"].isin(["national", "no_local_count"])].copy()
    rows["figure_id"] = rows["source_refs"].map(registry_figure_id)
    order = {f: i for i, f in enumerate(figures["figure_id"])}
    rows = rows[rows["figure_id"].isin(order)]
    rows = rows.assign(_order=rows["figure_id"].map(order)).sort_values("_order", kind="stable").drop(columns="_order")
    meta = figures.set_index("figure_id")
    rows["finding_id"] = rows["figure_id"].map(meta["finding_id"])
    rows["label"] = rows["figure_id"].map(meta["label"])
    missing = set(order) - set(rows["figure_id"])
    if missing:
        raise ValueError(f"registry has no row for national figure(s) {sorted(missing)}")
    return rows.reset_index(drop=True)


def findings_table(registry: pd.DataFrame, age_group: str = "all", level: float = 0.95) -> pd.DataFrame:
    """Each national figure beside the local one: count, share and interval where the report gives a count, else
    :func:`no_count`."""
    level = check_level(level, "confidence_level")
    figures = national_figures(age_group).set_index("figure_id")
    out = []
    for r in comparisons(registry, age_group).itertuples():
        fig = figures.loc[r.figure_id]
        if pd.isna(r.local_k):
            local, interval, rule = no_count(), "—", verdict_label(r._asdict())
        else:
            local = f"{int(r.local_k)} of {int(r.local_n)} ({r.local_value:.1f}%): {r.local_population}"
            interval, rule = f"{r.ci_low:.1f}–{r.ci_high:.1f}%", verdict_label(r._asdict())
        out.append(
            (
                r.finding_id,
                fig["label"],
                fig["as_stated"],
                _BOUND_WORDS[fig["bound_type"]],
                fig["denominator"],
                local,
                interval,
                rule,
                comparison_name(r._asdict()),
            )
        )
    return pd.DataFrame(
        out,
        columns=[
            "finding",
            "national figure",
            "DFE-RR226",
            "bound",
            "national denominator",
            default_dataset().place,
            f"{100 * level:g}% interval",
            "verdict",
            "comparison",
        ],
    )


def verdicts_markdown(registry: pd.DataFrame, age_group: str = "all") -> str:
    """The verdicts of the comparisons that have a local count, one bullet each."""
    rows = comparisons(registry, age_group)
    return shared_verdicts_markdown(
        rows[rows["local_k"].notna()],
        empty=f"_No national figure of this age group has a {default_dataset().place} count to compare._",
    )


def no_count_summary(registry: pd.DataFrame, age_group: str = "all") -> str:
    """One sentence listing the national figures the local report gives no count for."""
    rows = comparisons(registry, age_group)
    missing = rows[rows["local_k"].isna()]
    figures = national_figures(age_group).set_index("figure_id")
    if missing.empty:
        return f"Every national figure of this age group has a {default_dataset().place} count."
    names = [f"{figures.loc[f, 'label'].lower()} ({figures.loc[f, 'as_stated']})" for f in missing["figure_id"]]
    return (
        f"{no_count()} for {len(missing)} of the {len(figures)} national figures shown: "
        + "; ".join(names)
        + f". None of them is compared, and no {default_dataset().place} figure is invented for them."
    )


def baby_share_note() -> str | None:
    """The report's own share of reviews about babies against the counts it could come from."""
    check = reconcile().set_index("check_id").loc["BABY-SHARE"]
    own = load_table("local_percentages").set_index("figure_id").loc["local_babies_share"]
    national = load_table("national_figures").set_index("figure_id").loc["babies_under_one"]
    return (
        f"{own['source_ref']} states that {check['stated']} of {own['stated_base']} concerned babies; the counts "
        f"the report gives yield {check['derived']} (reconciliation check BABY-SHARE). The registry compares each "
        f"of these with the national {as_stated(national)}."
    )


# --- the board's learning on the same themes -------------------------------------------


def local_echoes(age_group: str = "all") -> pd.DataFrame:
    """Per national finding with a figure: its themes, and the board's items coded to them in the age group."""
    _age_group(age_group)
    themes, codes = T.load_coding()
    items = T.load_items()
    labels = themes.set_index("theme_id")["label"]
    findings = national_figures(age_group).drop_duplicates("finding_id")
    rows = []
    for f in findings.itertuples():
        theme_ids = list(
            codes.loc[(codes["item_kind"] == "national_finding") & (codes["item_id"] == f.finding_id), "theme_id"]
        )
        found = {"learning_point": [], "good_practice": [], "change": []}
        for theme in theme_ids:
            quotes = T.theme_quotes(theme, codes, items, age_group)
            for kind in found:
                found[kind] += [i for i in quotes.loc[quotes["item_kind"] == kind, "item_id"] if i not in found[kind]]
        rows.append(
            (
                f.finding_id,
                f.topic.replace("_", " "),
                ", ".join(labels[t] for t in theme_ids),
                ", ".join(found["learning_point"]) or "none",
                ", ".join(found["good_practice"]) or "none",
                ", ".join(found["change"]) or "none",
            )
        )
    return pd.DataFrame(
        rows,
        columns=[
            "finding",
            "topic",
            "themes",
            f"{default_dataset().place} learning points",
            "good practice",
            "what has changed",
        ],
    ).set_index("finding")


def echo_quotes_markdown(age_group: str = "all") -> str:
    """The board's learning points on each finding's themes, quoted with their references (Markdown)."""
    _age_group(age_group)
    themes, codes = T.load_coding()
    items = T.load_items()
    findings = national_figures(age_group).drop_duplicates("finding_id")
    quotes_by_finding = load_table("national_findings").set_index("finding_id")["quote"]
    parts = []
    for f in findings.itertuples():
        theme_ids = list(
            codes.loc[(codes["item_kind"] == "national_finding") & (codes["item_id"] == f.finding_id), "theme_id"]
        )
        seen, lines = set(), []
        for theme in theme_ids:
            quotes = T.theme_quotes(theme, codes, items, age_group)
            for q in quotes[quotes["item_kind"] == "learning_point"].itertuples():
                if q.item_id in seen:
                    continue
                seen.add(q.item_id)
                mark = "" if q.confidence == "explicit" else " *(interpretive coding)*"
                lines.append(f"- **{data_text(q.item_id)}** ({data_text(q.source_ref)}): “{data_text(q.quote)}”{mark}")
        topic = data_text(f.topic.replace("_", " "))
        parts.append(f"#### {data_text(f.finding_id)}: {topic}\n\n> {data_text(quotes_by_finding[f.finding_id])}\n")
        parts += lines or [
            f"- _No {default_dataset().place} learning point of this age group is coded to the same themes._"
        ]
        parts.append("")
    return "\n".join(parts)


# --- figure ----------------------------------------------------------------------------


def findings_figure(registry: pd.DataFrame, age_group: str = "all", level: float = 0.95):
    """National figures as points or bands, with the local estimates and intervals where they exist. ``(fig, alt)``."""
    from scr_workbench.viz.charts import plot_against_reference

    level = check_level(level, "confidence_level")
    records = []
    for r in comparisons(registry, age_group).to_dict("records"):
        if pd.isna(r["local_k"]):
            r["label"] = f"{r['label']} (no {default_dataset().place} count)"
            r["local_k"] = r["local_n"] = None
        else:
            r["label"] = f"{r['label']}: {r['local_population']}"
        for key in ("local_value", "ci_low", "ci_high"):
            r[key] = float("nan") if pd.isna(r[key]) else float(r[key])
        r["reference"] = "DFE-RR226"
        records.append(r)
    figures = national_figures(age_group)
    with_count = {registry_figure_id(r["source_refs"]) for r in records if r["local_k"] is not None}
    from scr_workbench.analyses.wording import title as said_title

    facts = {"n_counted": len(with_count), "n_figures": len(figures), "place": default_dataset().place}
    title = said_title("national_findings", "chart_title", facts)
    return plot_against_reference(
        records, title=title, level=level, reference_name="DFE-RR226 figure", local_name=default_dataset().place
    )
