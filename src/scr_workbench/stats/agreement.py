"""Cohen's kappa of two coders' yes/no decisions, with a confidence interval that respects units.

Two coders decide, for each unit (an item) and each category (a theme), whether the category
applies. The decisions form a 2×2 table ``[[both, first only], [second only, neither]]``.

Kappa is :func:`statsmodels.stats.inter_rater.cohens_kappa`. Its asymptotic standard error
(Fleiss, Cohen & Everitt 1969) treats every decision as independent; the decisions about one
item are not (an item coded by both to three themes contributes three agreements together), so
the interval reported is a **percentile bootstrap over units**: whole items are resampled with
replacement, with a fixed seed so reruns agree. The asymptotic interval is returned beside it
for comparison.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import norm
from statsmodels.stats.inter_rater import cohens_kappa

from scr_workbench.stats.goodness_of_fit import DEFAULT_SEED
from scr_workbench.stats.intervals import check_count, check_level

#: Bootstrap resamples: enough that the 2.5% and 97.5% quantiles move by < 0.01 between seeds.
DEFAULT_N_BOOT = 4000


def kappa_of_tables(tables: np.ndarray) -> np.ndarray:
    """Cohen's kappa of each 2×2 table in ``tables`` (shape ``(..., 2, 2)``); NaN where undefined.

    Undefined means chance agreement is 1: both coders put every decision in the same class
    (e.g. neither ever assigns the category), so there is no disagreement kappa could measure.
    """
    t = np.asarray(tables, dtype=float)
    n = t.sum(axis=(-2, -1))
    rows, cols = t.sum(axis=-1), t.sum(axis=-2)
    with np.errstate(invalid="ignore", divide="ignore"):
        observed = (t[..., 0, 0] + t[..., 1, 1]) / n
        chance = (rows * cols).sum(axis=-1) / n**2
        kappa = (observed - chance) / (1 - chance)
    return np.where(np.isclose(chance, 1.0) | (n == 0), np.nan, kappa)


@dataclass(frozen=True)
class KappaEstimate:
    """Kappa of one 2×2 table with its bootstrap interval over units and the asymptotic one."""

    table: np.ndarray
    kappa: float
    low: float
    high: float
    asymptotic_low: float
    asymptotic_high: float
    n_units: int
    level: float

    @property
    def n_decisions(self) -> int:
        return int(self.table.sum())

    @property
    def both(self) -> int:
        return int(self.table[0, 0])

    @property
    def first_only(self) -> int:
        return int(self.table[0, 1])

    @property
    def second_only(self) -> int:
        return int(self.table[1, 0])

    @property
    def observed_agreement(self) -> float:
        return float(np.trace(self.table) / self.table.sum())


def kappa_estimate(
    unit_tables: np.ndarray, level: float = 0.95, n_boot: int = DEFAULT_N_BOOT, seed: int = DEFAULT_SEED
) -> KappaEstimate:
    """Kappa of the summed 2×2 table of ``unit_tables`` (shape ``(n_units, 2, 2)``), with intervals.

    The bootstrap draws ``n_units`` units with replacement ``n_boot`` times (numpy's
    ``default_rng(seed).integers``); resamples where kappa is undefined are left out of the
    quantiles. Where kappa itself is undefined every bound is NaN. A table without any
    disagreement has kappa 1 and a degenerate interval [1, 1]: say how many codes it rests on.
    """
    level = check_level(level)
    n_boot = check_count(n_boot, "n_boot", minimum=1)
    seed = check_count(seed, "seed", minimum=0)
    units = np.asarray(unit_tables)
    if units.ndim != 3 or units.shape[1:] != (2, 2) or len(units) == 0:
        raise ValueError(f"unit_tables must have shape (n_units, 2, 2) with n_units >= 1, got {units.shape}")
    if (units < 0).any():
        raise ValueError("unit_tables must hold counts (>= 0)")
    table = units.sum(axis=0).astype(int)
    kappa = float(kappa_of_tables(table))
    nan = float("nan")
    if np.isnan(kappa):
        return KappaEstimate(table, nan, nan, nan, nan, nan, len(units), level)
    draws = np.random.default_rng(seed).integers(0, len(units), size=(n_boot, len(units)))
    replicates = kappa_of_tables(units[draws].sum(axis=1))
    tail = (1 - level) / 2
    low, high = np.nanquantile(replicates, [tail, 1 - tail])
    half_width = norm.isf(tail) * float(cohens_kappa(table.astype(float))["std_kappa"])
    return KappaEstimate(
        table=table,
        kappa=kappa,
        low=float(low),
        high=float(high),
        asymptotic_low=float(kappa - half_width),
        asymptotic_high=float(kappa + half_width),
        n_units=len(units),
        level=level,
    )
