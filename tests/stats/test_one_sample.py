"""Local-versus-national tests checked against binomial and hypergeometric sums written out with math.comb."""

import math

import pytest

from reference import binom_central as two_sided  # equal tails: the test Clopper–Pearson inverts
from reference import binom_pmf as pmf
from scr_workbench.stats.one_sample import (
    NationalFigure,
    compare_with_national,
    two_sample_fisher,
)


def lower_tail(k, n, p):
    return sum(pmf(i, n, p) for i in range(k + 1))


def upper_tail(k, n, p):
    return sum(pmf(i, n, p) for i in range(k, n + 1))


def hypergeom_lower(a, row1, col1, total):
    """P(A <= a) for the top-left cell with fixed margins."""
    lo = max(0, row1 + col1 - total)
    denom = math.comb(total, row1)
    return sum(math.comb(col1, i) * math.comb(total - col1, row1 - i) for i in range(lo, a + 1)) / denom


def test_point_figure_two_sided():
    # 3 of 6 SCRs concerned babies, national 36% of reviews (denominator unknown).
    result = compare_with_national(3, 6, NationalFigure(0.36))
    assert result.alternative == "two-sided" and result.comparable
    assert result.side == "above"
    assert result.p_value == pytest.approx(two_sided(3, 6, 0.36), rel=1e-9)
    assert result.two_sample is None
    assert "unknown" in result.denominator_note and "fixed" in result.denominator_note


def test_point_figure_below():
    result = compare_with_national(1, 20, NationalFigure.from_percent(42))
    assert result.side == "below"
    assert result.p_value == pytest.approx(two_sided(1, 20, 0.42), rel=1e-9)
    assert result.p_value < 0.01


def test_lower_bound_local_below_is_one_sided_and_comparable():
    # 1 of 6 against "at least 60%": P(X <= 1 | 6, 0.6) = 0.4^6 + 6·0.6·0.4^5 = 0.04096
    result = compare_with_national(1, 6, NationalFigure(0.60, "lower", 139, "at least 60%"))
    assert result.side == "below" and result.comparable and result.alternative == "less"
    assert result.p_value == pytest.approx(0.4**6 + 6 * 0.6 * 0.4**5, rel=1e-12)
    assert result.p_value == pytest.approx(lower_tail(1, 6, 0.6), rel=1e-12)
    assert "below the national lower bound" in result.interpretation
    assert "conservative" in result.interpretation


def test_lower_bound_local_above_cannot_be_compared():
    result = compare_with_national(10, 12, NationalFigure(0.20, "lower", None, "just over a fifth"))
    assert result.side == "above" and not result.comparable
    assert result.alternative == "greater"
    assert result.p_value == pytest.approx(upper_tail(10, 12, 0.2), rel=1e-9)
    assert "cannot be compared" in result.interpretation


def test_upper_bound_local_above_is_comparable():
    # "almost two thirds": national <= 2/3; local 12/13 above it.
    result = compare_with_national(12, 13, NationalFigure(2 / 3, "upper", None, "almost two thirds"))
    assert result.side == "above" and result.comparable and result.alternative == "greater"
    assert result.p_value == pytest.approx(upper_tail(12, 13, 2 / 3), rel=1e-9)


def test_upper_bound_local_below_cannot_be_compared():
    result = compare_with_national(2, 13, NationalFigure(0.6, "upper", None, "nearly 60%"))
    assert result.side == "below" and not result.comparable
    assert result.p_value == pytest.approx(lower_tail(2, 13, 0.6), rel=1e-9)
    assert "lower still" in result.interpretation


def test_local_exactly_at_a_bound_is_on_the_informative_side_and_not_significant():
    result = compare_with_national(3, 5, NationalFigure(0.6, "lower"))
    assert result.side == "equal" and result.comparable and result.alternative == "less"
    assert result.p_value == pytest.approx(lower_tail(3, 5, 0.6), rel=1e-9)
    assert result.p_value > 0.5


def test_two_sample_fisher_uses_reconstructed_counts():
    # neglect: "at least 60%" of 139 reviews -> 83.4 -> 83 reconstructed.
    national = NationalFigure(0.60, "lower", 139, "at least 60%")
    result = compare_with_national(1, 6, national)
    two = result.two_sample
    assert two is not None
    assert (two.national_k, two.national_n) == (83, 139)
    assert two.table == ((1, 5), (83, 56))
    assert two.alternative == "less"
    expected = hypergeom_lower(1, 6, 1 + 83, 6 + 139)
    assert two.p_value == pytest.approx(expected, rel=1e-9)
    assert "reconstructed from a rounded percentage" in two.label
    assert "the bound" in two.label
    assert two.odds_ratio == pytest.approx((1 * 56) / (5 * 83))
    assert "139 known" in result.denominator_note


def test_two_sample_two_sided_point():
    national = NationalFigure(0.86, "point", 139)
    two = two_sample_fisher(5, 12, national)
    assert two.national_k == 120  # 0.86 × 139 = 119.54

    def table_prob(a):
        return math.comb(12, a) * math.comb(139, 125 - a) / math.comb(151, 125)

    observed = table_prob(5)
    expected = sum(table_prob(a) for a in range(0, 13) if 125 - a <= 139 and table_prob(a) <= observed * (1 + 1e-7))
    assert two.p_value == pytest.approx(expected, rel=1e-7)


def test_two_sample_needs_denominator():
    with pytest.raises(ValueError, match="denominator"):
        two_sample_fisher(1, 6, NationalFigure(0.36))


def test_interval_is_carried():
    result = compare_with_national(4, 13, NationalFigure(0.36), level=0.9, ci_method="clopper-pearson")
    assert result.local.level == 0.9 and result.local.method == "clopper-pearson"
    assert result.local.k == 4 and result.local.n == 13


def test_describe_keeps_the_hedge():
    text = NationalFigure(0.6, "lower", 139, "at least 60%").describe()
    assert "at least 60%" in text and "lower bound" in text


@pytest.mark.parametrize(
    "call,name",
    [
        (lambda: NationalFigure(36), "value"),
        (lambda: NationalFigure(0.0), "value"),
        (lambda: NationalFigure(0.36, "about"), "bound_type"),
        (lambda: NationalFigure(0.36, "point", 0), "denominator"),
        (lambda: NationalFigure.from_percent(136), "percent"),
        (lambda: compare_with_national(7, 6, NationalFigure(0.36)), "k"),
        (lambda: compare_with_national(1, 0, NationalFigure(0.36)), "n"),
        (lambda: compare_with_national(1, 6, NationalFigure(0.36), level=1.5), "level"),
        (lambda: compare_with_national(1, 6, 0.36), "national"),
        (lambda: two_sample_fisher(1, 6, NationalFigure(0.36, "point", 100), "both"), "alternative"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=rf"^{name} "):
        call()


def test_the_two_sided_test_and_the_clopper_pearson_interval_never_disagree():
    """Over every k of small n and a grid of reference shares: the interval leaves p0 out exactly when p < 0.05.
    The issue's case, 'ethnicity_scr_dual_heritage' (minimum-likelihood p = 0.049 while the interval covered the
    baseline), is the kind this rules out."""
    from reference import clopper_pearson
    from scr_workbench.stats.one_sample import exact_binomial_p

    disagreements = []
    for n in (6, 12, 13, 40, 53):
        for k in range(n + 1):
            low, high = clopper_pearson(k, n)
            for p0 in [i / 200 for i in range(1, 200)]:
                p = exact_binomial_p(k, n, p0)
                if abs(p - 0.05) < 1e-9 or min(abs(p0 - low), abs(p0 - high)) < 1e-9:
                    continue  # exactly on the boundary: either reading is right
                if (p < 0.05) != (p0 < low or p0 > high):
                    disagreements.append((k, n, p0, p, low, high))
    assert disagreements == []
    # and scipy's minimum-likelihood test does disagree with it somewhere in the same grid
    from scipy.stats import binomtest

    assert any(
        (binomtest(k, 13, p0).pvalue < 0.05) != (p0 < clopper_pearson(k, 13)[0] or p0 > clopper_pearson(k, 13)[1])
        for k in range(14)
        for p0 in [i / 200 for i in range(1, 200)]
    )


@pytest.mark.parametrize("k, n, p0, alternative", [(-1, 5, 0.5, "two-sided"), (2, 5, 1.5, "less"), (2, 5, 0.5, "x")])
def test_exact_binomial_refuses_bad_input(k, n, p0, alternative):
    from scr_workbench.stats.one_sample import exact_binomial_p

    with pytest.raises(ValueError, match="k must|p0 must|alternative must"):
        exact_binomial_p(k, n, p0, alternative)
