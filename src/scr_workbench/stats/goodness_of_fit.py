"""A local distribution (children per ethnic group) against population shares (the 2011 census), without chi-square.

With 13 or 40 children most expected counts are below 5, where the chi-square
approximation is invalid. The exact multinomial test enumerates every possible outcome
(feasible up to a few million: 40 children in 6 groups is 1.2 million) and sums the
probabilities of outcomes no more likely than the one observed; a seeded Monte-Carlo
version of the same test covers larger cases. Each category also gets an observed/expected
ratio with a Clopper–Pearson interval (see :func:`observed_expected_ratios` for why).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.special import gammaln

from scr_workbench.stats.intervals import check_count, check_level, proportion_ci

#: Outcomes no more likely than the observed one: log-probability within this of it counts as a tie.
_LOG_TIE = 1e-7
#: Above this many possible outcomes, ``method="auto"`` switches from enumeration to Monte Carlo.
MAX_OUTCOMES = 5_000_000
#: Default seed of the Monte-Carlo p-values (the source report's date, 03/03/15), so reruns agree.
DEFAULT_SEED = 20150303


@dataclass(frozen=True)
class CategoryRatio:
    """One category's observed count against the count its population share predicts.

    ``ratio``, ``low`` and ``high`` are observed/expected and its interval (1 = as expected).
    """

    category: str
    observed: int
    expected: float
    share: float
    ratio: float
    low: float
    high: float
    level: float
    method: str = "clopper-pearson share / population share"


@dataclass(frozen=True)
class GoodnessOfFitResult:
    """Outcome of a multinomial goodness-of-fit test.

    Attributes
    ----------
    categories, observed, shares, expected : tuple
        The categories kept, their counts, population shares (summing to 1) and n × share.
    n : int
        Total observed.
    p_value : float
        Probability, under the population shares, of an outcome no more likely than the observed one.
    method : str
        ``"exact multinomial"`` or ``"Monte-Carlo multinomial"``.
    n_outcomes : int
        Number of possible outcomes (enumerated when the method is exact).
    n_sim, seed : int or None
        Monte-Carlo settings (None for the exact test).
    mc_standard_error : float or None
        Monte-Carlo standard error of the p-value.
    ratios : tuple of CategoryRatio
        Per-category observed/expected ratios.
    dropped : tuple of str
        Categories dropped because they had zero population share and zero observed.
    notes : tuple of str
        Plain-language notes on what was dropped or assumed.
    """

    categories: tuple[str, ...]
    observed: tuple[int, ...]
    shares: tuple[float, ...]
    expected: tuple[float, ...]
    n: int
    p_value: float
    method: str
    n_outcomes: int
    n_sim: int | None = None
    seed: int | None = None
    mc_standard_error: float | None = None
    ratios: tuple[CategoryRatio, ...] = ()
    dropped: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    def ratios_frame(self) -> pd.DataFrame:
        """The per-category ratios as a DataFrame, one row per category."""
        return pd.DataFrame([r.__dict__ for r in self.ratios])


def prepare(
    observed: Mapping[str, int], population: Mapping[str, float]
) -> tuple[list[str], np.ndarray, np.ndarray, list[str], list[str]]:
    """Align observed counts with population counts or shares; drop empty categories, refuse impossible ones.

    Parameters
    ----------
    observed : mapping category -> count
        Every category the local table has (a pandas Series works).
    population : mapping category -> count or share
        Population counts or shares; a category missing here counts as share 0. Normalised to sum 1.

    Returns
    -------
    categories, observed, shares, dropped, notes
        Categories with a positive population share, in ``observed``'s order.

    Raises
    ------
    ValueError
        When a category with observed > 0 has zero population share (the test would be
        meaningless: the observed outcome has probability 0), or population values are bad.
    """
    observed = dict(observed)
    population = dict(population)
    if not observed:
        raise ValueError("observed must contain at least one category, got none")
    unknown = sorted(set(population) - set(observed))
    if unknown:
        raise ValueError(f"observed must list every population category; missing {unknown}")
    pops = {}
    for cat, value in population.items():
        value = float(value)
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"population must hold non-negative numbers; {cat!r} is {value!r}")
        pops[cat] = value
    total = sum(pops.values())
    if total <= 0:
        raise ValueError("population must have a positive total, got 0")
    cats, obs, shares, dropped, notes = [], [], [], [], []
    for cat, count in observed.items():
        count = check_count(count, f"observed[{cat!r}]")
        share = pops.get(cat, 0.0) / total
        if share == 0:
            if count > 0:
                raise ValueError(
                    f"observed[{cat!r}] is {count} but the category has zero population share; "
                    f"no population outcome can produce it, so it must be mapped onto a population category"
                )
            dropped.append(cat)
            where = "has no population counterpart" if cat not in pops else "has zero population share"
            notes.append(f"{cat!r} dropped: it {where} and nobody was observed in it.")
            continue
        cats.append(cat)
        obs.append(count)
        shares.append(share)
    if sum(obs) == 0:
        raise ValueError("observed must have a positive total over categories with population share, got 0")
    return cats, np.array(obs, dtype=np.int64), np.array(shares, dtype=float), dropped, notes


def _log_pmf(counts: np.ndarray, log_shares: np.ndarray, n: int) -> np.ndarray:
    """Multinomial log-probabilities of the rows of ``counts``."""
    return gammaln(n + 1) - gammaln(counts + 1).sum(axis=-1) + (counts * log_shares).sum(axis=-1)


def count_outcomes(n: int, k: int) -> int:
    """Number of ways n cases fall into k categories: C(n + k − 1, k − 1)."""
    return math.comb(n + k - 1, k - 1)


def _check_shares(observed, shares) -> tuple[np.ndarray, np.ndarray]:
    """Validate counts and shares for the two tests and return them as arrays."""
    obs = np.asarray([check_count(v, "observed") for v in observed], dtype=np.int64)
    sh = np.asarray(shares, dtype=float)
    if obs.shape != sh.shape or obs.ndim != 1 or obs.size < 2:
        raise ValueError(
            f"shares must have one value per observed category (at least 2), got {sh.shape} for {obs.shape}"
        )
    if np.any(~np.isfinite(sh)) or np.any(sh <= 0) or not math.isclose(sh.sum(), 1.0, abs_tol=1e-9):
        raise ValueError(f"shares must be positive and sum to 1, got {sh.tolist()}")
    if obs.sum() == 0:
        raise ValueError("observed must have a positive total, got 0")
    return obs, sh


def exact_multinomial_p(observed, shares, max_outcomes: int = MAX_OUTCOMES) -> tuple[float, int]:
    """Exact p-value: total probability of every outcome no more likely than the observed one.

    Parameters
    ----------
    observed : sequence of int
        Counts per category.
    shares : sequence of float
        Positive population shares summing to 1.
    max_outcomes : int
        Refuse (ValueError) when enumeration would exceed this many outcomes.

    Returns
    -------
    (p_value, n_outcomes)
    """
    obs, sh = _check_shares(observed, shares)
    n, k = int(obs.sum()), obs.size
    total = count_outcomes(n, k)
    if total > max_outcomes:
        raise ValueError(
            f"max_outcomes ({max_outcomes}) is below the {total} outcomes of n={n} in {k} categories; "
            f"use the Monte-Carlo test"
        )
    log_sh = np.log(sh)
    used = np.zeros(1, dtype=np.int64)
    partial = np.zeros(1, dtype=float)
    for i in range(k - 1):  # build every composition category by category, carrying log-terms
        options = n - used + 1
        starts = np.repeat(np.cumsum(options) - options, options)
        x = np.arange(options.sum(), dtype=np.int64) - starts
        partial = np.repeat(partial, options) + x * log_sh[i] - gammaln(x + 1)
        used = np.repeat(used, options) + x
    last = n - used
    log_p = gammaln(n + 1) + partial + last * log_sh[-1] - gammaln(last + 1)
    log_obs = float(_log_pmf(obs, log_sh, n))
    p = float(np.exp(log_p[log_p <= log_obs + _LOG_TIE]).sum())
    return min(p, 1.0), total


def monte_carlo_multinomial_p(
    observed, shares, n_sim: int = 100_000, seed: int = DEFAULT_SEED, chunk: int = 100_000
) -> tuple[float, float]:
    """Monte-Carlo p-value of the same test, reproducible under ``seed`` (numpy default_rng).

    Returns ``(p_value, standard_error)`` with p = (b + 1) / (n_sim + 1), b the number of simulated
    outcomes no more likely than the observed one; the +1 keeps the estimate valid (never 0).
    """
    obs, sh = _check_shares(observed, shares)
    n_sim = check_count(n_sim, "n_sim", minimum=1)
    seed = check_count(seed, "seed", minimum=0)
    rng = np.random.default_rng(seed)
    n, log_sh = int(obs.sum()), np.log(sh)
    log_obs = float(_log_pmf(obs, log_sh, n))
    hits, done = 0, 0
    while done < n_sim:
        size = min(chunk, n_sim - done)
        sims = rng.multinomial(n, sh, size=size)
        hits += int((_log_pmf(sims, log_sh, n) <= log_obs + _LOG_TIE).sum())
        done += size
    p = (hits + 1) / (n_sim + 1)
    return p, math.sqrt(p * (1 - p) / n_sim)


def observed_expected_ratios(categories, observed, shares, level: float = 0.95) -> tuple[CategoryRatio, ...]:
    """Observed/expected per category, with a Clopper–Pearson interval on the category's share divided
    by its population share.

    Why this interval: the number of children is fixed by the reviews, so each category's count is
    binomial(n, share), not Poisson; Clopper–Pearson is exact for it and stays valid for large shares
    (White British, 75%) where a Poisson interval would be too wide. The census shares come from
    248,752 residents, so their own error is negligible and they are treated as known.
    """
    level = check_level(level)
    obs, sh = np.asarray(observed, dtype=np.int64), np.asarray(shares, dtype=float)
    n = int(obs.sum())
    out = []
    for cat, k, s in zip(categories, obs, sh, strict=True):
        ci = proportion_ci(int(k), n, level, "clopper-pearson")
        out.append(
            CategoryRatio(str(cat), int(k), float(n * s), float(s), ci.estimate / s, ci.low / s, ci.high / s, level)
        )
    return tuple(out)


def goodness_of_fit(
    observed: Mapping[str, int],
    population: Mapping[str, float],
    method: str = "auto",
    level: float = 0.95,
    n_sim: int = 100_000,
    seed: int = DEFAULT_SEED,
    max_outcomes: int = MAX_OUTCOMES,
) -> GoodnessOfFitResult:
    """Test observed counts per category against population counts or shares.

    Parameters
    ----------
    observed : mapping category -> count
        Local counts, e.g. children per ethnic group.
    population : mapping category -> count or share
        E.g. census counts; normalised to shares. Categories absent here have share 0.
    method : {"auto", "exact", "monte-carlo"}
        "auto" enumerates when there are at most ``max_outcomes`` outcomes, else simulates.
    level : float
        Confidence level of the per-category ratio intervals.
    n_sim, seed : int
        Monte-Carlo settings; the result is reproducible for a given seed.
    max_outcomes : int
        Enumeration limit.

    Returns
    -------
    GoodnessOfFitResult
    """
    if method not in ("auto", "exact", "monte-carlo"):
        raise ValueError(f"method must be 'auto', 'exact' or 'monte-carlo', got {method!r}")
    cats, obs, shares, dropped, notes = prepare(observed, population)
    if len(cats) < 2:
        raise ValueError(f"observed must span at least 2 categories with population share, got {cats}")
    n = int(obs.sum())
    total = count_outcomes(n, len(cats))
    use_exact = method == "exact" or (method == "auto" and total <= max_outcomes)
    ratios = observed_expected_ratios(cats, obs, shares, level)
    common = dict(
        categories=tuple(cats),
        observed=tuple(int(v) for v in obs),
        shares=tuple(float(s) for s in shares),
        expected=tuple(float(n * s) for s in shares),
        n=n,
        n_outcomes=total,
        ratios=ratios,
        dropped=tuple(dropped),
        notes=tuple(notes),
    )
    if use_exact:
        p, _ = exact_multinomial_p(
            obs, shares, max_outcomes=max(max_outcomes, total) if method == "exact" else max_outcomes
        )
        return GoodnessOfFitResult(p_value=p, method="exact multinomial", **common)
    p, se = monte_carlo_multinomial_p(obs, shares, n_sim=n_sim, seed=seed)
    return GoodnessOfFitResult(
        p_value=p, method="Monte-Carlo multinomial", n_sim=n_sim, seed=seed, mc_standard_error=se, **common
    )
