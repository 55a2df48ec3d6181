"""What a curated CSV must be before pandas reads it: what is refused, and what real files do that must pass."""

from __future__ import annotations

import os

import pytest

from scr_workbench.data.csv_text import MAX_FIELD_CHARS, CsvTextError, check_file, check_text


def test_excel_bom_crlf_tabs_and_line_breaks_in_quotes_are_text():
    check_text("t.csv", '\ufeffa,b\r\n1,"two\tcolumns\r\nand a line break"\r\n\r\n2,""\r\n')


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a,b\n1,x\x00y\n", "t.csv, row 0 (line 2), column 'b': contains the control character NUL at character 2"),
        ("a,b\n1,2\n\n3,\x07\n", "t.csv, row 1 (line 4), column 'b': contains the control character U+0007"),
        ("a,b\n1,\u0085\n", "column 'b': contains the control character U+0085"),  # C1 (NEL) too
        ('a,b\n1,"x\ny"\n2,"open\n3,4\n', "t.csv, line 4: a quoted field opens here and is never closed"),
        ("a,b\n1,2,3\n", "t.csv, row 0 (line 2): has 3 fields, the header has 2"),
        ("a,b\n1\n", "t.csv, row 0 (line 2): has 1 fields, the header has 2"),
        (f"a,b\n1,{'x' * (MAX_FIELD_CHARS + 1)}\n", f"has {MAX_FIELD_CHARS + 1:,} characters; a cell may hold"),
        ("a,b\x00\n1,2\n", "t.csv, line 1, column 'b\\x00': contains the control character NUL"),
    ],
)
def test_refused_with_line_row_and_column(text, expected):
    with pytest.raises(CsvTextError) as err:
        check_text("t.csv", text)
    assert expected in str(err.value)


def test_a_field_at_the_limit_passes():
    check_text("t.csv", f"a\n{'x' * MAX_FIELD_CHARS}\n")


def test_a_link_inside_the_data_folder_is_allowed_and_one_outside_is_not(tmp_path):
    data, outside = tmp_path / "data", tmp_path / "outside"
    (data / "curated").mkdir(parents=True)
    outside.mkdir()
    (data / "shared.csv").write_text("a\n1\n")
    (outside / "far.csv").write_text("a\n1\n")
    (data / "curated" / "near.csv").symlink_to(data / "shared.csv")
    (data / "curated" / "far.csv").symlink_to(outside / "far.csv")
    check_file(data / "curated" / "near.csv")
    with pytest.raises(CsvTextError, match="far.csv: is a link to .*outside the data folder"):
        check_file(data / "curated" / "far.csv")


def test_a_pipe_is_no_table(tmp_path):
    (tmp_path / "curated").mkdir()
    os.mkfifo(tmp_path / "curated" / "t.csv")  # reading it would wait for ever
    with pytest.raises(CsvTextError, match="t.csv: is not a regular file"):
        check_file(tmp_path / "curated" / "t.csv")
