"""The stated numbers of reviews and children, against the words of the report's section 1.2."""

import pandas as pd
import pytest

from scr_workbench.data.source_text import source_text
from scr_workbench.data.stated_counts import stated, stated_counts


def test_the_counts_are_those_section_1_2_states():
    text = source_text()
    # Section 1.2, verbatim: the independent values the table must give.
    assert "13 children or young people (six serious case reviews)" in text
    assert "40 children or young people (six learning reviews)" in text
    counts = stated_counts()
    assert counts.loc["scr"].tolist() == [6, 13] and counts.loc["lr"].tolist() == [6, 40]
    assert stated("children", "scr") == 13 and stated("reviews", "lr") == 6


def test_a_missing_statement_is_a_clear_error():
    empty = pd.DataFrame(columns=["review_type", "source_ref", "n_reviews", "n_children"])
    with pytest.raises(ValueError, match="references: stated_counts"):
        stated_counts(empty)
    with pytest.raises(ValueError, match="unit must be one of"):
        stated("cases", "scr")
