"""The main points a report opens with, read back from its executed notebook (for the index's one-line answers).

A notebook shows its main points as ``<section class="main-points">`` with one list item
per point, generated from the run's results (in a Markdown cell or a Markdown or HTML
output). The index takes each report's first point as its answer, so the line under a
report's title is what that run found, never typed. Only mistune and the standard
library are used: the index is rewritten on every build, a no-op one too.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import mistune

MAIN_POINTS_RE = re.compile(r"""<section\b[^>]*\bclass\s*=\s*["'][^"']*\bmain-points\b""")
_MARKDOWN = mistune.create_markdown(escape=False, plugins=["table", "strikethrough"])


class _PointsParser(HTMLParser):
    """Collects the text of each <li> inside the first <section class="main-points">."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # sections open since the main-points one began (0: outside it)
        self.done = False
        self.points: list[str] = []
        self.item: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        classes = (dict(attrs).get("class") or "").split()
        if tag == "section" and (self.depth or "main-points" in classes):
            self.depth += 1
        elif tag == "li" and self.depth and self.item is None:
            self.item = []

    def handle_endtag(self, tag):
        if self.done or not self.depth:
            return
        if tag == "li" and self.item is not None:
            self.points.append(" ".join("".join(self.item).split()))
            self.item = None
        elif tag == "section":
            self.depth -= 1
            self.done = self.depth == 0

    def handle_data(self, data):
        if self.item is not None:
            self.item.append(data)


def _cell_markup(cell: dict) -> list[str]:
    """The HTML a cell shows: its Markdown rendered, its HTML outputs, its Markdown outputs rendered."""

    def text(value) -> str:
        return "".join(value) if isinstance(value, list) else str(value)

    if cell.get("cell_type") == "markdown":
        return [_MARKDOWN(text(cell.get("source", "")))]
    shown = []
    for output in cell.get("outputs", []):
        data = output.get("data") or {}
        if "text/html" in data:
            shown.append(text(data["text/html"]))
        elif "text/markdown" in data:
            shown.append(_MARKDOWN(text(data["text/markdown"])))
    return shown


def main_points(nb: dict) -> list[str]:
    """The plain text of each main point of a notebook (its first ``section.main-points``); [] if it has none."""
    for cell in nb.get("cells", []):
        for markup in _cell_markup(cell):
            if MAIN_POINTS_RE.search(markup):
                parser = _PointsParser()
                parser.feed(markup)
                parser.close()
                if parser.points:
                    return [p for p in parser.points if p]
    return []


def first_main_point(executed: Path) -> str | None:
    """The first main point of the executed notebook at ``executed``, or None (no file, no main points)."""
    try:
        nb = json.loads(Path(executed).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    points = main_points(nb)
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
