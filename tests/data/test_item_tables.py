"""The item tables: one review per review id, the report's 44 learning points and 11 examples of good practice."""

import pytest

from scr_workbench.data.tables import TableError, load_table


def _drop_last_row(directory, name):
    path = directory / f"{name}.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")


def test_the_counts_the_report_gives():
    # Section 1.2: six serious case reviews and six learning reviews; 5 a)–s) and 6 a)–y); 5.1–5.4 and 6.1–6.7.
    assert len(load_table("reviews")) == 6 + 6
    assert len(load_table("learning_points")) == 19 + 25
    assert len(load_table("good_practice")) == 4 + 7


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("learning_points", "has 43 row(s)"),
        ("good_practice", "has 10 row(s)"),
        ("reviews", "has 11 row(s)"),
    ],
)
def test_a_lost_item_is_named(curated_copy, name, expected):
    _drop_last_row(curated_copy, name)
    with pytest.raises(TableError) as err:
        load_table(name, curated_copy)
    assert f"{name}.csv: {expected}" in str(err.value) and "needs exactly" in str(err.value)
