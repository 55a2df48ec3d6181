"""Main points of the reports that count children, with suppression on: what they lead with and how they name groups."""

import pandas as pd

from scr_workbench import paths
from scr_workbench.analyses import children_points as CP
from scr_workbench.comparisons.registry import build_registry


def test_suppressed_categories_lead_with_all_reviews_added_together():
    """At 5 both kinds of review's leading counts are suppressed; the leading category of all 53 children is not."""
    counts = pd.read_csv(paths.PROJ_ROOT / "data" / "curated" / "abuse_categories.csv")
    by_category = counts.groupby("category")["n_children"].sum()
    top, k = by_category.idxmax().replace("_", " "), int(by_category.max())  # sexual abuse: 2 + 33
    points = CP.abuse_categories("children", 0.95, suppress_below=5).main
    assert points[0].startswith(f"In all reviews, {top} was the most common category: {k} of 53 children")
    assert not any("serious case reviews, " in p.lower() and "most common" in p for p in points)


def test_count_free_point_names_the_other_local_group_once():
    """A within-place row's reference reads "<place>: <group>"; the sentence names the group, not the place twice."""
    row = build_registry().set_index("comparison_id").loc["male_scr_vs_lr"]
    place, group = row["reference"].split(": ", 1)
    sentence = CP._count_free({**row.to_dict(), "comparison_id": "male_scr_vs_lr"})
    assert sentence.endswith(f"against {group})") and f"{place}: " not in sentence
    assert not any(ch.isdigit() for ch in sentence)
