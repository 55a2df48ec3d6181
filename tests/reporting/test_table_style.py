"""The house table style: pandas' double header folded into one row, numeric cells marked for right alignment."""

from __future__ import annotations

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from scr_workbench.reporting.safe_html import clean_html
from scr_workbench.reporting.table_style import is_number


@pytest.mark.parametrize("text", ["12", "1,044", "85.7%", "-0.3", "0.42 (0.21–0.64)", "6 of 7", "[c]", "—", " 3 "])
def test_numbers(text):
    assert is_number(text)


@pytest.mark.parametrize("text", ["", "the report gives no count", "almost two thirds", "RR226-01", "2 of 12 cases"])
def test_not_numbers(text):
    assert not is_number(text)


def table_html(frame: pd.DataFrame) -> BeautifulSoup:
    return BeautifulSoup(clean_html(frame.to_html()), "html.parser")


def test_a_named_index_gives_one_header_row_with_every_name():
    frame = pd.DataFrame(
        {"finding": ["A", "B"], "figure": ["x", "y"], "share": ["42%", "21%"], "note": ["no count", "no count"]}
    ).set_index(["finding", "figure"])
    soup = table_html(frame)
    rows = soup.find("thead").find_all("tr")
    assert len(rows) == 1  # pandas writes two
    assert [th.get_text() for th in rows[0].find_all("th")] == ["finding", "figure", "share", "note"]


def test_numeric_cells_are_marked_and_text_cells_are_not():
    frame = pd.DataFrame({"group": ["White", "Asian"], "children": [9, 4], "note": ["stated", "stated"]})
    soup = table_html(frame.set_index("group"))
    cells = soup.find("tbody").find_all("td")
    assert [("num" in (c.get("class") or [])) for c in cells] == [True, False, True, False]
    assert [c.get_text() for c in cells] == ["9", "stated", "4", "stated"]  # nothing added or lost


def test_an_unnamed_index_keeps_its_single_header_row():
    soup = table_html(pd.DataFrame({"a": [1], "b": ["x"]}))
    assert len(soup.find("thead").find_all("tr")) == 1
    assert [th.get_text() for th in soup.find("thead").find_all("th")] == ["", "a", "b"]


def test_an_identifier_may_wrap_at_its_underscores_and_words_never_break():
    frame = pd.DataFrame({"rule": ["no_local_count"], "note": ["Derby's report gives no count"]})
    soup = table_html(frame)
    rule, note = soup.find("tbody").find_all("td")
    assert rule.get_text() == "no_local_count" and len(rule.find_all("wbr")) == 2
    assert note.find("wbr") is None
