"""The attacker a suppression pattern is audited against: what the published sums say of the hidden cells.

:func:`primary_ranges` gives each hidden cell's smallest and largest value as a primary (small)
count, :func:`sum_range` the same for a sum of hidden cells, both by mixed-integer programs
(scipy's HiGHS ``milp``) over the published row and column sums and the suppression rule (a
primary cell is 1 .. threshold − 1, a secondary one 0 or at least the threshold).
:mod:`scr_workbench.stats.disclosure` hides cells until this attacker narrows nothing.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

Cell = tuple[int, int]


def _equations(values: np.ndarray, mask: np.ndarray, lines) -> tuple[np.ndarray, np.ndarray]:
    """Every row and column equation with the published cells moved to the right-hand side."""
    hidden = [tuple(c) for c in np.argwhere(mask)]
    index = {c: k for k, c in enumerate(hidden)}
    a_eq, b_eq = [], []
    for cells, signs, rhs in lines:
        row = np.zeros(len(hidden))
        known = rhs
        for c, s in zip(cells, signs, strict=True):
            if mask[c]:
                row[index[c]] += s
            else:
                known -= s * values[c]
        if row.any():
            a_eq.append(row)
            b_eq.append(known)
    return np.array(a_eq).reshape(-1, len(hidden)), np.array(b_eq, dtype=float)


def primary_ranges(
    a_eq: np.ndarray,
    b_eq: np.ndarray,
    threshold: int,
    n_primary: int | None,
    upper: float,
    a_ub: np.ndarray | None = None,
    b_ub: np.ndarray | None = None,
    only: Iterable[int] | None = None,
) -> list[tuple[int, int] | None]:
    """What an attacker can say about each hidden cell if it is a primary (small) one: its (min, max), or None.

    The attacker knows the equations ``a_eq @ x == b_eq`` between the hidden cells ``x`` (the
    published sums), optional inequalities ``a_ub @ x <= b_ub`` (shares published to a rounded
    precision), the rule that a primary cell is 1 .. threshold − 1 and any other hidden
    (secondary) cell is 0 or at least ``threshold``, and, when the page states how many cells
    are secondary, ``n_primary``. Two mixed-integer programs per cell (scipy's HiGHS ``milp``).
    None means the cell cannot be a primary one (the attacker learns it is a large count).
    ``only`` limits the answer to those cells (by position), in that order.
    """
    n = a_eq.shape[1] if a_eq.size else (a_ub.shape[1] if a_ub is not None else 0)
    if n == 0:
        return []
    blocks = _rule_blocks(n, a_eq, b_eq, threshold, n_primary, upper, a_ub, b_ub)
    out: list[tuple[int, int] | None] = []
    for k in range(n) if only is None else only:
        lower = np.zeros(3 * n)
        lower[n + k] = 1  # this cell is a primary one
        bounds = Bounds(lower, np.concatenate([np.full(n, upper), np.ones(2 * n)]))
        found = []
        for sign in (1, -1):
            objective = np.zeros(3 * n)
            objective[k] = sign
            res = milp(objective, constraints=blocks, integrality=np.ones(3 * n), bounds=bounds)
            if res.status != 0:
                break
            found.append(int(round(sign * res.fun)))
        out.append((found[0], found[1]) if len(found) == 2 else None)
    return out


def sum_range(
    a_eq: np.ndarray, b_eq: np.ndarray, threshold: int, n_primary: int | None, upper: float, cells: Iterable[int]
) -> tuple[int, int]:
    """The (min, max) an attacker can give the sum of some hidden cells (by position), under the rule of
    :func:`primary_ranges`: "Black + Dual Heritage = 4" is a small count disclosed even when each cell is not."""
    n = a_eq.shape[1]
    blocks = _rule_blocks(n, a_eq, b_eq, threshold, n_primary, upper)
    bounds = Bounds(np.zeros(3 * n), np.concatenate([np.full(n, upper), np.ones(2 * n)]))
    found = []
    for sign in (1, -1):
        objective = np.zeros(3 * n)
        objective[list(cells)] = sign
        res = milp(objective, constraints=blocks, integrality=np.ones(3 * n), bounds=bounds)
        found.append(int(round(sign * res.fun)))
    return found[0], found[1]


def _rule_blocks(n, a_eq, b_eq, threshold, n_primary, upper, a_ub=None, b_ub=None) -> list[LinearConstraint]:
    """The attacker's constraints over ``n`` hidden cells: the published sums and the suppression rule."""
    # variables: x (counts), z (1: primary), w (1: secondary and positive)
    eye, zero = np.eye(n), np.zeros((n, n))
    blocks = [
        LinearConstraint(np.hstack([eye, -eye, -threshold * eye]), 0, np.inf),  # x >= z + k·w
        LinearConstraint(np.hstack([eye, -(threshold - 1) * eye, -upper * eye]), -np.inf, 0),  # x <= (k−1)z + M·w
        LinearConstraint(np.hstack([zero, eye, eye]), 0, 1),  # primary or secondary, not both
    ]
    if a_eq.size:
        blocks.append(LinearConstraint(np.hstack([a_eq, np.zeros_like(a_eq), np.zeros_like(a_eq)]), b_eq, b_eq))
    if a_ub is not None and a_ub.size:
        blocks.append(LinearConstraint(np.hstack([a_ub, np.zeros_like(a_ub), np.zeros_like(a_ub)]), -np.inf, b_ub))
    if n_primary is not None:
        count = np.hstack([np.zeros(n), np.ones(n), np.zeros(n)])[None, :]
        blocks.append(LinearConstraint(count, n_primary, n_primary))
    return blocks


#: Most hidden cells of one line whose sums :func:`exposed_sum_line` audits together.
SUM_SIZE_LIMIT = 4


def line_gives_a_small_sum(cells, signs, mask, values, threshold: int) -> bool:
    """A line whose hidden cells are all parts (its total shown) and add up to 1 .. threshold − 1: the total less
    the shown parts publishes that sum. The cheap first case of :func:`exposed_sum_line`."""
    hidden = [(c, s) for c, s in zip(cells, signs, strict=True) if mask[c]]
    return (
        len(hidden) >= 2 and all(s == 1 for _, s in hidden) and 1 <= sum(int(values[c]) for c, _ in hidden) < threshold
    )


def exposed_sum_line(values: np.ndarray, mask: np.ndarray, lines, threshold: int) -> list[Cell] | None:
    """The first line (its cells) in which two or more hidden cells add up to a small count that the attacker
    of :func:`attack_problem` narrows to fewer values than a single suppressed count keeps (1 .. threshold − 1: four
    at 5); None when every such sum keeps as many. Two primary cells add up to 2 at least, so a sum is judged
    by how many values it can take, not by reaching 1.

    Sums are taken within a line (a row or a column, the groupings a reader would add up), of up to
    :data:`SUM_SIZE_LIMIT` cells.
    """
    hidden, problem = attack_problem(values, mask, lines, threshold)
    if len(hidden) < 2:
        return None
    index = {c: k for k, c in enumerate(hidden)}
    seen = set()
    for cells, signs, _ in lines:
        parts = [c for c, s in zip(cells, signs, strict=True) if s == 1 and mask[c]]
        for size in range(2, min(len(parts), SUM_SIZE_LIMIT) + 1):
            for subset in itertools.combinations(parts, size):
                if subset in seen or not 1 <= sum(int(values[c]) for c in subset) < threshold:
                    continue
                seen.add(subset)
                low, high = sum_range(*problem, cells=[index[c] for c in subset])
                if high - low < threshold - 2:  # fewer values than a single suppressed count can take
                    return cells
    return None


def feasible_ranges(values: np.ndarray, mask: np.ndarray, lines, threshold: int) -> dict[Cell, tuple[int, int] | None]:
    """For every hidden cell, the smallest and largest value it can take as a primary cell (see :func:`primary_ranges`),
    against the attacker of :func:`attack_problem`."""
    hidden, problem = attack_problem(values, mask, lines, threshold)
    if not hidden:
        return {}
    return dict(zip(hidden, primary_ranges(*problem), strict=True))


def attack_problem(values: np.ndarray, mask: np.ndarray, lines, threshold: int) -> tuple[list[Cell], tuple]:
    """The hidden cells of a pattern and the arguments of :func:`primary_ranges` that attack them.

    The attacker gets the published sums, the suppression rule and the number of primary cells.
    The pages do not state that number (GSS practice); the audit assumes it leaks, so a pattern
    it passes holds either way.
    """
    hidden = [tuple(c) for c in np.argwhere(mask)]
    a_eq, b_eq = _equations(values, mask, lines)
    n_primary = int(sum(1 <= values[c] < threshold for c in hidden))
    upper = float(values.max()) * max(values.shape) * 2 + threshold + 1  # generous cap keeps every program bounded
    return hidden, (a_eq, b_eq, threshold, n_primary, upper)


def is_disclosed(primary_range: tuple[int, int] | None, threshold: int) -> bool:
    """A primary cell is disclosed when what can be worked out about it is narrower than 1 .. threshold − 1."""
    return primary_range is None or primary_range[0] > 1 or primary_range[1] < threshold - 1
