"""The one escaping path: hostile markup from notebook output is shown as text, house markup survives."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from scr_workbench.reporting.safe_html import CONTENT_SECURITY_POLICY, clean_html, css_string, seal_styles

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)></svg>",
    '<iframe src="https://example.org"></iframe>',
    '<a href="javascript:alert(1)">click</a>',
    '<p onclick="alert(1)" style="background:url(https://example.org/x)">text</p>',
    "<object data=x></object><embed src=x>",
]


def executable(html: str) -> list[str]:
    """What in ``html`` could run or fetch: script-bearing elements, event handlers, script URLs, remote sources."""
    soup = BeautifulSoup(html, "html.parser")
    found = [t.name for t in soup.find_all(["script", "iframe", "object", "embed", "svg", "base", "link"])]
    images = soup.find_all("img")
    found += [f"img {t.get('src', '')[:20]}" for t in images if not t.get("src", "").startswith("data:image/")]
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.startswith("on") or "javascript:" in text.lower().replace(" ", ""):
                found.append(f"{tag.name}[{name}]")
    return found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_markup_is_inert_and_still_readable(payload):
    cleaned = clean_html(f"<p>A quote: {payload}</p>")
    assert executable(cleaned) == []
    assert all(not t.has_attr("style") for t in BeautifulSoup(cleaned, "html.parser").find_all(True))
    assert "A quote:" in BeautifulSoup(cleaned, "html.parser").get_text()


def test_a_script_or_style_sheet_in_notebook_markup_is_removed_with_its_content():
    """Text from data is escaped where it enters Markdown (scr_workbench.viz.literal); markup left is the notebook's."""
    cleaned = clean_html("<p>x <script>alert(1)</script><style>body{display:none}</style></p>")
    assert BeautifulSoup(cleaned, "html.parser").get_text() == "x "


def test_a_pandas_table_keeps_no_style_block_and_is_styled_by_the_page():
    import pandas as pd

    frame = pd.DataFrame({"a": [1]})
    assert "<style" in frame._repr_html_()  # what a notebook's table output carries
    soup = BeautifulSoup(clean_html(frame._repr_html_()), "html.parser")
    assert soup.find("style") is None and soup.find("table") is not None
    assert "scoped" not in str(soup) and "dataframe" in soup.table["class"]


def test_house_markup_survives():
    fragment = (
        '<section class="main-points"><h2 id="main-points">Main points</h2><ul><li>One <a href="#x">link</a>'
        '</li></ul></section><details open><summary>More</summary><table><thead><tr><th scope="col">a</th></tr>'
        "</thead><tbody><tr><td>1</td></tr></tbody></table></details>"
    )
    soup = BeautifulSoup(clean_html(fragment), "html.parser")
    assert soup.find("section", class_="main-points").find("li").get_text() == "One link"
    assert soup.find("a")["href"] == "#x" and soup.find("details").has_attr("open")
    assert soup.find("th")["scope"] == "col"


def test_a_notebook_element_cannot_take_the_pages_technical_notes_id():
    soup = BeautifulSoup(clean_html('<section id="technical-notes" class="k">s</section>'), "html.parser")
    assert soup.section.get("id") is None and soup.section["class"] == ["k"]


def test_the_policy_forbids_scripts_and_remote_loads():
    rules = {part.split()[0]: part.split()[1:] for part in CONTENT_SECURITY_POLICY.split(";")}
    assert rules["default-src"] == ["'none'"] and rules["script-src"] == ["'none'"]
    assert rules["img-src"] == ["data:"]
    assert all("http" not in " ".join(v) for v in rules.values())


def test_the_policy_allows_no_inline_style_but_the_pages_own_by_hash():
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    page = f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}"><style></style>x'
    sealed = seal_styles(page)
    # SHA-256 of the empty string, base64 (the well-known value, not computed here)
    assert "style-src 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';" in sealed
    assert seal_styles(page.replace("<style></style>", "")).count("style-src 'none';") == 1
    with pytest.raises(ValueError, match="one Content-Security-Policy"):
        seal_styles("<style>p{}</style>")  # no policy to seal: never published with the placeholder


def test_css_string_cannot_end_the_string_or_the_style():
    text = 'It\'s "quoted" </style><script>x</script> \\ end'
    quoted = css_string(text)
    inner = quoted[1:-1]
    assert quoted[0] == quoted[-1] == '"'
    assert not any(c in inner for c in "\"'<>/")
    # CSS unescaping (\HHHHHH plus one space) gives the text back
    import re

    assert re.sub(r"\\([0-9a-f]{6}) ", lambda m: chr(int(m.group(1), 16)), inner) == text


# --- hostile text in every free-text column of every curated table, through a whole build -------------

import atexit  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
from functools import cache  # noqa: E402
from pathlib import Path  # noqa: E402

from build_support import REAL_SCHEDULE, run_build  # noqa: E402
from scr_workbench import paths  # noqa: E402

MARK = "zqxpayload"
#: Script, CSS, Markdown and mathtext (``\\alert`` is no mathtext command: parsed, it fails the chart).
PLANTED = (
    f"<script>window.{MARK}=1;alert('{MARK}')</script><img src=x onerror=\"alert('{MARK}')\">"
    f"<style>body {{ display: none }} p {{ color: red }}</style> **{MARK}bold** _{MARK}em_ $\\alert{{{MARK}}}$"
)
#: What a reader must see of it, character for character, where the planted text is shown.
PLANTED_MARKDOWN = f"**{MARK}bold** _{MARK}em_ $\\alert{{{MARK}}}$"
#: Free-text columns whose value the analyses parse; a payload there is a data error, which check-data reports.
PARSED_TEXT_COLUMNS = {
    ("report_facts", "value"),  # dates and numbers
    ("census_ethnicity_report", "as_printed"),  # read as a number
    ("census_ethnicity_ons", "parent_group"),  # joins the ONS groups
    ("reviews", "age_bands"),  # a list of age-band codes
    ("change_measures", "as_stated"),  # its decimals give the smallest base
}


def free_text_columns() -> dict[str, list[str]]:
    """Per curated table: its text columns with no fixed vocabulary or pattern (not keys, ids or references)."""
    from scr_workbench.data import schemas

    found = {}
    for name, spec in schemas.TABLES.items():
        columns = []
        for column, col in spec.schema.columns.items():
            checks = {check.name for check in col.checks}
            fixed = {"isin", "str_matches"} & checks or column in spec.dataset_values or column in spec.key
            if "str" in str(col.dtype) and not fixed and not column.endswith(("_id", "_ids", "_ref", "_doc")):
                if (name, column) not in PARSED_TEXT_COLUMNS:
                    columns.append(column)
        if columns:
            found[name] = columns
    return found


@cache
def planted_build() -> tuple[Path, subprocess.CompletedProcess, dict[str, list[str]]]:
    """The real schedule built from a copy of the data with PLANTED appended to every free-text cell."""
    import pandas as pd

    # Under the project (git ignores scratch/): the themes notebook prints the data folder relative to the
    # project root and fails on one outside it. Move this to temp_dir() once it no longer does.
    (paths.PROJ_ROOT / "scratch").mkdir(exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="scr-planted-", dir=paths.PROJ_ROOT / "scratch"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    data = root / "data"
    shutil.copytree(paths.DATA_DIR, data)
    columns = free_text_columns()
    for table, names in columns.items():
        path = data / "curated" / f"{table}.csv"
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in names:
            frame[column] = [f"{v} {PLANTED}" if v else v for v in frame[column]]
        frame.to_csv(path, index=False)
    # The adjudications quote the raw second coding's rationales verbatim, and the build checks that
    # they do: plant the same text there (a copy; the real raw file is never edited).
    second = data / "raw" / "second-coding.csv"
    frame = pd.read_csv(second, dtype=str, keep_default_na=False)
    frame["rationale"] = [f"{v} {PLANTED}" if v else v for v in frame["rationale"]]
    frame.to_csv(second, index=False)
    # Replacing a raw source is an explicit step: record the copy's new SHA-256, as raw-hashes --update does.
    from scr_workbench.data.raw_sources import update_hashes

    update_hashes(data / "raw")
    reports = root / "reports"
    done = run_build(
        "--schedule", str(REAL_SCHEDULE), "--reports-dir", str(reports), env={paths.ENV_DATA_DIR: str(data)}
    )  # fmt: skip
    return reports, done, columns


def test_free_text_columns_are_found():
    columns = free_text_columns()
    assert "quote" in columns["national_findings"] and "label" in columns["themes"]
    assert "quote" in columns["learning_points"] and "theme_id" not in columns["themes"]


def test_planted_script_reaches_every_page_as_text_only():
    reports, done, _ = planted_build()
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    pages = sorted((reports / "html").glob("*.html"))
    assert len(pages) >= 2
    shown = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert executable(html) == [], page.name
        shown += BeautifulSoup(html, "html.parser").get_text().count(MARK)
    assert shown > 0, "no planted text reached any report: the test planted in the wrong place"


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Debian's chromium: make browser")
def test_planted_script_never_runs_in_chromium():
    from playwright.sync_api import sync_playwright

    reports, done, _ = planted_build()
    assert done.returncode == 0, done.stderr[-3000:]
    problems, shown = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for path in sorted((reports / "html").glob("*.html")):
            page = browser.new_page()
            page.on("dialog", lambda d, n=path.name: (problems.append(f"{n}: dialog {d.message}"), d.dismiss()))
            page.on("console", lambda m, n=path.name: problems.append(f"{n}: {m.text}") if m.type == "error" else None)
            page.on("pageerror", lambda e, n=path.name: problems.append(f"{n}: {e}"))
            page.goto(path.as_uri(), wait_until="load")
            if page.evaluate(f"window.{MARK} === 1"):
                problems.append(f"{path.name}: the planted script ran")
            styled = page.evaluate("""() => [getComputedStyle(document.body).display,
                [...document.querySelectorAll('p')].filter(p => getComputedStyle(p).color === 'rgb(255, 0, 0)').length,
                [...document.querySelectorAll('strong, em, b, i')].filter(  // made by Markdown from the planted text
                    e => ['zqxpayloadbold', 'zqxpayloadem'].includes(e.textContent.trim())).length,
                document.body.innerText]""")
            display, red, marked_up, text = styled
            if display == "none" or red or marked_up:
                problems.append(f"{path.name}: planted CSS or Markdown took effect ({display}, {red}, {marked_up})")
            if MARK in text and PLANTED_MARKDOWN not in text:
                problems.append(f"{path.name}: planted text not shown as its own characters")
            shown.append(PLANTED_MARKDOWN in text)
            page.close()
        browser.close()
    assert not problems, problems[:10]
    assert sum(shown) >= 5, "the planted text reached too few pages to prove anything"
