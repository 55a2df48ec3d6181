"""The reader's sentences, rendered from a report's facts by its Jinja template (``analyses/words/<report>.j2``).

Statistics decide, templates say: an analysis computes one dictionary of facts (numbers, names,
verdict ids), and every sentence a reader sees — main points, chart titles, captions, alt text,
"What this means" — is a named block of that report's template. A writer edits the words
without touching a computation, and the numbers in a sentence are the facts the tables show.

Templates render with ``StrictUndefined`` (a fact the words need and the analysis did not give
is an error naming report and block) and autoescaping (a name read from data cannot become
markup); :func:`sentences` hands back plain text, which the page escapes again where it is shown.
Inside a block, a blank line ends a sentence, so long sentences wrap freely in the template.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from scr_workbench.data.words import in_words

#: The folder of the reports' templates (package data, see pyproject.toml).
WORDS_DIR = Path(__file__).resolve().parent / "words"
#: The project's list of statistical terms that must not reach reader text (one pattern per line).
JARGON_FILE = WORDS_DIR / "jargon.txt"


class WordingError(ValueError):
    """A template could not say its block: the report, the block and what was missing."""


def percent(value, decimals: int | None = None) -> str:
    """A percentage (0–100) as tables print it: one decimal, or none for a whole number (``decimals`` forces)."""
    value = float(value)
    if decimals is not None:
        return f"{value:.{decimals}f}%"
    return f"{value:.0f}%" if abs(value - round(value)) < 0.05 else f"{value:.1f}%"


def share(k, n) -> str:
    """``k`` of ``n`` as a percentage, rounded as :func:`percent` rounds."""
    return percent(100 * int(k) / int(n))


def tenths(low, high) -> str:
    """An interval (percentages) in everyday words, widened to whole tenths: "between 1 and 6 in 10",
    "up to 3 in 10" (from 0), "7 in 10 or more" (to 100%)."""
    a, b = math.floor(float(low) / 10 + 1e-9), math.ceil(float(high) / 10 - 1e-9)
    b = max(b, a + 1)
    if a <= 0 and b >= 10:
        return "anything from none to all"
    if a <= 0:
        return f"up to {b} in 10"
    if b >= 10:
        return f"{a} in 10 or more"
    return f"between {a} and {b} in 10"


def plural(n, one: str, many: str | None = None) -> str:
    """``one`` for 1, else ``many`` (default ``one`` + "s"); no number."""
    return one if int(n) == 1 else (many if many is not None else one + "s")


def count(n, one: str, many: str | None = None) -> str:
    """A count with its noun: "1 review", "6 reviews"."""
    return f"{int(n)} {plural(n, one, many)}"


def join_and(items: Iterable) -> str:
    """Items as a phrase: "a", "a and b", "a, b and c"."""
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def lower_first(text) -> str:
    """``text`` with a lower-case first letter, unless it opens with an abbreviation ("SCR")."""
    text = str(text)
    return text if len(text) > 1 and text[:2].isupper() else text[:1].lower() + text[1:]


def upper_first(text) -> str:
    """``text`` with an upper-case first letter."""
    text = str(text)
    return text[:1].upper() + text[1:]


FILTERS = {
    "percent": percent,
    "share": share,
    "tenths": tenths,
    "plural": plural,
    "count": count,
    "join_and": join_and,
    "in_words": in_words,
    "lower_first": lower_first,
    "upper_first": upper_first,
}


@cache
def environment() -> jinja2.Environment:
    """The one Jinja environment of the reader's words: strict, autoescaped, the filters above."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(WORDS_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    return env


def blocks(report: str) -> list[str]:
    """The names of the blocks ``report``'s template defines."""
    return list(_template(report).blocks)


def _template(report: str) -> jinja2.Template:
    try:
        return environment().get_template(f"{report}.j2")
    except jinja2.TemplateNotFound:
        raise WordingError(f"no words for report {report!r}: expected {WORDS_DIR.name}/{report}.j2") from None


def render(report: str, block: str, facts: Mapping) -> Markup:
    """Block ``block`` of ``report``'s template over ``facts``, as escaped markup."""
    template = _template(report)
    if block not in template.blocks:
        raise WordingError(f"{report}.j2 has no block {block!r}; it has {sorted(template.blocks)}")
    try:
        return Markup("".join(template.blocks[block](template.new_context(dict(facts)))))
    except jinja2.UndefinedError as err:
        raise WordingError(f"{report}.j2, block {block!r}: {err.message}") from None


def sentences(report: str, block: str, facts: Mapping) -> list[str]:
    """The block's sentences as plain text: one per paragraph (blank-line separated), spaces collapsed,
    the first letter capitalised and a full stop added where none ends it."""
    text = render(report, block, facts).unescape()
    out = []
    for paragraph in re.split(r"\n\s*\n", text):
        s = " ".join(paragraph.split())
        if s:
            s = upper_first(s)
            out.append(s if s.endswith((".", "?", "!", ":")) else s + ".")
    return out


def sentence(report: str, block: str, facts: Mapping) -> str:
    """The block's one sentence (a chart title, a caption, an alt text): several are joined by spaces."""
    said = sentences(report, block, facts)
    if not said:
        raise WordingError(f"{report}.j2, block {block!r} says nothing for these facts")
    return " ".join(said)


def title(report: str, block: str, facts: Mapping) -> str:
    """The block as a chart title: one line, capitalised, without the full stop a sentence ends with."""
    return sentence(report, block, facts).removesuffix(".")


@cache
def jargon_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    """The jargon list: each non-comment line of ``jargon.txt`` is a term (a regular expression), matched as
    whole words in any case."""
    terms = []
    for line in JARGON_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            terms.append((line, re.compile(rf"(?<![\w-]){line}(?![\w-])", re.IGNORECASE)))
    return tuple(terms)


def jargon_in(text: str) -> list[str]:
    """The statistical terms of the jargon list that ``text`` uses (empty when it speaks plainly)."""
    return [term for term, pattern in jargon_patterns() if pattern.search(text)]
