"""The reconciliation finds exactly the disagreements that exist in the source.

Expected values are read off the report by hand (section and table cited on each), not
taken from the code's output.
"""

import pytest

from scr_workbench.checks.reconcile import reconcile


@pytest.fixture(scope="module")
def result(tables):
    return reconcile(tables).set_index("check_id")


def test_disagreements_are_exactly_the_known_ones(result):
    assert set(result.index[~result.agrees]) == {
        "GENDER-SCR",  # A.5: 9 male + 3 female = 12, but 1.2 says 13 children
        "CAT-CHILDREN-LR",  # A.8: 33 + 4 + 2 = 39, but 1.2 and A.2 say 40
        "CAT-ASSIGN-LR",  # no A.2 family → A.8 category mapping fits
        "ETH-34-REVIEWS",  # A.6 prose: "34 reviews"; the 34 are victims in 3 reviews
        "CENSUS-SUM",  # A.6 census column adds to 99.5%, printed total 100%
        "CENSUS-White Other",  # ONS 12365/248752 = 4.97% → 5.0%, printed 4.9%
        "BABY-SHARE",  # A.4: 30%; no count in the text rounds to 30%
        "CSE-cse_closed_risk_removed_or_low-2012-13",  # 28% of 35 is not a whole count
        "CSE-cse_escalated_child_protection-2012-13",  # 36% of 35 is not a whole count
    }


def test_scr_gender_gap_values(result):
    row = result.loc["GENDER-SCR"]
    assert row.stated == "13" and row.derived.endswith("= 12")


def test_lr_categories_hold_39_of_40(result):
    row = result.loc["CAT-CHILDREN-LR"]
    assert row.stated == "40" and row.derived.endswith("= 39")


def test_census_column_sums_to_99_5(result):
    # 12.5 + 2.9 + 2.9 + 0 + 1 + 75.3 + 4.9 = 99.5
    assert result.loc["CENSUS-SUM"].derived.endswith("= 99.5%")


def test_white_other_against_ons(result):
    # (2319 + 295 + 9751) / 248752 = 4.9708% → 5.0 at one decimal; without Gypsy/Traveller 4.85%.
    row = result.loc["CENSUS-White Other"]
    assert row.derived == "4.97% → 5.0%"
    assert "4.85%" in row.explanation


def test_other_agrees_at_printed_precision(result):
    # 3354 / 248752 = 1.348% → 1% at the printed (integer) precision.
    assert result.loc["CENSUS-Other"].agrees
    assert result.loc["CENSUS-Other"].derived == "1.35% → 1%"


def test_baby_share_candidates(result):
    derived = result.loc["BABY-SHARE"].derived
    for fragment in ("4/13 = 30.8%", "6/53 = 11.3%", "3/6 = 50.0%", "5/12 = 41.7%"):
        assert fragment in derived


def test_cse_percentages_of_cases_closed(result):
    # 6.17: 42 cases closed in 2013-14, 35 the year before. 17/42 = 40.5% → 40%; 3/42 = 7.1% → 7%;
    # no k/35 rounds to 28% (9/35 = 25.7%, 10/35 = 28.6%) or 36% (12/35 = 34.3%, 13/35 = 37.1%).
    assert result.loc["CSE-cse_closed_risk_removed_or_low-2013-14"].derived == "17/42 = 40.5%"
    assert result.loc["CSE-cse_escalated_child_protection-2013-14"].derived == "3/42 = 7.1%"
    assert "10/35 = 28.6%" in result.loc["CSE-cse_closed_risk_removed_or_low-2012-13"].derived
    assert "13/35 = 37.1%" in result.loc["CSE-cse_escalated_child_protection-2012-13"].derived


def test_lr_category_assignment_closest_is_one_child_off(result):
    row = result.loc["CAT-ASSIGN-LR"]
    assert row.derived.startswith("0 exact of 12")  # 4!/(2!) = 12 ways to give LR1–LR4 the remaining categories
    assert "miss A.8 by 1 child" in row.explanation


@pytest.mark.parametrize(
    "check_id, stated",
    [
        ("REC-1", "237"),
        ("AGE-SCR", "13"),
        ("AGE-LR", "40"),
        ("CAT-CASES-SCR", "6"),
        ("CAT-CASES-LR", "6"),
        ("CAT-CHILDREN-SCR", "13"),
        ("GENDER-LR", "40"),
        ("ETH-SCR", "13"),
        ("ETH-LR", "40"),
        ("ETH-CSE_VICTIMS", "34"),
        ("ETH-CSE-SOURCES", "34"),
        ("SCR-BABIES", "4"),
        ("SCR-SCHOOL-AGE", "9"),
        ("NAT-CSC", "100"),
        ("ONS-SUM", "248752"),
    ],
)
def test_agreements(result, check_id, stated):
    assert result.loc[check_id].agrees
    assert result.loc[check_id].stated == stated


def test_every_disagreement_is_explained(result):
    assert (result.loc[~result.agrees, "explanation"].str.len() > 40).all()


def test_a_corrupted_total_is_caught(tables):
    broken = dict(tables)
    rec = tables["recommendations"].copy()
    rec.loc[rec.recipient == "board", "n_recommendations"] = 31
    broken["recommendations"] = rec
    row = reconcile(broken).set_index("check_id").loc["REC-1"]
    assert not row.agrees and row.derived.endswith("= 238")


@pytest.mark.parametrize("emptied", ["change_measures", "gender_counts", "report_facts", "review_counts"])
def test_a_check_on_an_empty_table_says_it_cannot_run(tables, emptied):
    from scr_workbench.checks.reconcile import CHECKS, cannot_run

    broken = dict(tables)
    broken[emptied] = tables[emptied].iloc[0:0]
    result = reconcile(broken)
    rows = cannot_run(result)
    families = [family for family, needs in CHECKS if emptied in needs]
    assert len(rows) == len(families) >= 1  # one row per family that reads it, none dropped silently
    assert all(f"cannot run: {emptied} has no rows" == d for d in rows["derived"])


def test_a_check_missing_a_row_it_reads_cannot_run(tables):
    from scr_workbench.checks.reconcile import cannot_run

    broken = dict(tables)
    broken["national_figures"] = tables["national_figures"].query("figure_id != 'csc_never_known'")
    rows = cannot_run(reconcile(broken))
    assert list(rows["check_id"]) == ["NATIONAL"] and "csc_never_known" in rows["derived"].iloc[0]
