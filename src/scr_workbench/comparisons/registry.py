"""The comparison registry: every comparison the report makes, and those the workbench adds, one row each.

Each row carries the local count it rests on (never a number the report does not give), the
interval, the reference and how it was stated, the test, the p-value the verdict was judged
by, the verdict with the id of the rule that chose it, the caveats, and where in the sources
every number comes from. National figures with no local counterpart get a row too, so a
reader can see what was not compared and why. The rows are built by the row families
(:mod:`~scr_workbench.comparisons.national_rows`, :mod:`~scr_workbench.comparisons.census_rows`,
:mod:`~scr_workbench.comparisons.within_rows`, :mod:`~scr_workbench.comparisons.abuse_rows`) from one
dataset's tables (:class:`~.sources.Sources`).
"""

from __future__ import annotations

import re
import textwrap

import pandas as pd

from scr_workbench.cache import data_cached
from scr_workbench.comparisons.abuse_rows import abuse_rows
from scr_workbench.comparisons.census_rows import census_rows, primary_of
from scr_workbench.comparisons.columns import COLUMNS, MONTE_CARLO_SEED
from scr_workbench.comparisons.multiplicity import judge_adjusted
from scr_workbench.comparisons.national_rows import gap_rows, national_rows
from scr_workbench.comparisons.sources import Sources
from scr_workbench.comparisons.verdicts import format_p
from scr_workbench.comparisons.within_rows import reference_line_rows, within_rows
from scr_workbench.data.dataset import Dataset
from scr_workbench.stats.intervals import check_count, check_level

__all__ = ["COLUMNS", "build_registry", "format_registry"]


@data_cached  # depends only on the data and its arguments: computed once per data hash (scr_workbench.cache)
def build_registry(
    confidence_level: float = 0.95, seed: int = MONTE_CARLO_SEED, n_sim: int = 100_000, dataset: Dataset | None = None
) -> pd.DataFrame:
    """Every comparison, one row each, from the dataset's curated tables (read through ``load_table``).

    Parameters
    ----------
    confidence_level : float
        Level of every interval; verdicts judge p-values at alpha = 1 − confidence_level so
        tests and intervals agree.
    seed, n_sim : int
        Monte-Carlo settings, used only if a goodness-of-fit case is too large to enumerate.
    dataset : Dataset, optional
        The board whose tables are compared; the default dataset when omitted.

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS`; values in percent; ``local_k``, ``local_n`` and
        ``reference_denominator`` are nullable integers. ``p_adjusted`` is the Holm p over the
        registry's tests, the p every verdict judges (also in ``p_for_verdict``), ``p_adjusted_bh`` the
        Benjamini–Hochberg p as a sensitivity figure; ``p_review_level`` the same
        question counted by review and ``design_effect_p_max`` the largest p allowing for clustering of children
        in reviews (both empty where not applicable), ``design_effect_p_adjusted`` that p on the Holm scale, the
        one the "holds under clustering" rule judges; ``baseline_population`` which census population a census
        row compares with.
    """
    level = check_level(confidence_level, "confidence_level")
    seed, n_sim = check_count(seed, "seed"), check_count(n_sim, "n_sim", minimum=1)
    src = Sources(dataset)
    national = national_rows(src, level)
    used = {re.search(r"national_figures: (\S+)", r["source_refs"]).group(1) for r in national}
    rows = (
        national
        + census_rows(src, level, seed, n_sim)
        + reference_line_rows(src, level)
        + within_rows(src, level)
        + abuse_rows(src, level)
        + gap_rows(src, used)
    )
    frame = pd.DataFrame(judge_adjusted(rows, primary_of), columns=COLUMNS)
    for column in ("local_k", "local_n", "reference_denominator"):
        frame[column] = frame[column].astype("Int64")
    for column in (
        "local_value",
        "ci_low",
        "ci_high",
        "ci_level",
        "reference_value",
        "p_value",
        "two_sample_p",
        "p_for_verdict",
        "p_adjusted",
        "p_adjusted_bh",
        "p_review_level",
        "design_effect_p_max",
        "design_effect_p_adjusted",
        "effect",
        "effect_low",
        "effect_high",
    ):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    if not frame["comparison_id"].is_unique:
        raise AssertionError("comparison ids must be unique")
    return frame


def _num(x, fmt: str = ".1f") -> str:
    """A number for the text table, 'n/a' when missing."""
    return "n/a" if pd.isna(x) else format(float(x), fmt)


def format_registry(df: pd.DataFrame, width: int = 100) -> str:
    """The registry as readable plain text: one block per comparison, numbers first, verdict last."""
    blocks = []
    for family, group in df.groupby("family", sort=False):
        blocks.append(f"== {family} ({len(group)}) ".ljust(width, "="))
        for _, r in group.iterrows():
            lines = [f"[{r['comparison_id']}] {r['description']}"]
            if not pd.isna(r["local_k"]):
                lines.append(
                    f"Local: {int(r['local_k'])}/{int(r['local_n'])} = {_num(r['local_value'])}% "
                    f"({100 * r['ci_level']:g}% CI {_num(r['ci_low'])}–{_num(r['ci_high'])}, {r['ci_method']})"
                )
            elif not pd.isna(r["local_n"]):
                lines.append(f"Local: n = {int(r['local_n'])}")
            denom = "unknown" if pd.isna(r["reference_denominator"]) else str(int(r["reference_denominator"]))
            value = "" if pd.isna(r["reference_value"]) else f"{_num(r['reference_value'], '.4g')}%, "
            lines.append(
                f"Reference: {r['reference']} — {r['reference_label']} "
                f"[{value}{r['reference_bound_type']}; denominator {denom}]"
            )
            if r["test"] != "none":
                test = f"Test: {r['test']}, p {format_p(r['p_value'])}"
                if not pd.isna(r["two_sample_p"]):
                    test += f"; {r['two_sample_test']}, p {format_p(r['two_sample_p'])}"
                test += f"; judged on p {format_p(r['p_for_verdict'])} ({r['p_basis']})"
                lines.append(test)
                clustered = [
                    f"{name} p {format_p(r[column])}"
                    for name, column in (
                        ("review-level", "p_review_level"),
                        ("design-effect max", "design_effect_p_max"),
                    )
                    if not pd.isna(r[column])
                ]
                if not pd.isna(r["design_effect_by_icc"]):
                    clustered.append(f"design effect by ICC: {r['design_effect_by_icc']}")
                if clustered:
                    lines.append("Clustering: " + "; ".join(clustered))
            if not pd.isna(r["baseline_population"]):
                lines.append(f"Baseline population: {r['baseline_population']}")
            if not pd.isna(r["effect"]):
                lines.append(
                    f"Effect: {r['effect_name']} {_num(r['effect'], '.3g')} "
                    f"({_num(r['effect_low'], '.3g')}–{_num(r['effect_high'], '.3g')})"
                )
            lines += [
                f"Verdict [{r['rule_id']}: {r['verdict_label']}]: {r['verdict']}",
                f"Sources: {r['source_refs']}",
            ]
            blocks.append(
                "\n".join(
                    [textwrap.fill(lines[0], width, subsequent_indent="    ")]
                    + [textwrap.fill(line, width, initial_indent="  ", subsequent_indent="    ") for line in lines[1:]]
                )
            )
        blocks.append("")
    return "\n".join(blocks).rstrip() + "\n"
