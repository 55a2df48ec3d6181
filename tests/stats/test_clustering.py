"""Design-effect sensitivity against hand calculations and the closed-form chi-square tail (tests/reference.py)."""

import math
from statistics import NormalDist

import pytest
from tests.reference import chi2_sf

from scr_workbench.stats.clustering import (
    ICC_RANGE,
    design_effect,
    goodness_of_fit_p,
    one_sample_p,
    sensitivity,
    trimmed_to,
    two_groups_p,
    weighted_mean_cluster_size,
)


def test_weighted_mean_cluster_size_of_the_learning_reviews_by_hand():
    sizes = [3, 1, 2, 2, 7, 25]  # children per learning review (A.2)
    assert weighted_mean_cluster_size(sizes) == pytest.approx((9 + 1 + 4 + 4 + 49 + 625) / 40)
    assert design_effect(sizes, 0.3) == pytest.approx(1 + (692 / 40 - 1) * 0.3)


def test_equal_clusters_give_kishs_formula():
    assert design_effect([4, 4, 4], 0.1) == pytest.approx(1 + 3 * 0.1)


def test_no_correlation_no_design_effect():
    assert design_effect([1, 25], 0.0) == 1


def test_one_sample_by_the_score_statistic():
    k, n, p0, deff = 9, 40, 0.4, 2.5  # expected 16 and 24: the normal approximation may be used
    z = (k - n * p0) / math.sqrt(n * p0 * (1 - p0) * deff)
    assert one_sample_p(k, n, p0, deff) == pytest.approx(2 * NormalDist().cdf(-abs(z)))
    assert one_sample_p(k, n, p0, deff, "greater") == pytest.approx(1 - NormalDist().cdf(z))
    assert one_sample_p(k, n, p0, deff, "less") == pytest.approx(NormalDist().cdf(z))


def test_two_groups_by_the_pearson_statistic():
    a, n1, c, n2, deff = 12, 30, 25, 40, 3.0  # expected 15.9, 14.1, 21.1, 18.9: all at least 5
    total, k = n1 + n2, a + c
    cells = [
        (a, n1 * k / total),
        (n1 - a, n1 * (total - k) / total),
        (c, n2 * k / total),
        (n2 - c, n2 * (total - k) / total),
    ]
    x2 = sum((o - e) ** 2 / e for o, e in cells)
    assert two_groups_p(a, n1, c, n2, deff) == pytest.approx(chi2_sf(x2 / deff, 1))


def test_two_groups_with_an_empty_margin_is_uninformative():
    assert two_groups_p(0, 5, 0, 7, 2.0) == 1.0


def test_goodness_of_fit_by_the_pearson_statistic():
    # 60 children over four groups: expected 30, 15, 9, 6, all at least 5
    observed, shares, deff = [38, 10, 8, 4], [0.5, 0.25, 0.15, 0.1], 1.8
    x2 = sum((o - 60 * s) ** 2 / (60 * s) for o, s in zip(observed, shares, strict=True))
    assert goodness_of_fit_p(observed, shares, deff) == pytest.approx(chi2_sf(x2 / deff, 3))


@pytest.mark.parametrize(
    "call",
    [
        # 13 SCR children against a 2.9% share: 0.38 expected, below 1
        lambda: one_sample_p(3, 13, 0.0291, 2.5),
        # SCR 2 of 13 against LR 33 of 40 in sexual abuse: expected 8.6, 4.4, 26.4, 13.6 - a quarter below 5
        lambda: two_groups_p(2, 13, 33, 40, 3.0),
        # 13 children over six census groups: expected 9.0, 0.5, 0.9, 2.0, 0.2, 0.4
        lambda: goodness_of_fit_p([9, 1, 3, 0, 0, 0], [0.69, 0.04, 0.066, 0.156, 0.016, 0.032], 1.8),
    ],
)
def test_no_chi_square_correction_on_small_expected_counts(call):
    """Cochran's rule: an expected count below 1, or more than a fifth below 5, and the correction is not made."""
    assert call() is None


def test_sensitivity_takes_the_largest_p_and_never_less_than_the_exact_one():
    sizes = [3, 1, 2, 2, 7, 25]
    result = sensitivity(0.004, lambda d: one_sample_p(9, 40, 0.4, d), sizes)
    assert result.iccs == ICC_RANGE and max(ICC_RANGE) == 1  # up to one child per review
    assert result.p_values == tuple(sorted(result.p_values))  # larger ICC, larger design effect, larger p
    assert result.p_max == max(0.004, one_sample_p(9, 40, 0.4, design_effect(sizes, 1.0)))
    # at ICC 1 the design effect is the mean cluster size a child sits in, Σm²/Σm
    assert design_effect(sizes, 1.0) == pytest.approx((9 + 1 + 4 + 4 + 49 + 625) / 40)
    assert sensitivity(0.9, lambda d: 0.01, sizes).p_max == 0.9
    # where the correction cannot be made, clustering cannot be judged this way
    assert sensitivity(0.004, lambda d: one_sample_p(3, 13, 0.0291, d), sizes).p_max is None


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: design_effect([3, 0], 0.1), "cluster sizes must be positive"),
        (lambda: design_effect([3], 1.5), "icc must be between 0 and 1"),
        (lambda: one_sample_p(1, 5, 0.5, 0.5), "a design effect is at least 1"),
        (lambda: one_sample_p(1, 5, 0.0, 2), "p0 must be strictly between 0 and 1"),
        (lambda: one_sample_p(1, 5, 0.5, 2, "both"), "alternative must be one of"),
    ],
)
def test_bad_input_is_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_trimmed_to_takes_children_from_the_smallest_clusters():
    # the 13 SCR children in six reviews, sex stated for 12: the child left out comes from a review of one
    assert trimmed_to([2, 1, 1, 2, 6, 1], 12) == [1, 1, 2, 2, 6]
    assert sum(trimmed_to([2, 1, 1, 2, 6, 1], 12)) == 12
    # by hand: Σm²/Σm is 47/13 = 3.62 with all six reviews, 46/12 = 3.83 without one child of a single-child review,
    # larger than taking the child from the six siblings (36 → 25: 36/12 = 3.0)
    assert weighted_mean_cluster_size(trimmed_to([2, 1, 1, 2, 6, 1], 12)) == pytest.approx(46 / 12)
    assert trimmed_to([3, 1], 4) == [1, 3]
    with pytest.raises(ValueError, match="fewer than the 5 children counted"):
        trimmed_to([3, 1], 5)
