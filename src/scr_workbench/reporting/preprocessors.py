"""nbconvert preprocessors that make an executed notebook fit for reviewers, and the exporter running them.

Each does one thing to the exporter's copy of the notebook and reports what it
found through ``resources`` (nbconvert hands the same dict to the template):

- ``scr_problems``: why this report must not be published (a figure without alt text);
- ``scr_counts``: ``figures`` (captioned, numbered) and ``stderr_outputs`` (left out);
- ``scr_headings`` / ``scr_toc``: the h1-h3 headings of the Markdown cells and
  Markdown outputs with page-unique ids, flat and nested for the table of contents;
- ``scr_layout``: the ids of the cell holding the main points (the contents follow it)
  and of the cell where the technical notes begin (the template opens them there).

The page title comes in as ``resources["scr"]["title"]``. Cells tagged to be left
out are dropped beforehand by nbconvert's own ``TagRemovePreprocessor``.
:class:`ReportExporter` is nbconvert's HTML exporter with a Markdown filter that
writes the heading ids :class:`HeadingsPreprocessor` gave out.
"""

from __future__ import annotations

import copy
import html
import re
from typing import Any

from jinja2 import pass_context
from mistune.toc import add_toc_hook
from nbconvert import HTMLExporter
from nbconvert.filters import DataTypeFilter
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, Set, Unicode

from scr_workbench.main_points_channel import MIME_TYPE as MAIN_POINTS_MIME
from scr_workbench.reporting.safe_html import clean_html, css_string

FIGURE_MIMES = ("image/png", "image/jpeg", "image/svg+xml")
TOC_LEVELS = (1, 3)  # h1-h3 get ids and appear in the table of contents


def _counts(resources: dict) -> dict[str, int]:
    return resources.setdefault("scr_counts", {"figures": 0, "stderr_outputs": 0})


class StderrPreprocessor(Preprocessor):
    """Leave out what cells printed on stderr (warnings), counting it: the build notes the count."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code":
            kept = [o for o in cell.outputs if not (o.output_type == "stream" and o.get("name") == "stderr")]
            _counts(resources)["stderr_outputs"] += len(cell.outputs) - len(kept)
            cell.outputs = kept
        return cell, resources


def _figure_metadata(output: Any, mime: str) -> tuple[dict, dict]:
    """The output's metadata and its part for ``mime`` (both may be empty)."""
    meta = output.get("metadata") or {}
    own = meta.get(mime)
    return meta, own if isinstance(own, dict) else {}


def figure_alt_text(output: Any, mime: str) -> str | None:
    """The figure's alt text (for ``mime`` or the whole output), or None when it has none."""
    meta, own = _figure_metadata(output, mime)
    alt = own.get("alt") if own.get("alt") is not None else meta.get("alt")
    return alt.strip() if isinstance(alt, str) and alt.strip() else None


class FigurePreprocessor(Preprocessor):
    """Number the captioned figures (``scr_figure_number``) and list every figure without alt text as a problem."""

    def preprocess_cell(self, cell, resources, index):
        problems = resources.setdefault("scr_problems", [])
        for output in cell.get("outputs", []):
            mime = next((m for m in FIGURE_MIMES if m in (output.get("data") or {})), None)
            if mime is None:
                continue
            if figure_alt_text(output, mime) is None:
                problems.append(
                    f"cell {cell.get('id', index)} (execution count {cell.get('execution_count')}) shows a figure "
                    "without alt text: use scr_workbench.viz.display.show_figure(fig, alt_text, caption)"
                )
            meta, own = _figure_metadata(output, mime)
            if own.get("caption") or meta.get("caption"):
                _counts(resources)["figures"] += 1
                output.setdefault("metadata", {}).setdefault(mime, {})["scr_figure_number"] = _counts(resources)[
                    "figures"
                ]
        return cell, resources


#: How a notebook marks where its technical notes begin (in a Markdown cell or a Markdown/HTML output).
TECHNICAL_NOTES_RE = re.compile(r"""<[a-z]+\b[^>]*\bid\s*=\s*["']technical-notes["']""")
TECHNICAL_NOTES_TAG = "technical-notes"


def cell_markup(cell) -> str:
    """What a cell shows as Markdown or HTML: its source (Markdown cell) or its Markdown and HTML outputs."""
    if cell.cell_type == "markdown":
        return cell.source
    texts = []
    for output in cell.get("outputs", []):
        data = output.get("data") or {}
        texts += [data[m] for m in ("text/markdown", "text/html") if isinstance(data.get(m), str)]
    return "\n".join(texts)


class ReaderLayoutPreprocessor(Preprocessor):
    """Find the cell with the main points and the cell where the technical notes begin (``scr_layout``).

    The template puts the contents right after the main points and wraps everything
    from the technical notes on, with the run's parameters and provenance, in one
    collapsed ``<details id="technical-notes">`` after the body. A cell starts the
    technical notes when it shows an element with ``id="technical-notes"`` or is
    tagged ``technical-notes``.
    """

    def preprocess(self, nb, resources):
        main_points = technical = None
        for cell in nb.cells:
            markup = cell_markup(cell)
            if main_points is None and any(MAIN_POINTS_MIME in (o.get("data") or {}) for o in cell.get("outputs", [])):
                main_points = cell.id
            tags = cell.get("metadata", {}).get("tags", [])
            if technical is None and (TECHNICAL_NOTES_TAG in tags or TECHNICAL_NOTES_RE.search(markup)):
                technical = cell.id
        resources["scr_layout"] = {"main_points_cell": main_points, "technical_cell": technical}
        return nb, resources


_ATX_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$")


class PageTitlePreprocessor(Preprocessor):
    """Title the notebook with the page's title and drop the notebook's own "# Title" line.

    The page's header shows the schedule's title (a question, for a reader), so the
    notebook's title line would be a second h1. Only the first non-blank line of the
    first Markdown cell is looked at: that is where a notebook states its title.
    """

    def preprocess(self, nb, resources):
        title = (resources.get("scr") or {}).get("title")
        if not isinstance(title, str):
            raise ValueError(
                f"{type(self).__name__} needs the page title as resources['scr']['title'] (a string), "
                f"got {title!r}: render.render_report passes the schedule's title there"
            )
        first = next((cell for cell in nb.cells if cell.cell_type == "markdown"), None)
        if first is not None:
            lines = first.source.splitlines()
            at = next((i for i, line in enumerate(lines) if line.strip()), None)
            match = _ATX_HEADING.match(lines[at].strip()) if at is not None else None
            if match:
                first.source = "\n".join(lines[:at] + lines[at + 1 :]).strip("\n")
        nb.metadata["title"] = title
        return nb, resources


class UniqueCellIdsPreprocessor(Preprocessor):
    """Give each cell an id no other cell has (``cell-<position>``): the page uses them as anchors.

    :class:`ReportExporter` runs it before nbconvert's own normalisation, which
    would repair a missing or repeated id with a random one (a different page on
    every build).
    """

    def preprocess(self, nb, resources):
        seen: set[str] = set()
        for index, cell in enumerate(nb.cells):
            if not cell.get("id") or cell.id in seen:
                cell.id = f"cell-{index}"
            seen.add(cell.id)
        return nb, resources


def markdown_parser(**renderer_options: Any) -> MarkdownWithMath:
    """nbconvert's Markdown parser (mistune with its math, tables, ...) and HTML renderer."""
    return MarkdownWithMath(renderer=IPythonRenderer(escape=False, **renderer_options))


def markdown_headings(source: str, attachments: dict | None = None) -> list[tuple[int, str]]:
    """(level, plain text with white space folded) of each h1-h3 heading of a Markdown text, in order."""
    parser = markdown_parser(exclude_anchor_links=True, attachments=attachments)
    add_toc_hook(
        parser, min_level=TOC_LEVELS[0], max_level=TOC_LEVELS[1], heading_id=lambda token, index: f"heading-{index}"
    )  # only the levels and texts are kept
    _, state = parser.parse(source)
    return [(level, " ".join(html.unescape(text).split())) for level, _, text in state.env["toc_items"]]


def heading_id(text: str, used: set[str]) -> str:
    """A readable id for a heading ("Who the children were" → who-the-children-were), not yet in ``used``."""
    base = re.sub(r"[^\w]+", "-", text.lower()).strip("-_") or "section"
    ident, n = base, 1
    while ident in used:
        n += 1
        ident = f"{base}-{n}"
    used.add(ident)
    return ident


def toc_tree(headings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Nest headings for a table of contents: each one under the last heading one level up.

    A skipped level (an h3 straight after an h1) gets an item without a link, as
    nested HTML lists need one.
    """
    top = min((h["level"] for h in headings), default=TOC_LEVELS[0])
    tree: list[dict[str, Any]] = []
    for h in headings:
        items = tree
        for _ in range(top, h["level"]):
            if not items:
                items.append({"id": None, "text": None, "children": []})
            items = items[-1]["children"]
        items.append({"id": h["id"], "text": h["text"], "children": []})
    return tree


class HeadingsPreprocessor(Preprocessor):
    """Give the h1-h3 headings the page renders from Markdown page-unique ids and list them for the contents.

    Markdown comes from Markdown cells and from outputs shown as Markdown
    (``display(Markdown(...))``); ``output`` is None for a cell, else the output's position.
    Create it with the exporter as ``parent``: it then picks the output's format as the exporter does.
    """

    reserved_ids = Set(Unicode(), help="ids the page template uses itself; headings get others").tag(config=True)

    def markdown_sources(self, cell):
        """(output position or None, Markdown text, attachments) of what the page renders as Markdown in ``cell``."""
        if cell.cell_type == "markdown":
            yield None, cell.source, cell.get("attachments")
        elif cell.cell_type == "code":
            shown_as = DataTypeFilter(parent=self)
            for position, output in enumerate(cell.get("outputs", [])):
                if output.get("data") and shown_as(output.data) == ["text/markdown"]:
                    yield position, output.data["text/markdown"], None

    def preprocess(self, nb, resources):
        used = set(self.reserved_ids)
        headings = []
        for cell in nb.cells:
            for output, source, attachments in self.markdown_sources(cell):
                for level, text in markdown_headings(source, attachments):
                    headings.append(
                        {
                            "cell_id": cell.id,
                            "output": output,
                            "level": level,
                            "id": heading_id(text, used),
                            "text": text,
                        }
                    )
        resources["scr_headings"] = headings
        listed = [h for h in headings if h["text"]]
        resources["scr_toc"] = toc_tree(listed) if len(listed) >= 2 else []
        return nb, resources


def _rendered_heading_ids(context) -> list[str]:
    """The ids :class:`HeadingsPreprocessor` gave the headings of the Markdown being rendered in ``context``."""
    cell = context.get("cell") or {}
    output = context.get("output")
    position = (
        None
        if cell.get("cell_type") == "markdown"
        else next((i for i, o in enumerate(cell.get("outputs", [])) if o is output), -1)
    )
    return [
        h["id"]
        for h in (context.get("resources") or {}).get("scr_headings", [])
        if h["cell_id"] == cell.get("id") and h["output"] == position
    ]


class ReportExporter(HTMLExporter):
    """nbconvert's HTML exporter; its Markdown filter gives headings the ids :class:`HeadingsPreprocessor` chose.

    Its templates sanitise every Markdown cell and Markdown or HTML output with
    ``clean_html``, which is :func:`scr_workbench.reporting.safe_html.clean_html` here.
    """

    sanitize_html = Bool(True, help="always on: notebook output may carry text from data").tag(config=True)

    def default_filters(self):
        """nbconvert's filters, with the report's own sanitiser as ``clean_html``."""
        yield from super().default_filters()
        yield ("clean_html", clean_html)
        yield ("css_string", css_string)

    def from_notebook_node(self, nb, resources=None, **kw):
        """Convert a copy of ``nb`` whose cell ids are unique (see :class:`UniqueCellIdsPreprocessor`)."""
        nb, resources = UniqueCellIdsPreprocessor().preprocess(copy.deepcopy(nb), resources)
        return super().from_notebook_node(nb, resources, **kw)

    @pass_context
    def markdown2html(self, context, source):
        """nbconvert's own ``markdown2html`` (same renderer and options) plus the cell's heading ids."""
        cell = context.get("cell") or {}
        resources = context.get("resources") or {}
        parser = markdown_parser(
            attachments=cell.get("attachments", {}),
            embed_images=self.embed_images,
            path=resources.get("metadata", {}).get("path", ""),
            anchor_link_text=self.anchor_link_text,
            exclude_anchor_links=self.exclude_anchor_links,
            **self.lexer_options,
        )
        ids = _rendered_heading_ids(context)
        if ids:
            add_toc_hook(
                parser, min_level=TOC_LEVELS[0], max_level=TOC_LEVELS[1], heading_id=lambda token, index: ids[index]
            )
        return parser.render(source)
