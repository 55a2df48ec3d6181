"""Small-number disclosure control for published tables, as UK official statistics practise it.

Primary suppression hides small counts (1 to threshold − 1; true zeros stay visible unless
asked, as ONS usually publishes them). Secondary suppression then hides further cells so
that no hidden count can be recovered from row or column totals: first the classic rule (no
row or column with exactly one hidden cell), then an audit that plays the attacker — for
every hidden cell it solves for the smallest and largest value consistent with everything
published, the rule that a suppressed cell is 1 to threshold − 1 unless it is a secondary one (then 0
or at least the threshold) and how many secondary cells there are — and hides more until the
range left for every small count is the whole of 1 .. threshold − 1 (:func:`is_disclosed`).
Suppressed cells are shown as the symbol (default ``c``, "confidential") with the count left out.

The convention is the Government Statistical Service's (GSS/ONS "Disclosure control guidance
for tables produced from administrative sources", used by DfE's statistics): counts of 1 to 4
(threshold 5) are suppressed and shown as ``c``, true zeros are shown as ``0``, and secondary
suppression protects them against differencing. The publication build
(``python -m scr_workbench build --publication``) switches it on for every report through
:func:`publication_threshold`.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Hashable, Iterable

import numpy as np
import pandas as pd

from scr_workbench.stats.disclosure_audit import (  # noqa: F401 (is_disclosed, primary_ranges: public API)
    Cell,
    attack_problem,
    exposed_sum_line,
    feasible_ranges,
    is_disclosed,
    line_gives_a_small_sum,
    primary_ranges,
)
from scr_workbench.stats.intervals import check_count

#: Environment variable the publication build sets for every notebook it runs: the suppression threshold.
ENV_PUBLICATION_THRESHOLD = "SCR_PUBLICATION_SUPPRESS_BELOW"
#: The threshold of the publication build: counts 1 to 4 are suppressed (GSS / ONS / DfE practice).
PUBLICATION_THRESHOLD = 5
#: The convention's name, as a page cites it after saying in its own words what is hidden.
CONVENTION_NAME = "Government Statistical Service disclosure control for tables from administrative sources"
#: Where a publication page says which convention it follows, and what it means.
CONVENTION = (
    f"{CONVENTION_NAME}, as ONS and DfE publish them: counts of 1 to 4 are suppressed and shown as 'c', true zeros "
    "are shown as 0, and further cells are suppressed (secondary suppression) so that no suppressed count can be "
    "narrowed below 1 to 4 from the totals, shares, tests or any other number published"
)

#: Row or column labels treated as totals (compared case-insensitively).
TOTAL_LABELS: tuple[str, ...] = ("Total", "All", "All usual residents")


def publication_threshold() -> int:
    """The suppression threshold the build asks for (``SCR_PUBLICATION_SUPPRESS_BELOW``), 0 when unset.

    The publication build sets it for every notebook it runs, so a notebook cannot publish a
    page without suppression by forgetting a parameter; research builds leave it unset.
    """
    text = os.environ.get(ENV_PUBLICATION_THRESHOLD, "").strip()
    if not text:
        return 0
    if not text.isdigit():
        raise ValueError(f"environment variable {ENV_PUBLICATION_THRESHOLD} must be a whole number, got {text!r}")
    return int(text)


def effective_threshold(requested: int | None) -> int:
    """The threshold a report uses: its own parameter, raised to the publication build's when that is higher."""
    requested = 0 if requested is None else check_count(requested, "suppress_below", minimum=0)
    return max(requested, publication_threshold())


def _find_total(labels: Iterable[Hashable], total_labels: Iterable[str], axis: str) -> int | None:
    """Position of the one row (or column) labelled as a total, or None."""
    wanted = {str(t).strip().lower() for t in total_labels}
    hits = [i for i, label in enumerate(labels) if str(label).strip().lower() in wanted]
    if len(hits) > 1:
        raise ValueError(
            f"table must have at most one total {axis}, found {len(hits)}: {[list(labels)[i] for i in hits]}"
        )
    return hits[0] if hits else None


def _check_table(table: pd.DataFrame) -> np.ndarray:
    """The table as whole non-negative counts, or ValueError naming the bad cell."""
    if not isinstance(table, pd.DataFrame):
        raise ValueError(f"table must be a pandas DataFrame, got {type(table).__name__}")
    if table.empty:
        raise ValueError("table must have at least one row and one column, got an empty table")
    values = table.to_numpy()
    out = np.zeros(values.shape, dtype=np.int64)
    for (i, j), v in np.ndenumerate(values):
        try:
            out[i, j] = check_count(v, "table", minimum=0)
        except ValueError:
            raise ValueError(
                f"table must hold whole non-negative counts; cell ({table.index[i]!r}, {table.columns[j]!r}) is {v!r}"
            ) from None
    return out


def _lines(
    shape: tuple[int, int], total_row: int | None, total_col: int | None, margins_published: bool, values: np.ndarray
) -> list[tuple[list[Cell], list[int], int]]:
    """Every linear constraint a reader can use: (cells, signs, known right-hand side).

    A row with a total column reads: Σ interior − total = 0. Without a total column, when the
    margins are published elsewhere, it reads Σ interior = margin. Columns likewise.
    """
    n_rows, n_cols = shape
    lines = []
    interior_cols = [j for j in range(n_cols) if j != total_col]
    interior_rows = [i for i in range(n_rows) if i != total_row]
    for i in range(n_rows):
        cells = [(i, j) for j in interior_cols]
        if total_col is not None:
            lines.append((cells + [(i, total_col)], [1] * len(cells) + [-1], 0))
        elif margins_published and len(cells) > 1:
            lines.append((cells, [1] * len(cells), int(sum(values[c] for c in cells))))
    for j in range(n_cols):
        cells = [(i, j) for i in interior_rows]
        if total_row is not None:
            lines.append((cells + [(total_row, j)], [1] * len(cells) + [-1], 0))
        elif margins_published and len(cells) > 1:
            lines.append((cells, [1] * len(cells), int(sum(values[c] for c in cells))))
    return lines


def _check_totals(values: np.ndarray, lines, table: pd.DataFrame) -> None:
    """Refuse totals that do not add up: the protection relies on them being true sums."""
    for cells, signs, rhs in lines:
        if rhs == 0 and signs[-1] == -1 and sum(s * values[c] for c, s in zip(cells, signs, strict=True)) != 0:
            i, j = cells[-1]
            raise ValueError(
                f"table total cell ({table.index[i]!r}, {table.columns[j]!r}) is {values[i, j]} "
                f"but its row or column adds up to {sum(values[c] for c in cells[:-1])}"
            )


def _candidate(
    line_cells: list[Cell], mask: np.ndarray, values: np.ndarray, total_cells: set[Cell], kept: frozenset = frozenset()
) -> Cell | None:
    """Next cell to hide in a line: never one in ``kept``, interior before totals, positive before zero, smallest
    first."""
    free = [c for c in line_cells if not mask[c] and c not in kept]
    if not free:
        return None
    return min(free, key=lambda c: (c in total_cells, values[c] == 0, values[c], c))


def _single_hidden_pass(mask, values, lines, total_cells, kept: frozenset = frozenset()) -> bool:
    """Hide one more cell in every line that has exactly one hidden cell; True if anything changed."""
    changed = False
    for cells, _, _ in lines:
        if sum(mask[c] for c in cells) == 1:
            pick = _candidate(cells, mask, values, total_cells, kept)
            if pick is not None:
                mask[pick] = True
                changed = True
    return changed


def _zero_margin_cells(values: np.ndarray, lines) -> set[Cell]:
    """Cells in a line whose total is published elsewhere as 0: the margin itself says they are 0."""
    out = set()
    for cells, signs, rhs in lines:
        if rhs == 0 and all(s == 1 for s in signs) and all(values[c] == 0 for c in cells):
            out.update(cells)
    return out


#: Most cells the exhaustive search of :func:`_fewest_secondary` chooses among (at most 2 ** 16 patterns).
EXHAUSTIVE_LIMIT = 16


def _protects(mask: np.ndarray, values: np.ndarray, lines, sensitive: np.ndarray, threshold: int) -> bool:
    """Whether a suppression pattern leaves every small count its whole range 1 .. threshold − 1.

    A line (row or column with its total) with exactly one hidden cell gives that cell away, so
    such a pattern fails at once, before the integer programs of the audit.
    """
    if any(sum(mask[c] for c in cells) == 1 for cells, _, _ in lines):
        return False
    if any(line_gives_a_small_sum(cells, signs, mask, values, threshold) for cells, signs, _ in lines):
        return False
    hidden, problem = attack_problem(values, mask, lines, threshold)
    for k, cell in enumerate(hidden):  # one cell at a time: the first disclosed one settles it
        if sensitive[cell] and is_disclosed(primary_ranges(*problem, only=[k])[0], threshold):
            return False
    return exposed_sum_line(values, mask, lines, threshold) is None


def _fewest_secondary(
    primary: np.ndarray, found: np.ndarray, values: np.ndarray, lines, sensitive: np.ndarray, threshold: int, kept
) -> np.ndarray:
    """The protecting pattern with the fewest secondary cells (then the smallest total hidden), else ``found``.

    The greedy search that found ``found`` hides a cell per exposed count and can hide far more
    than needed (every cell of a table whose All column is a total). Information loss is counted
    as ONS's tau-argus does by default, cells first: every pattern with fewer secondary cells than
    ``found`` is audited, smallest first, when the cells to choose from are few enough
    (:data:`EXHAUSTIVE_LIMIT`); the first that protects every small count is kept.
    """
    candidates = [tuple(c) for c in np.argwhere(~primary) if tuple(c) not in kept]
    extra = int(found.sum() - primary.sum())
    if extra <= 1 or len(candidates) > EXHAUSTIVE_LIMIT:
        return found
    for size in range(1, extra):
        for cells in sorted(itertools.combinations(candidates, size), key=lambda cs: sum(values[c] for c in cs)):
            mask = primary.copy()
            for c in cells:
                mask[c] = True
            if _protects(mask, values, lines, sensitive, threshold):
                return mask
    return found


def _secondary(
    mask: np.ndarray,
    values: np.ndarray,
    lines,
    total_row,
    total_col,
    table,
    threshold: int,
    hide_total_row=True,
    fewest=True,
) -> None:
    """Hide more cells, in place, until what the published sums say of every small count spans 1 .. threshold − 1."""
    sensitive = mask & (values >= 1) & (values < threshold)  # hidden zeros are covered by the line rule alone
    for cell in _zero_margin_cells(values, lines):
        sensitive[cell] = False
    total_cells = {
        (i, j) for i in range(values.shape[0]) for j in range(values.shape[1]) if i == total_row or j == total_col
    }
    kept = frozenset(c for c in total_cells if c[0] == total_row) if not hide_total_row else frozenset()
    primary = mask.copy()
    while True:  # every round hides at least one more cell, or raises
        while _single_hidden_pass(mask, values, lines, total_cells, kept):
            pass
        ranges = feasible_ranges(values, mask, lines, threshold)
        exposed = [c for c, r in ranges.items() if sensitive[c] and is_disclosed(r, threshold)]
        if not exposed:
            line = exposed_sum_line(values, mask, lines, threshold)
            if line is not None:  # a small sum of hidden cells is given away: hide one more cell of its line
                pick = _candidate(line, mask, values, total_cells, kept) or _candidate(
                    [tuple(c) for c in np.argwhere(~mask)], mask, values, total_cells, kept
                )
                if pick is not None:
                    mask[pick] = True
                    continue
                # Nothing left to hide (a table whose every cell is small): the cells stay protected one by one.
            if fewest:
                mask[:] = _fewest_secondary(primary, mask, values, lines, sensitive, threshold, kept)
            return
        added = False
        for cell in exposed:
            around = [cells for cells, _, _ in lines if cell in cells]
            picks = [p for p in (_candidate(cells, mask, values, total_cells, kept) for cells in around) if p]
            if not picks:
                anywhere = _candidate([tuple(c) for c in np.argwhere(~mask)], mask, values, total_cells, kept)
                picks = [anywhere] if anywhere else []
            if picks:
                mask[min(picks, key=lambda c: (c in total_cells, values[c] == 0, values[c], c))] = True
                added = True
        if not added:
            i, j = exposed[0]
            raise RuntimeError(
                f"cell ({table.index[i]!r}, {table.columns[j]!r}) cannot be protected: "
                f"the published sums fix its value even with every other cell hidden"
            )


def suppress(
    table: pd.DataFrame,
    threshold: int | None,
    symbol: str = "c",
    *,
    suppress_zeros: bool = False,
    total_labels: Iterable[str] = TOTAL_LABELS,
    margins_published: bool = True,
    hide_total_row: bool = True,
    fewest_secondary: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Suppress small counts and every cell that would let a reader recover them.

    Parameters
    ----------
    table : DataFrame
        Whole non-negative counts. A row or column labelled as a total (see ``total_labels``)
        is part of the table: it must add up, and it can itself be suppressed.
    threshold : int or None
        Counts 1 .. threshold − 1 are suppressed; None or 0 switches suppression off (research
        use). 5 is a common publication threshold.
    symbol : str
        Marker shown in place of a suppressed count (ONS uses ``c``).
    suppress_zeros : bool
        Also suppress true zeros. Off by default: ONS usually publishes zeros, since a zero
        discloses nothing about an individual unless the whole row or column is a single person.
    total_labels : iterable of str
        Labels (case-insensitive) that mark a total row or column.
    margins_published : bool
        When the table has no total row (column), assume its column (row) sums are published
        elsewhere (as the report publishes 13, 40 and 34) and protect against them too.
    hide_total_row : bool
        Whether the total row's cells may be suppressed secondarily. False when they are published
        elsewhere anyway (a report's number of children), so hiding them protects nothing.
    fewest_secondary : bool
        Search for the protecting pattern with the fewest secondary cells (:func:`_fewest_secondary`)
        rather than keep the first one found. False when other published numbers rest on the
        table's cells in ways the audit does not model, and the first pattern is the tested one.

    Returns
    -------
    display : DataFrame of str
        Counts as text, suppressed cells as ``symbol``.
    mask : DataFrame of bool
        True where a cell is suppressed (primary or secondary).

    Raises
    ------
    RuntimeError
        If a small count cannot be protected by hiding more cells (it never happens with
        totals that are part of the table; with margins published elsewhere a one-column
        table, for instance, gives every count away).

    Notes
    -----
    The primary (small) cells are protected, and so is every sum of two to four hidden cells of
    one row or column that is itself 1 .. threshold − 1 (``Black + Dual Heritage = 4``), unless
    every cell is already hidden. A secondary cell that the audit can pin is a count that could
    have been published anyway. A suppressed zero in a row or column
    whose published margin is 0 cannot be protected (the margin says every cell is 0) and is
    left as it is.
    """
    values = _check_table(table)
    if not isinstance(symbol, str) or not symbol or symbol.strip().isdigit():
        raise ValueError(f"symbol must be a non-empty, non-numeric string such as 'c', got {symbol!r}")
    if threshold is None:
        threshold = 0
    threshold = check_count(threshold, "threshold", minimum=0)
    total_labels = tuple(total_labels)
    total_row = _find_total(table.index, total_labels, "row")
    total_col = _find_total(table.columns, total_labels, "column")
    lines = _lines(values.shape, total_row, total_col, margins_published, values)
    _check_totals(values, lines, table)

    mask = np.zeros(values.shape, dtype=bool)
    if threshold > 0:
        mask |= (values >= 1) & (values < threshold)
        if suppress_zeros:
            mask |= values == 0
    if mask.any():
        _secondary(mask, values, lines, total_row, total_col, table, threshold, hide_total_row, fewest_secondary)

    display = pd.DataFrame(
        np.where(mask, symbol, values.astype(str)), index=table.index, columns=table.columns, dtype=object
    )
    return display, pd.DataFrame(mask, index=table.index, columns=table.columns)
