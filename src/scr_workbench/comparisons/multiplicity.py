"""Multiple testing across the whole registry: one Holm adjustment over every test, then the verdicts.

The registry holds some 35 tests on overlapping populations (32 of the 34 CSE victims are
learning-review children), so a p-value below 0.05 in one row means little on its own. Every
row is adjusted once, registry-wide, by Holm, which controls the chance of any false finding
whatever the dependence between the tests; Benjamini–Hochberg, whose false-discovery-rate
guarantee needs independence or positive dependence, is kept as a sensitivity column
(``p_adjusted_bh``). The verdict rules judge the Holm-adjusted p.
Rows declare their ``family`` (national, census, within
the board, reference line) so a reader can see which tests belong together; the adjustment does
not depend on it. A sensitivity row (the same question against another baseline) is adjusted as
if it replaced its primary row, so it neither counts as an extra test nor escapes adjustment.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable

import numpy as np
import pandas as pd
from statsmodels.stats.multitest import multipletests

from scr_workbench.comparisons.columns import EVIDENCE
from scr_workbench.comparisons.verdicts import ADJUSTMENT, SENSITIVITY_ADJUSTMENT, decide, verdict_label

#: statsmodels' name of each adjustment the registry can report.
METHODS = {"Benjamini–Hochberg": "fdr_bh", "Holm": "holm"}


def adjust(p_values, method: str = ADJUSTMENT) -> np.ndarray:
    """Adjusted p-values (statsmodels ``multipletests``) by ``method``, one of :data:`METHODS`."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {sorted(METHODS)}, got {method!r}")
    p = np.asarray(p_values, dtype=float)
    if p.size == 0:
        return p
    if np.isnan(p).any() or (p < 0).any() or (p > 1).any():
        raise ValueError("p_values must be numbers between 0 and 1")
    # statsmodels' Holm branch calls gc.collect() on every call: with pandas and scipy loaded that walks
    # every object (0.1 s a call, 3.4 of the registry's 7 s cold). Frozen objects are skipped; unfrozen after.
    ours = gc.get_freeze_count() == 0  # never unfreeze what someone else froze
    if ours:
        gc.freeze()
    try:
        return multipletests(p, method=METHODS[method])[1]
    finally:
        if ours:
            gc.unfreeze()


def registry_adjusted(
    rows: list[dict], primary_of: Callable[[str], str | None], method: str = ADJUSTMENT
) -> dict[str, float]:
    """Adjusted p by comparison id for every tested row (``test`` not "none").

    ``primary_of(cid)`` names the primary row a sensitivity row stands in for (None for a primary row).
    Primary rows are adjusted together; each set of sensitivity rows is adjusted with the primary rows it
    replaces swapped out.
    """
    tested = [r for r in rows if r["test"] != "none"]
    primary = [r for r in tested if primary_of(r["comparison_id"]) is None]
    p = {r["comparison_id"]: float(r["p_for_verdict"]) for r in tested}
    ids = [r["comparison_id"] for r in primary]
    adjusted = dict(zip(ids, adjust([p[i] for i in ids], method), strict=True))
    swaps = {r["comparison_id"]: primary_of(r["comparison_id"]) for r in tested if r not in primary}
    if swaps:
        replaced = {v: k for k, v in swaps.items()}
        swapped = [replaced.get(i, i) for i in ids]
        adjusted_swapped = dict(zip(swapped, adjust([p[i] for i in swapped], method), strict=True))
        adjusted.update({cid: adjusted_swapped[cid] for cid in swaps})
    return {cid: float(v) for cid, v in adjusted.items()}


def adjusted_in_place(rows: list[dict], primary_of: Callable[[str], str | None], cid: str, p: float) -> float:
    """The adjusted p that row ``cid`` would get if its p were ``p`` (every other test as it is).

    Used for a row's clustered p (design effect, review level), so that the rule deciding whether a finding
    holds under clustering judges it on the same adjusted scale as significance.
    """
    swapped = [dict(r, p_for_verdict=p) if r["comparison_id"] == cid else r for r in rows]
    return registry_adjusted(swapped, primary_of)[cid]


def judge_adjusted(rows: list[dict], primary_of: Callable[[str], str | None]) -> list[dict]:
    """The rows with ``p_adjusted`` set and every verdict judged again on it, the unadjusted p shown beside it."""
    adjusted = registry_adjusted(rows, primary_of)
    sensitivity = registry_adjusted(rows, primary_of, SENSITIVITY_ADJUSTMENT)
    n_tests = sum(1 for r in rows if r["test"] != "none" and primary_of(r["comparison_id"]) is None)
    out = []
    for row in rows:
        row = dict(row)
        cid, evidence = row["comparison_id"], row.get(EVIDENCE)
        if cid in adjusted and evidence is not None:
            p_adj = adjusted[cid]
            clustered = {
                name: adjusted_in_place(rows, primary_of, cid, getattr(evidence, name))
                for name in ("design_effect_p_max", "p_review_level")
                if getattr(evidence, name) is not None
            }
            evidence = dataclasses.replace(
                evidence,
                **clustered,
                p_raw=evidence.p_value,
                p_raw_label=evidence.p_label,
                p_value=p_adj,
                p_label=f"{ADJUSTMENT}-adjusted p",
            )
            verdict = decide(evidence)
            row.update(
                p_adjusted=p_adj,
                p_adjusted_bh=sensitivity[cid],
                design_effect_p_adjusted=clustered.get("design_effect_p_max", pd.NA),
                p_for_verdict=p_adj,
                p_basis=f"{row['p_basis']}, {ADJUSTMENT}-adjusted over the registry's {n_tests} tests",
                verdict=verdict.text,
                rule_id=verdict.rule_id,
                verdict_label=verdict_label(verdict.rule_id),
            )
            row[EVIDENCE] = evidence
        out.append(row)
    return out
