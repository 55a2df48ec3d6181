"""Research workbench for a safeguarding board's serious case reviews and learning reviews.

Curated tables come from :func:`scr_workbench.data.tables.load_table`; the reconciliation
of the report's own totals from :func:`scr_workbench.checks.reconcile.reconcile`.
"""

__version__ = "0.1.0"
