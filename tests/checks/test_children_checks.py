"""The children and recommendation checks, against the report's figures read by hand."""

from scr_workbench.checks.children_checks import children_checks, recommendation_checks


def test_recommendations_add_up(tables):
    # Section 1.2: 237 recommendations, 30 to the Board and 207 to agencies.
    (row,) = recommendation_checks(tables)
    assert row.agrees and row.stated == "237" and row.derived.endswith("= 237")


def test_children_by_age_and_sex(tables):
    rows = {c.check_id: c for c in children_checks(tables)}
    assert rows["AGE-SCR"].agrees and rows["AGE-LR"].agrees  # A.1 and A.2 add to 13 and 40
    assert not rows["GENDER-SCR"].agrees  # A.5: 9 boys + 3 girls = 12 of 13
    assert "one child's sex is not stated" in rows["GENDER-SCR"].explanation
