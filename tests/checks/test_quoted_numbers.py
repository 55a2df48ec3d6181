"""A curated count its own quote does not state is a curation error; digits and words both count."""

from __future__ import annotations

import pandas as pd
import pytest

from scr_workbench.checks.quoted_numbers import QUOTED_COUNTS, numbers_in, quoted_count_problems
from scr_workbench.data.tables import load_table


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13 children or young people (six serious case reviews)", {13, 6}),
        ("a group of twenty five unrelated teenagers", {25}),
        ("twenty-one cases, 1,044 children", {21, 1044}),
        ("Sexual Abuse: 1 case (2 children)", {1, 2}),
        ("no number here; someone, anyone", set()),
    ],
)
def test_numbers_in_digits_and_words(text, expected):
    assert numbers_in(text) == expected


def test_the_curated_counts_match_their_quotes():
    assert quoted_count_problems({name: load_table(name) for name in QUOTED_COUNTS}) == []


def test_a_count_its_quote_does_not_state_is_named_with_row_column_and_quote():
    frame = pd.DataFrame({"n_reviews": [6, 6], "n_children": [13, 41], "quote": ["13 (six)", "40 children (six)"]})
    assert quoted_count_problems({"review_counts": frame}) == [
        "review_counts.csv, row 1 (line 3), column 'n_children': 41 is not a number its quote states "
        "(quote: '40 children (six)'); a curated count must match its verbatim quote"
    ]


def test_a_missing_count_is_not_checked():
    frame = pd.DataFrame({"n_reviews": [6], "n_children": [pd.NA], "quote": ["cases for review (6)"]})
    assert quoted_count_problems({"review_counts": frame}) == []
