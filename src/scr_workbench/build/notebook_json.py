"""What the build reads from a notebook's JSON without loading nbformat: its parameters cell, its title.

The no-op build reads every notebook; these helpers keep it to ``json.loads``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any


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
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        for line in source.splitlines():
            if line.strip():
                match = re.match(r"^#\s+(.+?)\s*#*\s*$", line.strip())
                return match.group(1) if match else None
        return None
    return None
