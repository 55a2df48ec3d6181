"""Intervals checked against values computed independently of statsmodels.

Wilson: the score formula written out here. Clopper–Pearson: closed forms at 0/n and
n/n, and elsewhere the limits found by bisection on binomial tail sums with math.comb.
"""

import math
from statistics import NormalDist

import pytest

from reference import wilson as wilson_by_hand
from scr_workbench.stats.intervals import (
    ProportionCI,
    clopper_pearson,
    proportion_ci,
    wilson,
)


def binom_cdf(k, n, p):
    return sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k + 1))


def bisect(f, lo=0.0, hi=1.0, steps=200):
    """Root of an increasing-or-decreasing f on [lo, hi] by bisection."""
    f_lo = f(lo)
    for _ in range(steps):
        mid = (lo + hi) / 2
        if (f(mid) > 0) == (f_lo > 0):
            lo, f_lo = mid, f(mid)
        else:
            hi = mid
    return (lo + hi) / 2


def clopper_pearson_by_hand(k, n, level):
    a = (1 - level) / 2
    # lower: P(X >= k | p) = a ; upper: P(X <= k | p) = a
    low = 0.0 if k == 0 else bisect(lambda p: (1 - binom_cdf(k - 1, n, p)) - a)
    high = 1.0 if k == n else bisect(lambda p: binom_cdf(k, n, p) - a)
    return low, high


@pytest.mark.parametrize("k,n", [(0, 13), (1, 6), (3, 6), (4, 13), (9, 12), (13, 13), (6, 53), (28, 40)])
@pytest.mark.parametrize("level", [0.95, 0.9, 0.99])
def test_wilson_matches_the_formula(k, n, level):
    result = wilson(k, n, level)
    low, high = wilson_by_hand(k, n, level)
    assert result.low == pytest.approx(max(low, 0), abs=1e-9)
    assert result.high == pytest.approx(min(high, 1), abs=1e-9)
    assert result.estimate == pytest.approx(k / n)
    assert (result.k, result.n, result.level, result.method) == (k, n, level, "wilson")


@pytest.mark.parametrize("k,n", [(1, 6), (3, 6), (4, 13), (9, 12), (2, 34), (28, 40)])
def test_clopper_pearson_matches_binomial_tails(k, n):
    result = clopper_pearson(k, n, 0.95)
    low, high = clopper_pearson_by_hand(k, n, 0.95)
    assert result.low == pytest.approx(low, abs=1e-7)
    assert result.high == pytest.approx(high, abs=1e-7)
    assert result.method == "clopper-pearson"


def test_clopper_pearson_edge_cases_have_closed_forms():
    zero = clopper_pearson(0, 13, 0.95)
    assert zero.low == 0.0
    assert zero.high == pytest.approx(1 - 0.025 ** (1 / 13), abs=1e-10)  # ≈ 0.2471
    assert zero.high == pytest.approx(0.2471, abs=5e-5)
    full = clopper_pearson(13, 13, 0.95)
    assert full.high == 1.0
    assert full.low == pytest.approx(0.025 ** (1 / 13), abs=1e-10)


def test_wilson_edge_cases():
    z = NormalDist().inv_cdf(0.975)
    zero = wilson(0, 13)
    assert zero.low == 0.0
    assert zero.high == pytest.approx(z * z / (13 + z * z), abs=1e-10)
    full = wilson(13, 13)
    assert full.high == 1.0
    assert full.low == pytest.approx(13 / (13 + z * z), abs=1e-10)


def test_method_aliases_and_result_is_frozen():
    a = proportion_ci(4, 13, method="beta")
    b = proportion_ci(4, 13, method="Clopper-Pearson")
    assert a == b and a.method == "clopper-pearson"
    assert isinstance(a, ProportionCI)
    with pytest.raises(AttributeError):
        a.k = 5  # type: ignore[misc]


def test_higher_level_gives_wider_interval_and_helpers():
    narrow, wide = wilson(4, 13, 0.9), wilson(4, 13, 0.99)
    assert wide.low < narrow.low and wide.high > narrow.high
    est, low, high = narrow.as_percent()
    assert est == pytest.approx(100 * 4 / 13)
    assert (low, high) == pytest.approx((100 * narrow.low, 100 * narrow.high))
    assert narrow.width == pytest.approx(narrow.high - narrow.low)
    assert narrow.covers(0.3) and not narrow.covers(0.9)


@pytest.mark.parametrize(
    "kwargs,name",
    [
        (dict(k=-1, n=5), "k"),
        (dict(k=6, n=5), "k"),
        (dict(k=1.5, n=5), "k"),
        (dict(k=True, n=5), "k"),
        (dict(k=0, n=0), "n"),
        (dict(k=0, n=-3), "n"),
        (dict(k=1, n="13"), "n"),
        (dict(k=1, n=5, level=0), "level"),
        (dict(k=1, n=5, level=1), "level"),
        (dict(k=1, n=5, level=95), "level"),
        (dict(k=1, n=5, method="wald"), "method"),
        (dict(k=1, n=5, method="agresti"), "method"),
    ],
)
def test_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=rf"^{name} "):
        proportion_ci(**kwargs)


def test_wald_refusal_says_why():
    with pytest.raises(ValueError, match="Wald"):
        proportion_ci(1, 5, method="normal")
