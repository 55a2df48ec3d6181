"""The house table style for tables a notebook shows: one header row, numbers marked for right alignment.

pandas writes a table with a named index as two header rows, the column names over
blank index cells and the index names over blank column cells; the reader sees an
empty row. :func:`house_tables` (run by :func:`scr_workbench.reporting.safe_html.clean_html`
on the sanitiser's output, which is well-formed HTML) folds such
complementary header rows into one and drops header rows with no text, and gives
every cell whose text is a number (a count, a percentage, an interval) the class
``num`` so that the page's CSS aligns it right with tabular figures. Everything else
stays left-aligned; a snake_case identifier may wrap after its underscores (``<wbr>``).
Nothing is added or removed from what the table says.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

CELL_TAGS = ("td", "th")
#: A cell that reads as a number: 12, 1,044, 85.7%, -0.3, 0.42 (0.21–0.64), [c], 6 of 7, —.
NUMBER_RE = re.compile(
    r"^\s*(?:[−–+\-]?\d[\d,]*(?:\.\d+)?\s*(?:%|pp)?(?:\s*of\s*\d[\d,]*)?"
    r"(?:\s*[(\[]\s*[−–\-]?\d[\d.,]*\s*%?\s*(?:–|-|to)\s*[−–\-]?\d[\d.,]*\s*%?\s*[)\]])?"
    r"|\[?[cxz]\]?|—|–)\s*$"
)


def is_number(text: str) -> bool:
    """True when ``text`` is a number as a table shows it (right-aligned in the house style)."""
    return bool(text.strip()) and bool(NUMBER_RE.match(text))


def _text(tokens: list[dict]) -> str:
    return "".join(t["data"] for t in tokens if t["type"] in ("Characters", "SpaceCharacters"))


_SNAKE_JOINT = re.compile(r"(?<=[a-z0-9]_)(?=[a-z0-9])")


def _breakable(token: dict) -> list[dict]:
    """A text token with a line-break opportunity (``<wbr>``) after each underscore of a snake_case word.

    An identifier in a table may then wrap at its joints instead of widening the table past
    the page, while no ordinary word is ever broken.
    """
    if token["type"] != "Characters" or "_" not in token["data"]:
        return [token]
    pieces = _SNAKE_JOINT.split(token["data"])
    out: list[dict] = []
    for i, piece in enumerate(pieces):
        if i:
            out.append({"type": "EmptyTag", "name": "wbr", "namespace": None, "data": {}})
        out.append({"type": "Characters", "data": piece})
    return out


def _with_class(token: dict, name: str) -> dict:
    attrs = dict(token.get("data") or {})
    key = (None, "class")
    attrs[key] = f"{attrs[key]} {name}" if attrs.get(key) else name
    return {**token, "data": attrs}


def _rows(tokens: list[dict]) -> tuple[list, list[list[list[dict]]], list]:
    """Split a thead's tokens into (before the rows, rows of cells of tokens, after); cells keep their tags."""
    head, rows, tail = [], [], []
    row = cell = None
    for token in tokens:
        kind, name = token["type"], token.get("name")
        if kind == "StartTag" and name == "tr":
            row = []
        elif kind == "EndTag" and name == "tr":
            rows.append(row)
            row = None
        elif row is None:
            (tail if rows else head).append(token)
        elif kind == "StartTag" and name in CELL_TAGS:
            cell = [token]
        elif kind == "EndTag" and name in CELL_TAGS and cell is not None:
            row.append([*cell, token])
            cell = None
        elif cell is not None:
            cell.append(token)
    return head, rows, tail


def fold_header_rows(rows: list[list[list[dict]]]) -> list[list[list[dict]]]:
    """Drop header rows without text; fold a row that fills only the previous row's blank cells into it."""
    kept: list[list[list[dict]]] = []
    for row in rows:
        texts = [_text(c).strip() for c in row]
        if not any(texts):
            continue
        if kept and len(kept[-1]) == len(row):
            above = [_text(c).strip() for c in kept[-1]]
            if all(not a or not b for a, b in zip(above, texts, strict=True)):
                kept[-1] = [b if t else a for a, b, t in zip(kept[-1], row, texts, strict=True)]
                continue
        kept.append(row)
    return kept


#: Elements without an end tag (the sanitiser writes them as ``<br>``).
VOID_TAGS = frozenset({"area", "br", "col", "hr", "img", "wbr"})


class _Tokens(HTMLParser):
    """Well-formed HTML as a list of tokens: ``{"type": StartTag|EndTag|EmptyTag|Characters, "name", "data"}``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[dict] = []

    def handle_starttag(self, tag, attrs):
        kind = "EmptyTag" if tag in VOID_TAGS else "StartTag"
        self.tokens.append({"type": kind, "name": tag, "data": {(None, k): v or "" for k, v in attrs}})

    def handle_startendtag(self, tag, attrs):
        self.tokens.append({"type": "EmptyTag", "name": tag, "data": {(None, k): v or "" for k, v in attrs}})

    def handle_endtag(self, tag):
        if tag not in VOID_TAGS:
            self.tokens.append({"type": "EndTag", "name": tag})

    def handle_data(self, data):
        self.tokens.append({"type": "Characters", "data": data})


def _serialise(tokens) -> str:
    out = []
    for token in tokens:
        kind = token["type"]
        if kind == "Characters":
            out.append(html.escape(token["data"], quote=False))
        elif kind == "EndTag":
            out.append(f"</{token['name']}>")
        else:
            attrs = "".join(f' {name}="{html.escape(value)}"' for (_, name), value in (token.get("data") or {}).items())
            out.append(f"<{token['name']}{attrs}>")
    return "".join(out)


def house_tables(cleaned: str) -> str:
    """``cleaned`` (the sanitiser's well-formed output) with every table in the house style."""
    if "<t" not in cleaned:
        return cleaned
    parser = _Tokens()
    parser.feed(cleaned)
    parser.close()
    return _serialise(HouseTableFilter(parser.tokens))


class HouseTableFilter:
    """Fold pandas' double header rows and mark numeric cells (class ``num``), token by token."""

    def __init__(self, tokens) -> None:
        self.tokens = tokens

    def __iter__(self):
        thead: list[dict] | None = None
        cell: list[dict] | None = None
        for token in self.tokens:
            kind, name = token["type"], token.get("name")
            if thead is not None:
                thead.append(token)
                if kind == "EndTag" and name == "thead":
                    yield from self._thead(thead)
                    thead = None
                continue
            if kind == "StartTag" and name == "thead":
                thead = [token]
                continue
            if cell is not None:
                cell.append(token)
                if kind == "EndTag" and name in CELL_TAGS:
                    yield from self._cell(cell)
                    cell = None
                continue
            if kind == "StartTag" and name in CELL_TAGS:
                cell = [token]
                continue
            yield token
        if thead is not None:  # an unclosed thead: give it back as it came
            yield from thead
        if cell is not None:
            yield from cell

    @staticmethod
    def _cell(tokens: list[dict]) -> list[dict]:
        if is_number(_text(tokens[1:-1])):
            return [_with_class(tokens[0], "num"), *tokens[1:]]
        return [t for token in tokens for t in _breakable(token)]

    def _thead(self, tokens: list[dict]) -> list[dict]:
        head, rows, tail = _rows(tokens)
        out = list(head)
        for row in fold_header_rows(rows):
            out.append({"type": "StartTag", "name": "tr", "namespace": None, "data": {}})
            for cell in row:
                out.extend(self._cell(cell))
            out.append({"type": "EndTag", "name": "tr", "namespace": None})
        return out + tail
