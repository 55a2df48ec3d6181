"""The curated tables the registry needs, read once through ``load_table``, and the counts read from them."""

from __future__ import annotations

import re

import pandas as pd

from scr_workbench.data.census import census_counts, census_total
from scr_workbench.data.census_age_profile import (
    ALL_AGES_BASELINE,
    CHILD_BASELINE,
    child_census_counts,
    has_age_profile,
)
from scr_workbench.data.census_children import counted_child_census_counts, has_counted_children
from scr_workbench.data.dataset import Dataset, default_dataset
from scr_workbench.data.stated_counts import stated_counts
from scr_workbench.data.tables import load_table


def has_baby(review: pd.Series) -> bool:
    """Whether a review's children include a baby (its age bands name one)."""
    return "baby" in str(review["age_bands"]).split(";")


class Sources:
    """One dataset's tables for the registry, loaded once, with the counts the row families read."""

    def __init__(self, dataset: Dataset | None = None):
        """Load every table once."""
        self.dataset = dataset = dataset or default_dataset()
        self.place = dataset.place
        self.reviews = load_table("reviews", dataset)
        self.age_counts = load_table("age_counts", dataset)
        self.age_bands = load_table("age_bands", dataset)
        self.abuse = load_table("abuse_categories", dataset)
        self.gender = load_table("gender_counts", dataset)
        self.ethnicity = load_table("ethnicity_counts", dataset)
        self.national = load_table("national_figures", dataset).set_index("figure_id")
        self.local_percentages = load_table("local_percentages", dataset).set_index("figure_id")
        self.stated = stated_counts(load_table("review_counts", dataset), dataset)
        ons = load_table("census_ethnicity_ons", dataset)
        self.census, self.census_total = census_counts(ons), census_total(ons)
        self.census_refs = ons["source_ref"]

    @property
    def children_counted(self) -> bool:
        """Whether the children's baseline is counted (the place's DC2101EW), not estimated from an age profile."""
        return has_counted_children(self.dataset)

    @property
    def census_baselines(self) -> list[tuple[str, pd.Series]]:
        """The census baselines for children's ethnicity, the one verdicts use first: the place's children
        (0–17), counted where the dataset gives its census by age (DC2101EW), else estimated where it gives an
        age profile; then all ages (a sensitivity row, or the only one)."""
        if self.children_counted:
            children = [(CHILD_BASELINE, counted_child_census_counts(self.dataset).astype(float))]
        elif has_age_profile(self.dataset):
            children = [(CHILD_BASELINE, child_census_counts(self.dataset))]
        else:
            children = []
        return children + [(ALL_AGES_BASELINE, self.census.astype(float))]

    def cluster_sizes(self, review_ids: list[str]) -> list[int]:
        """Children per review, the clusters of a design effect, summing to the children counted.

        Where the ids are whole review types, the sizes sum to the children counted for them (``age_counts``):
        each review starts at its smallest stated number and reviews given as a range take one more child, in
        order, until the total is reached (which review holds the extra child is not stated; the design effect
        depends only on the sizes, not on which review has which). For a subset, each review's largest number.
        """
        rows = self.reviews[self.reviews["review_id"].isin(review_ids)]
        types = set(rows["review_type"])
        if set(self.review_ids(None, lambda r: r["review_type"] in types)) != set(review_ids):
            return [int(m) for m in rows["n_children_max"]]
        total = sum(self.children(t) for t in types)
        sizes = [int(m) for m in rows["n_children_min"]]
        room = [int(hi) - int(lo) for lo, hi in zip(rows["n_children_min"], rows["n_children_max"], strict=True)]
        while sum(sizes) < total and any(room):
            i = next(j for j, r in enumerate(room) if r)
            sizes[i], room[i] = sizes[i] + 1, room[i] - 1
        if sum(sizes) != total:
            raise ValueError(f"reviews: the children of {sorted(review_ids)} cannot add to the {total} counted")
        return sizes

    def children_by_review(self, review_ids: list[str]) -> dict[str, int]:
        """The children counted in each review of ``review_ids`` (:meth:`cluster_sizes`, by review id)."""
        rows = self.reviews[self.reviews["review_id"].isin(review_ids)]
        return dict(zip(rows["review_id"], self.cluster_sizes(review_ids), strict=True))

    def review_ids(self, review_type: str | None = None, predicate=None) -> list[str]:
        """Review ids of one type (or all), optionally filtered row-wise by ``predicate``."""
        rows = self.reviews if review_type is None else self.reviews[self.reviews["review_type"] == review_type]
        return list(rows[rows.apply(predicate, axis=1)]["review_id"] if predicate is not None else rows["review_id"])

    def children(
        self, review_type: str | None = None, age_band: str | None = None, age_group: str | None = None
    ) -> int:
        """Children in age_counts, optionally by review type, age band or age group."""
        rows = self.age_counts
        if review_type:
            rows = rows[rows["review_type"] == review_type]
        if age_band:
            rows = rows[rows["age_band"] == age_band]
        if age_group:
            rows = rows[rows["age_band"].isin(self.age_bands.loc[self.age_bands["age_group"] == age_group, "age_band"])]
        return int(rows["n_children"].sum())

    def ethnic_groups(self, population: str) -> pd.Series:
        """Children per ethnic group in one population of the ethnicity table, checked against its stated total."""
        table = self.ethnicity[self.ethnicity["population"] == population]
        groups = table[table["row_kind"] == "group"].set_index("ethnic_group")["n_children"].astype(int)
        total = int(table.loc[table["row_kind"] == "total", "n_children"].iloc[0])
        if int(groups.sum()) != total:
            raise ValueError(f"ethnicity_counts: {population} groups add to {groups.sum()}, not the stated {total}")
        return groups

    def clustering(self, review_ids: list[str], n_children: int, who: str) -> str:
        """A clause saying how few reviews the children come from, for verdicts."""
        rows = self.reviews[self.reviews["review_id"].isin(review_ids)]
        return (
            f"the {n_children} {who} come from only {len(rows)} reviews, up to "
            f"{int(rows['n_children_max'].max())} of them from a single review"
        )


def refs(*frames: pd.DataFrame | pd.Series) -> str:
    """Where rows come from: their distinct ``source_ref`` sections in order, item details dropped."""
    seen: dict[str, None] = {}
    for frame in frames:
        values = frame["source_ref"] if isinstance(frame, pd.DataFrame) else frame
        for ref in values.dropna():
            seen[re.sub(r"\s*\(.*\)$", "", str(ref))] = None
    return "; ".join(seen)
