"""Tidying the reports folder around a build: what a killed build left, the pages of removed entries.

Both run with the build's lock held (:mod:`scr_workbench.reporting.build_lock`), so no other build
is writing the files they move or delete.
"""

from __future__ import annotations

import os
from pathlib import Path

from scr_workbench.reporting.planning import Layout


def retire_orphans(layout: Layout, scheduled: set[str]) -> list[str]:
    """Move the HTML of reports no longer scheduled out of the published folder; return their names.

    A removed entry's page would otherwise stay beside the others, unlisted and never rebuilt. It
    goes to ``<reports>/orphaned/`` (outside ``html/``), and its build state is forgotten, so the
    entry builds afresh if it comes back.
    """
    names = sorted(
        path.stem for path in layout.html_dir.glob("*.html") if path.stem != "index" and path.stem not in scheduled
    )
    for name in names:
        layout.orphaned_dir.mkdir(parents=True, exist_ok=True)
        os.replace(layout.html_dir / f"{name}.html", layout.orphaned_dir / f"{name}.html")
        (layout.entries_dir / f"{name}.json").unlink(missing_ok=True)
    return names


def remove_leftovers(layout: Layout) -> list[Path]:
    """Delete what a killed build left half-done: notebooks it was running, temporary files of atomic writes."""
    folders = (layout.html_dir, layout.executed_dir, layout.entries_dir)
    leftovers = [*layout.executed_dir.glob(".*.running.ipynb"), *(p for f in folders for p in f.glob(".*.tmp"))]
    for path in leftovers:
        path.unlink(missing_ok=True)
    return leftovers
