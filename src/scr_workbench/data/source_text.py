"""The raw sources as searchable text, so every curated quote can be checked against them.

Quotes are compared after the same normalisation on both sides: Markdown and HTML
markup removed (bold, italics, tags, escapes) and runs of white space folded to one
space. Nothing else is changed: spelling, punctuation and curly quotes stay as printed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from scr_workbench import paths

#: Which raw file a curated row's quote must be found in, by the name used in the tables.
SOURCE_DOCUMENTS: dict[str, Path] = {
    "derby_report": paths.DERBY_REPORT,
    "ons_qs201ew": paths.ONS_CENSUS,
    "sources_readme": paths.SOURCES_NOTE,
}

_EMPHASIS = re.compile(r"(?<!\\)\*+")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^>]*)?>")  # HTML tags, not <http://…> autolinks
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Strip Markdown/HTML markup and fold white space, the form quotes are compared in."""
    text = _EMPHASIS.sub("", text)
    text = text.replace("\\*", "*")
    text = _TAG.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


@lru_cache(maxsize=None)
def source_text(document: str = "derby_report") -> str:
    """The named raw source, normalised; ``document`` is a key of :data:`SOURCE_DOCUMENTS`."""
    try:
        path = SOURCE_DOCUMENTS[document]
    except KeyError:
        raise ValueError(
            f"unknown source document {document!r}; expected one of {sorted(SOURCE_DOCUMENTS)}"
        ) from None
    return normalise(path.read_text(encoding="utf-8"))


def quote_in_source(quote: str, document: str = "derby_report") -> bool:
    """True when ``quote`` (plain text, white space folded) stands verbatim in the named source."""
    return _SPACE.sub(" ", quote).strip() in source_text(document)
