"""The helpers every family of checks builds its rows with, against hand-written rows."""

import pandas as pd

from scr_workbench.checks.check_rows import number_text, sections_of, stated_children, stated_reviews, sum_check


def test_sum_check_agrees_and_disagrees():
    ok = sum_check("X", "t", "d", "1.2", 5, {"a": 2, "b": 3})
    assert ok.agrees and ok.derived == "2 a + 3 b = 5" and ok.stated == "5"
    off = sum_check("X", "t", "d", "1.2", 6, {"a": 2, "b": 3}, disagree_note="one missing")
    assert not off.agrees and off.explanation == "one missing"


def test_number_text_drops_a_trailing_zero():
    assert number_text(66.0) == "66" and number_text(66.67) == "66.67" and number_text(4) == "4"


def test_sections_of_lists_each_section_once():
    frame = pd.DataFrame({"source_ref": ["A.1 table", "A.1 row 2", "A.2", None]})
    assert sections_of(frame) == "A.1 and A.2"
    assert sections_of(frame, whole=True, sep="; ") == "A.1 table; A.1 row 2; A.2"


def test_stated_counts_of_the_report(tables):
    # Section 1.2: "13 children or young people (six serious case reviews)", "40 ... (six learning reviews)".
    assert stated_children(tables, "scr") == 13 and stated_children(tables, "lr") == 40
    assert stated_reviews(tables, "scr") == 6 and stated_reviews(tables, "lr") == 6
