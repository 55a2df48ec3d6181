"""The audit's attacker on sums of hidden cells, against ranges worked out by hand."""

import numpy as np

from scr_workbench.stats.disclosure_audit import sum_range


def test_two_hidden_cells_with_a_published_sum_are_pinned_together():
    # x + y = 4 published (a column total less its shown cells): the sum is 4 exactly, whatever each is
    a_eq, b_eq = np.array([[1.0, 1.0]]), np.array([4.0])
    assert sum_range(a_eq, b_eq, threshold=5, n_primary=2, upper=100, cells=[0, 1]) == (4, 4)


def test_a_third_hidden_cell_widens_the_sum_by_the_rule():
    # x + y + z = 13 with two primaries: by hand, if x and y are the primaries (1..4 each) z is secondary (>= 5),
    # so x + y runs from 2 to 8; if z is one of them, x + y = 13 - z is at least 9 - which the two-primary count
    # then forces one of x, y to be a secondary of 5 or more (e.g. 4 + 5 + 4): up to 12 with z = 1
    a_eq, b_eq = np.array([[1.0, 1.0, 1.0]]), np.array([13.0])
    assert sum_range(a_eq, b_eq, threshold=5, n_primary=2, upper=100, cells=[0, 1]) == (2, 12)
