"""What a reader sees of a Markdown output: nbconvert's renderer (mistune) to HTML, then its text."""

from __future__ import annotations

import mistune
from bs4 import BeautifulSoup


def shown(markdown: str) -> str:
    """``markdown`` as the page shows it: escapes resolved, markup gone, one line per block or item."""
    return BeautifulSoup(mistune.html(markdown), "html.parser").get_text()
