"""A comparison-registry row as the facts a sentence needs: its verdict's rule, its counts and its range.

The registry decides (rule ids, counts, intervals); the reports' templates say. Percentages stay
numbers here; the templates round them with the filters of :mod:`scr_workbench.analyses.wording`.
"""

from __future__ import annotations

import math


def _number(value) -> float | None:
    """A registry cell as a float, or None where it holds no number (NA, None, NaN)."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


def row_facts(row) -> dict:
    """The facts of one registry row (a dict or a named tuple): id, rule, k of n, share and its range, the reference."""
    get = row.get if isinstance(row, dict) else lambda key, default=None: getattr(row, key, default)
    k, n = _number(get("local_k")), _number(get("local_n"))
    reference, base = _number(get("reference_value")), _number(get("reference_denominator"))
    return {
        "id": str(get("comparison_id")),
        "rule": str(get("rule_id")),
        "k": None if k is None else int(k),
        "n": None if n is None else int(n),
        "share": _number(get("local_value")),
        "low": _number(get("ci_low")),
        "high": _number(get("ci_high")),
        "reference": reference,
        "reference_k": None if reference is None or base is None else round(reference * base / 100),
        "reference_n": None if base is None else int(base),
        "reference_as_stated": str(get("reference_label")).split(": ", 1)[-1],
        "reference_group": str(get("reference_label")).split(": ", 1)[0],
        "bound": str(get("reference_bound_type") or "point"),
    }
