"""The what-changed and national-figure checks, against hand calculations."""

from scr_workbench.checks.figure_checks import cse_outcome_checks, national_checks


def test_percentages_of_35_cases_closed(tables):
    rows = {c.check_id: c for c in cse_outcome_checks(tables)}
    # 28% and 36% of 35: 9.8 and 12.6 cases, neither whole (10/35 = 28.6%, 13/35 = 37.1%).
    assert not rows["CSE-cse_closed_risk_removed_or_low-2012-13"].agrees
    assert not rows["CSE-cse_escalated_child_protection-2012-13"].agrees


def test_national_social_care_shares_make_100(tables):
    (row,) = national_checks(tables)
    assert row.stated == "100" and row.agrees
