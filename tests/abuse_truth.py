"""The source's counts of the categories of abuse, read straight from the curated CSVs (not through the code under
test), and the leak checks of tests/attacker.py applied to any text a report shows."""

import csv
import re

from attacker import SMALL_CHILDREN, THRESHOLD, small_pairs
from scr_workbench import paths

SCR, LR, ALL = "Serious case reviews", "Learning reviews", "All reviews"


def _rows(name: str) -> list[dict]:
    with open(paths.CURATED_DIR / f"{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def source_counts(unit: str, gap_label: str) -> dict[tuple[str, str], int]:
    """(category label, column) -> count, with the stated totals of section 1.2 and the gap row where the
    categories hold fewer than the stated total."""
    column = {"children": "n_children", "cases": "n_cases"}[unit]
    stated_column = {"children": "n_children", "cases": "n_reviews"}[unit]
    stated = {r["review_type"]: int(r[stated_column]) for r in _rows("review_counts") if r["source_ref"] == "1.2"}
    out: dict[tuple[str, str], int] = {}
    for r in _rows("abuse_categories"):
        label = r["category"].replace("_", " ")
        key = (label, {"scr": SCR, "lr": LR}[r["review_type"]])
        out[key] = out.get(key, 0) + int(r[column])
    categories = {c for c, _ in out}
    for c in categories:
        for col in (SCR, LR):
            out.setdefault((c, col), 0)
    for t, col in (("scr", SCR), ("lr", LR)):
        gap = stated[t] - sum(v for (c, k), v in out.items() if k == col and c in categories)
        if gap:
            out[(gap_label, col)] = gap
    for c in {c for c, _ in out}:
        out.setdefault((c, SCR), 0)
        out.setdefault((c, LR), 0)
        out[(c, ALL)] = out[(c, SCR)] + out[(c, LR)]
    out.update({("Total", SCR): stated["scr"], ("Total", LR): stated["lr"]})
    out[("Total", ALL)] = stated["scr"] + stated["lr"]
    return out


def leaks(text: str, threshold: int = THRESHOLD) -> list[str]:
    """Every "k of n" with k or n − k small, and every small count of children in words or digits, in ``text``."""
    return small_pairs(text, threshold) + SMALL_CHILDREN.findall(text)


def small_cells(table) -> list[str]:
    """Cells of a displayed table (and its index) that are a bare count of 1 to 4."""
    cells = [str(v) for v in table.to_numpy().ravel()] + [str(v) for v in table.index]
    return [v for v in cells if re.fullmatch(r"\s*[1-4]\s*", v)]
