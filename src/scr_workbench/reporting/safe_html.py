"""The one escaping path from notebook output to report HTML, and the pages' Content-Security-Policy.

Everything a report shows from a notebook (Markdown cells, Markdown and HTML outputs,
figure captions) passes :func:`clean_html`, which nbconvert's own templates call when
the exporter's ``sanitize_html`` is on (:class:`scr_workbench.reporting.preprocessors.ReportExporter`
turns it on and puts this function in place of nbconvert's narrower filter). Text from
data that a notebook writes into Markdown or HTML therefore reaches the page as text:
any tag outside :data:`ALLOWED_TAGS` (``<script>``, ``<img>``, ``<iframe>``, ``<svg>``…)
is shown escaped, event-handler attributes and ``style`` attributes are dropped, links
keep only http(s), mailto and in-page targets. Text the templates write themselves
(titles, parameters, the index) is escaped by Jinja. :data:`CONTENT_SECURITY_POLICY`
goes into every page as a ``<meta http-equiv>``: no script runs and nothing is fetched.

Notebook code that builds Markdown from data need not escape it for safety; it may use
``html.escape`` so that a ``<`` in a quote reads as itself rather than as a tag.
"""

from __future__ import annotations

import bleach

from scr_workbench.reporting.table_style import HouseTableFilter

#: Tags a report may carry from a notebook: text structure, lists, tables, figures, notes.
ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "aside", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
        "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2",
        "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s",
        "samp", "section", "small", "span", "strong", "style", "sub", "summary", "sup", "table",
        "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
    }
)  # fmt: skip
#: Attributes every allowed tag may keep; plus the few below per tag.
COMMON_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "role", "aria-label", "aria-describedby"})
TAG_ATTRIBUTES = {
    "a": {"href"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope"},
    "ol": {"start", "type"},
    "details": {"open"},
    "time": {"datetime"},
    "style": {"type", "scoped"},  # pandas' DataFrame HTML carries a <style scoped> block
    "table": {"border"},
}
#: URL schemes a link may have (relative and in-page links have none and are kept).
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

#: Ids the page template writes itself: an element from a notebook may not take them.
RESERVED_IDS = frozenset({"technical-notes"})

#: No script, no remote load of any kind; only the page's own inline styles and data: images.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; "
    "img-src data:; style-src 'unsafe-inline'; font-src 'none'; connect-src 'none'; frame-src 'none'"
)


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    if name == "id" and value in RESERVED_IDS:
        return False
    return name in COMMON_ATTRIBUTES or name in TAG_ATTRIBUTES.get(tag, ())


_CLEANER = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=_allowed_attribute,
    protocols=ALLOWED_PROTOCOLS,
    strip=False,  # a disallowed tag is shown as text, so nothing a source says disappears
    strip_comments=True,
    filters=[HouseTableFilter],
)


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string (for the printed running title): every character but letters,
    digits and spaces is written as a six-digit CSS hex escape, so nothing in it can end the string or the style."""
    body = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):06x} " for c in str(text))  # the space ends it
    return f'"{body}"'  # no <, > or & is left: safe as it is in a <style> element (Jinja: | safe)


def clean_html(fragment: str | bytes) -> str:
    """``fragment`` with every tag, attribute and URL outside the allow-lists made inert (shown as text)."""
    text = fragment.decode("utf-8") if isinstance(fragment, bytes) else str(fragment)
    return _CLEANER.clean(text)
