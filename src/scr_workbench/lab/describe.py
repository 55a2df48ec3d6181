"""What a curated table holds, read from its pandera schema: what one row is, each column's meaning,
type and allowed values, and the pitfalls (total rows, empty cells) that make a naive sum wrong."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from scr_workbench.data.dictionary import _type_name
from scr_workbench.data.schemas import TABLES, TableSpec


def allowed_values(column) -> str:
    """The values or range a column's checks allow, in words ("" when the schema says nothing)."""
    parts = []
    for check in column.checks:
        stats = check.statistics or {}
        if "allowed_values" in stats:
            parts.append(", ".join(str(v) for v in stats["allowed_values"]))
        elif "min_value" in stats and check.name in ("greater_than_or_equal_to", "in_range"):
            high = stats.get("max_value")
            parts.append(f"≥ {stats['min_value']:g}" + (f" and ≤ {high:g}" if high is not None else ""))
        elif check.name == "less_than_or_equal_to":
            parts.append(f"≤ {stats['max_value']:g}")
    return "; ".join(parts)


def total_columns(spec: TableSpec) -> list[tuple[str, str]]:
    """``(column, value)`` pairs marking total rows: a category column one of whose values is "total"."""
    found = []
    for name, column in spec.schema.columns.items():
        for check in column.checks:
            for value in (check.statistics or {}).get("allowed_values", []):
                if str(value).lower() == "total":
                    found.append((name, str(value), len(check.statistics["allowed_values"])))
    return [(name, value) for name, value, _ in sorted(found, key=lambda f: f[2])]


def pitfalls(spec: TableSpec) -> list[str]:
    """What trips a first analysis of the table, each with how to avoid it."""
    found = []
    totals = total_columns(spec)
    if totals:
        column, value = totals[0]
        marked = ", ".join(f"`{c} == {v!r}`" for c, v in totals)
        counts = [n for n, c in spec.schema.columns.items() if _type_name(c) in ("integer", "number")]
        found.append(
            f"It holds total rows ({marked}) beside the rows they add up: summing "
            f"{' or '.join(f'`{c}`' for c in counts) or 'a count'} over every row counts each item twice. "
            f"Exclude them first: `df[df[{column!r}] != {value!r}]`."
        )
    for name, column in spec.schema.columns.items():
        if column.nullable and _type_name(column) in ("integer", "number"):
            found.append(f"`{name}` may be empty (missing, not zero): `sum()` skips it; check `df[{name!r}].isna()`.")
    return found


@dataclass(frozen=True)
class TableDescription:
    """A table's description; shown as Markdown in the lab and as text elsewhere."""

    name: str
    description: str
    row: str
    key: list[str]
    columns: pd.DataFrame
    pitfalls: list[str]

    def __str__(self) -> str:
        lines = [f"{self.name}: {self.description}", f"One row is {self.row}. Key: {', '.join(self.key)}.", ""]
        for c in self.columns.itertuples():
            allowed = f" Allowed: {c.allowed}." if c.allowed else ""
            lines.append(f"  {c.column} ({c.type}{', may be empty' if c.may_be_empty else ''}): {c.meaning}{allowed}")
        lines += ["", *(f"Pitfall: {p}" for p in self.pitfalls)] if self.pitfalls else []
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_markdown_(self) -> str:
        def cell(text) -> str:
            return html.escape(str(text), quote=False).replace("|", "\\|")

        rows = "".join(
            f"| `{c.column}` | {c.type} | {'yes' if c.may_be_empty else 'no'} | {cell(c.allowed)} "
            f"| {cell(c.meaning)} |\n"
            for c in self.columns.itertuples()
        )
        warn = "".join(f"- **Pitfall.** {cell(p)}\n" for p in self.pitfalls)
        return (
            f"### `{self.name}`\n\n{cell(self.description)}\n\nOne row is {cell(self.row)}. "
            f"Key: {', '.join(f'`{k}`' for k in self.key)}.\n\n"
            f"| column | type | may be empty | allowed | meaning |\n|---|---|---|---|---|\n{rows}\n{warn}"
        )


def describe_table(name: str) -> TableDescription:
    """What table ``name`` holds: one row, every column (meaning, type, allowed values), and its pitfalls."""
    if name not in TABLES:
        raise KeyError(f"no table {name!r}; tables: {', '.join(TABLES)}")
    spec = TABLES[name]
    columns = pd.DataFrame(
        [
            (column, _type_name(c), bool(c.nullable), allowed_values(c), c.description or "")
            for column, c in spec.schema.columns.items()
        ],
        columns=["column", "type", "may_be_empty", "allowed", "meaning"],
    )
    return TableDescription(name, spec.description, spec.row, list(spec.key), columns, pitfalls(spec))


class FullTextFrame(pd.DataFrame):
    """A DataFrame whose display never cuts a cell's text (pandas cuts at 50 characters by default)."""

    @property
    def _constructor(self):  # pandas' documented way for a subclass to survive head(), filters, ...
        return FullTextFrame

    def __repr__(self) -> str:
        with pd.option_context("display.max_colwidth", None, "display.max_columns", None, "display.width", 0):
            return super().__repr__()

    def _repr_html_(self) -> str | None:
        with pd.option_context("display.max_colwidth", None):
            return super()._repr_html_()


def table_catalogue() -> FullTextFrame:
    """Every curated table with its description, what one row is, its key and its pitfalls, uncut."""
    from scr_workbench.data.tables import list_tables

    frame = list_tables()
    frame["pitfalls"] = [" ".join(pitfalls(TABLES[name])) for name in frame["table"]]
    return FullTextFrame(frame)
