"""How much a p-value computed on children can move when children cluster in reviews: design-effect sensitivity.

Children of one review share a family or a group, so they are not independent draws. With an
intraclass correlation ρ within reviews the variance of a proportion grows by the design effect
``deff = 1 + (m̄ − 1)·ρ`` (Kish), where for clusters of unequal size m̄ is the size-weighted mean
``Σm² / Σm`` (Kerry & Bland 2001; it equals the plain mean when sizes are equal). The first-order
Rao–Scott correction divides the Pearson statistic by ``deff`` and refers it to the same
chi-square (or normal) distribution. ρ is not known for safeguarding reviews (no published estimate
for children within one review was found; siblings and the victims of one exploitation network may be
nearly alike), so the p-value is given across a range (:data:`ICC_RANGE`) that runs to 1, where every
review counts as a single child, and its largest value is the conservative reading.

The correction is a large-sample one: where the table's expected counts are small (Cochran's rule: any
below 1, or more than a fifth below 5) it is not computed and the p-value is ``None`` — clustering cannot
be judged this way, and the verdicts then rely on the review-level test or say that it is unmeasured.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import chi2, norm

from scr_workbench.stats.intervals import check_k_n

#: Intraclass correlations within reviews tried by the sensitivity analysis, up to 1 (one child per review).
ICC_RANGE = (0.05, 0.1, 0.2, 0.3, 0.5, 1.0)
#: Cochran's rule for a chi-square approximation: no expected count below 1, at most a fifth below 5.
SMALLEST_EXPECTED, SMALL_EXPECTED, SMALL_SHARE = 1.0, 5.0, 0.2
ALTERNATIVES = ("two-sided", "less", "greater")


def weighted_mean_cluster_size(sizes: Sequence[int]) -> float:
    """Σm² / Σm: the mean cluster size a child belongs to (the design effect's m̄ for unequal clusters)."""
    m = np.asarray(sizes, dtype=float)
    if m.size == 0 or (m <= 0).any():
        raise ValueError(f"cluster sizes must be positive counts, got {list(sizes)}")
    return float((m**2).sum() / m.sum())


def trimmed_to(sizes: Sequence[int], n: int) -> list[int]:
    """Cluster sizes with children taken out, one at a time from the smallest cluster, until they sum to ``n``.

    For a figure that counts only some of the clusters' children (sex stated for 12 of 13) when which
    cluster the others belong to is not known: taking them from the smallest clusters leaves the largest
    Σm²/Σm, so the design effect errs on the cautious side.
    """
    out = sorted(int(m) for m in sizes)
    if sum(out) < n:
        raise ValueError(f"cluster sizes {list(sizes)} sum to {sum(out)}, fewer than the {n} children counted")
    while sum(out) > n:
        out[0] -= 1
        out = sorted(m for m in out if m > 0)
    return out


def design_effect(sizes: Sequence[int], icc: float) -> float:
    """1 + (m̄ − 1)·ICC with m̄ = Σm²/Σm."""
    if not 0 <= icc <= 1:
        raise ValueError(f"icc must be between 0 and 1, got {icc!r}")
    return 1 + (weighted_mean_cluster_size(sizes) - 1) * icc


def _check_deff(deff: float) -> float:
    if not deff >= 1:
        raise ValueError(f"a design effect is at least 1, got {deff!r}")
    return float(deff)


def one_sample_p(k: int, n: int, p0: float, deff: float, alternative: str = "two-sided") -> float | None:
    """p-value of k/n against p0 with the score statistic's variance inflated by ``deff``; None where the
    expected counts (n·p0, n·(1 − p0)) are too small for the normal approximation (:func:`large_enough`)."""
    k, n = check_k_n(k, n)
    if not 0 < p0 < 1:
        raise ValueError(f"p0 must be strictly between 0 and 1, got {p0!r}")
    if alternative not in ALTERNATIVES:
        raise ValueError(f"alternative must be one of {ALTERNATIVES}, got {alternative!r}")
    deff = _check_deff(deff)
    if not large_enough([n * p0, n * (1 - p0)]):
        return None
    z = (k - n * p0) / np.sqrt(n * p0 * (1 - p0) * _check_deff(deff))
    if alternative == "less":
        return float(norm.cdf(z))
    if alternative == "greater":
        return float(norm.sf(z))
    return float(chi2.sf(z**2, 1))


def large_enough(expected) -> bool:
    """Whether expected counts meet Cochran's rule, so that a chi-square (or normal) approximation can be used."""
    e = np.asarray(expected, dtype=float).ravel()
    e = e[e > 0]
    return bool(e.size) and e.min() >= SMALLEST_EXPECTED and (e < SMALL_EXPECTED).mean() <= SMALL_SHARE


def _pearson(observed: np.ndarray, expected: np.ndarray) -> float:
    """Pearson's statistic over the cells with a positive expected count."""
    keep = expected > 0
    return float((((observed - expected) ** 2)[keep] / expected[keep]).sum())


def two_groups_p(k1: int, n1: int, k2: int, n2: int, deff: float) -> float | None:
    """p-value of the 2×2 Pearson chi-square (no continuity correction) divided by ``deff``; 1 when a margin is 0,
    None where the expected counts are too small for the approximation (:func:`large_enough`)."""
    (k1, n1), (k2, n2) = check_k_n(k1, n1, "k1", "n1"), check_k_n(k2, n2, "k2", "n2")
    table = np.array([[k1, n1 - k1], [k2, n2 - k2]], dtype=float)
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
    deff = _check_deff(deff)
    if (expected == 0).any():
        return 1.0
    if not large_enough(expected):
        return None
    return float(chi2.sf(_pearson(table, expected) / _check_deff(deff), 1))


def goodness_of_fit_p(observed: Sequence[int], shares: Sequence[float], deff: float) -> float | None:
    """p-value of Pearson's goodness-of-fit statistic divided by ``deff`` (df = categories with a share − 1);
    None where the expected counts are too small for the approximation (:func:`large_enough`)."""
    obs, p = np.asarray(observed, dtype=float), np.asarray(shares, dtype=float)
    if obs.shape != p.shape or (obs < 0).any() or (p < 0).any() or not np.isclose(p.sum(), 1):
        raise ValueError("observed must be counts and shares proportions summing to 1, of the same length")
    deff = _check_deff(deff)
    if not large_enough(obs.sum() * p):
        return None
    df = int((p > 0).sum()) - 1
    return float(chi2.sf(_pearson(obs, obs.sum() * p) / _check_deff(deff), df)) if df > 0 else 1.0


@dataclass(frozen=True)
class DesignEffectSensitivity:
    """p-values across the ICC range and the conservative reading.

    ``p_max`` is the largest of the exact p-value and the design-effect p-values: the reading
    that claims least; None where the expected counts are too small for the correction.
    """

    iccs: tuple[float, ...]
    design_effects: tuple[float, ...]
    p_values: tuple[float | None, ...]
    p_exact: float
    mean_cluster_size: float

    @property
    def p_max(self) -> float | None:
        if any(p is None for p in self.p_values):
            return None
        return max(self.p_exact, *self.p_values)

    def in_words(self) -> str:
        """The sensitivity table in one line: the p-value at each ICC, or why none was computed."""
        if self.p_max is None:
            return "not computed: expected counts too small for the correction (Cochran's rule)"
        return "; ".join(f"ICC {icc:g}: p {p:.3g}" for icc, p in zip(self.iccs, self.p_values, strict=True))


def sensitivity(
    p_exact: float, p_at: Callable[[float], float], sizes: Sequence[int], iccs: Sequence[float] = ICC_RANGE
) -> DesignEffectSensitivity:
    """Evaluate ``p_at(deff)`` at the design effect of each ICC for clusters of ``sizes``."""
    deffs = tuple(design_effect(sizes, icc) for icc in iccs)
    return DesignEffectSensitivity(
        iccs=tuple(iccs),
        design_effects=deffs,
        p_values=tuple(p_at(d) for d in deffs),
        p_exact=float(p_exact),
        mean_cluster_size=weighted_mean_cluster_size(sizes),
    )
