"""The raw sources as searchable text, so every curated quote can be checked against them.

Quotes are compared after the same normalisation on both sides: Markdown and HTML
markup removed (bold, italics, tags, escapes) and runs of white space folded to one
space. Nothing else is changed: spelling, punctuation and curly quotes stay as printed.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from scr_workbench.data.dataset import Dataset, default_dataset

_EMPHASIS = re.compile(r"(?<!\\)\*+")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^>]*)?>")  # HTML tags, not <http://…> autolinks
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Strip Markdown/HTML markup and fold white space, the form quotes are compared in."""
    text = _EMPHASIS.sub("", text)
    text = text.replace("\\*", "*")
    text = _TAG.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def source_text(document: str = "report", dataset: Dataset | None = None) -> str:
    """A raw source of ``dataset``, normalised; ``document`` is a source role (dataset.yml ``sources``)
    or the name the curated tables give it (dataset.yml ``documents``)."""
    return _normalised_file((dataset or default_dataset()).document(document))


@cache
def _normalised_file(path: Path) -> str:
    return normalise(path.read_text(encoding="utf-8"))


def quote_in_source(quote: str, document: str = "report", dataset: Dataset | None = None) -> bool:
    """True when ``quote`` (plain text, white space folded) stands verbatim in the named source."""
    return _SPACE.sub(" ", quote).strip() in source_text(document, dataset)
