"""Main points travel from a notebook to the index as data, not as HTML to be scraped.

A report shows its main points with :func:`display_main_points`: one display output that
carries the points as JSON under :data:`MIME_TYPE` (for the build) beside the HTML the
reader sees. The build reads them back with :func:`points_in`, by MIME type, so a change of
wording or markup on the page cannot lose or invent an index line.
"""

from __future__ import annotations

from collections.abc import Sequence

#: The custom MIME type of a report's main points (a JSON list of plain-text sentences).
MIME_TYPE = "application/vnd.scr-workbench.main-points+json"


def bundle(points: Sequence[str], html: str) -> dict:
    """The display bundle: the points as data for the build, the HTML for the reader."""
    points = [str(p) for p in points]
    if not points or not all(p.strip() for p in points):
        raise ValueError("main points must be one or more non-empty sentences")
    return {MIME_TYPE: points, "text/html": html, "text/plain": "\n".join(f"- {p}" for p in points)}


def display_main_points(points: Sequence[str], html: str) -> None:
    """Show ``html`` to the reader and hand ``points`` to the build in the same output."""
    from IPython.display import display

    display(bundle(points, html), raw=True)


def points_in(nb: dict) -> list[str]:
    """The main points of an executed notebook (its first output of :data:`MIME_TYPE`); [] if none."""
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            data = output.get("data") or {}
            if MIME_TYPE in data:
                value = data[MIME_TYPE]
                if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
                    raise ValueError(f"{MIME_TYPE} output must be a list of strings, got {type(value).__name__}")
                return list(value)
    return []
