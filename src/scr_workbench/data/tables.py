"""Load curated tables as validated DataFrames: ``load_table("reviews")`` is all a notebook needs.

Validation failures are collected (pandera's lazy mode) and reported as one
:class:`TableError` that names the file, the CSV line, the column and what was expected.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from scr_workbench.cache import data_cached
from scr_workbench.data.csv_text import CsvTextError, check_file, check_text
from scr_workbench.data.dataset import Dataset, default_dataset
from scr_workbench.data.schemas import TABLES, TableSpec, describe


class TableError(ValueError):
    """A curated table is missing or breaks its schema; the message says where and why."""


def list_tables() -> pd.DataFrame:
    """Every curated table with what it holds and what one row is."""
    return pd.DataFrame(
        [(s.name, s.description, s.row, ", ".join(s.key)) for s in TABLES.values()],
        columns=["table", "description", "one_row_is", "key"],
    )


def read_raw_csv(path: Path) -> pd.DataFrame:
    """Read a curated CSV without validation; empty cells become missing, 'NA' stays text.

    A file that is not CSV text (not UTF-8, empty, an unclosed quote, a control character, past
    the size limits, a link out of the data folder: :mod:`scr_workbench.data.csv_text`) is a
    :class:`TableError` naming the file and, where there is one, the line, row and column.
    """
    path = Path(path)
    try:
        check_file(path)
    except CsvTextError as err:
        raise TableError(str(err)) from None
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise TableError(
            f"{path.name}, line {line}: not UTF-8 text (byte 0x{data[err.start]:02x}); save the file as UTF-8"
        ) from None
    if not data.strip():
        raise TableError(f"{path.name}: the file is empty; expected a header line naming the columns, then rows")
    try:
        check_text(path.name, text)
    except CsvTextError as err:
        raise TableError(str(err)) from None
    try:
        return pd.read_csv(path, keep_default_na=False, na_values=[""], dtype=str)
    except pd.errors.ParserError as err:
        detail = str(err).strip().splitlines()[-1][:200]
        raise TableError(f"{path.name}: cannot be read as CSV ({detail}); check for an unclosed quote") from None


def unknown_files(directory: Path) -> list[str]:
    """Files in a curated folder that are no table of the catalogue (README.md aside)."""
    known = {spec.filename for spec in TABLES.values()} | {"README.md"}
    return sorted(p.name for p in Path(directory).iterdir() if p.is_file() and p.name not in known)


def _describe_failure(spec: TableSpec, path: Path, case: pd.Series) -> str:
    index = case.get("index")
    where = f"{path.name}"
    if index is not None and not pd.isna(index):
        where += f", row {int(index)} (line {int(index) + 2})"
    column, check, value = case.get("column"), str(case.get("check")), case.get("failure_case")
    if check == "column_in_dataframe":
        return f"{where}: column {value!r} is missing (expected columns: {', '.join(spec.schema.columns)})"
    if check == "column_in_schema":
        return f"{where}: column {value!r} is not part of table {spec.name!r}"
    if "uniqueness" in check or check.startswith("unique"):
        return (
            f"{where}: duplicated key {', '.join(spec.key)}; column {column!r} value {value!r} appears more than once"
        )
    expected = spec.schema.columns[column].description if column in spec.schema.columns else ""
    hint = f" — expected: {expected}" if expected else ""
    return f"{where}, column {column!r}: value {value!r} fails {check}{hint}"


def resolve(dataset: Dataset | Path | None) -> tuple[Dataset, Path]:
    """The dataset whose values the tables are checked against, and the folder they are read from.

    ``None`` is the default dataset; a :class:`Dataset` reads its ``curated/``; a bare folder
    (a copy of curated tables, as tests and ``check-data --data-dir`` pass) is checked against
    the default dataset's values.
    """
    if isinstance(dataset, Dataset):
        return dataset, dataset.curated_dir
    return default_dataset(), Path(dataset) if dataset is not None else default_dataset().curated_dir


def validate(name: str, frame: pd.DataFrame, path: Path | None = None, dataset: Dataset | None = None) -> pd.DataFrame:
    """Validate ``frame`` against table ``name``'s schema for ``dataset``; return it coerced or raise TableError."""
    spec = describe(name)
    dataset = dataset or default_dataset()
    path = path or dataset.curated_dir / spec.filename
    try:
        return spec.schema_for(dataset).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        # A value that cannot be coerced makes later checks on the column fail with a
        # TypeError and no row; the coercion failure already names the row.
        cases = cases[~cases["failure_case"].astype(str).str.startswith("TypeError(")]
        lines = sorted({_describe_failure(spec, path, case) for _, case in cases.iterrows()})
        raise TableError(f"table {name!r} ({path}) is broken:\n  " + "\n  ".join(lines)) from None


def check_row_count(name: str, found: int, path: Path, dataset: Dataset) -> None:
    """Raise :class:`TableError` when table ``name`` holds more or fewer rows than it must (see ``RowCount``)."""
    spec = describe(name)
    fewest, most, basis = spec.rows.expected(name, dataset)
    if fewest <= found and (most is None or found <= most):
        return
    expected = f"exactly {most}" if most is not None and most == fewest else f"at least {fewest}"
    under = "under its header" if found else "under its header (a header alone is not a table)"
    raise TableError(
        f"{path.name}: has {found} row(s) {under}; table {name!r} needs {expected} ({spec.row} per row; {basis})"
    )


@data_cached  # validation is the slow part and depends only on the data: once per data hash
def load_table(name: str, dataset: Dataset | Path | None = None) -> pd.DataFrame:
    """One curated table of ``dataset`` (default: the default dataset) as a validated DataFrame.

    ``dataset`` may also be a folder of curated tables (see :func:`resolve`).
    """
    spec = describe(name)
    dataset, directory = resolve(dataset)
    path = directory / spec.filename
    if not path.exists():
        raise TableError(f"table {name!r}: file {path} does not exist")
    frame = validate(name, read_raw_csv(path), path, dataset)
    check_row_count(name, len(frame), path, dataset)  # after validation: a duplicated row is named as such
    return frame


def load_all(dataset: Dataset | Path | None = None) -> dict[str, pd.DataFrame]:
    """Every curated table of ``dataset``, validated; raises on the first broken one."""
    return {name: load_table(name, dataset) for name in TABLES}


def check_references(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Cross-table checks: every reference (e.g. age_counts.review_id) names a row that exists."""
    problems = []
    for name, spec in TABLES.items():
        for column, (target, target_column) in spec.references.items():
            values = tables[name][column].dropna()
            known = set(tables[target][target_column])
            for index, value in values[~values.isin(known)].items():
                problems.append(
                    f"{spec.filename}, row {index} (line {index + 2}), column {column!r}: "
                    f"{value!r} is not a {target_column} of table {target!r}"
                )
    return problems


def cited_sections(name: str, dataset: Dataset | Path | None = None) -> str:
    """The sections of the source a table's rows cite ("X and Y"), for prose that names them.

    Read from the rows' ``source_ref`` (its first word), so the words follow the dataset's report.
    """
    refs = load_table(name, dataset)["source_ref"].dropna().astype(str)
    sections = list(dict.fromkeys(ref.split()[0] for ref in refs))
    return " and ".join(sections) if len(sections) <= 2 else ", ".join(sections[:-1]) + " and " + sections[-1]
