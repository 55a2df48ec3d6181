"""Census shares on the report's groups, against sums worked from the raw ONS lines."""

import pytest

from scr_workbench.data.census import census_counts, census_percent, census_total


def test_counts_by_report_group_from_the_raw_lines():
    counts = census_counts()
    assert counts["White British"] == 187386
    assert counts["White Other"] == 2319 + 295 + 9751
    assert counts["Dual Heritage"] == 3916 + 533 + 1772 + 1011
    assert counts.sum() == census_total() == 248752


def test_percent_matches_hand_division():
    assert census_percent()["Asian or Asian British"] == pytest.approx(100 * 31095 / 248752)


def test_double_counted_partition_rejected(tables):
    ons = tables["census_ethnicity_ons"].copy()
    ons.loc[ons.ethnic_group == "Asian: Indian", "report_group"] = "Asian or Asian British"
    with pytest.raises(ValueError, match="partition the total"):
        census_counts(ons)
