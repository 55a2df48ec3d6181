"""Suppression of a counts table, worked by hand, and the sentence that states the rule and the convention."""

import re

import pandas as pd

from scr_workbench.analyses import suppression as S


def _table():
    # two kinds of review and their sum; 2 and 3 are small at 5
    return pd.DataFrame(
        {"Serious case reviews": [2, 11, 13], "Learning reviews": [3, 37, 40], "All reviews": [5, 48, 53]},
        index=["a", "b", "Total"],
    )


def test_secondary_cells_found_by_hand():
    counts = _table()
    shown, mask = S.suppressed_counts(counts, 5)
    # by hand: 2 and 3 are small; each column would then have one hidden cell, so 11 and 37 go too (2 further
    # cells); row a's sum 5 = x + y still allows 1..4 for each, and the totals stay
    assert shown.to_dict("list") == {
        "Serious case reviews": ["c", "c", "13"],
        "Learning reviews": ["c", "c", "40"],
        "All reviews": ["5", "48", "53"],
    }


def test_sentence_states_the_rule_but_not_how_many_cells_are_secondary():
    # GSS practice: every hidden cell is a 'c', and the page gives no count of secondary cells, which with
    # the totals would be one more equation; two patterns of the same table give the same sentence
    counts = _table()
    _, mask = S.suppressed_counts(counts, 5)
    fewer = pd.DataFrame(False, index=counts.index, columns=counts.columns)
    fewer.loc["a", "Serious case reviews"] = fewer.loc["a", "Learning reviews"] = True
    sentence = S.suppression_sentence(counts, mask, 5)
    assert sentence == S.suppression_sentence(counts, fewer, 5)
    assert "Counts from 1 to 4 are suppressed" in sentence and "Government Statistical Service" in sentence
    assert not re.search(r"\d+ (?:further|more|other) cells?", sentence)
    assert "`" not in sentence and "_" not in sentence  # no code in reader text


def test_sentence_when_off():
    counts = _table()
    sentence = S.suppression_sentence(counts, counts.astype(bool) & False, 0)
    assert "Every count is shown" in sentence and "not for publication" in sentence
    assert "`" not in sentence and "_" not in sentence
