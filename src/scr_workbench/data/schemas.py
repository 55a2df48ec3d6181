"""The catalogue of curated tables: pandera schemas with types, ranges, allowed categories, keys and row counts.

Each :class:`TableSpec` also says which raw document the table's quotes come from and
describes every column, so the data dictionary (``data/curated/README.md``) is
generated from the same place the validation lives and cannot drift from it. The tables
are written in :mod:`~scr_workbench.data.count_tables`, :mod:`~scr_workbench.data.item_tables`
and :mod:`~scr_workbench.data.coding_tables` (imported here in the catalogue's order) with the
building blocks of :mod:`~scr_workbench.data.table_spec`.
"""

from __future__ import annotations

from scr_workbench.data import coding_tables, count_tables, item_tables
from scr_workbench.data.coding_tables import CODE_CONFIDENCES, CODE_STATUSES, ITEM_KINDS, THEME_DOMAINS
from scr_workbench.data.table_spec import (
    ABUSE_CATEGORIES,
    AGE_BANDS,
    AGE_GROUPS,
    BOUND_TYPES,
    DENOMINATOR_STATUSES,
    ETHNIC_GROUPS,
    REVIEW_TYPE_LABELS,
    REVIEW_TYPES,
    TABLES,
    RowCount,
    TableSpec,
    describe,
    register,
)

__all__ = [
    "ABUSE_CATEGORIES",
    "AGE_BANDS",
    "AGE_GROUPS",
    "BOUND_TYPES",
    "CODE_CONFIDENCES",
    "CODE_STATUSES",
    "DENOMINATOR_STATUSES",
    "ETHNIC_GROUPS",
    "ITEM_KINDS",
    "REVIEW_TYPE_LABELS",
    "REVIEW_TYPES",
    "TABLES",
    "THEME_DOMAINS",
    "RowCount",
    "TableSpec",
    "describe",
    "register",
]

# The catalogue's order (the loader's, check-data's and the data dictionary's): the report's counts,
# its items, then the theme coding.
for _spec in (*count_tables.TABLE_SPECS, *item_tables.TABLE_SPECS, *coding_tables.TABLE_SPECS):
    register(_spec)
