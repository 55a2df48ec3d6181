"""Text from data shown as its own characters: in Markdown (no HTML, emphasis, link, math), in charts (no mathtext).

A curated quote or label may contain ``<style>``, ``**x**``, ``$5 and $10`` or ``$\\alert{x}$``;
the reader must see exactly that. :func:`data_text` escapes a value for a Markdown string the
report renders; :data:`LITERAL_TEXT_RC` (part of the house chart style) makes matplotlib draw
``$`` as a dollar sign instead of parsing mathtext, and :func:`literal_text` applies it.
"""

from __future__ import annotations

import html
import re

#: The characters Markdown (CommonMark, GFM tables and strikethrough, nbconvert's ``$`` math) can read as markup.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:])")

#: matplotlib settings under which text from data is drawn literally (``$`` is a dollar sign).
LITERAL_TEXT_RC: dict[str, object] = {"text.parse_math": False, "text.usetex": False}


def data_text(value: object) -> str:
    """``value`` as literal text inside Markdown: no tag, emphasis, link, heading, list, table cell or math.

    Every Markdown marker is backslash-escaped and HTML's ``&``, ``<`` and ``>`` become entities;
    line breaks become spaces (a curated cell is one run of text, it may not start a new block).
    """
    text = " ".join(str(value).splitlines())
    return html.escape(_MARKDOWN_PUNCTUATION.sub(r"\\\1", text), quote=False)


def literal_text():
    """Context manager: text made inside it (labels, titles, annotations) is drawn as written, no mathtext."""
    import matplotlib  # here, so that the layers that only escape Markdown do not load matplotlib

    return matplotlib.rc_context(LITERAL_TEXT_RC)


def show_text(text: str) -> None:
    """Display plain text (a sentence that may quote curated data) as a paragraph, every character as written."""
    from IPython.display import Markdown, display

    display(Markdown(data_text(text)))


def show_bullets(items) -> None:
    """Display plain-text items (notes, caveats that may quote curated data) as a list, every character as written."""
    from IPython.display import Markdown, display

    display(Markdown("\n".join(f"- {data_text(item)}" for item in items)))
