"""The counted children's baseline (DC2101EW for the place): its cells summed by hand, its checks, and the estimate."""

import csv
import shutil

import pytest

from scr_workbench import paths
from scr_workbench.data.census_children import (
    counted_child_census_counts,
    counted_children_by_sex,
    counted_children_total,
    estimate_against_count,
    ethnic_group_by_age,
    has_counted_children,
)
from scr_workbench.data.dataset import Dataset, default_dataset

RAW = paths.RAW_DIR / "nomis-census-2011-dc2101ew-derby.csv"
SYNTHETIC = paths.PROJ_ROOT / "tests" / "fixtures" / "datasets" / "northvale"
CHILD_BANDS = ("0 to 4", "5 to 7", "8 to 9", "10 to 14", "15", "16 to 17")


def _cell(group: str, age: str, sex: str = "All persons") -> int:
    """One cell of the raw line, read with the csv module by its exact nomis column name."""
    with RAW.open(newline="", encoding="utf-8") as f:
        header, values = list(csv.reader(f))
    return int(
        dict(zip(header, values, strict=True))[f"Sex: {sex}; Age: {age}; Ethnic Group: {group}; measures: Value"]
    )


def test_children_total_is_the_six_child_bands_summed_by_hand():
    # The six cells of "All categories: Ethnic group", all persons, in the raw line:
    # 17743 (0-4) + 9329 (5-7) + 5654 (8-9) + 14857 (10-14) + 3093 (15) + 6250 (16-17) = 56926.
    assert [_cell("All categories: Ethnic group", f"Age {b}") for b in CHILD_BANDS] == [
        17743, 9329, 5654, 14857, 3093, 6250,
    ]  # fmt: skip
    assert counted_children_total() == 56926


def test_children_by_sex_add_up_to_all_persons_by_hand():
    by_sex = counted_children_by_sex()
    for sex in ("Males", "Females"):
        assert by_sex[sex] == sum(_cell("All categories: Ethnic group", f"Age {b}", sex) for b in CHILD_BANDS)
    assert by_sex["Males"] + by_sex["Females"] == 56926  # males + females = all persons


def test_white_british_and_white_other_children_by_hand():
    # White British: 11301 + 5982 + 3780 + 10326 + 2192 + 4510 = 38091 (raw line).
    # White Other = Irish (35+22+15+30+6+15 = 123) + Gypsy or Irish Traveller (38+19+16+38+14+8 = 133)
    #   + Other White (762+391+194+515+86+176 = 2124) = 2380.
    counted = counted_child_census_counts()
    assert counted["White British"] == 38091
    assert counted["White Other"] == 123 + 133 + 2124 == 2380
    assert counted.sum() == 56926


def test_all_ages_total_is_qs201ews():
    assert _cell("All categories: Ethnic group", "All categories: Age") == 248752  # QS201EW line 5
    table = ethnic_group_by_age()
    assert len(table) == 3 * 22 * 24  # three sexes, 21 bands and all ages, 18 groups + 5 totals + all groups


def test_estimate_against_count_shows_what_the_estimate_costs():
    frame = estimate_against_count()
    assert frame.loc["Total", "counted"] == 56926
    # The estimate undercounts the children by some 4% and Asian children by about two points.
    assert frame.loc["Total", "estimated"] / 56926 - 1 == pytest.approx(-0.042, abs=0.005)
    assert frame.loc["Asian or Asian British", "counted_percent"] == pytest.approx(100 * 9964 / 56926)
    assert frame.loc["Asian or Asian British", "difference_points"] == pytest.approx(-1.87, abs=0.01)


def _broken(tmp_path, old: str, new: str) -> Dataset:
    root = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, root)
    raw = root / "raw" / RAW.name
    raw.write_text(raw.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return Dataset.load(root)


def test_a_broken_group_total_is_refused_with_the_file_named(tmp_path):
    header, values = RAW.read_text(encoding="utf-8").splitlines()
    # the first data value after 'E06000015' is the grand total 248752; change the White total (second value)
    fields = values.split(",")
    fields[4] = str(int(fields[4]) + 1)
    dataset = _broken(tmp_path, values, ",".join(fields))
    with pytest.raises(ValueError, match=f"{RAW.name}: 'White: Total' is not the sum"):
        ethnic_group_by_age(dataset)


def test_a_non_number_is_refused_with_the_column_named(tmp_path):
    dataset = _broken(tmp_path, "E06000015,248752", "E06000015,lots")
    with pytest.raises(ValueError, match=f"{RAW.name}: column .*All categories: Ethnic group.* holds 'lots'"):
        ethnic_group_by_age(dataset)


def test_the_synthetic_board_has_no_counted_children():
    assert has_counted_children(default_dataset())
    assert not has_counted_children(Dataset.load(SYNTHETIC))
