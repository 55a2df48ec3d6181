"""The one escaping path from notebook output to report HTML, and the pages' Content-Security-Policy.

Text from data is only text. A notebook or analysis that writes a curated value into
Markdown passes it through :func:`scr_workbench.viz.literal.data_text`, which escapes HTML and every Markdown
(and math) marker, so ``<style>``, ``**x**`` or ``$x$`` in a quote reaches the reader as those
characters. Everything a report shows from a notebook (Markdown cells, Markdown and HTML
outputs, figure captions) then passes :func:`clean_html` (nh3, the maintained successor of
bleach), which nbconvert's own templates call when the exporter's ``sanitize_html`` is on
(:class:`scr_workbench.reporting.preprocessors.ReportExporter` puts it in place of nbconvert's
filter): any tag outside :data:`ALLOWED_TAGS` is removed (``<script>`` and ``<style>`` with their
content), event-handler and ``style`` attributes are dropped, links keep only http(s), mailto and
in-page targets. Tables are styled by the page template's CSS, never by a ``<style>`` from the
notebook. Text the templates write themselves (titles, parameters, the index) is escaped by
Jinja. :data:`CONTENT_SECURITY_POLICY` goes into every page as a ``<meta http-equiv>``: no script
runs, nothing is fetched, and :func:`seal_styles` lets only the page's own style sheets apply.
"""

from __future__ import annotations

import base64
import hashlib
import re

import nh3

from scr_workbench.reporting.table_style import house_tables

#: Tags a report may carry from a notebook: text structure, lists, tables, figures, notes.
ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "aside", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
        "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2",
        "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s",
        "samp", "section", "small", "span", "strong", "sub", "summary", "sup", "table",
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
    "table": {"border"},
}
#: URL schemes a link may have (relative and in-page links have none and are kept).
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

#: Ids the page template writes itself: an element from a notebook may not take them.
RESERVED_IDS = frozenset({"technical-notes"})

#: Stands in the policy for the hashes of the page's own style sheets until :func:`seal_styles` puts them in.
STYLE_HASHES = "scr-style-hashes"
#: No script, no remote load of any kind; only the page's own style sheets (by their SHA-256) and data: images.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; "
    f"img-src data:; style-src {STYLE_HASHES}; font-src 'none'; connect-src 'none'; frame-src 'none'"
)
#: A <style> element of a rendered page (the templates write them; notebook HTML has none left).
_STYLE_ELEMENT = re.compile(r"<style(?:\s[^>]*)?>(.*?)</style>", re.DOTALL | re.IGNORECASE)

#: Elements removed with everything inside them (a style sheet or script from a notebook is never shown).
CONTENT_REMOVED_TAGS = frozenset({"script", "style", "template", "noscript", "textarea", "title", "xmp"})


def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    """Drop an ``id`` the page template reserves for itself; keep every other allowed attribute."""
    return None if name == "id" and value in RESERVED_IDS else value


_ATTRIBUTES = {"*": set(COMMON_ATTRIBUTES), **{tag: set(names) for tag, names in TAG_ATTRIBUTES.items()}}


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string (for the printed running title): every character but letters,
    digits and spaces is written as a six-digit CSS hex escape, so nothing in it can end the string or the style."""
    body = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):06x} " for c in str(text))  # the space ends it
    return f'"{body}"'  # no <, > or & is left: safe as it is in a <style> element (Jinja: | safe)


def seal_styles(page: str) -> str:
    """``page`` with its policy allowing exactly its own <style> elements, each by its SHA-256 (CSP level 2).

    No 'unsafe-inline': a style sheet that reached the page any other way (an attribute, an
    element a browser extension or a later edit adds) is not applied. ValueError if the page
    has no policy to seal, so a page can never go out with the placeholder.
    """
    if page.count(STYLE_HASHES) != 1:
        raise ValueError(f"the page must hold one Content-Security-Policy with {STYLE_HASHES!r} to replace")
    hashes = dict.fromkeys(
        "'sha256-" + base64.b64encode(hashlib.sha256(m.group(1).encode("utf-8")).digest()).decode("ascii") + "'"
        for m in _STYLE_ELEMENT.finditer(page)
    )
    return page.replace(STYLE_HASHES, " ".join(hashes) or "'none'")


def clean_html(fragment: str | bytes) -> str:
    """``fragment`` with every tag, attribute and URL outside the allow-lists removed, then in the house table style."""
    text = fragment.decode("utf-8") if isinstance(fragment, bytes) else str(fragment)
    cleaned = nh3.clean(
        text,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(CONTENT_REMOVED_TAGS),
        attributes=_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        strip_comments=True,
        link_rel=None,
        url_schemes=set(ALLOWED_PROTOCOLS),
    )
    return house_tables(cleaned)
