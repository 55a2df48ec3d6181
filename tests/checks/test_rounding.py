"""Rounded percentages against whole counts, checked by hand."""

import pytest

from scr_workbench.checks.rounding import counts_matching, decimals_of, round_half_up, smallest_base


def test_round_half_up_not_bankers():
    assert round_half_up(2.5) == 3 and round_half_up(0.125, 2) == 0.13 and round_half_up(28.571, 1) == 28.6


def test_decimals_of():
    assert decimals_of("12.5%") == 1 and decimals_of("1%") == 0 and decimals_of("85.7") == 1


def test_counts_matching_hand_values():
    assert counts_matching(40, 42) == [17]  # 17/42 = 40.48%
    assert counts_matching(28, 35) == []  # 9/35 = 25.7%, 10/35 = 28.6%
    assert counts_matching(50, 4) == [2]
    assert counts_matching(33, 3) == [1]  # 33.3% → 33


def test_smallest_base_for_85_7_is_six_of_seven():
    assert smallest_base(85.7, 1) == (7, 6)


def test_bad_base_named():
    with pytest.raises(ValueError, match="base must be a positive whole number"):
        counts_matching(10, 0)
