"""Within-Derby 2x2 comparisons checked against hypergeometric sums and a conditional-likelihood solver written here."""

import math

import pytest

from scr_workbench.stats.two_by_two import compare_groups


def cond_weights(n1, n2, m, psi):
    """Noncentral hypergeometric weights of the top-left cell given margins n1, n2 and column total m."""
    lo, hi = max(0, m - n2), min(n1, m)
    return {x: math.comb(n1, x) * math.comb(n2, m - x) * psi**x for x in range(lo, hi + 1)}


def cond_probs(n1, n2, m, psi):
    w = cond_weights(n1, n2, m, psi)
    total = sum(w.values())
    return {x: v / total for x, v in w.items()}


def solve_log(f, lo=-30.0, hi=30.0, steps=200):
    """Root of an increasing function of log(psi)."""
    for _ in range(steps):
        mid = (lo + hi) / 2
        if f(math.exp(mid)) < 0:
            lo = mid
        else:
            hi = mid
    return math.exp((lo + hi) / 2)


def fisher_two_sided(a, n1, c, n2):
    probs = cond_probs(n1, n2, a + c, 1.0)
    return sum(p for p in probs.values() if p <= probs[a] * (1 + 1e-7))


def test_scr_vs_lr_under_fives():
    # SCR: 4 of 13 children babies/pre-school; LR: 5 of 40.
    r = compare_groups(4, 13, 5, 40, labels=("SCR children", "LR children"), feature="under five")
    assert r.table == ((4, 9), (5, 35))
    assert r.p_value == pytest.approx(fisher_two_sided(4, 13, 5, 40), rel=1e-9)
    n1, n2, m, a = 13, 40, 9, 4
    mle = solve_log(lambda psi: sum(x * p for x, p in cond_probs(n1, n2, m, psi).items()) - a)
    low = solve_log(lambda psi: sum(p for x, p in cond_probs(n1, n2, m, psi).items() if x >= a) - 0.025)
    high = solve_log(lambda psi: 0.025 - sum(p for x, p in cond_probs(n1, n2, m, psi).items() if x <= a))
    assert r.odds_ratio == pytest.approx(mle, rel=1e-5)
    assert r.or_low == pytest.approx(low, rel=1e-4)
    assert r.or_high == pytest.approx(high, rel=1e-4)
    # conditional MLE differs from the sample odds ratio (4·35)/(9·5)
    assert r.odds_ratio != pytest.approx(4 * 35 / (9 * 5), rel=1e-3)
    assert r.first.estimate == pytest.approx(4 / 13) and r.second.estimate == pytest.approx(5 / 40)
    assert r.difference == pytest.approx(4 / 13 - 5 / 40)
    assert r.labels == ("SCR children", "LR children")


def test_perfect_separation_gives_infinite_odds_ratio_and_exact_p():
    # SCR children: physical abuse in all 4 babies, none of the 9 school-age children.
    r = compare_groups(4, 4, 0, 9, labels=("babies", "school age"))
    assert r.p_value == pytest.approx(1 / math.comb(13, 4), rel=1e-9)  # only the observed table is as extreme
    assert math.isinf(r.odds_ratio) and math.isinf(r.or_high)
    low = solve_log(lambda psi: sum(p for x, p in cond_probs(4, 9, 4, psi).items() if x >= 4) - 0.025)
    assert r.or_low == pytest.approx(low, rel=1e-4)


def test_one_sided_alternative():
    r = compare_groups(9, 12, 4, 40, alternative="greater")
    probs = cond_probs(12, 40, 13, 1.0)
    assert r.p_value == pytest.approx(sum(p for x, p in probs.items() if x >= 9), rel=1e-9)


def test_empty_column_gives_nan_odds_ratio_and_p_one():
    r = compare_groups(0, 5, 0, 8)
    assert math.isnan(r.odds_ratio) and r.p_value == pytest.approx(1.0)


@pytest.mark.parametrize(
    "kwargs,name",
    [
        (dict(k1=5, n1=4, k2=1, n2=3), "k1"),
        (dict(k1=1, n1=0, k2=1, n2=3), "n1"),
        (dict(k1=1, n1=4, k2=-1, n2=3), "k2"),
        (dict(k1=1, n1=4, k2=1, n2=0), "n2"),
        (dict(k1=1, n1=4, k2=1, n2=3, level=2), "level"),
        (dict(k1=1, n1=4, k2=1, n2=3, alternative="bigger"), "alternative"),
        (dict(k1=1, n1=4, k2=1, n2=3, labels=("a",)), "labels"),
    ],
)
def test_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=rf"^{name} "):
        compare_groups(**kwargs)
