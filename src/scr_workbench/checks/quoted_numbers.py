"""A curated count must be a number its own verbatim quote states: otherwise it is a curation error.

For the tables in :data:`QUOTED_COUNTS` every row's ``quote`` is the source's sentence for that
row, so each count column's value must appear in it, in digits ("13", "1,044") or in words
("six", "twenty five", "twenty-one"). A row whose count is not in its quote is reported with the
file, row, line, column, the number and the quote; the source's own disagreements between two
of its passages are the reconciliation's business, never this check's.
"""

from __future__ import annotations

import re

import pandas as pd

#: Table → the count columns its ``quote`` states.
QUOTED_COUNTS: dict[str, tuple[str, ...]] = {
    "review_counts": ("n_reviews", "n_children"),
    "abuse_categories": ("n_cases", "n_children"),
}

_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " \
    "seventeen eighteen nineteen".split()  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_WORD = re.compile(r"\b(" + "|".join(_TENS) + r")(?:[\s-]+(" + "|".join(_UNITS[1:10]) + r"))?\b|\b(" + "|".join(
    _UNITS) + r")\b")  # fmt: skip


def numbers_in(text: str) -> set[int]:
    """Every whole number ``text`` states, in digits or in words (up to ninety-nine)."""
    text = text.lower()
    found = {int(d.replace(",", "")) for d in re.findall(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?![\d])|\d+", text)}
    for tens, unit, single in _WORD.findall(text):
        found.add(_TENS[tens] + (_UNITS.index(unit) if unit else 0) if tens else _UNITS.index(single))
    return found


def quoted_count_problems(tables: dict[str, pd.DataFrame]) -> list[str]:
    """One line per curated count that its own quote does not state."""
    problems = []
    for name, columns in QUOTED_COUNTS.items():
        frame = tables.get(name)
        if frame is None:
            continue
        for index, row in frame.iterrows():
            stated = numbers_in(str(row["quote"]))
            for column in columns:
                value = row[column]
                if pd.isna(value) or int(value) in stated:
                    continue
                problems.append(
                    f"{name}.csv, row {index} (line {index + 2}), column {column!r}: {int(value)} is not a number "
                    f"its quote states (quote: {row['quote']!r}); a curated count must match its verbatim quote"
                )
    return problems
