"""The board pack: the reader set's reports printed by Debian's chromium into one A4 PDF.

``python -m scr_workbench pdf`` (``make pdf``) prints each reader report's body (its
technical notes hidden) and, for the appendix, each report's technical notes alone,
with Playwright's ``page.pdf`` on ``/usr/bin/chromium`` (nothing is downloaded). A cover
with the contents comes first. pypdf joins the parts, adds bookmarks, and lays a
printed frame over every page after the cover: the running title of the part and
"Page n of N", from CSS page margin boxes on a page of its own per part (so the
numbering runs through the whole pack). The pack is rebuilt only when a reader
report's HTML or this code changed, and written whole or not at all.
"""

from __future__ import annotations

import io
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scr_workbench.atomic import atomic_write
from scr_workbench.reporting.files import sha256_bytes, sha256_file
from scr_workbench.reporting.provenance import TEMPLATES_DIR

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
PACK_NAME = "board-pack.pdf"
#: What the pack's build remembers (its inputs' hash) between runs.
STATE_NAME = "board-pack.json"
PACK_TEMPLATES = TEMPLATES_DIR / "pack"

#: A cell tagged ``appendix`` (nbconvert writes the class ``celltag_appendix``) belongs to the body on screen
#: and to the appendix on paper: material a board member needs not read, such as how far two coders agree.
APPENDIX_CELL = ".jp-Cell.celltag_appendix"

#: Added to a report for the pack: its body only, no per-report page frame (the pack draws its own).
BODY_ONLY_CSS = f"""
details.scr-technical-notes, .scr-skip, .scr-crumbs, .scr-footer, {APPENDIX_CELL} {{ display: none !important; }}
@page {{ @top-left {{ content: none; }} @bottom-right {{ content: none; }} }}
"""
#: Added to a report for the appendix: its title, the body's appendix cells and its technical notes only.
NOTES_ONLY_CSS = f"""
main > :not({APPENDIX_CELL}), nav.scr-toc, .scr-skip, .scr-crumbs, .scr-footer, .scr-kicker {{
  display: none !important;
}}
details.scr-technical-notes {{ break-before: auto !important; margin-top: 0; }}
details.scr-technical-notes > summary {{ display: none; }}
.scr-provenance > .scr-parameters {{ display: none !important; }} /* the report's own notes list its settings */
.scr-header h1 {{ font-size: 1.3rem; }}
.scr-header h1::before {{ content: "Technical notes: "; }}
@page {{ @top-left {{ content: none; }} @bottom-right {{ content: none; }} }}
"""

#: For every part of the appendix but the last: the data files and software, the same for every
#: report of one build, are listed once, under the last report.
SHARED_ONCE_CSS = """
.scr-shared-provenance { display: none !important; }
.scr-provenance::after {
  content: "Data files (SHA-256) and software versions: as listed under the last report of this appendix.";
}
"""

#: The class of the verdict rules' block (the same in every report's technical notes: the
#: words of :mod:`scr_workbench.comparisons.verdicts`), printed in full in the first part that has it.
VERDICT_RULES_CLASS = "verdict-rules"


def rules_once_css() -> str:
    """For the appendix parts after the first with verdict rules: the rules' heading and a pointer only.

    The pointer names no title: a long generated string here made chromium start the part on a blank page.
    """
    from scr_workbench.reporting.safe_html import css_string

    pointer = "The same rules as in the first report's notes above."
    return (
        f".{VERDICT_RULES_CLASS} > :not(h3) {{ display: none !important; }}\n"
        f".{VERDICT_RULES_CLASS}::after {{ content: {css_string(pointer)}; }}\n"
    )


class PackError(RuntimeError):
    """The board pack cannot be built (a reader report not built yet, no chromium); the message says what to do."""


@dataclass(frozen=True)
class Part:
    """One report in the pack: its name, title and HTML file."""

    name: str
    title: str
    html: Path


@dataclass
class PackResult:
    path: Path
    pages: int
    skipped: bool
    seconds: float
    part_pages: dict[str, int]


def reader_parts(schedule, html_dir: Path) -> list[Part]:
    """The schedule's reader set as pack parts; a report without HTML is a :class:`PackError` naming it.

    A part's title is the schedule's (or, without one, the entry's name until the page is printed).
    """
    parts, missing = [], []
    for entry in schedule.entries:
        if entry.set != "reader":
            continue
        html = Path(html_dir) / f"{entry.name}.html"
        if not html.is_file():
            missing.append(entry.name)
            continue
        parts.append(Part(entry.name, entry.title or entry.name, html))
    if missing:
        raise PackError(
            f"the reader report(s) {', '.join(missing)} have no HTML yet: run 'make reports' "
            "(python -m scr_workbench build) first"
        )
    if not parts:
        raise PackError("the schedule has no report in the reader set (set: reader)")
    return parts


def pack_fingerprint(parts: list[Part]) -> str:
    """A hash of what the pack is made from: each part's HTML, its title, and this module and its templates."""
    code = [Path(__file__), *sorted(PACK_TEMPLATES.glob("*")), TEMPLATES_DIR / "scr_report" / "report.css"]
    facts = {
        "parts": [[p.name, p.title, sha256_file(p.html)] for p in parts],
        "code": [sha256_file(p) for p in code],
    }
    return sha256_bytes(json.dumps(facts, sort_keys=True).encode())


@dataclass(frozen=True)
class PackFacts:
    """What the cover and the running footer say: all from data/dataset.yml but the date and version."""

    board: str
    period: str
    built: str
    version: str
    contact: str

    @property
    def footer(self) -> str:
        return f"{self.board} · reviews {self.period}\nBuilt {self.built} · version {self.version} · {self.contact}"


def pack_facts(dataset=None, git: dict | None = None, epoch: float | None = None) -> PackFacts:
    """The pack's board, period and contact (dataset.yml), build date (``SOURCE_DATE_EPOCH`` or today) and commit."""
    from datetime import UTC, datetime

    from scr_workbench.data.dataset import default_dataset
    from scr_workbench.reporting.provenance import git_state, source_date_epoch

    dataset = dataset or default_dataset()
    if not dataset.contact:
        raise PackError(
            f"{dataset.root / 'dataset.yml'}: no 'pack: contact' (whom the board pack's reader contacts); add it"
        )
    git = git if git is not None else git_state()
    epoch = epoch if epoch is not None else source_date_epoch()
    when = datetime.fromtimestamp(epoch, tz=UTC) if epoch is not None else datetime.now(tz=UTC)
    commit = str(git.get("commit") or "unknown")
    version = commit[:12] + (" with uncommitted changes" if git.get("dirty") else "")
    return PackFacts(dataset.board, dataset.period, f"{when.day} {when:%B %Y}", version, dataset.contact)


def _render(template: str, **context: Any) -> str:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(PACK_TEMPLATES), str(TEMPLATES_DIR / "scr_report")]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    from scr_workbench.reporting.safe_html import CONTENT_SECURITY_POLICY, css_string, seal_styles

    env.filters["css_string"] = css_string
    return seal_styles(env.get_template(template).render(csp=CONTENT_SECURITY_POLICY, **context))


def _print(page, url: str, extra_css: str | None = None) -> bytes:
    page.goto(url, wait_until="load")
    if extra_css:
        page.add_style_tag(content=extra_css)
    page.emulate_media(media="print")
    return page.pdf(format="A4", print_background=True, prefer_css_page_size=True)


def _print_html(page, html: str, scratch: Path, name: str) -> bytes:
    path = scratch / name
    path.write_text(html, encoding="utf-8")
    return _print(page, path.as_uri())


def _pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def print_pack(parts: list[Part], kicker: str, scratch: Path, facts: PackFacts) -> tuple[bytes, dict[str, int]]:
    """Print the parts with chromium and join them into the pack's bytes; also each part's body pages."""
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader, PdfWriter

    if not Path(CHROMIUM).exists():
        raise PackError(f"{CHROMIUM} is missing: install Debian's chromium ('make browser')")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            # the pack adds its own print rules to each page (add_style_tag), which the pages' policy
            # (their own style sheets only) would refuse; nothing else can load: offline, routes below
            context = browser.new_context(offline=True, bypass_csp=True)
            page = context.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
            bodies = []
            for i, part in enumerate(parts):
                bodies.append(_print(page, part.html.as_uri(), BODY_ONLY_CSS))
                parts[i] = Part(part.name, page.title() or part.title, part.html)  # the title the page shows
            with_rules = [p for p in parts if f'class="{VERDICT_RULES_CLASS}"' in p.html.read_text(encoding="utf-8")]
            notes = []
            for part in parts:
                css = NOTES_ONLY_CSS + ("" if part is parts[-1] else SHARED_ONCE_CSS)
                if with_rules and part is not with_rules[0]:
                    css += rules_once_css()
                notes.append(_print(page, part.html.as_uri(), css))
            body_pages = [_pages(b) for b in bodies]
            # cover and contents take two pages; the appendix follows the bodies
            starts, at = [], 3
            for n in body_pages:
                starts.append(at)
                at += n
            appendix_start = at
            contents = [{"title": p.title, "page": s} for p, s in zip(parts, starts, strict=True)]
            cover = _print_html(
                page,
                _render("cover.html.j2", kicker=kicker, contents=contents, appendix=appendix_start, facts=facts),
                scratch,
                "cover.html",
            )
            sections = [("cover", 2, None)] + [(p.name, n, p.title) for p, n in zip(parts, body_pages, strict=True)]
            sections += [
                (f"notes-{p.name}", _pages(n), f"Technical notes: {p.title}") for p, n in zip(parts, notes, strict=True)
            ]
            framing = _render("frame.html.j2", kicker=kicker, sections=sections, footer=facts.footer)
            frame = _print_html(page, framing, scratch, "frame.html")
            context.close()
        finally:
            browser.close()

    writer = PdfWriter()
    for pdf in [cover, *bodies, *notes]:
        writer.append(PdfReader(io.BytesIO(pdf)))
    frame_pages = PdfReader(io.BytesIO(frame)).pages
    if len(frame_pages) != len(writer.pages):
        raise PackError(f"the page frame has {len(frame_pages)} pages for {len(writer.pages)} pages of content")
    for content, overlay in zip(writer.pages[2:], frame_pages[2:], strict=True):
        content.merge_page(overlay)
    for part, start in zip(parts, starts, strict=True):
        writer.add_outline_item(title=part.title, page_number=start - 1)
    appendix = writer.add_outline_item(title="Appendix: technical notes", page_number=appendix_start - 1)
    at = appendix_start
    for part, pdf in zip(parts, notes, strict=True):
        writer.add_outline_item(title=part.title, page_number=at - 1, parent=appendix)
        at += _pages(pdf)
    writer.add_metadata({"/Title": f"Board pack: {kicker}", "/Producer": "scr_workbench pdf"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), {p.name: n for p, n in zip(parts, body_pages, strict=True)}


def build_board_pack(schedule, reports_dir: Path, *, force: bool = False) -> PackResult:
    """Write ``<reports_dir>/pdf/board-pack.pdf`` from the reader set, unless its inputs are unchanged."""
    import tempfile

    from scr_workbench.reporting.render import kicker

    start = time.perf_counter()
    reports_dir = Path(reports_dir)
    out = reports_dir / "pdf" / PACK_NAME
    state_path = reports_dir / ".build" / STATE_NAME
    parts = reader_parts(schedule, reports_dir / "html")
    fingerprint = pack_fingerprint(parts)
    try:
        state = json.loads(state_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state = {}
    if (
        not force
        and out.is_file()
        and state.get("fingerprint") == fingerprint
        and state.get("sha256") == sha256_file(out)
    ):
        return PackResult(out, state.get("pages", 0), True, time.perf_counter() - start, state.get("part_pages", {}))
    with tempfile.TemporaryDirectory(prefix="scr-pack-") as scratch:
        data, part_pages = print_pack(parts, kicker(), Path(scratch), pack_facts())
    pages = _pages(data)
    atomic_write(out, data)
    record = {"fingerprint": fingerprint, "sha256": sha256_bytes(data), "pages": pages, "part_pages": part_pages}
    atomic_write(state_path, json.dumps(record, indent=1, sort_keys=True).encode())
    return PackResult(out, pages, False, time.perf_counter() - start, part_pages)


def pack_seconds(schedule, reports_dir: Path) -> float:
    """Seconds to build the board pack from scratch (for ``make bench``: the lead's bench calls this)."""
    return build_board_pack(schedule, reports_dir, force=True).seconds


def pdf_command(argv: list[str]) -> int:
    """``python -m scr_workbench pdf [--schedule S] [--reports-dir D] [--force]``: exit 0 done, 2 error."""
    import argparse
    import sys

    from scr_workbench import paths
    from scr_workbench.reporting.schedule import ScheduleError, load_schedule

    parser = argparse.ArgumentParser(prog="python -m scr_workbench pdf", description=__doc__.splitlines()[0])
    parser.add_argument("--schedule", type=Path, default=paths.REPORTS_DIR / "schedule.yml")
    parser.add_argument("--reports-dir", type=Path, default=paths.REPORTS_DIR)
    parser.add_argument("--force", action="store_true", help="rebuild even when nothing changed")
    args = parser.parse_args(argv)
    try:
        result = build_board_pack(load_schedule(args.schedule), args.reports_dir, force=args.force)
    except ScheduleError as err:
        print(f"error: {err.format()}", file=sys.stderr)
        return 2
    except PackError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    what = "up to date" if result.skipped else f"built in {result.seconds:.1f} s"
    print(f"board pack {what}: {result.pages} A4 pages -> {result.path}")
    return 0
