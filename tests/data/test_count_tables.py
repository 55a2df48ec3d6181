"""The count tables hold exactly (or at least) the rows their source gives; a wrong count names file and counts."""

import csv

import pytest

from scr_workbench import paths
from scr_workbench.data.table_spec import TABLES
from scr_workbench.data.tables import TableError, load_table


def _drop_last_row(directory, name):
    path = directory / f"{name}.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")


def test_ons_census_table_has_the_qs201ew_rows():
    # QS201EW: all usual residents, 5 groups and 18 categories; counted from the raw ONS file's data rows.
    with open(paths.DATA_DIR / "raw" / "ons-census-2011-qs201ew-derby.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    levels = [row["level"] for row in rows]
    assert (levels.count("total"), levels.count("group"), levels.count("subgroup")) == (1, 5, 18)
    assert TABLES["census_ethnicity_ons"].rows.exact == len(rows)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("recommendations", "exactly 3"),  # total, board, agencies
        ("ethnicity_counts", "exactly 24"),  # 8 rows (7 groups and the total) in each of 3 columns
        ("census_ethnicity_report", "exactly 8"),
    ],
)
def test_a_missing_row_is_named_with_the_counts(curated_copy, name, expected):
    with open(curated_copy / f"{name}.csv", encoding="utf-8") as handle:
        rows = len(list(csv.DictReader(handle)))
    _drop_last_row(curated_copy, name)
    with pytest.raises(TableError) as err:
        load_table(name, curated_copy)
    assert f"{name}.csv: has {rows - 1} row(s)" in str(err.value) and expected in str(err.value)


def test_header_only_gender_counts_is_an_error(curated_copy):
    path = curated_copy / "gender_counts.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(TableError, match=r"gender_counts.csv: has 0 row\(s\) .*a header alone is not a table"):
        load_table("gender_counts", curated_copy)
