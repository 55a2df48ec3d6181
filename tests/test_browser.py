"""Every report opened in headless Debian chromium: no console errors, no request to any
host, every image decodes and has alt text, no serious or critical axe-core violation,
and no content wider than a laptop screen or an A4 page.

Needs /usr/bin/chromium (``make browser``); playwright drives it (its own browser
download is not used) and axe-core comes inside axe-playwright-python, so nothing is
fetched from the network.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from build_support import failing_build, fixture_build, real_build, scheduled_names

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PLACEHOLDER_ALT = "No description has been provided for this image"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium: make browser")


@pytest.fixture(scope="module")
def browser_context():
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="scr-chromium-")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1366, "height": 768},
            offline=True,
        )
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


def _fixture_page(name: str) -> Path:
    _, reports, done = fixture_build()
    assert done.returncode == 0, done.stdout + done.stderr
    return reports / "html" / name


def _failing_index() -> Path:
    reports, done = failing_build()
    assert done.returncode == 1 and "Failed" in (reports / "html" / "index.html").read_text()
    return reports / "html" / "index.html"


def _real_page(name: str) -> Path:
    reports, done = real_build()
    path = reports / "html" / name
    assert path.exists(), f"{name} was not built:\n{done.stdout}\n{done.stderr}"
    return path


PAGES = [
    pytest.param(lambda n=n: _fixture_page(n), id=f"fixture-{n}") for n in ("ok.html", "ok-leeds.html", "index.html")
]
PAGES += [pytest.param(lambda: _failing_index(), id="fixture-index-with-a-failure")]
PAGES += [pytest.param(lambda n=n: _real_page(f"{n}.html"), id=f"report-{n}") for n in scheduled_names()]
PAGES += [pytest.param(lambda: _real_page("index.html"), id="report-index")]


def open_page(context, path: Path):
    """Open ``path``; return the page and what it asked for and complained about."""
    page = context.new_page()
    seen = {"requests": [], "console_errors": [], "page_errors": []}
    page.on("request", lambda request: seen["requests"].append(request.url))
    page.on("console", lambda msg: seen["console_errors"].append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: seen["page_errors"].append(str(err)))
    # Refuse anything that is not a local file or inline data (offline is the point).
    page.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:")) else route.abort()
    )
    page.goto(path.as_uri(), wait_until="load")
    return page, seen


@pytest.mark.parametrize("make_path", PAGES)
def test_page_in_chromium(browser_context, make_path):
    from axe_playwright_python.sync_playwright import Axe

    path = make_path()
    page, seen = open_page(browser_context, path)
    try:
        assert not seen["console_errors"], seen["console_errors"]
        assert not seen["page_errors"], seen["page_errors"]
        foreign = [u for u in seen["requests"] if not u.startswith(("file:", "data:"))]
        assert not foreign, f"{path.name} requested {foreign}"
        assert page.evaluate("document.documentElement.lang") == "en-GB"
        assert page.title()

        images = page.evaluate("""() => Array.from(document.images).map(i => ({
            src: i.currentSrc.slice(0, 30), complete: i.complete, width: i.naturalWidth,
            alt: i.getAttribute('alt')}))""")
        for image in images:
            assert image["complete"] and image["width"] > 0, f"image does not decode: {image}"
            assert image["alt"] and image["alt"].strip() and image["alt"] != PLACEHOLDER_ALT, image
        if path.name != "index.html":
            assert page.locator("main").count() == 1 and page.locator("footer").count() == 1
            assert page.locator("table.scr-parameters").count() == 1

        results = Axe().run(page)
        bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
        assert not bad, "axe-core: " + "; ".join(
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}" for v in bad
        )

        # Readable on a laptop: nothing forces the page wider than the window.
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{path.name} is {overflow}px wider than a 1366px window"
        # And on a phone: the page never scrolls sideways (wide tables scroll in their own box), axe still clean.
        page.set_viewport_size({"width": 390, "height": 844})
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{path.name} is {overflow}px wider than a 390px phone"
        small = page.evaluate("""() => Array.from(document.querySelectorAll('main img')).filter(
            i => i.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length""")
        assert small == 0, f"{path.name}: {small} figure(s) wider than the phone"
        results = Axe().run(page)
        bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
        assert not bad, "axe-core at 390 px: " + "; ".join(f"{v['id']} ({v['impact']}): {v['help']}" for v in bad)
        # And printed: A4 portrait with 14 mm margins is about 688 CSS px wide.
        page.emulate_media(media="print")
        page.set_viewport_size({"width": 688, "height": 1000})
        assert page.evaluate("getComputedStyle(document.querySelector('.scr-skip')).display") == "none"
        wide = page.evaluate("""() => Array.from(document.querySelectorAll('main *'))
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .map(e => e.tagName + '.' + e.className).slice(0, 5)""")
        assert not wide, f"{path.name} is cut off when printed: {wide}"
        pdf = page.pdf(format="A4", print_background=True)
        assert pdf[:5] == b"%PDF-" and len(pdf) > 10_000
    finally:
        page.close()


def test_axe_runs_offline_from_the_package():
    """axe-playwright-python ships axe-core (axe.min.js) and injects it into the page."""
    import axe_playwright_python
    from axe_playwright_python.sync_playwright import Axe

    script = Path(axe_playwright_python.__file__).with_name("axe.min.js")
    assert script.stat().st_size > 100_000
    assert script.read_text(encoding="utf-8").startswith("/*! axe v4")
    assert Axe().axe_script == script.read_text(encoding="utf-8")  # what Axe().run injects


BAD_PAGE = (
    """<!DOCTYPE html><html><head><title>bad</title>
<script src="https://cdn.example.org/lib.js"></script></head>
<body><main><p style="color:#bbb;background:#fff">low contrast text</p>
<img src="data:image/png;base64,"""
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    '">\n'
    """<div style="width:3000px">wide</div><script>console.error("boom")</script></main></body></html>"""
)


def test_only_the_pages_own_style_sheets_apply(browser_context, tmp_path):
    from scr_workbench.reporting.safe_html import CONTENT_SECURITY_POLICY, seal_styles

    own = "<style>h1 { color: rgb(0, 128, 0); }</style>"
    policy = f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'
    page = f'<!DOCTYPE html><html lang="en-GB"><head>{policy}{own}</head>'
    sealed = seal_styles(page + "<body><h1>t</h1><p>p</p></body></html>")
    planted = sealed.replace("<p>p</p>", "<style>p { display: none; } h1 { color: rgb(255, 0, 0); }</style><p>p</p>")
    path = tmp_path / "page.html"
    path.write_text(planted, encoding="utf-8")
    tab, seen = open_page(browser_context, path)
    try:
        assert tab.evaluate("getComputedStyle(document.querySelector('h1')).color") == "rgb(0, 128, 0)"
        assert tab.evaluate("getComputedStyle(document.querySelector('p')).display") == "block"
        assert any("Content Security Policy" in e for e in seen["console_errors"])  # refused, and said so
    finally:
        tab.close()


def test_the_checks_catch_a_bad_page(browser_context, tmp_path):
    """The harness itself: a page with every fault is caught on every count."""
    from axe_playwright_python.sync_playwright import Axe

    bad = tmp_path / "bad.html"
    bad.write_text(BAD_PAGE)
    page, seen = open_page(browser_context, bad)
    try:
        assert "https://cdn.example.org/lib.js" in seen["requests"]
        assert "boom" in seen["console_errors"]
        assert page.evaluate("document.documentElement.lang") == ""
        assert page.evaluate("document.images[0].getAttribute('alt')") is None
        violations = {v["id"]: v["impact"] for v in Axe().run(page).response["violations"]}
        assert violations.get("image-alt") == "critical"
        assert violations.get("color-contrast") == "serious"
        assert violations.get("html-has-lang") == "serious"
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") > 1000
    finally:
        page.close()


# --- measured layout: phone, laptop and print ------------------------------------------------

#: What a page's layout measures at one viewport, in CSS px (one script, so every test reads the same facts).
MEASURE = """() => {
  const px = v => parseFloat(v) || 0;
  const links = [...document.querySelectorAll('.scr-crumbs a, .scr-footer nav a, .scr-toc a')]
    .filter(a => a.offsetParent !== null)
    .map(a => ({text: a.textContent.trim().slice(0, 40), height: a.getBoundingClientRect().height}));
  const tables = [...document.querySelectorAll('main table')].filter(t => t.offsetParent !== null).map(t => {
    let box = t.parentElement;
    while (box && box !== document.body && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) {
      box = box.parentElement;
    }
    const scrolls = !!box && box !== document.body && box.scrollWidth > box.clientWidth + 1;
    const boxStyle = scrolls ? getComputedStyle(box) : null;
    const firsts = [...t.rows].map(r => r.cells[0]).filter(Boolean);
    return {
      caption: (t.caption ? t.caption.textContent : t.rows[0].textContent).trim().slice(0, 50),
      scrolls,
      hidden: scrolls ? 1 - box.clientWidth / box.scrollWidth : 0,
      // the scroll shadows are backgrounds: a table-cell box (JupyterLab's) would not paint them
      cue: scrolls && boxStyle.backgroundImage.includes('gradient') && boxStyle.display === 'block',
      sticky: firsts.length > 0 && firsts.every(c => getComputedStyle(c).position === 'sticky'),
      fontPx: Math.min(...[...t.querySelectorAll('td, th')].map(c => px(getComputedStyle(c).fontSize))),
    };
  });
  const h1 = document.querySelector('h1').getBoundingClientRect();
  const point = document.querySelector('section.main-points li');
  return {links, tables, titleBottom: h1.bottom, pointBottom: point ? point.getBoundingClientRect().bottom : null,
          screen: window.innerHeight};
}"""


def _reader_names() -> list[str]:
    """The schedule's reader set (set: reader, the default), as the board pack takes it."""
    import yaml

    from build_support import REAL_SCHEDULE

    entries = (yaml.safe_load(REAL_SCHEDULE.read_text(encoding="utf-8")) or {}).get("reports") or []
    return [e["name"] for e in entries if e.get("set", "reader") == "reader"]


READER_PAGES = [pytest.param(n, id=n) for n in _reader_names()]


@pytest.mark.parametrize("name", READER_PAGES)
@pytest.mark.parametrize("width, height", [(1366, 768), (390, 844)], ids=["laptop", "phone"])
def test_reader_page_measures(browser_context, name, width, height):
    """Links a thumb can hit, no column hidden without a cue, title and first main point on the first screen."""
    page, _ = open_page(browser_context, _real_page(f"{name}.html"))
    try:
        page.set_viewport_size({"width": width, "height": height})
        m = page.evaluate(MEASURE)
        short = [link for link in m["links"] if link["height"] < 44]
        assert not short, f"{name} at {width} px: links under 44 px tall: {short[:3]}"
        uncued = [t for t in m["tables"] if t["scrolls"] and not (t["cue"] and t["sticky"])]
        assert not uncued, (
            f"{name} at {width} px: tables hiding columns without a cue or a sticky first column: {uncued}"
        )
        assert m["titleBottom"] < m["screen"]
        if m["pointBottom"] is not None:
            assert m["pointBottom"] <= m["screen"], f"{name} at {width} px: first main point ends at {m['pointBottom']}"
        small = [t for t in m["tables"] if t["fontPx"] < 12]
        assert not small, f"{name} at {width} px: table text under 12 px: {small[:2]}"
        # Printed: every table at 9 pt (12 CSS px) or more, headings kept with what follows.
        page.emulate_media(media="print")
        page.set_viewport_size({"width": 688, "height": 1000})
        printed = page.evaluate(MEASURE)
        small = [t for t in printed["tables"] if t["fontPx"] < 12]
        assert not small, f"{name} printed: table text under 9 pt: {small[:2]}"
        breaks = page.evaluate(
            "() => [...document.querySelectorAll('main h2, main h3')].map(h => getComputedStyle(h).breakAfter)"
        )
        assert set(breaks) <= {"avoid"}, f"{name} printed: a heading may be left at a page foot ({set(breaks)})"
    finally:
        page.close()
