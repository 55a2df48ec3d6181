"""Research workbench for Derby's serious case reviews and learning reviews (2008–2014).

Curated tables come from :func:`scr_workbench.data.tables.load_table`; the reconciliation
of the report's own totals from :func:`scr_workbench.reconcile.reconcile`.
"""

__version__ = "0.1.0"
