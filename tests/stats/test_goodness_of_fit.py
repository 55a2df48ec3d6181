"""Goodness of fit checked against a brute-force enumeration written here, with plain math.factorial."""

import math
from fractions import Fraction

import pytest
from scipy.stats import beta

from reference import compositions, multinomial_pmf
from scr_workbench.stats.goodness_of_fit import (
    count_outcomes,
    exact_multinomial_p,
    goodness_of_fit,
    monte_carlo_multinomial_p,
    prepare,
)

# Derby 2011 census (QS201EW), usual residents, grouped as the report groups them.
CENSUS = {
    "Asian or Asian British": 31095,
    "Black or Black British": 7320,
    "Dual Heritage": 7232,
    "Other": 3354,
    "White British": 187386,
    "White Other": 2319 + 295 + 9751,
}
SCR = {
    "Asian or Asian British": 0,
    "Black or Black British": 1,
    "Dual Heritage": 3,
    "Not recorded": 0,
    "Other": 0,
    "White British": 9,
    "White Other": 0,
}


def brute_force_p(observed, shares):
    p_obs = multinomial_pmf(observed, shares)
    total = 0.0
    for outcome in compositions(sum(observed), len(observed)):
        p = multinomial_pmf(outcome, shares)
        if p <= p_obs * (1 + 1e-7):
            total += p
    return total


def test_exact_matches_brute_force_on_scr_ethnicity():
    total = sum(CENSUS.values())
    shares = [CENSUS[c] / total for c in CENSUS]
    observed = [SCR[c] for c in CENSUS]
    p, n_outcomes = exact_multinomial_p(observed, shares)
    assert n_outcomes == len(list(compositions(13, 6))) == 8568
    assert p == pytest.approx(brute_force_p(observed, shares), rel=1e-9)


@pytest.mark.parametrize(
    "observed,shares",
    [
        ((3, 1, 0), (0.5, 0.3, 0.2)),
        ((0, 0, 5), (0.6, 0.3, 0.1)),
        ((2, 2, 2, 2), (0.25, 0.25, 0.25, 0.25)),  # the most likely outcome: p = 1
        ((7, 0), (0.5, 0.5)),
    ],
)
def test_exact_matches_brute_force_small(observed, shares):
    p, _ = exact_multinomial_p(observed, shares)
    assert p == pytest.approx(brute_force_p(observed, shares), rel=1e-9)


def test_two_category_case_is_the_two_sided_binomial():
    # 7 of 7 in one of two equal halves: p = 2 × 0.5^7
    p, _ = exact_multinomial_p((7, 0), (0.5, 0.5))
    assert p == pytest.approx(2 * 0.5**7)


def test_most_likely_outcome_has_p_one():
    p, _ = exact_multinomial_p((2, 2, 2, 2), (0.25,) * 4)
    assert p == pytest.approx(1.0)


def test_monte_carlo_reproducible_and_close_to_exact():
    total = sum(CENSUS.values())
    shares = [CENSUS[c] / total for c in CENSUS]
    observed = [SCR[c] for c in CENSUS]
    a = monte_carlo_multinomial_p(observed, shares, n_sim=40_000, seed=7)
    b = monte_carlo_multinomial_p(observed, shares, n_sim=40_000, seed=7)
    c = monte_carlo_multinomial_p(observed, shares, n_sim=40_000, seed=8)
    assert a == b
    assert a != c
    exact = brute_force_p(observed, shares)
    p, se = a
    assert abs(p - exact) < 4 * se + 1 / 40_000
    assert se == pytest.approx(math.sqrt(p * (1 - p) / 40_000))


def test_monte_carlo_p_never_zero():
    p, _ = monte_carlo_multinomial_p((0, 0, 20), (0.45, 0.45, 0.1), n_sim=1000, seed=1)
    assert p == pytest.approx(1 / 1001)


def test_goodness_of_fit_drops_empty_zero_share_category_with_note():
    result = goodness_of_fit(SCR, CENSUS)
    assert result.method == "exact multinomial"
    assert result.dropped == ("Not recorded",)
    assert any("Not recorded" in note for note in result.notes)
    assert "Not recorded" not in result.categories
    assert result.n == 13
    total = sum(CENSUS.values())
    shares = [CENSUS[c] / total for c in result.categories]
    assert result.p_value == pytest.approx(brute_force_p(list(result.observed), shares), rel=1e-9)
    assert result.expected[result.categories.index("White British")] == pytest.approx(13 * 187386 / 248752)


def test_auto_switches_to_monte_carlo_beyond_limit():
    result = goodness_of_fit(SCR, CENSUS, max_outcomes=1000, n_sim=20_000, seed=3)
    assert result.method == "Monte-Carlo multinomial"
    assert (result.n_sim, result.seed) == (20_000, 3)
    assert result.n_outcomes == count_outcomes(13, 6) == math.comb(18, 5)
    again = goodness_of_fit(SCR, CENSUS, method="monte-carlo", n_sim=20_000, seed=3)
    assert again.p_value == result.p_value


def test_nonzero_count_in_zero_share_category_raises():
    observed = dict(SCR, **{"Not recorded": 1})
    with pytest.raises(ValueError, match=r"observed\['Not recorded'\] is 1 .*zero population share"):
        goodness_of_fit(observed, CENSUS)
    with pytest.raises(ValueError, match="zero population share"):
        prepare({"a": 1, "b": 2}, {"a": 0, "b": 10})


def test_zero_share_listed_in_population_is_dropped_too():
    cats, obs, shares, dropped, notes = prepare({"a": 0, "b": 2, "c": 1}, {"a": 0, "b": 3, "c": 1})
    assert cats == ["b", "c"] and dropped == ["a"]
    assert list(shares) == pytest.approx([0.75, 0.25])
    assert "zero population share" in notes[0]


def test_ratios_use_clopper_pearson_share_over_population_share():
    result = goodness_of_fit(SCR, CENSUS, level=0.95)
    ratios = {r.category: r for r in result.ratios}
    share_dual = 7232 / 248752
    dual = ratios["Dual Heritage"]
    assert dual.observed == 3
    assert dual.expected == pytest.approx(13 * share_dual)
    assert dual.ratio == pytest.approx((3 / 13) / share_dual)
    assert dual.low == pytest.approx(beta.ppf(0.025, 3, 11) / share_dual, rel=1e-6)
    assert dual.high == pytest.approx(beta.ppf(0.975, 4, 10) / share_dual, rel=1e-6)
    asian = ratios["Asian or Asian British"]
    assert asian.ratio == 0 and asian.low == 0
    assert asian.high == pytest.approx((1 - 0.025 ** (1 / 13)) / (31095 / 248752), rel=1e-9)
    frame = result.ratios_frame()
    assert list(frame["category"]) == list(result.categories)


def test_shares_normalised_from_counts_exactly():
    cats, obs, shares, _, _ = prepare({"x": 1, "y": 1}, {"x": 1, "y": 3})
    assert [Fraction(s).limit_denominator(10) for s in shares] == [Fraction(1, 4), Fraction(3, 4)]


@pytest.mark.parametrize(
    "call,match",
    [
        (lambda: goodness_of_fit(SCR, CENSUS, method="chi2"), "^method "),
        (lambda: goodness_of_fit({"a": -1, "b": 2}, {"a": 1, "b": 1}), r"^observed\['a'\] "),
        (lambda: goodness_of_fit({"a": 1}, {"a": 1, "b": 1}), "^observed must list"),
        (lambda: goodness_of_fit({"a": 1, "b": 2}, {"a": -1, "b": 1}), "^population "),
        (lambda: goodness_of_fit({"a": 0, "b": 0}, {"a": 1, "b": 1}), "^observed must have"),
        (lambda: monte_carlo_multinomial_p((1, 2), (0.5, 0.5), n_sim=0), "^n_sim "),
        (lambda: monte_carlo_multinomial_p((1, 2), (0.5, 0.5), seed=-1), "^seed "),
        (lambda: exact_multinomial_p((1, 2), (0.4, 0.4)), "^shares "),
        (lambda: exact_multinomial_p((20, 20, 20), (0.2, 0.3, 0.5), max_outcomes=10), "^max_outcomes "),
        (lambda: goodness_of_fit(SCR, CENSUS, level=95), "^level "),
    ],
)
def test_bad_input_names_the_parameter(call, match):
    with pytest.raises(ValueError, match=match):
        call()
