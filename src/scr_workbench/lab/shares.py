"""Share of children with an age property, by review type: the child-level view beside the review-level one.

One call answers "what share of children in each review type were under one?" from the curated tables
(``age_counts`` for children, ``reviews`` for the reviews, ``age_bands`` for what each band means), with
each share's interval and the two review types compared by Fisher's exact test. Children of one review
(siblings, a group) are not independent, so the share of reviews with at least one such child sits beside
the share of children: when the two views disagree, the child-level test is overstating its certainty.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from scipy.stats import fisher_exact

from scr_workbench.comparisons.evidence import CI_METHOD
from scr_workbench.data.tables import load_table
from scr_workbench.stats.intervals import proportion_ci
from scr_workbench.stats.two_by_two import TwoByTwoResult, compare_groups

#: Review types in the order the comparisons put them (first against second).
REVIEW_TYPES: tuple[str, str] = ("scr", "lr")
REVIEW_TYPE_NAMES = {"scr": "serious case reviews", "lr": "learning reviews"}


@dataclass(frozen=True)
class AgeBandSelection:
    """The age bands that make up a property, with its description in words."""

    bands: tuple[str, ...]
    description: str


def _band_limits(bands: pd.DataFrame) -> dict[str, tuple[int, float]]:
    """Each band's (youngest, oldest) age in whole years; an open upper end (``<NA>``) is infinity."""
    return {
        row.age_band: (int(row.min_age_years), float("inf") if pd.isna(row.max_age_years) else int(row.max_age_years))
        for row in bands.itertuples()
    }


def select_age_bands(
    bands: pd.DataFrame, *, under: int | None = None, at_least: int | None = None, age_bands: Iterable[str] = ()
) -> AgeBandSelection:
    """The bands wholly under ``under`` years, wholly at or over ``at_least`` years, or those named.

    A band that straddles the limit (``school_age`` is 5-17, so some of its children are under 13 and some
    are not) is an error naming it: the source does not say how its children split, so no share can be
    computed honestly. Name the bands with ``age_bands=`` to choose what to count.
    """
    age_bands = tuple(age_bands)
    if sum(x is not None and x != () for x in (under, at_least, age_bands)) != 1:
        raise ValueError("give exactly one of under=YEARS, at_least=YEARS or age_bands=[...]")
    limits = _band_limits(bands)
    if age_bands:
        unknown = [b for b in age_bands if b not in limits]
        if unknown:
            raise ValueError(f"age_bands: unknown band(s) {unknown}; expected some of {sorted(limits)}")
        return AgeBandSelection(age_bands, "in band " + " or ".join(age_bands))
    limit, name = (under, "under") if under is not None else (at_least, "at_least")
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise ValueError(f"{name} must be a whole number of years >= 0, got {limit!r}")
    if under is not None:
        inside = tuple(b for b, (_, oldest) in limits.items() if oldest < limit)
        outside = {b for b, (youngest, _) in limits.items() if youngest >= limit}
        description = f"aged under {limit}"
    else:
        inside = tuple(b for b, (youngest, _) in limits.items() if youngest >= limit)
        outside = {b for b, (_, oldest) in limits.items() if oldest < limit}
        description = f"aged {limit} or over"
    straddling = [b for b in limits if b not in inside and b not in outside]
    if straddling:
        ranges = ", ".join(f"{b} ({_span(*limits[b])})" for b in straddling)
        raise ValueError(
            f"{name}={limit}: the band(s) {ranges} straddle {limit} years and the source does not say how "
            "their children split; choose the bands to count with age_bands=[...]"
        )
    return AgeBandSelection(inside, description)


def _span(youngest: int, oldest: float) -> str:
    return f"{youngest} years or over" if oldest == float("inf") else f"{youngest}-{int(oldest)} years"


@dataclass(frozen=True)
class ShareByReviewType:
    """Children (and reviews) with a property in each review type, with intervals and the two types compared.

    Attributes
    ----------
    description : str
        The property in words, e.g. "aged under 1".
    age_bands : tuple of str
        The bands of ``age_bands`` counted as having it.
    table : DataFrame
        One row per review type: ``children_with``, ``children``, ``children_pct`` with ``children_low``/
        ``children_high`` (percent), then the same for ``reviews`` (reviews with at least one such child).
    children, reviews : TwoByTwoResult
        Serious case reviews against learning reviews, by children and by reviews.
    children_p, reviews_p : float
        The p-value to quote beside the odds ratio: Fisher's test in its central form (twice the smaller
        one-sided p), the test the exact interval inverts, so p < 1 - level exactly when the interval
        excludes 1. ``children.p_value`` (Fisher's usual two-sided p) can be below 0.05 beside an interval
        that starts under 1, the mismatch a reader trips over.
    """

    description: str
    age_bands: tuple[str, ...]
    table: pd.DataFrame
    children: TwoByTwoResult
    reviews: TwoByTwoResult
    children_p: float
    reviews_p: float

    def summary(self) -> pd.DataFrame:
        """The table in words: "4 of 13", "31% (13 to 58)" for each review type, children then reviews."""
        level = f"{100 * self.children.level:.0f}% CI"
        out = {}
        for unit in ("children", "reviews"):
            t = self.table
            out[unit] = t[f"{unit}_with"].astype(str) + " of " + t[unit].astype(str)
            out[f"% of {unit} ({level})"] = [
                f"{pct:.0f}% ({low:.0f} to {high:.0f})"
                for pct, low, high in zip(t[f"{unit}_pct"], t[f"{unit}_low"], t[f"{unit}_high"], strict=True)
            ]
        return pd.DataFrame(out, index=self.table.index)

    def __repr__(self) -> str:
        lines = [f"Children {self.description} (age bands: {', '.join(self.age_bands)}), by review type", ""]
        with pd.option_context("display.width", 200, "display.max_columns", None):
            lines += [self.summary().to_string(), ""]
        for unit, result, p in (
            ("children", self.children, self.children_p),
            ("reviews", self.reviews, self.reviews_p),
        ):
            lines.append(
                f"By {unit}: odds ratio {result.odds_ratio:.2f} ({100 * result.level:.0f}% CI {result.or_low:.2f} "
                f"to {result.or_high:.2f}); Fisher's exact test p = {p:.3f}"
            )
        return "\n".join(lines)


def central_p(result: TwoByTwoResult) -> float:
    """Twice the smaller one-sided Fisher p (at most 1): the test the exact odds-ratio interval inverts."""
    one_sided = (fisher_exact(result.table, alternative=side).pvalue for side in ("less", "greater"))
    return min(1.0, 2 * min(one_sided))


def _row(k: int, n: int, unit: str, level: float) -> dict[str, float]:
    estimate, low, high = proportion_ci(k, n, level, CI_METHOD).as_percent()
    return {f"{unit}_with": k, unit: n, f"{unit}_pct": estimate, f"{unit}_low": low, f"{unit}_high": high}


def share_by_review_type(
    *, under: int | None = None, at_least: int | None = None, age_bands: Iterable[str] = (), level: float = 0.95
) -> ShareByReviewType:
    """Share of children aged ``under`` N (or ``at_least`` N, or in the named ``age_bands``) in each review type.

    Children are counted from ``age_counts`` (all of a type's children, so the denominators are 13 and 40),
    reviews from ``reviews.age_bands`` (a review has the property when any of its bands is selected).
    Intervals are Clopper–Pearson, as on every page; the comparisons are Fisher's exact test with the conditional
    odds ratio.
    """
    selection = select_age_bands(load_table("age_bands"), under=under, at_least=at_least, age_bands=age_bands)
    counts = load_table("age_counts")
    reviews = load_table("reviews")
    selected = set(selection.bands)
    children, review_counts, rows = {}, {}, {}
    for review_type in REVIEW_TYPES:
        own = counts[counts["review_type"] == review_type]
        k = int(own.loc[own["age_band"].isin(selected), "n_children"].sum())
        children[review_type] = (k, int(own["n_children"].sum()))
        bands = reviews.loc[reviews["review_type"] == review_type, "age_bands"].str.split(";")
        review_counts[review_type] = (int(bands.map(lambda b: bool(selected & set(b))).sum()), len(bands))
        rows[REVIEW_TYPE_NAMES[review_type]] = _row(*children[review_type], "children", level) | _row(
            *review_counts[review_type], "reviews", level
        )
    labels = tuple(REVIEW_TYPE_NAMES[t] for t in REVIEW_TYPES)
    feature = f"children {selection.description}"
    by_child = compare_groups(*children["scr"], *children["lr"], labels=labels, feature=feature, level=level)
    by_review = compare_groups(
        *review_counts["scr"], *review_counts["lr"], labels=labels, feature=f"reviews with {feature}", level=level
    )
    return ShareByReviewType(
        description=selection.description,
        age_bands=selection.bands,
        table=pd.DataFrame.from_dict(rows, orient="index").rename_axis("review type"),
        children=by_child,
        reviews=by_review,
        children_p=central_p(by_child),
        reviews_p=central_p(by_review),
    )
