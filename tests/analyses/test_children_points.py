"""Main points of the reports that count children, with suppression on: what they lead with and how they name groups."""

import pandas as pd

from scr_workbench import paths
from scr_workbench.analyses import children_points as CP


def test_suppressed_categories_lead_with_all_reviews_added_together():
    """At 5 both kinds of review's leading counts are suppressed; the leading category of all 53 children is not."""
    counts = pd.read_csv(paths.PROJ_ROOT / "data" / "curated" / "abuse_categories.csv")
    by_category = counts.groupby("category")["n_children"].sum()
    top, k = by_category.idxmax().replace("_", " "), int(by_category.max())  # sexual abuse: 2 + 33
    points = CP.abuse_categories("children", 0.95, suppress_below=5).main
    assert points[0].startswith(f"In all reviews, {top} came first, in {k} of the 53 children")
    assert not any("serious case reviews, " in p.lower() and "most common" in p for p in points)


def test_suppressed_comparison_points_give_no_count():
    """With suppression on, a comparison's point says the verdict in words and quotes no count: the male row's
    SCR count (9) and LR count (4) are below or near the threshold and hidden on the gender page."""
    points = CP.demographics("all", "gender", "national", 0.95, suppress_below=5).main
    boys = [p for p in points if "boys" in p.lower()]
    assert boys and not any(ch.isdigit() for ch in boys[0]), boys
