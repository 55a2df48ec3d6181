"""The comparison registry: every local figure against its reference, with a verdict chosen by written rules.

Built on :mod:`scr_workbench.stats` and :mod:`scr_workbench.data`.
"""
