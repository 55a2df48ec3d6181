"""One local proportion k/n against one national figure, with exact tests that respect how the figure was stated.

A national figure is a rounded point ("36%"), a lower bound ("at least 60%", "just over a
fifth": the true value is at or above it) or an upper bound ("almost two thirds", "nearly
60%": at or below it). A bound only supports a conclusion on one side: a local value below a
lower bound is below the national value whatever it is, but a local value above a lower
bound cannot be compared with it. The result says which case applies, and what an unknown
national denominator means for the p-value.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Literal

from scipy.stats import binom, fisher_exact

from scr_workbench.stats.intervals import ProportionCI, check_count, check_k_n, check_level, proportion_ci

BoundType = Literal["point", "lower", "upper"]
BOUND_TYPES: tuple[str, ...] = ("point", "lower", "upper")
_TIE = 1e-12


@dataclass(frozen=True)
class NationalFigure:
    """A national proportion as the source states it.

    Attributes
    ----------
    value : float
        The figure (or its bound) as a fraction, strictly between 0 and 1.
    bound_type : {"point", "lower", "upper"}
        ``"point"``: a rounded figure; ``"lower"``: the national value is at or above
        ``value``; ``"upper"``: at or below it.
    denominator : int or None
        Number of national cases the figure is a share of; None when unknown.
    as_stated : str
        The wording of the source, e.g. ``"at least 60%"``.
    """

    value: float
    bound_type: str = "point"
    denominator: int | None = None
    as_stated: str = ""

    def __post_init__(self):
        """Refuse values that cannot be a national proportion."""
        v = self.value
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or not 0 < v < 1:
            raise ValueError(f"value must be a fraction strictly between 0 and 1 (e.g. 0.36 for 36%), got {v!r}")
        if self.bound_type not in BOUND_TYPES:
            raise ValueError(f"bound_type must be one of {BOUND_TYPES}, got {self.bound_type!r}")
        if self.denominator is not None:
            check_count(self.denominator, "denominator", minimum=1)

    @classmethod
    def from_percent(
        cls, percent: float, bound_type: str = "point", denominator: int | None = None, as_stated: str = ""
    ) -> NationalFigure:
        """Build from a percentage (36 for 36%), the unit the curated tables use."""
        if isinstance(percent, bool) or not isinstance(percent, numbers.Real) or not 0 < percent < 100:
            raise ValueError(f"percent must be strictly between 0 and 100, got {percent!r}")
        return cls(percent / 100, bound_type, denominator, as_stated)

    def describe(self) -> str:
        """Plain words for the figure, e.g. ``"at least 60% (lower bound)"``."""
        pct = f"{100 * self.value:.4g}%"
        kind = {"point": "a rounded point figure", "lower": "a lower bound", "upper": "an upper bound"}
        stated = f"'{self.as_stated}', " if self.as_stated else ""
        return f"{pct} ({stated}{kind[self.bound_type]})"


@dataclass(frozen=True)
class TwoSampleResult:
    """Fisher's exact test of local k/n against national counts reconstructed from a rounded percentage."""

    national_k: int
    national_n: int
    table: tuple[tuple[int, int], tuple[int, int]]
    odds_ratio: float
    p_value: float
    alternative: str
    label: str


@dataclass(frozen=True)
class NationalTestResult:
    """Outcome of comparing a local proportion with a national figure.

    Attributes
    ----------
    local : ProportionCI
        The local proportion and its interval.
    national : NationalFigure
        The figure compared against.
    side : {"below", "equal", "above"}
        Where the local estimate lies relative to the national value or bound.
    comparable : bool
        False when the local value lies on the uninformative side of a bound (above a lower
        bound, below an upper bound): then nothing can be said about the national value.
    alternative : {"two-sided", "less", "greater"}
        Alternative of the exact binomial test against the figure (or bound).
    p_value : float
        Exact binomial p-value (:func:`exact_binomial_p`, central when two-sided) against the figure (or bound).
    test : str
        Name of the test for tables.
    interpretation : str
        What the side and bound mean, in a sentence.
    denominator_note : str
        What the known or unknown national denominator means for the p-value.
    two_sample : TwoSampleResult or None
        Fisher's exact test on reconstructed national counts; None when the denominator is unknown.
    """

    local: ProportionCI
    national: NationalFigure
    side: str
    comparable: bool
    alternative: str
    p_value: float
    test: str
    interpretation: str
    denominator_note: str
    two_sample: TwoSampleResult | None


def exact_binomial_p(k: int, n: int, p0: float, alternative: str = "two-sided") -> float:
    """Exact binomial p of k of n against p0; two-sided is the central (equal-tailed) test, twice the smaller tail.

    The central test is the one the Clopper–Pearson interval inverts: the interval at level 1 − α leaves
    out p0 exactly when this p is below α, so a test and its interval can never disagree. (scipy's
    ``binomtest`` sums the outcomes no more likely than k instead, which can disagree at the margin.)
    """
    k, n = check_k_n(k, n)
    if not 0 <= p0 <= 1:
        raise ValueError(f"p0 must be between 0 and 1, got {p0!r}")
    lower, upper = float(binom.cdf(k, n, p0)), float(binom.sf(k - 1, n, p0))
    if alternative == "less":
        return lower
    if alternative == "greater":
        return upper
    if alternative != "two-sided":
        raise ValueError(f"alternative must be 'two-sided', 'less' or 'greater', got {alternative!r}")
    return min(1.0, 2 * min(lower, upper))


def _side(estimate: float, value: float) -> str:
    """Where the local estimate lies relative to the figure, with exact ties as 'equal'."""
    if abs(estimate - value) <= _TIE:
        return "equal"
    return "below" if estimate < value else "above"


def _plan(side: str, bound_type: str) -> tuple[bool, str]:
    """(comparable, alternative) for a local side and a bound type."""
    if bound_type == "point":
        return True, "two-sided"
    if bound_type == "lower":
        # national >= bound: only "local below the bound" says anything about the national value.
        return (True, "less") if side in ("below", "equal") else (False, "greater")
    # upper: national <= bound: only "local above the bound" is informative.
    return (True, "greater") if side in ("above", "equal") else (False, "less")


def _interpretation(side: str, national: NationalFigure, comparable: bool) -> str:
    """One sentence on what the bound type and side allow the test to say."""
    pct = f"{100 * national.value:.4g}%"
    if national.bound_type == "point":
        return (
            f"The national figure {pct} is a rounded point value and is treated as exact; "
            f"rounding (at most half a percentage point) is negligible beside the local interval."
        )
    bound = "lower" if national.bound_type == "lower" else "upper"
    if comparable:
        where = {"below": "below", "above": "above", "equal": "at"}[side]
        beyond = "at or above" if bound == "lower" else "at or below"
        return (
            f"The local value is {where} the national {bound} bound of {pct}; the national value is {beyond} "
            f"that bound, so a one-sided test against the bound is a conservative test against the "
            f"national value."
        )
    where = "above" if side == "above" else "below"
    may = "higher" if bound == "lower" else "lower"
    return (
        f"The local value is {where} the national {bound} bound of {pct}, but the national value may be "
        f"{may} still, so the local value cannot be compared with it one-sidedly; the p-value only "
        f"concerns the bound."
    )


def _denominator_note(national: NationalFigure) -> str:
    """What a known or unknown national denominator means for the p-value."""
    if national.denominator is None:
        return (
            "National denominator unknown: the national figure is treated as fixed and its own sampling "
            "error is ignored, which makes the p-value somewhat too small; no two-sample test is possible."
        )
    return (
        f"National denominator {national.denominator} known: the one-sample test still treats the "
        f"national figure as fixed; the two-sample Fisher test allows for its sampling error, using "
        f"counts reconstructed from the rounded percentage."
    )


def two_sample_fisher(k: int, n: int, national: NationalFigure, alternative: str = "two-sided") -> TwoSampleResult:
    """Fisher's exact test of k/n against the national figure's counts, reconstructed as round(value × denominator).

    Parameters
    ----------
    k, n : int
        Local count and number of cases.
    national : NationalFigure
        Must carry a known ``denominator``.
    alternative : {"two-sided", "less", "greater"}
        "less": the local proportion is lower than the national one.

    Returns
    -------
    TwoSampleResult
        Table rows are (local yes, local no) and (national yes, national no).
    """
    if national.denominator is None:
        raise ValueError("national.denominator must be known for a two-sample test, got None")
    if alternative not in ("two-sided", "less", "greater"):
        raise ValueError(f"alternative must be 'two-sided', 'less' or 'greater', got {alternative!r}")
    big_n = int(national.denominator)
    big_k = int(math.floor(national.value * big_n + 0.5))
    table = ((k, n - k), (big_k, big_n - big_k))
    res = fisher_exact(table, alternative=alternative)
    label = (
        f"Fisher's exact test ({alternative}); national counts reconstructed from a rounded percentage: "
        f"{100 * national.value:.4g}% of {big_n} ≈ {big_k}"
    )
    if national.bound_type != "point":
        label += " (the bound, not the national value itself)"
    return TwoSampleResult(big_k, big_n, table, float(res.statistic), float(res.pvalue), alternative, label)


def compare_with_national(
    k: int, n: int, national: NationalFigure, level: float = 0.95, ci_method: str = "clopper-pearson"
) -> NationalTestResult:
    """Exact binomial test of a local k/n against a national figure that may be a bound.

    Parameters
    ----------
    k, n : int
        Local count and number of cases (0 <= k <= n, n > 0).
    national : NationalFigure
        The national value or bound, with its denominator if known.
    level : float
        Confidence level of the local interval.
    ci_method : {"wilson", "clopper-pearson"}
        Method of the local interval.

    Returns
    -------
    NationalTestResult
        For a point figure a two-sided test; for a bound, a one-sided test in the direction the
        local estimate lies, with ``comparable`` saying whether that direction says anything
        about the national value.
    """
    local = proportion_ci(k, n, check_level(level), ci_method)
    if not isinstance(national, NationalFigure):
        raise ValueError(f"national must be a NationalFigure, got {type(national).__name__}")
    side = _side(local.estimate, national.value)
    comparable, alternative = _plan(side, national.bound_type)
    p_value = exact_binomial_p(local.k, local.n, national.value, alternative)
    against = "the national figure" if national.bound_type == "point" else f"the national {national.bound_type} bound"
    test = f"exact binomial ({alternative}) against {against}"
    two_sample = two_sample_fisher(local.k, local.n, national, alternative) if national.denominator else None
    return NationalTestResult(
        local=local,
        national=national,
        side=side,
        comparable=comparable,
        alternative=alternative,
        p_value=min(p_value, 1.0),
        test=test,
        interpretation=_interpretation(side, national, comparable),
        denominator_note=_denominator_note(national),
        two_sample=two_sample,
    )
