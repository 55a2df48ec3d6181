"""The shared suppression sentence: the rule, the number of secondary cells and the convention, counted by hand."""

import pandas as pd

from scr_workbench.analyses import suppression as S


def _table():
    # two kinds of review and their sum; 2 and 3 are small at 5
    return pd.DataFrame(
        {"Serious case reviews": [2, 11, 13], "Learning reviews": [3, 37, 40], "All reviews": [5, 48, 53]},
        index=["a", "b", "Total"],
    )


def test_sentence_counts_the_further_cells_by_hand():
    counts = _table()
    shown, mask = S.suppressed_counts(counts, 5)
    # by hand: 2 and 3 are small; each column would then have one hidden cell, so 11 and 37 go too (2 further
    # cells); row a's sum 5 = x + y still allows 1..4 for each, and the totals stay
    assert shown.to_dict("list") == {
        "Serious case reviews": ["c", "c", "13"],
        "Learning reviews": ["c", "c", "40"],
        "All reviews": ["5", "48", "53"],
    }
    sentence = S.suppression_sentence(counts, mask, 5)
    assert "2 further cells are hidden" in sentence and "Counts from 1 to 4 are suppressed" in sentence
    assert "Government Statistical Service" in sentence


def test_sentence_with_nothing_further_to_hide():
    counts = _table()
    mask = pd.DataFrame(False, index=counts.index, columns=counts.columns)
    mask.loc["a", "Serious case reviews"] = mask.loc["a", "Learning reviews"] = True
    assert "no further cell needs hiding" in S.suppression_sentence(counts, mask, 5)


def test_sentence_when_off():
    counts = _table()
    assert "Suppression is off" in S.suppression_sentence(counts, counts.astype(bool) & False, 0)
