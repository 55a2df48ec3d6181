"""The headline-unit rule against the issue's cases, worked by hand from A.8."""

import pytest

from scr_workbench.comparisons.headline_unit import headline_unit


def test_six_siblings_of_one_scr_are_counted_by_review():
    # A.8: neglect, 1 SCR case (6 children): 6 of 13 children, by review 1 of 6.
    unit = headline_unit({"SCR5": 6}, review_n=6)
    assert (unit.unit, unit.review_k, unit.review_n, unit.largest_review_share) == ("reviews", 1, 6, 1.0)


def test_without_a_review_base_the_children_need_the_qualifier():
    # 33 LR children in sexual-abuse cases, 25 of them in LR6 (A.5/A.8): 25 / 33 = 0.76 of them from one review.
    unit = headline_unit({"LR5": 7, "LR6": 25, "LR4": 1})
    assert unit.unit == "children" and unit.qualifier_needed
    assert unit.largest_review == "LR6" and unit.largest_review_share == pytest.approx(25 / 33)


def test_spread_children_stay_children():
    unit = headline_unit({"SCR1": 2, "SCR2": 1, "SCR3": 1}, review_n=6)  # 4 babies in 3 reviews: 2 / 4 = 0.5
    assert unit.unit == "reviews"
    unit = headline_unit({"A": 1, "B": 1, "C": 1}, review_n=6)
    assert unit.unit == "children" and not unit.qualifier_needed and unit.largest_review_share == pytest.approx(1 / 3)
