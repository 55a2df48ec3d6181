"""The unit a headline figure may count in, when the children it counts cluster in few reviews.

A count of children is a headline figure only when no single review holds a large share of
them: 6 of 13 SCR children are all six siblings of one review, which by review is 1 of 6. The
share is the largest review's children among the children counted (k, not n); at
:data:`LARGEST_SHARE_LIMIT` or above, the figure's size is decided by one family or group, and its
Kish effective number of independent children (k² / Σ mᵢ²) is at most 4, so a child-level
interval that treats siblings as independent is not a headline figure. The statistics layer
decides the unit here; sentences are written elsewhere from these facts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

#: A review holding at least this share of the children counted makes the count unfit for a child headline.
LARGEST_SHARE_LIMIT = 0.5


@dataclass(frozen=True)
class HeadlineUnit:
    """The facts a headline needs: its unit ("reviews" or "children"), both counts, and the largest review's share."""

    unit: str
    children_k: int
    review_k: int
    review_n: int | None
    largest_review: str | None
    largest_review_share: float
    qualifier_needed: bool


def headline_unit(children_by_review: Mapping[str, int], review_n: int | None = None) -> HeadlineUnit:
    """The unit a figure counting ``children_by_review`` (children counted, by review id) may use in a headline.

    ``review_n`` is the number of reviews the figure's base covers (None when a review-level base is not
    known). Returns unit "reviews" when the largest review holds at least :data:`LARGEST_SHARE_LIMIT` of the
    children and a review-level base exists; unit "children" with ``qualifier_needed`` when it does not (the
    sentence must then say the children come from one review or family); plain "children" otherwise.
    """
    counts = {r: int(k) for r, k in children_by_review.items() if int(k) > 0}
    if any(int(k) < 0 for k in children_by_review.values()):
        raise ValueError("children_by_review: counts must be whole numbers of 0 or more")
    k = sum(counts.values())
    if k == 0:
        return HeadlineUnit("children", 0, 0, review_n, None, 0.0, False)
    largest = max(counts, key=counts.get)
    share = counts[largest] / k
    clustered = share >= LARGEST_SHARE_LIMIT and len(counts) < k
    unit = "reviews" if clustered and review_n is not None else "children"
    return HeadlineUnit(unit, k, len(counts), review_n, largest, share, clustered and unit == "children")
