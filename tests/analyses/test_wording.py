"""The words layer: ranges in tenths, strict facts (a missing fact names report and block), data text kept as text."""

import pytest

from scr_workbench.analyses import wording as W


@pytest.mark.parametrize(
    ("low", "high", "said"),
    [
        (11.8, 88.2, "between 1 and 9 in 10"),  # 3 of 6: 11.8%–88.2% widened to whole tenths
        (0.0, 24.7, "up to 3 in 10"),  # 0 of 13
        (48.7, 97.4, "4 in 10 or more"),  # 6 of 7, upper end rounds up to 10 in 10
        (0.0, 100.0, "anything from none to all"),
        (20.0, 30.0, "between 2 and 3 in 10"),  # exact tenths stay as they are
    ],
)
def test_a_range_is_said_in_whole_tenths_that_contain_it(low, high, said):
    assert W.tenths(low, high) == said


def test_counts_and_lists_in_words():
    assert W.count(1, "review") == "1 review" and W.count(6, "review") == "6 reviews"
    assert W.join_and(["a"]) == "a" and W.join_and(["a", "b", "c"]) == "a, b and c"
    assert W.lower_first("SCR children") == "SCR children" and W.lower_first("Child sexual") == "child sexual"


def test_a_missing_fact_names_the_report_and_the_block():
    with pytest.raises(W.WordingError, match=r"overview\.j2, block 'main_points': 'period_start' is undefined"):
        W.sentences("overview", "main_points", {})


def test_an_unknown_report_or_block_is_named():
    with pytest.raises(W.WordingError, match="no words for report 'nosuch'"):
        W.sentences("nosuch", "main_points", {})
    with pytest.raises(W.WordingError, match="has no block 'nosuch'"):
        W.sentences("overview", "nosuch", {})


def test_text_from_data_stays_text():
    """A theme label holding markup is said as the same characters (the page escapes them when it shows them)."""
    label = "<b>Costs</b> of $5 & **more**"
    facts = {
        "place": "Testshire",
        "n_echoed": 1,
        "n_national": 2,
        "missing": [label],
        "n_interpreted": 0,
        "n_local_only": 3,
        "top_theme": "",
        "top_items": 0,
    }
    said = W.sentences("themes", "main_points", facts)
    assert any(label in s for s in said), said


def test_each_paragraph_is_one_sentence_with_a_full_stop():
    facts = {
        "place": "Testshire",
        "n_echoed": 2,
        "n_national": 2,
        "missing": [],
        "n_interpreted": 0,
        "n_local_only": 4,
        "top_theme": "Fire safety",
        "top_items": 3,
    }
    said = W.sentences("themes", "main_points", facts)
    assert said[0] == "Testshire's learning echoes 2 of the 2 national themes its report quotes."
    assert said[-1] == "The most common theme, in 3 items, is fire safety."
