"""The numbers of reviews and children the report states, read from the statement dataset.yml names.

Several places (reconciliation, overview, demographics, categories of abuse) need "the
stated 13 SCR children"; they all read it here, from the ``review_counts`` row whose
``source_ref`` is the dataset's ``references: stated_counts``.
"""

from __future__ import annotations

import pandas as pd

from scr_workbench.data.choices import check_choice
from scr_workbench.data.dataset import Dataset, default_dataset
from scr_workbench.data.tables import load_table

_COLUMNS = {"reviews": "n_reviews", "children": "n_children"}


def stated_counts(review_counts: pd.DataFrame | None = None, dataset: Dataset | None = None) -> pd.DataFrame:
    """Reviews and children per kind of review as the report states them, indexed by review_type."""
    dataset = dataset or default_dataset()
    counts = load_table("review_counts", dataset) if review_counts is None else review_counts
    ref = dataset.reference("stated_counts")
    stated = counts[counts["source_ref"] == ref].set_index("review_type")[["n_reviews", "n_children"]]
    if stated.empty or stated.isna().any().any():
        raise ValueError(
            f"review_counts: the rows with source_ref {ref!r} (dataset.yml references: stated_counts) "
            "must give n_reviews and n_children for every kind of review"
        )
    return stated.astype("int64")


def stated(
    unit: str, review_type: str, review_counts: pd.DataFrame | None = None, dataset: Dataset | None = None
) -> int:
    """The stated number of ``unit`` ("reviews" or "children") of one kind of review."""
    column = _COLUMNS[check_choice(unit, "unit", _COLUMNS)]
    return int(stated_counts(review_counts, dataset).loc[review_type, column])
