"""The main points a report opens with, read back from its executed notebook (for the index's one-line answers).

A notebook hands its main points to the build as data, through
:mod:`scr_workbench.main_points_channel` (a custom MIME type beside the HTML the reader
sees). The index takes each report's first point as its answer, so the line under a
report's title is what that run found, never typed, and never scraped from markup.
"""

from __future__ import annotations

import json
from pathlib import Path

from scr_workbench.main_points_channel import points_in


def first_main_point(executed: Path) -> str | None:
    """The first main point of the executed notebook at ``executed``, or None (no file, no main points)."""
    try:
        nb = json.loads(Path(executed).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    points = points_in(nb)
    return points[0] if points else None


def first_main_points(executed: dict[str, Path], cache_file: Path) -> dict[str, str | None]:
    """:func:`first_main_point` of each named executed notebook, remembered in ``cache_file`` by size and mtime.

    The index is rewritten on every build; the cache keeps a no-op build from reading every notebook.
    """
    from scr_workbench.atomic import atomic_write

    try:
        cached = json.loads(Path(cache_file).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cached = {}
    answers, fresh = {}, {}
    for name, path in executed.items():
        try:
            stat = Path(path).stat()
        except OSError:
            answers[name] = None
            continue
        stamp = [stat.st_size, stat.st_mtime_ns]
        hit = cached.get(name)
        if isinstance(hit, list) and len(hit) == 3 and hit[:2] == stamp:
            answers[name] = hit[2]
        else:
            answers[name] = first_main_point(path)
        fresh[name] = [*stamp, answers[name]]
    if fresh != cached:
        try:
            atomic_write(Path(cache_file), json.dumps(fresh, sort_keys=True).encode("utf-8"))
        except OSError:
            pass  # a cache: the index is right without it
    return answers
