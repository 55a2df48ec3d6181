"""The children's census baseline: the raw age profile read back by an independent route, and the estimate by hand."""

import re
import shutil

import pytest

from scr_workbench import paths
from scr_workbench.data.census_age_profile import (
    age_profile,
    child_census_counts,
    child_share_by_label,
    has_age_profile,
)
from scr_workbench.data.dataset import Dataset, default_dataset

RAW = paths.RAW_DIR / "nhsd-census-2011-dc2101ew-england-ethnic-group-by-age.txt"
SYNTHETIC = paths.PROJ_ROOT / "tests" / "fixtures" / "datasets" / "northvale"
CHILD_BANDS = {"0 to 4", "5 to 7", "8 to 9", "10 to 14", "15", "16 to 17"}


def _rows_by_regex():
    """The raw rows read with a regular expression, not the module's parser."""
    pattern = r"\['([^']*)','([^']*)','([12])','([^']*)','(\d+)'\]"
    return [(label, sex, age, int(n)) for _, label, sex, age, n in re.findall(pattern, RAW.read_text())]


def test_raw_profile_adds_up_to_englands_2011_population():
    rows = _rows_by_regex()
    assert len(rows) == 23 * 2 * 21
    # England's usual residents at the 2011 census: 53,012,456 (ONS, 2011 Census: Population and household
    # estimates for England and Wales), the sum of the five group totals over both sexes and every age band.
    assert sum(n for label, *_, n in rows if label.endswith(": Total")) == 53_012_456
    assert age_profile()["count"].sum() == sum(n for *_, n in rows)


def test_mixed_child_share_by_hand():
    rows = [r for r in _rows_by_regex() if r[0] == "Mixed/multiple ethnic group: Total"]
    children = sum(n for _, _, age, n in rows if age in CHILD_BANDS)
    assert child_share_by_label()["Mixed/multiple ethnic group: Total"] == pytest.approx(
        children / sum(r[3] for r in rows)
    )
    assert 0.45 < children / sum(r[3] for r in rows) < 0.55  # about half of the Mixed group were children in 2011


def test_chinese_counts_with_asian_as_in_2011():
    profile = age_profile()
    assert "Asian/Asian British: Chinese" in set(profile["ethnic_group"])
    asian = profile[profile["ethnic_group"].str.startswith("Asian/Asian British: ")]
    parts = asian[asian["ethnic_group"] != "Asian/Asian British: Total"]["count"].sum()
    assert parts == asian[asian["ethnic_group"] == "Asian/Asian British: Total"]["count"].sum()


def test_child_counts_are_all_ages_counts_times_child_share():
    share = child_share_by_label()
    children = child_census_counts()
    # QS201EW for the place (data/raw/ons-census-2011-qs201ew-derby.csv): Mixed 7232, White Irish 2319,
    # Gypsy or Irish Traveller 295, Other White 9751.
    assert children["Dual Heritage"] == pytest.approx(7232 * share["Mixed/multiple ethnic group: Total"])
    white_other = 2319 * share["White: Irish"] + 295 * share["White: Gypsy or Irish Traveller"]
    white_other += 9751 * share["White: Other White"]
    assert children["White Other"] == pytest.approx(white_other)


def test_children_are_more_diverse_than_all_ages():
    children = child_census_counts()
    assert children["Dual Heritage"] / children.sum() > 2 * 7232 / 248752


def test_a_broken_total_is_refused_with_the_file_named(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, root)
    raw = root / "raw" / RAW.name
    raw.write_text(
        raw.read_text().replace("'White: Total','1','0 to 4','1292142'", "'White: Total','1','0 to 4','1292143'")
    )
    with pytest.raises(ValueError, match=f"{RAW.name}: 'White: Total' is not the sum"):
        age_profile(Dataset.load(root))


def test_the_synthetic_board_has_no_age_profile():
    assert has_age_profile(default_dataset())
    assert not has_age_profile(Dataset.load(SYNTHETIC))
