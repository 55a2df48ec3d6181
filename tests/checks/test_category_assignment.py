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


def brute_force(children, cases, stated_children, fixed=None):
    """The definition, by every ordering of the categories (fine for a handful of reviews)."""
    from itertools import permutations

    fixed = fixed or {}
    free = [r for r in children if r not in fixed]
    pool = [c for c, n in cases.items() for _ in range(n - list(fixed.values()).count(c))]
    results = set()
    for order in set(permutations(pool)):
        categories = {**fixed, **dict(zip(free, order, strict=True))}
        totals = {c: sum(children[r] for r, cat in categories.items() if cat == c) for c in cases}
        results.add((tuple(sorted(categories.items())), sum(abs(totals[c] - stated_children[c]) for c in cases)))
    return results


@pytest.mark.parametrize(
    "children, cases, stated, fixed",
    [
        ({"A": 1, "B": 2, "C": 3, "D": 1, "E": 4}, {"x": 2, "y": 2, "z": 1}, {"x": 3, "y": 5, "z": 2}, None),
        ({"A": 1, "B": 2, "C": 3, "D": 1, "E": 4, "F": 2}, {"x": 3, "y": 3}, {"x": 6, "y": 7}, {"C": "y"}),
        ({"A": 2, "B": 2, "C": 2, "D": 2}, {"x": 1, "y": 1, "z": 1, "w": 1}, {"x": 2, "y": 2, "z": 2, "w": 2}, None),
        ({"A": 1, "B": 1, "C": 5}, {"x": 3, "y": 0}, {"x": 7, "y": 0}, None),
    ],
)
def test_matches_brute_force_over_every_ordering(children, cases, stated, fixed):
    found = assignments(children, cases, stated, fixed)
    pairs = [(tuple(sorted(a.categories.items())), a.total_discrepancy) for a in found]
    assert len(pairs) == len(set(pairs))  # each distinct assignment once
    assert set(pairs) == brute_force(children, cases, stated, fixed)
    assert [d for _, d in pairs] == sorted(d for _, d in pairs)  # closest first


def test_twelve_reviews_in_four_categories_count_the_multinomial():
    from math import factorial

    children = {f"R{i}": 1 for i in range(12)}
    cases = {"a": 5, "b": 4, "c": 2, "d": 1}
    found = assignments(children, cases, {"a": 5, "b": 4, "c": 2, "d": 1})
    # 12! / (5! 4! 2! 1!) distinct assignments, hand formula
    assert len(found) == factorial(12) // (factorial(5) * factorial(4) * factorial(2))
