"""The board pack: built from the reader set only, incremental and atomic, and, printed by chromium from the
real reports, a pack made for paper (page count, no letter-spaced words, figures whole, a contents that is right)."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pytest

from build_support import FIXTURES, REAL_SCHEDULE, real_build, write_schedule
from scr_workbench.reporting import pdf
from scr_workbench.reporting.schedule import load_schedule

CHROMIUM = Path(pdf.CHROMIUM)
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium: make browser")

# --- reader set, incrementality, atomicity (no browser) -----------------------------------


def _fixture(tmp_path) -> tuple:
    schedule = load_schedule(
        write_schedule(
            tmp_path / "schedule.yml",
            [
                {"name": "ok", "notebook": "ok.ipynb", "set": "reader"},
                {"name": "ok-annex", "notebook": "ok.ipynb", "set": "annex"},
            ],
            notebooks_dir=FIXTURES,
        )
    )
    reports = tmp_path / "reports"
    (reports / "html").mkdir(parents=True)
    return schedule, reports


def test_only_the_reader_set_and_a_missing_report_is_named(tmp_path):
    schedule, reports = _fixture(tmp_path)
    with pytest.raises(pdf.PackError, match=r"reader report\(s\) ok have no HTML yet: run 'make reports'"):
        pdf.reader_parts(schedule, reports / "html")
    (reports / "html" / "ok.html").write_text("<title>t</title>")
    assert [p.name for p in pdf.reader_parts(schedule, reports / "html")] == ["ok"]  # the annex is left out


def test_the_pack_is_rebuilt_only_when_a_reader_report_changes_and_a_failure_keeps_the_last_pack(tmp_path, monkeypatch):
    schedule, reports = _fixture(tmp_path)
    html = reports / "html" / "ok.html"
    html.write_text("<title>one</title>")
    calls = []

    def fake_print(parts, kicker, scratch, facts):
        calls.append([p.name for p in parts])
        from pypdf import PdfWriter

        writer = PdfWriter()
        writer.add_blank_page(595, 842)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue(), {"ok": 1}

    monkeypatch.setattr(pdf, "print_pack", fake_print)
    first = pdf.build_board_pack(schedule, reports)
    assert not first.skipped and first.pages == 1 and first.path == reports / "pdf" / "board-pack.pdf"
    assert pdf.build_board_pack(schedule, reports).skipped
    (reports / "html" / "ok-annex.html").write_text("<title>annex</title>")  # not in the pack
    assert pdf.build_board_pack(schedule, reports).skipped
    html.write_text("<title>two</title>")
    good = first.path.read_bytes()

    def broken_print(*args):
        raise pdf.PackError("chromium crashed")

    monkeypatch.setattr(pdf, "print_pack", broken_print)
    with pytest.raises(pdf.PackError):
        pdf.build_board_pack(schedule, reports)
    assert first.path.read_bytes() == good  # the last good pack survives
    monkeypatch.setattr(pdf, "print_pack", fake_print)
    assert not pdf.build_board_pack(schedule, reports).skipped and len(calls) == 2


# --- the real pack, printed -------------------------------------------------------------


@pytest.fixture(scope="module")
def pack():
    reports, done = real_build()
    assert done.returncode == 0, done.stdout + done.stderr
    result = pdf.build_board_pack(load_schedule(REAL_SCHEDULE), reports, force=True)
    from pypdf import PdfReader

    return result, PdfReader(result.path)


def _image_placements(page) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(image digest, bbox in points) of every image XObject a page draws, from its content stream's cm/Do."""
    import hashlib

    from pypdf.generic import ContentStream

    xobjects = page["/Resources"].get("/XObject", {}) if "/Resources" in page else {}
    placements, stack, ctm = [], [], [1, 0, 0, 1, 0, 0]

    def mult(m, n):
        a, b, c, d, e, f = m
        A, B, C, D, E, F = n
        return [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F]

    def walk(content, resources_xobjects, ctm):
        for operands, op in content.operations:
            if op == b"q":
                stack.append(list(ctm))
            elif op == b"Q":
                ctm[:] = stack.pop() if stack else ctm
            elif op == b"cm":
                ctm[:] = mult([float(x) for x in operands], ctm)
            elif op == b"Do":
                xobject = resources_xobjects[operands[0]].get_object()
                if xobject["/Subtype"] == "/Image":
                    corners = [(ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5]) for x, y in
                               ((0, 0), (1, 0), (0, 1), (1, 1))]  # fmt: skip
                    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
                    digest = hashlib.sha256(xobject.get_data()).hexdigest()
                    placements.append((digest, (min(xs), min(ys), max(xs), max(ys))))
                elif xobject["/Subtype"] == "/Form":
                    saved = list(ctm)
                    if "/Matrix" in xobject:
                        ctm[:] = mult([float(x) for x in xobject["/Matrix"]], ctm)
                    inner = xobject.get("/Resources", {}).get("/XObject", {})
                    walk(ContentStream(xobject, xobject.pdf), inner, ctm)
                    ctm[:] = saved

    walk(ContentStream(page.get_contents(), page.pdf), xobjects, ctm)
    return placements


@needs_chromium
def test_the_pack_fits_70_pages(pack):
    result, reader = pack
    assert len(reader.pages) == result.pages <= 70, f"{result.pages} pages; reader bodies: {result.part_pages}"


@needs_chromium
def test_no_word_is_broken_letter_by_letter(pack):
    _, reader = pack
    spaced = re.compile(r"(?<![\w.])(?:[A-Za-z] ){3,}[A-Za-z](?![\w])")
    found = {i + 1: spaced.findall(p.extract_text()) for i, p in enumerate(reader.pages)}
    assert not {k: v for k, v in found.items() if v}


@needs_chromium
def test_every_figure_is_whole_on_one_page(pack):
    _, reader = pack
    pages_of: dict[str, set[int]] = {}
    for number, page in enumerate(reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        for digest, (x0, y0, x1, y1) in _image_placements(page):
            pages_of.setdefault(digest, set()).add(number)
            if x1 - x0 > 20:  # a figure, not a rule or an icon
                assert x0 >= -0.5 and y0 >= -0.5 and x1 <= width + 0.5 and y1 <= height + 0.5, (number, x0, y0, x1, y1)
    assert pages_of, "the pack has no figure"
    split = {d[:8]: sorted(p) for d, p in pages_of.items() if len(p) > 1}
    assert not split, f"figures drawn on more than one page: {split}"


@needs_chromium
def test_cover_contents_running_titles_page_numbers_and_appendix(pack):
    result, reader = pack
    texts = [p.extract_text() for p in reader.pages]
    assert "Board pack" in texts[0] and "Contents" in texts[1]
    total = len(texts)
    for number, text in enumerate(texts[2:], start=3):
        assert f"Page {number} of {total}" in text
    # each contents line's page carries that report's title as its running title
    schedule = load_schedule(REAL_SCHEDULE)
    readers = [e for e in schedule.entries if e.set == "reader"]
    outline = {
        item.title: reader.get_destination_page_number(item) + 1
        for item in reader.outline
        if not isinstance(item, list)
    }

    def squeeze(text: str) -> str:
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))  # NFKC: the "fi" ligature is "fi"

    for entry in readers:
        page = outline[entry.title]
        assert squeeze(entry.title) + str(page) in squeeze(texts[1]), f"contents line of {entry.title}"
        assert squeeze(entry.title) in squeeze(texts[page - 1]), f"page {page} is not {entry.title}"
    appendix = outline["Appendix: technical notes"]
    assert all("Technical notes" in t for t in texts[appendix - 1 :])
    # the coder agreement (cells tagged 'appendix') is printed in the appendix, not in the body
    assert not any("Cohen" in t for t in texts[: appendix - 1])
    assert any("Cohen" in t for t in texts[appendix - 1 :])
    # a dated cover and a running footer from dataset.yml: board, period, build date, commit, contact
    from scr_workbench.data.dataset import default_dataset

    dataset = default_dataset()
    for fact in (dataset.board, dataset.period, dataset.contact, "Built", "Version"):
        assert fact in texts[0], fact
    for number, text in enumerate(texts[2:], start=3):
        assert squeeze(dataset.contact) in squeeze(text) and "version" in text, f"page {number} has no footer"
    assert not any("Technical notes" in t and "SHA-256" in t for t in texts[: appendix - 1])


@needs_chromium
def test_each_reader_body_fits_six_a4_pages_themes_twelve():
    """Each reader report printed by chromium as the browser prints it, technical notes hidden."""
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader

    reports, done = real_build()
    assert done.returncode == 0, done.stdout + done.stderr
    readers = [e.name for e in load_schedule(REAL_SCHEDULE).entries if e.set == "reader"]
    pages = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(bypass_csp=True)  # its own print rule, as the pack adds it
        for name in readers:
            page.goto((reports / "html" / f"{name}.html").as_uri())
            page.add_style_tag(content="#technical-notes { display: none !important; }")
            pages[name] = len(PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True))).pages)
        browser.close()
    over = {n: f"{k} pages" for n, k in pages.items() if k > (12 if n.startswith("themes") else 6)}
    assert not over, f"reader bodies over the limit: {over}"


def test_the_pack_and_the_reports_mark_the_verdict_rules_alike():
    from scr_workbench.analyses import reader_text

    assert pdf.VERDICT_RULES_CLASS == reader_text.VERDICT_RULES_CLASS


@needs_chromium
def test_the_verdict_rules_are_printed_once(pack):
    from scr_workbench.analyses.reader_text import verdict_rules_in_words

    _, reader = pack
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))
    first_rule = re.sub(r"\s+", "", verdict_rules_in_words()[0])
    assert text.count(first_rule) == 1


def test_cover_and_footer_facts_come_from_the_dataset_the_commit_and_the_build_date():
    import dataclasses

    from scr_workbench.data.dataset import default_dataset

    dataset = default_dataset()
    git = {"commit": "0123456789abcdef0123", "dirty": False}
    facts = pdf.pack_facts(dataset, git, epoch=1_700_000_000)  # 2023-11-14 22:13 UTC
    assert (facts.board, facts.period, facts.contact) == (dataset.board, dataset.period, dataset.contact)
    assert facts.built == "14 November 2023" and facts.version == "0123456789ab"
    assert dataset.contact and dataset.board in facts.footer and "0123456789ab" in facts.footer
    assert pdf.pack_facts(dataset, {**git, "dirty": True}, 0).version.endswith("with uncommitted changes")
    with pytest.raises(pdf.PackError, match=r"dataset.yml: no 'pack: contact'"):
        pdf.pack_facts(dataclasses.replace(dataset, contact=""), git, 0)
