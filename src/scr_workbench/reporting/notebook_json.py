"""What the build reads from a notebook's JSON without loading nbformat: its parameters cell, its title.

The no-op build reads every notebook; these helpers keep it to ``json.loads``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any


def cell_source(cell: Mapping[str, Any]) -> str:
    """A cell's source as one string (notebook JSON may store it as a list of lines)."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def has_parameters_cell(nb_json: Mapping[str, Any]) -> bool:
    """Whether a notebook (as parsed JSON) has a code cell tagged ``parameters``."""
    return any(
        cell.get("cell_type") == "code" and "parameters" in (cell.get("metadata", {}).get("tags") or [])
        for cell in nb_json.get("cells", [])
    )


def first_heading(nb_json: Mapping[str, Any]) -> str | None:
    """Text of the notebook's first level-1 Markdown heading, if its first Markdown cell starts with one."""
    for cell in nb_json.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        for line in cell_source(cell).splitlines():
            if line.strip():
                match = re.match(r"^#\s+(.+?)\s*#*\s*$", line.strip())
                return match.group(1) if match else None
        return None
    return None
