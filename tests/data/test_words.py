"""Small counts in words, larger ones in digits."""

from scr_workbench.data.words import in_words


def test_small_counts_are_words_and_larger_are_digits():
    assert [in_words(n) for n in (0, 1, 6, 12)] == ["zero", "one", "six", "twelve"]
    assert in_words(13) == "13" and in_words(237) == "237" and in_words(-1) == "-1"
