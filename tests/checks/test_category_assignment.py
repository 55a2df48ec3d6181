"""Assignments of categories to reviews, against hand-worked small cases."""

import pytest

from scr_workbench.checks.category_assignment import assignments


def test_exact_fit_found_first():
    found = assignments({"A": 1, "B": 2, "C": 3}, {"x": 1, "y": 2}, {"x": 1, "y": 5})
    # x must be A (1 child) and y = B + C (5 children): the only exact fit.
    assert found[0].total_discrepancy == 0
    assert found[0].categories == {"A": "x", "B": "y", "C": "y"}
    assert len(found) == 3  # x can go to A, B or C


def test_fixed_reviews_respected():
    found = assignments({"A": 1, "B": 2}, {"x": 1, "y": 1}, {"x": 2, "y": 1}, fixed={"A": "y"})
    assert [a.categories for a in found] == [{"A": "y", "B": "x"}]


def test_case_count_mismatch_raises():
    with pytest.raises(ValueError, match="3 cases in the categories but 2 reviews"):
        assignments({"A": 1, "B": 1}, {"x": 2, "y": 1}, {"x": 1, "y": 1})
