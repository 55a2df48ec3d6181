"""Values to try a notebook with besides its defaults, chosen from its declaration (shared by the run tests)."""

import math

from scr_workbench.parameters import Choice, Flag, Number


def other_values(rule, default) -> list:
    """Values to try besides the default: every other choice (the first of a table's), the flag's other
    side, and a number between the default and the upper bound (or three more for an open range)."""
    if isinstance(rule, Choice):
        others = [v for v in rule.values if v != default]
        return others if not rule.values_from else others[:1]
    if isinstance(rule, Flag):
        return [not default]
    if isinstance(rule, Number):
        if rule.integer:
            return [int(min(default + 3, rule.high))]
        return [round((default + rule.high) / 2, 3) if not math.isinf(rule.high) else default * 2]
    raise TypeError(rule)
