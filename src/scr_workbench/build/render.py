"""Turn an executed notebook into reviewer HTML, and write the index page.

The notebook is first prepared for reviewers (:func:`prepare`): the parameters
cells are dropped (the page shows its own parameters table), figures are
numbered and checked for alt text, warnings printed on stderr are left out.
Then nbconvert's HTML exporter renders it with the ``scr_report`` template
(code hidden, nothing fetched from any host), and :func:`add_toc` adds the
table of contents. nbconvert is imported only when something is rendered.
"""

from __future__ import annotations

import copy
import html
import re
from html.parser import HTMLParser
from typing import Any

from scr_workbench.build.files import atomic_write, relative
from scr_workbench.build.provenance import TEMPLATES_DIR

KICKER = "Derby child-safeguarding reviews workbench"
LANGUAGE = "en-GB"  # nbconvert accepts only ISO 639-1 ("en"); the region is set afterwards
FIGURE_MIMES = ("image/png", "image/jpeg", "image/svg+xml")
DROPPED_TAGS = {"parameters", "injected-parameters", "remove-cell"}
TOC_PLACEHOLDER = "<!-- scr:toc -->"


def _source(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _alt_of(output: Any, mime: str) -> str | None:
    meta = output.get("metadata") or {}
    alt = (meta.get(mime) or {}).get("alt") if isinstance(meta.get(mime), dict) else None
    alt = alt if alt is not None else meta.get("alt")
    return alt.strip() if isinstance(alt, str) and alt.strip() else None


def prepare(nb: Any, title: str) -> tuple[Any, list[str], dict[str, int]]:
    """A copy of the executed notebook fit for reviewers, the problems found, and counts.

    Problems (each makes the build of this entry fail): a figure without alt
    text. Counts: figures, stderr outputs left out.
    """
    nb = copy.deepcopy(nb)
    problems: list[str] = []
    counts = {"figures": 0, "stderr_outputs": 0}
    kept = []
    for index, cell in enumerate(nb.cells):
        tags = set(cell.get("metadata", {}).get("tags") or [])
        if tags & DROPPED_TAGS:
            continue
        if cell.get("cell_type") == "code":
            if "remove-output" in tags:
                cell["outputs"] = []
            outputs = []
            for output in cell.get("outputs", []):
                if output.get("output_type") == "stream" and output.get("name") == "stderr":
                    counts["stderr_outputs"] += 1
                    continue
                data = output.get("data") or {}
                mime = next((m for m in FIGURE_MIMES if m in data), None)
                if mime:
                    alt = _alt_of(output, mime)
                    if alt is None:
                        problems.append(
                            f"cell {index} (execution count {cell.get('execution_count')}) shows a figure without "
                            "alt text: use scr_workbench.viz.display.show_figure(fig, alt_text, caption)")
                    if (output.get("metadata") or {}).get(mime, {}).get("caption") or (output.get("metadata") or {}).get("caption"):
                        counts["figures"] += 1
                        output.setdefault("metadata", {}).setdefault(mime, {})["scr_figure_number"] = counts["figures"]
                outputs.append(output)
            cell["outputs"] = outputs
        kept.append(cell)
    nb.cells = kept
    _drop_title_heading(nb, title)
    seen: set[str] = set()
    for index, cell in enumerate(nb.cells):
        cell_id = cell.get("id")
        if not cell_id or cell_id in seen:
            cell["id"] = f"cell-{index}"
        seen.add(cell["id"])
    nb.metadata["title"] = title
    return nb, problems, counts


def _drop_title_heading(nb: Any, title: str) -> None:
    """Remove the notebook's own "# Title" line when it repeats the page's title."""
    for cell in nb.cells:
        if cell.get("cell_type") != "markdown":
            continue
        lines = _source(cell).splitlines()
        for i, line in enumerate(lines):
            if not line.strip():
                continue
            match = re.match(r"^#\s+(.+?)\s*#*\s*$", line.strip())
            if match and match.group(1).strip() == title.strip():
                rest = "\n".join(lines[:i] + lines[i + 1:]).strip("\n")
                cell["source"] = rest
            break
        return


_EXPORTER = None


def exporter():
    """The HTML exporter (created once per process: its template compiles once)."""
    global _EXPORTER
    if _EXPORTER is None:
        from nbconvert import HTMLExporter

        _EXPORTER = HTMLExporter(
            template_name="scr_report",
            extra_template_basedirs=[str(TEMPLATES_DIR)],
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            exclude_anchor_links=True,
            language_code=LANGUAGE.split("-")[0],
            theme="light",
        )
    return _EXPORTER


def render_report(nb: Any, context: dict[str, Any]) -> str:
    """Reviewer HTML for a prepared notebook; ``context`` becomes ``resources.scr`` in the template."""
    context = {"kicker": KICKER, **context}
    body, _ = exporter().from_notebook_node(nb, resources={"scr": context})
    body = body.replace(f'<html lang="{LANGUAGE.split("-")[0]}">', f'<html lang="{LANGUAGE}">', 1)
    # nbconvert makes every Markdown block a tab stop; keyboard users only need the
    # outputs (which may scroll sideways) and the links.
    body = body.replace('<div class="jp-Cell-inputWrapper" tabindex="0">', '<div class="jp-Cell-inputWrapper">')
    return add_toc(body)


class _Headings(HTMLParser):
    """Collect h1-h3 headings (id and text) inside <main>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_main = False
        self.current: dict[str, Any] | None = None
        self.found: list[dict[str, Any]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main = True
        elif self.in_main and re.fullmatch(r"h[1-3]", tag):
            self.current = {"level": int(tag[1]), "id": dict(attrs).get("id"), "text": ""}

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        elif self.current is not None and tag == f"h{self.current['level']}":
            self.current["text"] = " ".join(self.current["text"].split())
            if self.current["id"] and self.current["text"]:
                self.found.append(self.current)
            self.current = None

    def handle_data(self, data):
        if self.current is not None:
            self.current["text"] += data


def _add_heading_ids(body: str) -> str:
    """Give every h1-h3 inside <main> a unique id (nbconvert adds none without anchor links)."""
    start, end = body.find("<main"), body.rfind("</main>")
    if start < 0 or end < 0:
        return body
    used = set(re.findall(r'\sid="([^"]+)"', body))

    def fix(match: re.Match) -> str:
        tag, attrs, inner = match.group(1), match.group(2) or "", match.group(3)
        if re.search(r"\sid=", attrs):
            return match.group(0)
        text = html.unescape(re.sub(r"<[^>]+>", "", inner))
        base = re.sub(r"[^\w]+", "-", text.lower()).strip("-_") or "section"
        ident, n = base, 1
        while ident in used:
            n += 1
            ident = f"{base}-{n}"
        used.add(ident)
        return f'<{tag}{attrs} id="{ident}">{inner}</{tag}>'

    segment = re.sub(r"<(h[1-3])(\s[^>]*)?>(.*?)</\1>", fix, body[start:end], flags=re.S)
    return body[:start] + segment + body[end:]


def add_toc(body: str) -> str:
    """Replace the template's placeholder with a nested list of the report's headings."""
    body = _add_heading_ids(body)
    parser = _Headings()
    parser.feed(body)
    headings = parser.found
    if len(headings) < 2:
        return body.replace(TOC_PLACEHOLDER, "")
    top = min(h["level"] for h in headings)
    parts = ['<nav class="scr-toc" aria-labelledby="scr-toc-title">', '<h2 id="scr-toc-title">Contents</h2>', "<ol>"]
    depth, li_open = top, False
    for h in headings:
        level = max(h["level"], top)
        if level > depth:
            while depth < level:
                if not li_open:
                    parts.append("<li>")
                parts.append("<ol>")
                depth, li_open = depth + 1, False
        else:
            while depth > level:
                parts.append("</li></ol>" if li_open else "</ol>")
                depth, li_open = depth - 1, True
            if li_open:
                parts.append("</li>")
        parts.append(f'<li><a href="#{html.escape(h["id"], quote=True)}">{html.escape(h["text"])}</a>')
        li_open = True
    while depth > top:
        parts.append("</li></ol>" if li_open else "</ol>")
        depth, li_open = depth - 1, True
    parts.append("</li></ol>" if li_open else "</ol>")
    parts.append("</nav>")
    return body.replace(TOC_PLACEHOLDER, "\n".join(parts), 1)


# --- the index page -------------------------------------------------------------------

def render_index(rows: list[dict[str, Any]], context: dict[str, Any]) -> str:
    """index.html: every scheduled report with its title, parameters, status and build time."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(TEMPLATES_DIR / "site"), str(TEMPLATES_DIR / "scr_report")]),
        autoescape=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    return env.get_template("index.html.j2").render(rows=rows, kicker=KICKER, language=LANGUAGE, **context)


def index_rows(plans: list, layout) -> list[dict[str, Any]]:
    """One row per scheduled entry (:class:`scr_workbench.build.planning.Plan`) for index.html."""
    from scr_workbench.build.provenance import format_time

    rows = []
    for p in plans:
        good = p.state.get("last_good") or {}
        attempt = p.state.get("last_attempt") or {}
        html_path = layout.html_dir / f"{p.entry.name}.html"
        current = good.get("fingerprint") == p.fingerprint
        error = None
        if attempt.get("status") == "failed" and attempt.get("fingerprint") == p.fingerprint and not current:
            status, css = "Failed", "failed"
            error = (attempt.get("error") or "").splitlines()[0] if attempt.get("error") else None
            if good:
                error = f"{error}. The link shows the last good build."
        elif current:
            status, css = "Up to date", "ok"
        elif good:
            status, css = "Out of date (its inputs changed since it was built)", "stale"
        else:
            status, css = "Not built yet", "stale"
        rows.append({
            "name": p.entry.name, "title": p.title, "notebook": relative(p.entry.notebook),
            "href": f"{p.entry.name}.html" if good and html_path.is_file() else None,
            "parameters": [r for r in p.parameter_rows if r["source"] == "schedule"],
            "status": status, "status_class": css, "error": error,
            "built_at": format_time(good.get("built_at")) if good else "never",
        })
    return rows


def write_index(plans: list, layout) -> bool:
    """(Re)write index.html when its content changed; True when written."""
    from scr_workbench.build.provenance import source_date_epoch

    note = ("Build times are SOURCE_DATE_EPOCH." if source_date_epoch() is not None
            else "“Last built” is when the report's HTML was last written.")
    html = render_index(index_rows(plans, layout), {"time_note": note})
    path = layout.html_dir / "index.html"
    data = html.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    atomic_write(path, data)
    return True
