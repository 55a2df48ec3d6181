"""The ethnicity and census checks, against the A.6 table and ONS QS201EW read by hand."""

from scr_workbench.checks.population_checks import census_checks, ethnicity_checks


def test_ethnicity_columns_add_to_their_totals(tables):
    rows = {c.check_id: c for c in ethnicity_checks(tables)}
    assert rows["ETH-SCR"].agrees and rows["ETH-LR"].agrees and rows["ETH-CSE_VICTIMS"].agrees
    assert not rows["ETH-34-REVIEWS"].agrees  # the 34 are CSE victims, not reviews


def test_census_column_adds_to_99_5(tables):
    rows = {c.check_id: c for c in census_checks(tables)}
    # 12.5 + 2.9 + 2.9 + 0 + 1 + 75.3 + 4.9 = 99.5
    assert rows["CENSUS-SUM"].derived.endswith("= 99.5%") and not rows["CENSUS-SUM"].agrees
    assert rows["ONS-SUM"].stated == "248752" and rows["ONS-SUM"].agrees
