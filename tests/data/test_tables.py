"""The schemas reject broken tables, each with an error naming the table, row and column."""

import pandas as pd
import pytest

from scr_workbench.cli import main
from scr_workbench.data.schemas import TABLES
from scr_workbench.data.tables import TableError, check_references, list_tables, load_table, read_raw_csv


def _edit(directory, name, edit):
    path = directory / f"{name}.csv"
    frame = read_raw_csv(path)
    frame = edit(frame)
    frame.to_csv(path, index=False)
    return path


def _error(directory, name) -> str:
    with pytest.raises(TableError) as err:
        load_table(name, directory)
    return str(err.value)


def test_every_table_listed_and_loads():
    listed = list_tables()
    assert set(listed["table"]) == set(TABLES)
    for name in TABLES:
        assert len(load_table(name)) > 0


def test_counts_load_as_integers():
    frame = load_table("abuse_categories")
    assert str(frame["n_children"].dtype) == "Int64"
    assert frame["n_children"].sum() == 13 + 39  # A.8: 4+2+6+1 and 33+4+2, read off the source


def test_missing_column_named(curated_copy):
    _edit(curated_copy, "gender_counts", lambda f: f.drop(columns=["n_children"]))
    message = _error(curated_copy, "gender_counts")
    assert "gender_counts" in message and "'n_children' is missing" in message


def test_negative_count_named_with_row_and_column(curated_copy):
    def edit(f):
        f.loc[2, "n_children"] = "-1"
        return f

    _edit(curated_copy, "abuse_categories", edit)
    message = _error(curated_copy, "abuse_categories")
    assert "abuse_categories.csv, row 2 (line 4), column 'n_children'" in message
    assert "-1" in message and "greater_than_or_equal_to(0)" in message


def test_percentage_over_100_named(curated_copy):
    def edit(f):
        f.loc[0, "percent"] = "112.5"
        return f

    _edit(curated_copy, "census_ethnicity_report", edit)
    message = _error(curated_copy, "census_ethnicity_report")
    assert "row 0 (line 2), column 'percent'" in message and "112.5" in message


def test_percentage_over_100_in_a_unit_column_named(curated_copy):
    def edit(f):
        f.loc[f.unit == "percent", "value"] = "150"
        return f

    _edit(curated_copy, "national_figures", edit)
    assert "within 0–100 where unit is 'percent'" in _error(curated_copy, "national_figures")


def test_duplicated_key_named(curated_copy):
    _edit(curated_copy, "recommendations", lambda f: pd.concat([f, f.iloc[[1]]], ignore_index=True))
    message = _error(curated_copy, "recommendations")
    assert "duplicated key recipient" in message and "'board'" in message and "row 3 (line 5)" in message


def test_non_numeric_count_named(curated_copy):
    def edit(f):
        f.loc[1, "n_reviews"] = "six"
        return f

    _edit(curated_copy, "review_counts", edit)
    message = _error(curated_copy, "review_counts")
    assert "row 1 (line 3), column 'n_reviews'" in message and "'six'" in message


def test_unknown_category_named(curated_copy):
    def edit(f):
        f.loc[0, "category"] = "bullying"
        return f

    _edit(curated_copy, "abuse_categories", edit)
    message = _error(curated_copy, "abuse_categories")
    assert "row 0 (line 2), column 'category'" in message and "'bullying'" in message
    assert "physical_abuse" in message  # says what was expected


def test_missing_file_named(curated_copy):
    (curated_copy / "reviews.csv").unlink()
    assert "reviews.csv does not exist" in _error(curated_copy, "reviews")


def test_unknown_table_lists_known_ones():
    with pytest.raises(KeyError, match="known tables: .*reviews"):
        load_table("review")


def test_broken_reference_named(tables):
    broken = dict(tables)
    broken["age_counts"] = tables["age_counts"].copy()
    broken["age_counts"].loc[3, "review_id"] = "LR9"
    problems = check_references(broken)
    assert problems == [
        "age_counts.csv, row 3 (line 5), column 'review_id': 'LR9' is not a review_id of table 'reviews'"
    ]


def test_check_data_exits_non_zero_naming_the_broken_table(curated_copy, capsys):
    def edit(f):
        f.loc[0, "n_children"] = "-4"
        return f

    _edit(curated_copy, "gender_counts", edit)
    assert main(["check-data", "--data-dir", str(curated_copy)]) == 1
    err = capsys.readouterr().err
    assert "gender_counts.csv, row 0 (line 2), column 'n_children'" in err


def test_check_data_exits_zero_on_the_real_data_and_reports_findings(capsys):
    assert main(["check-data"]) == 0
    out = capsys.readouterr().out
    assert "DISAGREE CAT-CHILDREN-LR" in out  # a finding, printed, not an error


def test_check_data_catches_a_code_for_a_missing_item(curated_copy, capsys):
    def edit(f):
        f.loc[0, "item_id"] = "5t"  # section 5 stops at s)
        return f

    _edit(curated_copy, "theme_codes", edit)
    assert main(["check-data", "--data-dir", str(curated_copy)]) == 1
    assert "'5t' is not an item of table 'learning_points'" in capsys.readouterr().err


def test_review_id_outside_the_datasets_list_named(curated_copy):
    """Review ids are the dataset's (dataset.yml review_ids), not a pattern in the code."""

    def edit(f):
        f.loc[0, "review_id"] = "SCR7"
        return f

    _edit(curated_copy, "reviews", edit)
    message = _error(curated_copy, "reviews")
    assert "row 0 (line 2), column 'review_id'" in message and "SCR7" in message and "isin" in message


def test_learning_point_id_must_match_section_and_letter(curated_copy):
    def edit(f):
        f.loc[0, "item_id"] = "6" + f.loc[0, "letter"] if f.loc[0, "section"] == "5" else "5" + f.loc[0, "letter"]
        return f

    _edit(curated_copy, "learning_points", edit)
    assert "item_id must be the section number followed by the letter" in _error(curated_copy, "learning_points")


def test_unknown_source_document_named(curated_copy):
    def edit(f):
        f.loc[0, "source_doc"] = "another_report"
        return f

    _edit(curated_copy, "national_figures", edit)
    message = _error(curated_copy, "national_figures")
    assert "column 'source_doc'" in message and "another_report" in message


def test_a_cached_table_follows_edits_to_its_folder(curated_copy):
    # load_table is cached per data hash: an edited copy must be read afresh, not served stale.
    before = load_table("recommendations", curated_copy)
    path = curated_copy / "recommendations.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",30,", ",31,"), encoding="utf-8")
    after = load_table("recommendations", curated_copy)
    assert sorted(after["n_recommendations"]) != sorted(before["n_recommendations"])
    assert 31 in set(after["n_recommendations"]) and 31 not in set(before["n_recommendations"])


# Bad files, each with the message it must give: the file named, the line where there is one.
BAD_FILES = [
    ("non-UTF-8 byte", lambda text: text.encode("utf-8").replace(b"total", b"tot\xe4l", 1), r"line 2: not UTF-8 text"),
    ("empty file", lambda text: b"", r"the file is empty"),
    ("header only", lambda text: text.splitlines()[0].encode() + b"\n", r"has 0 row\(s\) under its header"),
    (
        "unclosed quote",
        lambda text: text.replace(",The total", ',"The total', 1).encode(),
        r"line 2: a quoted field opens here and is never closed",
    ),
]


@pytest.mark.parametrize("case, damage, message", BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_a_damaged_file_is_a_table_error_naming_it(curated_copy, case, damage, message):
    path = curated_copy / "recommendations.csv"
    path.write_bytes(damage(path.read_text(encoding="utf-8")))
    with pytest.raises(TableError, match=r"recommendations\.csv.*" + message):
        load_table("recommendations", curated_copy)


@pytest.mark.parametrize("name", ["change_measures", "gender_counts", "report_facts", "review_evidence"])
def test_a_header_only_table_fails_check_data(curated_copy, name, capsys):
    # These once passed check-data empty, and the reconciliation silently dropped its checks.
    path = curated_copy / f"{name}.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert main(["check-data", "--data-dir", str(curated_copy)]) == 1
    assert f"{name}.csv: has 0 row(s) under its header" in capsys.readouterr().err


def test_an_unknown_file_in_the_curated_folder_fails_check_data(curated_copy, capsys):
    (curated_copy / "dump.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["check-data", "--data-dir", str(curated_copy)]) == 1
    assert "files that are no curated table (remove them or add a schema): dump.csv" in capsys.readouterr().err
