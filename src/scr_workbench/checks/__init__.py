"""Checks of the source against itself: the reconciliation of the report's totals and its helpers.

Built on :mod:`scr_workbench.data` and :mod:`scr_workbench.stats`.
"""
