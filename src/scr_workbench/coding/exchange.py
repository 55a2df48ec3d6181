"""Coding by a further coder: a blinded export (items and codebook, no codes) and the import that checks it.

The export holds what the blind second coder had (issue 11): the item texts, the codebook
without its ``national_finding_ids`` column (which would reveal codes), the coding rules and an
empty coding file with the columns of ``theme_codes``. The import validates a returned coding
with the coding's own schema and against the items and codebook, naming file, row and column.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from scr_workbench.coding.themes import load_coding, load_items
from scr_workbench.data.dataset import Dataset
from scr_workbench.data.schemas import describe
from scr_workbench.data.tables import TableError, read_raw_csv, resolve, validate

#: How to code, given to every coder with the codebook. Rule 2 was added with codebook version 2.
CODING_RULES = (
    "Code each item to every theme of the codebook its text carries, as the theme's definition, includes "
    "and excludes say; an item may carry several themes, and every item carries at least one.",
    "A paragraph is coded by what its own text says; a heading above it is context only and does not by "
    "itself carry a theme.",
    "Where two themes' includes and excludes name each other, follow them: some say 'code both'.",
    "Code from the item's words alone, not from other items, the report or knowledge of the case.",
    "confidence is 'explicit' where the item names the theme and 'interpretive' where it is your reading; "
    "say why in one short sentence in 'rationale'. Write your name or initials in 'coder' and 'coded' in 'status'.",
)
ITEM_COLUMNS = ["item_id", "item_kind", "source_ref", "heading", "quote"]
CODEBOOK_COLUMNS = ["theme_id", "label", "domain", "definition", "includes", "excludes"]
EXPORT_FILES = ("README.md", "items.csv", "codebook.csv", "coding.csv")


def export_blind(directory: Path, dataset: Dataset | Path | None = None) -> list[Path]:
    """Write the blinded coding pack into ``directory`` (new or empty); return the files written."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise FileExistsError(f"{directory}: not empty; export into a new or empty folder so no coding is overwritten")
    themes, _ = load_coding(dataset)
    items = load_items(dataset)
    directory.mkdir(parents=True, exist_ok=True)
    csv = {"index": False, "lineterminator": "\n"}
    items[ITEM_COLUMNS].to_csv(directory / "items.csv", **csv)
    themes[CODEBOOK_COLUMNS].to_csv(directory / "codebook.csv", **csv)
    pd.DataFrame(columns=list(describe("theme_codes").schema.columns)).to_csv(directory / "coding.csv", **csv)
    rules = "\n".join(f"{n}. {rule}" for n, rule in enumerate(CODING_RULES, start=1))
    (directory / "README.md").write_text(
        f"# Theme coding: {len(items)} items, {len(themes)} themes\n\n"
        "Code every item of `items.csv` against the codebook `codebook.csv`, one row of `coding.csv` per theme "
        "assigned to an item (columns as in its header). You see no one else's codes; please do not look at the "
        "project's coding, notebooks or reports until you have finished.\n\n"
        f"## Rules\n\n{rules}\n\n"
        "## Returning the coding\n\n"
        "`python -m scr_workbench coding import coding.csv` checks the file and names any row and column to fix.\n",
        encoding="utf-8",
    )
    return [directory / name for name in EXPORT_FILES]


def import_coding(path: Path, dataset: Dataset | Path | None = None) -> pd.DataFrame:
    """A returned coding, validated; raises TableError naming the file, row and column of each problem.

    Beyond the schema of ``theme_codes`` (columns, allowed values, one row per item and theme):
    every item is an item of the export with its kind, every theme is in the codebook, status
    is 'coded', and every item is coded at least once.
    """
    path = Path(path)
    if not path.is_file():
        raise TableError(f"{path}: no such file; expected the coding.csv of a blinded export, filled in")
    dataset, _ = resolve(dataset)
    coding = validate("theme_codes", read_raw_csv(path), path, dataset)
    themes, _ = load_coding(dataset)
    items = load_items(dataset)
    kinds = dict(zip(items["item_id"], items["item_kind"], strict=True))
    known_themes = set(themes["theme_id"])
    problems = []
    for index, row in coding.iterrows():
        where = f"{path.name}, row {index} (line {index + 2}), column"
        if row["item_id"] not in kinds:
            problems.append(f"{where} 'item_id': {row['item_id']!r} is no item of items.csv")
        elif kinds[row["item_id"]] != row["item_kind"]:
            expected = kinds[row["item_id"]]
            problems.append(f"{where} 'item_kind': {row['item_kind']!r}, but item {row['item_id']} is {expected!r}")
        if row["theme_id"] not in known_themes:
            problems.append(f"{where} 'theme_id': {row['theme_id']!r} is no theme_id of codebook.csv")
        if row["status"] != "coded":
            problems.append(f"{where} 'status': {row['status']!r}, expected 'coded' for a new coding")
    missing = [item for item in kinds if item not in set(coding["item_id"])]
    if missing:
        shown = ", ".join(missing[:10]) + (", …" if len(missing) > 10 else "")
        problems.append(
            f"{path.name}: {len(missing)} item(s) of items.csv not coded at all (code each once at least): {shown}"
        )
    if problems:
        raise TableError(f"coding {path} is not valid:\n  " + "\n  ".join(problems))
    return coding
