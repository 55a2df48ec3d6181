"""Which learning review could have had which category of abuse.

The source gives the learning reviews' categories as totals (cases and children per category)
without naming the reviews, and each review's children elsewhere. This module enumerates
every way of giving each review one category that matches the case counts, and scores
each by how far its child counts fall from the stated totals, so the closest readings can be shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Assignment:
    """One way of giving each review a category, and how far it misses the stated child counts."""

    categories: dict[str, str]
    children_by_category: dict[str, int]
    child_discrepancy: dict[str, int]

    @property
    def total_discrepancy(self) -> int:
        return sum(abs(d) for d in self.child_discrepancy.values())


def assignments(
    children: dict[str, int],
    cases: dict[str, int],
    stated_children: dict[str, int],
    fixed: dict[str, str] | None = None,
) -> list[Assignment]:
    """Every assignment of categories to reviews that matches ``cases``, closest first.

    ``children`` maps review to its children; ``cases`` and ``stated_children`` map
    category to the stated cases and children; ``fixed`` holds categories the text settles.
    """
    fixed = fixed or {}
    if sum(cases.values()) != len(children):
        raise ValueError(f"{sum(cases.values())} cases in the categories but {len(children)} reviews")
    free = [r for r in children if r not in fixed]
    remaining = dict(cases)
    for category in fixed.values():
        remaining[category] -= 1
    if any(v < 0 for v in remaining.values()):
        raise ValueError(f"the fixed categories {fixed} exceed the case counts {cases}")
    found = []
    for order in distinct_orders(remaining, len(free)):
        categories = {**fixed, **dict(zip(free, order, strict=True))}
        totals = {c: sum(children[r] for r, cat in categories.items() if cat == c) for c in cases}
        found.append(
            Assignment(
                categories=dict(sorted(categories.items())),
                children_by_category=totals,
                child_discrepancy={c: totals[c] - stated_children[c] for c in cases},
            )
        )
    return sorted(found, key=lambda a: (a.total_discrepancy, sorted(a.categories.items())))


def distinct_orders(counts: dict[str, int], length: int) -> Iterator[tuple[str, ...]]:
    """Every distinct sequence using each category ``counts[c]`` times (a multiset's permutations).

    12 reviews in 4 categories have 12!/(n1!·n2!·n3!·n4!) distinct orders — thousands, where
    :func:`itertools.permutations` walks all 479 million orderings of the repeated items.
    """
    left = {c: n for c, n in sorted(counts.items()) if n > 0}
    if sum(left.values()) != length:
        raise ValueError(f"{sum(left.values())} categories to give out but {length} reviews to give them to")
    order: list[str] = []

    def extend() -> Iterator[tuple[str, ...]]:
        if len(order) == length:
            yield tuple(order)
            return
        for category in list(left):
            if left[category]:
                left[category] -= 1
                order.append(category)
                yield from extend()
                order.pop()
                left[category] += 1

    return extend()
