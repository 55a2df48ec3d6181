"""Suppression is tested by attacking it: recover hidden counts by subtraction from totals, and by exhaustive search.

The attackers see only what a reader sees: the published cells, the totals (in the table, or
published elsewhere) and the fact that counts are whole and non-negative.
"""

import itertools

import numpy as np
import pandas as pd
import pytest

from scr_workbench.stats.disclosure import suppress

ETHNICITY = pd.DataFrame(
    {"scr": [0, 1, 3, 0, 0, 9, 0], "lr": [2, 2, 6, 0, 0, 28, 2], "cse_victims": [2, 3, 7, 0, 0, 22, 0]},
    index=[
        "Asian or Asian British",
        "Black or Black British",
        "Dual Heritage",
        "Not recorded",
        "Other",
        "White British",
        "White Other",
    ],
)


def with_totals(table):
    out = table.copy()
    out["Total"] = out.sum(axis=1)
    out.loc["Total"] = out.sum()
    return out


def equations(table, display):
    """Every row and column sum a reader can use: (cells, signs, right-hand side), unknowns = hidden cells.

    Rows and columns include their total when the table has one; without a total, the true margin
    is assumed to be published elsewhere (the harder case for the publisher).
    """
    labels_r, labels_c = list(table.index), list(table.columns)
    total_r = labels_r.index("Total") if "Total" in labels_r else None
    total_c = labels_c.index("Total") if "Total" in labels_c else None
    values = table.to_numpy()
    out = []
    for axis in (0, 1):
        outer = range(values.shape[0]) if axis == 0 else range(values.shape[1])
        for a in outer:
            inner_n = values.shape[1] if axis == 0 else values.shape[0]
            total_idx = total_c if axis == 0 else total_r
            cells = [((a, b) if axis == 0 else (b, a)) for b in range(inner_n) if b != total_idx]
            if total_idx is not None:
                tcell = (a, total_idx) if axis == 0 else (total_idx, a)
                out.append((cells + [tcell], [1] * len(cells) + [-1], 0))
            else:
                out.append((cells, [1] * len(cells), int(sum(values[c] for c in cells))))
    return out


def subtraction_attack(table, display):
    """Repeatedly solve any row or column with exactly one unknown; return what was recovered."""
    values = table.to_numpy()
    known = {
        (i, j): int(values[i, j])
        for i in range(values.shape[0])
        for j in range(values.shape[1])
        if display.iat[i, j] != "c"
    }
    recovered = {}
    progress = True
    while progress:
        progress = False
        for cells, signs, rhs in equations(table, display):
            unknown = [(c, s) for c, s in zip(cells, signs, strict=True) if c not in known]
            if len(unknown) == 1:
                cell, sign = unknown[0]
                rest = sum(s * known[c] for c, s in zip(cells, signs, strict=True) if c in known)
                known[cell] = recovered[cell] = (rhs - rest) * sign
                progress = True
    return recovered


def exhaustive_attack(table, display, cap=None):
    """Every whole non-negative assignment of the hidden cells (each <= cap) consistent with all published sums.

    Depth-first over the hidden cells; a row or column is checked as soon as its hidden cells are all
    filled, and rows or columns whose total is published are cut off once their partial sum overshoots.
    """
    values = table.to_numpy()
    hidden = [(i, j) for i in range(values.shape[0]) for j in range(values.shape[1]) if display.iat[i, j] == "c"]
    # no cell exceeds its row's or column's published total, so the largest total bounds every cell
    cap = cap if cap is not None else int(max(values.max(), values.sum(axis=0).max(), values.sum(axis=1).max()))
    position = {c: k for k, c in enumerate(hidden)}
    checks = []  # (last hidden position in the line, [(position, sign)], published remainder, all_plus)
    for cells, signs, rhs in equations(table, display):
        unknown = [(position[c], s) for c, s in zip(cells, signs, strict=True) if c in position]
        remainder = rhs - sum(s * values[c] for c, s in zip(cells, signs, strict=True) if c not in position)
        if unknown:
            checks.append((max(p for p, _ in unknown), unknown, remainder, all(s == 1 for _, s in unknown)))
    solutions, guess = [], [0] * len(hidden)

    def fill(k):
        if k == len(hidden):
            solutions.append(dict(zip(hidden, guess, strict=True)))
            return
        for v in range(cap + 1):
            guess[k] = v
            ok = True
            for last, unknown, remainder, all_plus in checks:
                if last == k:
                    ok = sum(s * guess[p] for p, s in unknown) == remainder
                elif all_plus and any(p <= k for p, _ in unknown):
                    ok = sum(guess[p] for p, _ in unknown if p <= k) <= remainder
                if not ok:
                    break
            if ok:
                fill(k + 1)

    fill(0)
    return hidden, solutions


def pinned_cells(table, display, **kw):
    hidden, solutions = exhaustive_attack(table, display, **kw)
    assert solutions, "the true table must be among the solutions"
    return [c for c in hidden if len({s[c] for s in solutions}) == 1]


def test_off_for_research_use():
    for threshold in (None, 0):
        display, mask = suppress(ETHNICITY, threshold)
        assert not mask.to_numpy().any()
        assert display.to_numpy().tolist() == ETHNICITY.astype(str).to_numpy().tolist()


def test_primary_suppression_hides_one_to_four_and_keeps_zeros():
    display, mask = suppress(with_totals(ETHNICITY), 5)
    display, mask = display.drop(index="Total", columns="Total"), mask.drop(index="Total", columns="Total")
    small = ((ETHNICITY >= 1) & (ETHNICITY <= 4)).to_numpy()
    assert mask.to_numpy()[small].all()  # every small count hidden
    assert (display.to_numpy()[small] == "c").all()
    zeros = (ETHNICITY == 0).to_numpy()
    shown_zeros = display.to_numpy()[zeros & ~mask.to_numpy()]
    assert len(shown_zeros) > 0 and (shown_zeros == "0").all()
    assert ((display == "c").to_numpy() == mask.to_numpy()).all()  # the display marks exactly the masked cells


def test_zeros_suppressed_when_asked():
    display, mask = suppress(with_totals(ETHNICITY), 5, suppress_zeros=True)
    assert mask.drop(index="Total", columns="Total").to_numpy()[(ETHNICITY == 0).to_numpy()].all()


@pytest.mark.parametrize("table", [ETHNICITY, with_totals(ETHNICITY)], ids=["margins-elsewhere", "totals-in-table"])
def test_ethnicity_table_resists_subtraction_from_totals(table):
    if "Total" not in table.index:
        # White Other's row margin, published elsewhere, is 2: no hiding lets its LR 2 range over 1..4
        with pytest.raises(RuntimeError, match="cannot be protected"):
            suppress(table, 5)
        return
    display, mask = suppress(table, 5)
    recovered = subtraction_attack(table, display)
    assert recovered == {}, f"recovered by subtraction: {recovered}"
    # and no line is left with exactly one hidden cell
    for cells, _, _ in equations(table, display):
        assert sum(display.iat[c] == "c" for c in cells) != 1


def test_naive_primary_only_table_is_recoverable():
    """The attacker works: with primary suppression alone, totals give the hidden value back."""
    table = with_totals(pd.DataFrame({"a": [3, 10, 12], "b": [8, 9, 11]}, index=["x", "y", "z"]))
    naive = table.astype(str).copy()
    naive.iat[0, 0] = "c"
    assert subtraction_attack(table, naive) == {(0, 0): 3}
    display, _ = suppress(table, 5)
    assert subtraction_attack(table, display) == {}
    assert pinned_cells(table, display, cap=40) == []


def test_bridge_between_two_blocks_is_caught_by_the_audit():
    """Every row and column has two hidden cells, yet the cell joining the two blocks is fixed by the sums."""
    interior = np.full((4, 4), 20)
    for cell in [(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 2), (2, 3), (3, 2), (3, 3)]:
        interior[cell] = 2
    table = with_totals(pd.DataFrame(interior, index=list("pqrs"), columns=list("ABCD")))
    primary_only = table.astype(str).where(~((table >= 1) & (table <= 4)), "c")
    assert subtraction_attack(table, primary_only) == {}  # subtraction alone fails...
    _, solutions = exhaustive_attack(table, primary_only, cap=4)
    assert {s[(1, 2)] for s in solutions} == {2}  # ...but the bridge cell is pinned
    display, mask = suppress(table, 5)
    assert mask.to_numpy().sum() > 9  # the audit hid more
    assert subtraction_attack(table, display) == {}
    hidden, solutions = exhaustive_attack_bounded(table, display)
    assert all(len({s[c] for s in solutions}) > 1 for c in hidden)


def exhaustive_attack_bounded(table, display):
    """As exhaustive_attack, capped at the largest true hidden value + 2 (enough to find a second
    solution whenever one exists in the constructed table), or integer programs when too many are hidden."""
    values = table.to_numpy()
    hidden_values = [
        values[i, j] for i in range(values.shape[0]) for j in range(values.shape[1]) if display.iat[i, j] == "c"
    ]
    if len(hidden_values) > 12:
        return _lp_attack(table, display)
    return exhaustive_attack(table, display, cap=int(max(hidden_values)) + 2)


def _lp_attack(table, display):
    """Integer programs min/max per hidden cell, written independently of the module."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    values = table.to_numpy()
    hidden = [(i, j) for i in range(values.shape[0]) for j in range(values.shape[1]) if display.iat[i, j] == "c"]
    idx = {c: k for k, c in enumerate(hidden)}
    rows, rhs = [], []
    for cells, signs, r in equations(table, display):
        row = np.zeros(len(hidden))
        known = r
        for c, s in zip(cells, signs, strict=True):
            if c in idx:
                row[idx[c]] += s
            else:
                known -= s * values[c]
        if row.any():
            rows.append(row)
            rhs.append(known)
    cons = LinearConstraint(np.array(rows), rhs, rhs)
    ranges = {}
    for c, k in idx.items():
        obj = np.zeros(len(hidden))
        obj[k] = 1
        lo = milp(obj, constraints=cons, integrality=np.ones(len(hidden)), bounds=Bounds(0, 10_000)).fun
        hi = -milp(-obj, constraints=cons, integrality=np.ones(len(hidden)), bounds=Bounds(0, 10_000)).fun
        ranges[c] = (lo, hi)
    # express as two fake "solutions" carrying each cell's extremes
    return hidden, [{c: ranges[c][0] for c in hidden}, {c: ranges[c][1] for c in hidden}]


@pytest.mark.parametrize("seed", range(30))
def test_random_tables_never_leak(seed):
    rng = np.random.default_rng(seed)
    shape = (int(rng.integers(2, 4)), int(rng.integers(2, 4)))
    interior = rng.choice([0, 1, 2, 3, 4, 6, 9], size=shape, p=[0.15, 0.2, 0.2, 0.15, 0.1, 0.1, 0.1])
    frame = pd.DataFrame(interior, index=[f"r{i}" for i in range(shape[0])], columns=[f"c{j}" for j in range(shape[1])])
    for table in (frame, with_totals(frame)):
        try:
            display, mask = suppress(table, 5)
        except RuntimeError as err:
            # Acceptable only with margins published outside the table: they can bound a small count
            # inside 1..4 whatever is hidden (a row whose margin is 2); with totals in the table
            # hiding totals always helps.
            assert "cannot be protected" in str(err)
            assert "Total" not in table.index
            continue
        assert subtraction_attack(table, display) == {}
        hidden = int(mask.to_numpy().sum())
        if hidden == 0:
            continue
        # every hidden cell must take at least two values among whole, non-negative completions
        hidden_cells, solutions = exhaustive_attack(table, display) if hidden <= 9 else _lp_attack(table, display)
        for c in hidden_cells:  # the small counts (a secondary zero in a column whose total is 0 may be pinned)
            if 1 <= table.to_numpy()[c] <= 4:
                assert len({s[c] for s in solutions}) > 1, f"seed {seed}: cell {c} pinned in\n{display}"


def test_a_total_below_threshold_is_hidden_and_protected():
    table = with_totals(pd.DataFrame({"a": [1, 1], "b": [7, 8]}, index=["x", "y"]))  # column total 2
    display, mask = suppress(table, 5)
    assert display.loc["Total", "a"] == "c"
    assert subtraction_attack(table, display) == {}
    assert pinned_cells(table, display, cap=20) == []


def test_custom_symbol_and_mask_shape():
    display, mask = suppress(with_totals(ETHNICITY), 5, symbol="[c]")
    assert mask.shape == with_totals(ETHNICITY).shape and mask.dtypes.eq(bool).all()
    assert set(display.to_numpy().ravel()) >= {"[c]"}


@pytest.mark.parametrize(
    "call,name",
    [
        (lambda: suppress(ETHNICITY, -1), "threshold"),
        (lambda: suppress(ETHNICITY, 2.5), "threshold"),
        (lambda: suppress(ETHNICITY - 1, 5), "table"),
        (lambda: suppress(ETHNICITY.astype(float) / 2, 5), "table"),
        (lambda: suppress(ETHNICITY.to_numpy(), 5), "table"),
        (lambda: suppress(ETHNICITY, 5, symbol=""), "symbol"),
        (lambda: suppress(ETHNICITY, 5, symbol="5"), "symbol"),
    ],
)
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=rf"^{name} "):
        call()


def test_totals_that_do_not_add_up_are_refused():
    table = with_totals(ETHNICITY)
    table.loc["Total", "scr"] = 12
    with pytest.raises(
        ValueError, match=r"^table total cell \('Total', '(scr|Total)'\) is \d+ but its row or column adds up to"
    ):
        suppress(table, 5)


def test_two_total_rows_are_refused():
    table = with_totals(ETHNICITY)
    table.loc["All"] = table.loc["Total"]
    with pytest.raises(ValueError, match="^table must have at most one total row"):
        suppress(table, 5)


# --- the attacker model of the audit and the publication switch ----------------------------


def test_primary_ranges_use_the_rule_and_the_number_of_secondary_cells():
    from scr_workbench.stats.disclosure import is_disclosed, primary_ranges

    # two hidden cells adding to 4 (a column of 13 with 9 shown); by hand: if both are primary
    # (each 1..4) each is 1..3; if the page does not say how many are primary, the other may be a
    # secondary zero and the cell may be 4
    a_eq, b_eq = np.array([[1.0, 1.0]]), np.array([4.0])
    assert primary_ranges(a_eq, b_eq, 5, 2, 100) == [(1, 3), (1, 3)]
    assert primary_ranges(a_eq, b_eq, 5, None, 100) == [(1, 4), (1, 4)]
    # adding to 12: a primary cell of 1..4 leaves 8..11 for the other, which must then be secondary
    assert primary_ranges(np.array([[1.0, 1.0]]), np.array([12.0]), 5, 1, 100) == [(1, 4), (1, 4)]
    assert is_disclosed((1, 3), 5) and is_disclosed(None, 5) and is_disclosed((2, 4), 5)
    assert not is_disclosed((1, 4), 5)


def test_publication_threshold_from_the_environment(monkeypatch):
    from scr_workbench.stats.disclosure import ENV_PUBLICATION_THRESHOLD, effective_threshold, publication_threshold

    monkeypatch.delenv(ENV_PUBLICATION_THRESHOLD, raising=False)
    assert publication_threshold() == 0 and effective_threshold(0) == 0 and effective_threshold(3) == 3
    monkeypatch.setenv(ENV_PUBLICATION_THRESHOLD, "5")
    assert publication_threshold() == 5 and effective_threshold(0) == 5 and effective_threshold(10) == 10
    monkeypatch.setenv(ENV_PUBLICATION_THRESHOLD, "five")
    with pytest.raises(ValueError, match=ENV_PUBLICATION_THRESHOLD):
        publication_threshold()


# --- the fewest secondary cells, judged by the reference attacker -------------------------------

#: A.8's categories of abuse by children (serious case reviews, learning reviews), the row of the
#: child A.8 leaves without a category, and the All column as the table's total.
CATEGORIES = pd.DataFrame(
    {"SCR": [4, 2, 6, 1, 0], "LR": [4, 33, 2, 0, 1]},
    index=["physical abuse", "sexual abuse", "neglect", "other", "no category"],
)


def _categories_table():
    out = CATEGORIES.copy()
    out["All"] = out.sum(axis=1)
    out.loc["Total"] = out.sum()
    return out


def _attacker(table, mask):
    """tests/attacker.py's attack (independent of this module) on the table with ``mask`` hidden."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from attacker import Attack, Knowledge

    k = Knowledge()
    body = [r for r in table.index if r != "Total"]
    for row in table.index:
        for column in table.columns:
            if mask.loc[row, column]:
                k.hide((column, row))
            else:
                k.known[(column, row)] = int(table.loc[row, column])
    for column in table.columns:
        k.sums.append(([(column, r) for r in body], (column, "Total")))
    for row in table.index:
        k.sums.append(([(c, row) for c in table.columns if c != "All"], ("All", row)))
    values = table.to_numpy()
    k.primaries.append((list(k.hidden), int(((values >= 1) & (values < 5) & mask.to_numpy()).sum())))
    return Attack(k)


def _protected(table, mask) -> bool:
    """Every small hidden cell, and every small sum of hidden cells of one line, keeps its whole range 1 to 4."""
    from attacker import exposed

    truth = {(c, r): int(table.loc[r, c]) for r in table.index for c in table.columns}
    return not [kind for kind, _ in exposed(_attacker(table, mask), truth) if kind in ("primary", "sum")]


def test_fewest_secondary_cells_protect_and_none_fewer_would():
    table = _categories_table()
    _, first = suppress(table, 5, hide_total_row=False, fewest_secondary=False)
    _, fewest = suppress(table, 5, hide_total_row=False)
    primary = (table >= 1) & (table <= 4)
    n_fewest = int((fewest & ~primary).to_numpy().sum())
    assert n_fewest < int((first & ~primary).to_numpy().sum())  # the greedy pattern hid more
    assert _protected(table, fewest) and _protected(table, first)
    assert not (primary & ~fewest).to_numpy().any()  # every small count is hidden
    # brute force with the reference attacker: no pattern with fewer secondary cells protects
    import itertools

    free = [(r, c) for r in table.index if r != "Total" for c in table.columns if not primary.loc[r, c]]
    for size in range(n_fewest):
        for cells in itertools.combinations(free, size):
            mask = primary.copy()
            for cell in cells:
                mask.loc[cell] = True
            assert not _protected(table, mask), f"{cells} protects with {size} secondary cells"


def test_a_small_sum_of_hidden_cells_keeps_its_whole_range():
    # Issue 21: with the SCR column's three small or zero cells hidden and White British (9) shown, their
    # sum is 13 - 9 = 4 by hand, a count of 4 published in all but name. Every sum of two or more hidden
    # cells of one row or column whose true value is 1 to 4 must keep, as far as a brute-force reader can
    # tell, at least as many values as one suppressed count (1 to 4: four).
    rows = ["Asian or Asian British", "Black or Black British", "Dual Heritage", "White British"]
    table = with_totals(ETHNICITY[["scr", "lr"]].loc[rows])
    display, _ = suppress(table, 5)
    hidden, solutions = exhaustive_attack(table, display)
    values = table.to_numpy()
    checked = 0
    for cells, signs, _ in equations(table, display):
        parts = [c for c, s in zip(cells, signs, strict=True) if s == 1 and c in hidden]
        for size in range(2, len(parts) + 1):
            for subset in itertools.combinations(parts, size):
                if 1 <= sum(values[c] for c in subset) <= 4:
                    sums = {sum(s[c] for c in subset) for s in solutions}
                    assert max(sums) - min(sums) >= 3, (subset, sorted(sums), display)
                    checked += 1
    assert checked  # the SCR column's small cells are hidden together, so there were sums to check
