"""Cohen's kappa and its intervals against hand calculations and a loop-by-loop reference bootstrap."""

import math

import numpy as np
import pytest
from scipy.stats import norm

from scr_workbench.stats.agreement import kappa_estimate, kappa_of_tables


def one_decision_per_unit(both: int, first_only: int, second_only: int, neither: int) -> np.ndarray:
    """Unit tables where each unit holds one decision (independent units)."""
    cells = [0] * both + [1] * first_only + [2] * second_only + [3] * neither
    units = np.zeros((len(cells), 2, 2), dtype=int)
    for unit, cell in enumerate(cells):
        units[unit].flat[cell] = 1
    return units


def fleiss_cohen_everitt_se(table) -> float:
    """Asymptotic SE of kappa, Fleiss, Cohen & Everitt (1969), eq. 13, written out by hand."""
    p = np.asarray(table, float) / np.sum(table)
    n = np.sum(table)
    rows, cols = p.sum(axis=1), p.sum(axis=0)
    po, pe = np.trace(p), float(rows @ cols)
    a = sum(p[i, i] * ((1 - pe) - (cols[i] + rows[i]) * (1 - po)) ** 2 for i in range(2))
    b = (1 - po) ** 2 * sum(p[i, j] * (cols[i] + rows[j]) ** 2 for i in range(2) for j in range(2) if i != j)
    c = (po * pe - 2 * pe + po) ** 2
    return math.sqrt((a + b - c) / (n * (1 - pe) ** 4))


def test_kappa_of_the_textbook_table():
    # 50 decisions: yes/yes 20, yes/no 5, no/yes 10, no/no 15. By hand: p_o = 35/50 = 0.7;
    # p_e = (25*30 + 25*20) / 50**2 = 0.5; kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4.
    assert kappa_of_tables(np.array([[20, 5], [10, 15]])) == pytest.approx(0.4)


def test_kappa_of_a_stack_of_tables_and_undefined_cases():
    tables = np.array([[[20, 5], [10, 15]], [[0, 0], [0, 9]], [[3, 0], [0, 6]], [[0, 2], [3, 0]]])
    kappas = kappa_of_tables(tables)
    assert kappas[0] == pytest.approx(0.4)
    assert math.isnan(kappas[1])  # neither coder ever says yes: nothing to agree beyond chance
    assert kappas[2] == pytest.approx(1.0)
    # p_o = 0, p_e = (2*3 + 3*2)/25 = 12/25: kappa = -0.48 / 0.52
    assert kappas[3] == pytest.approx(-12 / 13)


def test_asymptotic_interval_follows_fleiss_cohen_everitt():
    estimate = kappa_estimate(one_decision_per_unit(20, 5, 10, 15), n_boot=10)
    half = norm.isf(0.025) * fleiss_cohen_everitt_se([[20, 5], [10, 15]])
    assert estimate.asymptotic_low == pytest.approx(0.4 - half)
    assert estimate.asymptotic_high == pytest.approx(0.4 + half)
    assert (estimate.both, estimate.first_only, estimate.second_only, estimate.n_decisions) == (20, 5, 10, 50)
    assert estimate.observed_agreement == pytest.approx(0.7)


def test_bootstrap_matches_a_loop_by_loop_reference():
    units = one_decision_per_unit(7, 2, 3, 18)
    estimate = kappa_estimate(units, level=0.9, n_boot=300, seed=11)
    rng = np.random.default_rng(11)
    draws = rng.integers(0, len(units), size=(300, len(units)))
    reference = []
    for row in draws:
        t = sum(units[i] for i in row)
        n = t.sum()
        po, pe = (t[0, 0] + t[1, 1]) / n, (t.sum(1) @ t.sum(0)) / n**2
        if pe < 1:
            reference.append((po - pe) / (1 - pe))
    assert estimate.low == pytest.approx(np.quantile(reference, 0.05))
    assert estimate.high == pytest.approx(np.quantile(reference, 0.95))


def test_with_independent_units_bootstrap_and_asymptotic_intervals_agree():
    estimate = kappa_estimate(one_decision_per_unit(200, 50, 100, 150))
    assert estimate.low == pytest.approx(estimate.asymptotic_low, abs=0.02)
    assert estimate.high == pytest.approx(estimate.asymptotic_high, abs=0.02)


def test_clustered_units_widen_the_bootstrap_interval():
    # Ten items of five decisions each, every decision of an item in the same cell: the
    # asymptotic SE counts 50 independent decisions; resampling items sees only ten.
    cells = [[[5, 0], [0, 0]]] * 4 + [[[0, 0], [0, 5]]] * 3 + [[[0, 5], [0, 0]]] * 2 + [[[0, 0], [5, 0]]]
    estimate = kappa_estimate(np.array(cells))
    assert estimate.table.tolist() == [[20, 10], [5, 15]]
    assert estimate.high - estimate.low > 1.5 * (estimate.asymptotic_high - estimate.asymptotic_low)


def test_reruns_agree_and_perfect_agreement_is_degenerate():
    units = one_decision_per_unit(4, 1, 1, 20)
    first, again = kappa_estimate(units), kappa_estimate(units)
    assert (first.kappa, first.low, first.high) == (again.kappa, again.low, again.high)
    perfect = kappa_estimate(one_decision_per_unit(3, 0, 0, 40))
    assert (perfect.kappa, perfect.low, perfect.high) == (1.0, 1.0, 1.0)
    undefined = kappa_estimate(one_decision_per_unit(0, 0, 0, 40))
    assert math.isnan(undefined.kappa) and math.isnan(undefined.low)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"unit_tables": np.zeros((3, 2))}, "shape"),
        ({"unit_tables": -np.ones((3, 2, 2))}, "counts"),
        ({"unit_tables": np.ones((3, 2, 2)), "level": 95}, "level"),
        ({"unit_tables": np.ones((3, 2, 2)), "n_boot": 0}, "n_boot"),
    ],
)
def test_bad_input_is_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        kappa_estimate(**kwargs)
