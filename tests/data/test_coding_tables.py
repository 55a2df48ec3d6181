"""The theme coding's tables are in the catalogue, after the report's tables, and may not be empty."""

import pytest

from scr_workbench.data.schemas import TABLES
from scr_workbench.data.tables import TableError, load_table


def test_coding_tables_come_last_in_the_catalogue():
    assert list(TABLES)[-3:] == ["themes", "theme_codes", "theme_adjudications"]


def test_header_only_codebook_is_an_error(curated_copy):
    path = curated_copy / "themes.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(TableError, match=r"themes.csv: has 0 row\(s\)"):
        load_table("themes", curated_copy)
