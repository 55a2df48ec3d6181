"""What a curated table is: its schema, what one row is, how many rows it holds, where it comes from.

The building blocks the table catalogue (:mod:`scr_workbench.data.schemas`) is written with: the
shared vocabularies, column constructors that carry each column's description (the data dictionary
is generated from them), :class:`TableSpec`, :class:`RowCount` and the registry the loader reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

import pandera.pandas as pa

if TYPE_CHECKING:
    from scr_workbench.data.dataset import Dataset

REVIEW_TYPES = ["scr", "lr"]
#: How the reports name each kind of review, and both together.
REVIEW_TYPE_LABELS = {"scr": "Serious case reviews", "lr": "Learning reviews", "all": "All reviews"}
AGE_BANDS = ["baby", "under_four", "age_4", "age_7", "school_age", "teenager", "teenager_or_young_adult"]
AGE_GROUPS = ["babies_preschool", "school_age"]
ABUSE_CATEGORIES = ["physical_abuse", "sexual_abuse", "neglect", "emotional_abuse", "other"]
ETHNIC_GROUPS = [
    "Asian or Asian British",
    "Black or Black British",
    "Dual Heritage",
    "Not recorded",
    "Other",
    "White British",
    "White Other",
    "Total",
]
BOUND_TYPES = ["point", "lower", "upper"]
DENOMINATOR_STATUSES = ["known", "inferred", "unknown", "not_applicable"]


#: Columns whose allowed values are the dataset's own, and where in the dataset they are listed.
def review_ids_of(dataset: Dataset) -> list[str]:
    return list(dataset.review_ids)


def document_names_of(dataset: Dataset) -> list[str]:
    return sorted(set(dataset.documents) | set(dataset.sources))


def number_of_reviews(dataset: Dataset) -> int:
    return len(dataset.review_ids)


@dataclass(frozen=True)
class RowCount:
    """How many rows a table must hold, and where that number comes from (``basis``, cited in the message).

    ``exact`` is fixed by the table's structure (one row per category) or by the dataset (a function of
    it, e.g. one row per review id); without it the table needs at least ``minimum`` rows. The dataset
    may state a table's exact count from its own report (dataset.yml ``row_counts``), which then wins.
    Every curated table holds facts the source states, so none ``may_be_empty`` so far: a header
    alone is a broken file, never "no data".
    """

    minimum: int | Callable[[Dataset], int] = 1
    exact: int | Callable[[Dataset], int] | None = None
    basis: str = ""
    may_be_empty: bool = False

    def expected(self, table: str, dataset: Dataset) -> tuple[int, int | None, str]:
        """(fewest, most or None, why) for ``table`` of ``dataset``."""
        stated = dataset.row_counts.get(table)
        if stated is not None:
            return stated[0], stated[0], f"{stated[1]} (dataset.yml row_counts)"
        if self.exact is not None:
            exact = self.exact(dataset) if callable(self.exact) else self.exact
            return exact, exact, self.basis
        minimum = self.minimum(dataset) if callable(self.minimum) else self.minimum
        fewest = 0 if self.may_be_empty else max(1, minimum)
        return fewest, None, self.basis or "a table of facts the source states is never empty"


@dataclass(frozen=True)
class TableSpec:
    """A curated table: its schema, what one row is, and where its quotes come from."""

    name: str
    description: str
    row: str
    schema: pa.DataFrameSchema
    key: list[str]
    #: The role (dataset.yml ``sources``) of the raw file the quotes come from, or "none", or "per-row (source_doc)".
    source: str = "report"
    references: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: Columns whose allowed values the dataset lists (e.g. review ids), checked on top of ``schema``.
    dataset_values: dict[str, Callable[[Dataset], list[str]]] = field(default_factory=dict)
    #: How many rows the table holds (see :class:`RowCount`).
    rows: RowCount = field(default_factory=RowCount)

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def source_doc(self) -> str:
        """The name the default dataset's tables give the table's source document."""
        if self.source in ("none", "per-row (source_doc)"):
            return self.source
        from scr_workbench.data.dataset import default_dataset

        return default_dataset().document_name(self.source)

    def schema_for(self, dataset: Dataset) -> pa.DataFrameSchema:
        """The schema with the dataset's own allowed values (review ids, document names) added."""
        return _schema_for(self, dataset)


def _schema_for(spec: TableSpec, dataset: Dataset) -> pa.DataFrameSchema:
    values = {column: tuple(values_of(dataset)) for column, values_of in spec.dataset_values.items()}
    return _schema_with(spec.name, tuple(values.items()))


@cache
def _schema_with(name: str, values: tuple[tuple[str, tuple[str, ...]], ...]) -> pa.DataFrameSchema:
    schema = TABLES[name].schema
    for column, allowed in values:
        checks = [*schema.columns[column].checks, pa.Check.isin(list(allowed))]
        schema = schema.update_column(column, checks=checks)
    return schema


def text_column(
    description: str, nullable: bool = False, str_length: dict | None = None, str_matches: str | None = None
) -> pa.Column:
    checks = []
    if str_length:
        checks.append(pa.Check.str_length(**str_length))
    if str_matches:
        checks.append(pa.Check.str_matches(str_matches))
    return pa.Column(str, checks, nullable=nullable, coerce=True, description=description)


def category_column(values: list[str], description: str, nullable: bool = False) -> pa.Column:
    return pa.Column(
        str,
        pa.Check.isin(values),
        nullable=nullable,
        coerce=True,
        description=f"{description} One of: {', '.join(values)}.",
    )


def count_column(description: str, nullable: bool = False) -> pa.Column:
    return pa.Column("Int64", pa.Check.ge(0), nullable=nullable, coerce=True, description=f"{description} (count, ≥ 0)")


def percent_column(description: str, nullable: bool = False) -> pa.Column:
    return pa.Column(
        float, pa.Check.in_range(0, 100), nullable=nullable, coerce=True, description=f"{description} (percent, 0–100)"
    )


def _parse_bool(series):
    """'true'/'false' as written in the CSVs; anything else becomes missing and fails validation."""
    if series.dtype == bool:
        return series
    return series.astype("string").str.strip().str.lower().map({"true": True, "false": False})


def flag_column(description: str) -> pa.Column:
    return pa.Column(
        bool, parsers=pa.Parser(_parse_bool), coerce=True, description=f"{description} Written true or false."
    )


SOURCE_REF = text_column(
    "Where the row comes from in the source: section, paragraph, item letter or table (see 'Provenance conventions').",
    str_length={"min_value": 1},
)
QUOTE = text_column(
    "The sentence, list item or table row the row comes from, verbatim (Markdown markup removed, white space folded).",
    str_length={"min_value": 1},
)
REVIEW_TYPE = category_column(REVIEW_TYPES, "Kind of review: scr = serious case review, lr = learning review.")


def _schema(name: str, columns: dict[str, pa.Column], key: list[str], checks=None) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(columns, unique=key, strict=True, ordered=False, name=name, checks=checks)


def table(
    name: str, description: str, row: str, columns: dict[str, pa.Column], key: list[str], checks=None, **kw
) -> TableSpec:
    return TableSpec(name, description, row, _schema(name, columns, key, checks), key, **kw)


def _percent_when_unit_is_percent(df) -> bool:
    """Rows whose unit is 'percent' must have a value in 0–100."""
    pct = df["unit"] == "percent"
    return bool(df.loc[pct, "value"].between(0, 100).all())


PERCENT_RANGE = pa.Check(
    _percent_when_unit_is_percent, element_wise=False, error="value must lie within 0–100 where unit is 'percent'"
)

TABLES: dict[str, TableSpec] = {}


def register(spec: TableSpec) -> TableSpec:
    """Add a table to the catalogue the loader and the data dictionary read."""
    TABLES[spec.name] = spec
    return spec


def describe(name: str) -> TableSpec:
    """The spec of one table, with an error naming the known tables when the name is wrong."""
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"unknown table {name!r}; known tables: {', '.join(sorted(TABLES))}") from None
