"""The evidence the verdict rules read: the odds-ratio margin by hand, and evidence the rules could misread refused."""

import math

import pytest

from scr_workbench.comparisons.evidence import EQUIVALENCE_MARGIN, Evidence, odds_ratio


def test_odds_ratio_by_hand():
    assert odds_ratio(0.25, 0.5) == pytest.approx((0.25 / 0.75) / 1.0)
    assert odds_ratio(0.0, 0.3) == 0 and odds_ratio(1.0, 0.3) == math.inf


def test_margin_interval_of_a_proportion_from_its_interval():
    e = Evidence(
        kind="proportion",
        subject="s",
        reference="r",
        n=13,
        estimate=1 / 13,
        ci_low=0.0019,
        ci_high=0.36,
        reference_value=0.029,
        side="above",
        p_value=0.3,
    )
    low, high = e.margin_interval
    assert low == pytest.approx((0.0019 / 0.9981) / (0.029 / 0.971))
    assert high == pytest.approx((0.36 / 0.64) / (0.029 / 0.971))
    assert not e.within_margin and high > EQUIVALENCE_MARGIN


def test_two_groups_use_the_given_interval():
    e = Evidence(
        kind="two_groups",
        subject="a",
        reference="b",
        n=50,
        estimate=0.3,
        ci_low=0.2,
        ci_high=0.4,
        reference_value=0.3,
        side="equal",
        p_value=0.9,
        ratio_low=0.6,
        ratio_high=1.7,
    )
    assert e.margin_interval == (0.6, 1.7) and e.within_margin


def test_clustering_reading():
    base = dict(kind="distribution", subject="s", reference="r", n=13, p_value=0.01, clustering="in 6 reviews")
    assert Evidence(**base).clustering_reading == "unmeasured"
    assert Evidence(**base, design_effect_p_max=0.2).clustering_reading == "fails"
    assert Evidence(**base, design_effect_p_max=0.02).clustering_reading == "holds"
    assert Evidence(**base, design_effect_p_max=0.02, p_review_level=0.5).clustering_reading == "fails"
    assert Evidence(kind="distribution", subject="s", reference="r", n=6, p_value=0.01).clustering_reading == "holds"


@pytest.mark.parametrize("name", ["p_raw", "p_review_level", "design_effect_p_max"])
def test_p_values_out_of_range_are_named(name):
    with pytest.raises(ValueError, match=f"^{name} must be between 0 and 1"):
        Evidence(kind="distribution", subject="s", reference="r", n=6, p_value=0.5, **{name: 1.5})
