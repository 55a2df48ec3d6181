"""Data-quality tables against the ONS lines and the curated markings."""

from scr_workbench.analyses import data_quality


def test_census_comparison_against_the_raw_ons_lines():
    table = data_quality.census_comparison()
    assert table.loc["White Other", "ONS count"] == 2319 + 295 + 9751
    assert table.loc["White Other", "ONS % at the report's precision"] == "5.0%"
    assert not table.loc["White Other", "agrees"]
    assert table.loc["Other", "ONS % at the report's precision"] == "1%"  # 3354/248752 = 1.35%
    assert table["agrees"].sum() == 6


def test_uncertainty_register_covers_every_marking(tables):
    register = data_quality.uncertainty_register()
    reviews = set(register.loc[register.table == "reviews", "row"])
    assert {"SCR1", "SCR2", "SCR3", "LR1", "LR2", "LR3", "LR4", "LR5", "LR6"} <= reviews
    unknown = set(tables["national_figures"].query("denominator_status == 'unknown'")["figure_id"])
    assert unknown == set(register.loc[register.table == "national_figures", "row"])
    assert set(register.loc[register.table == "changes", "row"]) == {"CH5.16a", "CH5.16b", "CH5.16c", "CH5.16d"}
