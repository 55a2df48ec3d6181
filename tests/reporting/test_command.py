"""The report build: every scheduled entry builds; the HTML is code-free, offline and
carries parameters, contents, figures with alt text and provenance; builds are
incremental, reproducible, and a failing notebook harms nothing else."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from build_support import (
    FIXTURE_ENTRIES,
    LEEDS_ALT,
    fake_dataset,
    fixture_build,
    real_build,
    run_build,
    scheduled_names,
    settle,
    temp_dir,
    write_schedule,
)
from scr_workbench import paths
from scr_workbench.reporting.command import Layout, plan_build
from scr_workbench.reporting.schedule import load_schedule

EXTERNAL = re.compile(r"""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _soup(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def built():
    schedule, reports, done = fixture_build()
    assert done.returncode == 0, done.stdout + done.stderr
    return schedule, reports


# --- every scheduled entry --------------------------------------------------------------


def test_every_scheduled_entry_builds():
    reports, done = real_build()
    names = scheduled_names()
    assert names, "reports/schedule.yml schedules nothing"
    assert done.returncode == 0, f"the real schedule did not build:\n{done.stdout}\n{done.stderr}"
    for name in names:
        html = (reports / "html" / f"{name}.html").read_text(encoding="utf-8")
        assert "<figure" in html or "<table" in html, f"{name}.html has no figure and no table"
    index = (reports / "html" / "index.html").read_text(encoding="utf-8")
    for name in names:
        assert f'href="{name}.html"' in index


# --- the reviewer HTML -----------------------------------------------------------------


def test_html_has_no_code(built):
    _, reports = built
    page = _soup(reports / "html" / "ok-leeds.html")
    assert not page.select(".jp-InputArea-editor, .jp-InputPrompt, .jp-OutputPrompt, .highlight")
    text = page.get_text()
    for code in ("import matplotlib", "show_figure(", "pd.DataFrame", "fail = True"):
        assert code not in text, f"code leaked into the HTML: {code}"
    assert "label=Leeds, n_points=7, scale=2" in text  # the printed output is there


def test_parameters_table_shows_schedule_values_and_defaults(built):
    _, reports = built
    page = _soup(reports / "html" / "ok-leeds.html")
    table = page.select_one("table.scr-parameters")
    assert table.caption.get_text() == "Parameters of this run"
    rows = [tuple(cell.get_text() for cell in tr.find_all(["th", "td"])) for tr in table.tbody.find_all("tr")]
    assert rows == [
        ("label", "'Leeds'", "schedule", "the place named in the figure"),
        ("n_points", "7", "schedule", ""),
        ("scale", "2", "schedule", ""),
        ("show_table", "True", "notebook default", ""),
    ]
    # a default is shown the way a scheduled value is (Python's repr), with its comment
    page = _soup(reports / "html" / "ok.html")
    first = [c.get_text() for c in page.select_one("table.scr-parameters tbody tr").find_all(["th", "td"])]
    assert first == ["label", "'Derby'", "notebook default", "the place named in the figure"]
    # papermill's injected cell itself is not in the page
    assert not page.select(".celltag_injected-parameters, .celltag_parameters")


def test_figures_have_alt_text_and_numbered_captions(built):
    _, reports = built
    page = _soup(reports / "html" / "ok-leeds.html")
    figures = page.select("main figure.scr-figure")
    assert len(figures) == 1 and len(page.find_all("img")) == 1
    img = figures[0].img
    assert img["alt"] == LEEDS_ALT
    assert img["src"].startswith("data:image/png;base64,")
    assert int(img["width"]) > 100 and int(img["height"]) > 50
    caption = figures[0].figcaption
    assert " ".join(caption.get_text().split()) == "Figure 1. A straight line for Leeds."
    assert caption.strong.get_text() == "Leeds"  # the caption's Markdown is rendered


def test_table_of_contents_links_to_headings_that_exist(built):
    _, reports = built
    page = _soup(reports / "html" / "ok.html")
    links = page.select("nav.scr-toc a")
    assert [a.get_text() for a in links] == ["A figure", "A table", "Printed output"]
    for a in links:
        target = page.find_all(id=a["href"][1:])
        assert len(target) == 1 and target[0].name in ("h1", "h2", "h3"), a["href"]
    # "Printed output" is a level-3 heading: nested under "A table"
    assert page.select_one("nav.scr-toc ol ol a").get_text() == "Printed output"
    # The notebook's "# Fixture report" is the page title, shown once.
    assert [h.get_text() for h in page.find_all("h1")] == ["Fixture report"]


def test_html_is_offline_and_has_a_language(built):
    _, reports = built
    for page in ("ok.html", "ok-leeds.html", "index.html"):
        html = (reports / "html" / page).read_text(encoding="utf-8")
        assert '<html lang="en-GB">' in html, page
        assert not EXTERNAL.findall(html), f"{page} refers to another host: {EXTERNAL.findall(html)[:3]}"
        assert "<script src" not in html and "cdnjs" not in html and "@import" not in html
        assert re.search(r"@media print", html), f"{page} has no print styles"


def test_provenance_footer(built):
    """The provenance is in the technical notes at the end of the page (collapsed on screen)."""
    _, reports = built
    page = _soup(reports / "html" / "ok.html")
    footers = page.find_all(id="technical-notes")
    assert len(footers) == 1
    footer = footers[0]
    facts = {dt.get_text(): dt.find_next_sibling("dd").get_text() for dt in footer.find_all("dt")}
    assert re.match(r"([0-9a-f]{40}|unknown)\b", facts["Git commit"]), facts["Git commit"]
    assert re.search(r"no uncommitted changes|had uncommitted changes|is unknown", facts["Git commit"])
    assert re.match(r"(\d{4}-\d\d-\d\d \d\d:\d\d UTC|unknown) \(", facts["Build time"])
    notebook = paths.PROJ_ROOT / "tests" / "fixtures" / "notebooks" / "ok.ipynb"
    assert _sha(notebook) in facts["Notebook"]
    assert re.fullmatch(r"[0-9a-f]{64}", facts["Input fingerprint"])
    tables = {t.caption.get_text(): t for t in footer.find_all("table")}
    data = dict(
        tuple(td.get_text() for td in tr.find_all("td")) for tr in tables["Data files (SHA-256)"].tbody.find_all("tr")
    )
    expected = sorted(paths.CURATED_DIR.glob("*.csv")) + sorted(paths.RAW_DIR.glob("*.csv"))
    for path in expected:
        rel = path.relative_to(paths.PROJ_ROOT).as_posix()
        assert data.get(rel) == _sha(path), rel
    versions = dict(
        tuple(td.get_text() for td in tr.find_all("td")) for tr in tables["Software versions"].tbody.find_all("tr")
    )
    for package in ("python", "pandas", "matplotlib", "papermill", "nbconvert"):
        assert re.match(r"\d+\.\d+", versions[package]), package


def test_index_lists_every_entry_with_status(built):
    _, reports = built
    index = (reports / "html" / "index.html").read_text(encoding="utf-8")
    for entry in FIXTURE_ENTRIES:
        assert f'<a href="{entry["name"]}.html">' in index
    assert "Fixture report for Leeds" in index
    assert "<code>label = &#39;Leeds&#39;</code>" in index
    assert index.count("Up to date") == 3


def test_executed_notebooks_are_kept(built):
    _, reports = built
    executed = json.loads((reports / "executed" / "ok-leeds.ipynb").read_text())
    assert executed["metadata"]["papermill"]["parameters"] == {"label": "Leeds", "n_points": 7, "scale": 2}


# --- incremental, reproducible -----------------------------------------------------------


def test_noop_rebuild_skips_everything_and_touches_nothing(built):
    # How long it takes is measured by `make bench` (target: under 1 s), not asserted here.
    schedule, reports = built
    settle(schedule, reports)
    before = {p.name: (p.stat().st_mtime_ns, _sha(p)) for p in (reports / "html").glob("*.html")}
    done = run_build("--schedule", str(schedule), "--reports-dir", str(reports))
    assert done.returncode == 0, done.stderr
    assert "0 built, 3 up to date, 0 failed" in done.stdout
    after = {p.name: (p.stat().st_mtime_ns, _sha(p)) for p in (reports / "html").glob("*.html")}
    assert after == before


def test_noop_rebuild_imports_nothing_heavy(built):
    schedule, reports = built
    code = (
        "import sys; from scr_workbench.reporting.command import build_command; "
        f"rc = build_command(['--schedule', {str(schedule)!r}, '--reports-dir', {str(reports)!r}]); "
        "heavy = sorted(m for m in ('papermill', 'nbconvert', 'nbformat', 'matplotlib', 'jupyter_client') "
        "if m in sys.modules); print('HEAVY', heavy); sys.exit(rc)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=paths.PROJ_ROOT)
    assert done.returncode == 0, done.stderr
    assert "HEAVY []" in done.stdout


def _head() -> str:
    return subprocess.run(
        ["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=paths.PROJ_ROOT
    ).stdout.strip()


def test_two_builds_are_byte_identical(built):
    schedule, _ = built
    # Two fresh builds back to back. The footer names the latest commit of the
    # inputs, so a commit made between the two builds (this checkout is shared)
    # changes it: then try again.
    epoch = {"SOURCE_DATE_EPOCH": "1700000000"}
    for _attempt in range(3):
        head = _head()
        first, second = (temp_dir("scr-repro-") / "reports" for _ in range(2))
        for reports in (first, second):
            done = run_build("--schedule", str(schedule), "--reports-dir", str(reports), env=epoch)
            assert done.returncode == 0, done.stderr
        if _head() == head:
            break
    for entry in FIXTURE_ENTRIES:
        name = f"{entry['name']}.html"
        assert (first / "html" / name).read_bytes() == (second / "html" / name).read_bytes(), (
            f"{name} differs between two builds from the same inputs"
        )
    # index.html holds the build times: identical because SOURCE_DATE_EPOCH fixes them.
    assert (first / "html" / "index.html").read_bytes() == (second / "html" / "index.html").read_bytes()
    assert "2023-11-14 22:13 UTC" in (first / "html" / "index.html").read_text()
    # and the executed notebooks do differ (timings, ids): the HTML was sanitised, not the run
    assert (first / "executed" / "ok.ipynb").read_bytes() != (second / "executed" / "ok.ipynb").read_bytes()


def test_reports_do_not_depend_on_the_build_time(built):
    schedule, reports = built
    other = temp_dir("scr-other-time-") / "reports"
    done = run_build(
        "--schedule",
        str(schedule),
        "--reports-dir",
        str(other),
        "--only",
        "ok",
        env={"SOURCE_DATE_EPOCH": "1600000000"},
    )
    assert done.returncode == 0, done.stderr
    page = _soup(other / "html" / "ok.html")
    assert "2020-09-13 12:26 UTC (SOURCE_DATE_EPOCH" in page.select_one("#technical-notes").get_text()


def test_changed_parameter_rebuilds_only_that_entry(built):
    schedule, reports = built
    copy = temp_dir("scr-param-change-")
    shutil.copytree(reports, copy / "reports")
    settle(schedule, copy / "reports")
    entries = json.loads(json.dumps(FIXTURE_ENTRIES))
    entries[1]["parameters"]["n_points"] = 4
    changed = write_schedule(copy / "schedule.yml", entries)
    done = run_build("--schedule", str(changed), "--reports-dir", str(copy / "reports"))
    assert done.returncode == 0, done.stderr
    assert "1 built, 2 up to date, 0 failed" in done.stdout
    assert "  ok-leeds: schedule entry changed (parameters)" in done.stdout
    html = (copy / "reports" / "html" / "ok-leeds.html").read_text()
    assert "label=Leeds, n_points=4, scale=2" in html


def test_an_entry_removed_from_the_schedule_leaves_the_published_folder(built):
    schedule, reports = built
    copy = temp_dir("scr-orphan-")
    shutil.copytree(reports, copy / "reports")
    settle(schedule, copy / "reports")
    remaining = [e for e in FIXTURE_ENTRIES if e["name"] != "ok-leeds"]
    done = run_build(
        "--schedule", str(write_schedule(copy / "schedule.yml", remaining)), "--reports-dir", str(copy / "reports")
    )
    assert done.returncode == 0, done.stderr
    assert "moved 1 report(s) no longer in the schedule to" in done.stdout and "orphaned/: ok-leeds" in done.stdout
    html = copy / "reports" / "html"
    assert not (html / "ok-leeds.html").exists() and (copy / "reports" / "orphaned" / "ok-leeds.html").is_file()
    assert "ok-leeds" not in (html / "index.html").read_text()
    assert not (copy / "reports" / ".build" / "entries" / "ok-leeds.json").exists()
    # Put back, it is built afresh.
    back = run_build(
        "--schedule",
        str(write_schedule(copy / "schedule2.yml", FIXTURE_ENTRIES)),
        "--reports-dir",
        str(copy / "reports"),
    )
    assert "ok-leeds: never built" in back.stdout and (html / "ok-leeds.html").is_file()


def test_fingerprint_follows_data_and_code(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "t.csv").write_text("a\n1\n")
    schedule = load_schedule(write_schedule(tmp_path / "s.yml", [{"name": "ok", "notebook": "ok.ipynb"}]))
    layout = Layout(tmp_path / "reports")

    def fingerprint():
        plans, hashes = plan_build(schedule, layout, data_dirs=[data])
        return plans[0].fingerprint, hashes

    first, hashes = fingerprint()
    assert list(hashes.values()) == [hashlib.sha256(b"a\n1\n").hexdigest()]
    assert fingerprint()[0] == first
    # pretend it was built, then change the data: the plan says what changed
    plans, _ = plan_build(schedule, layout, data_dirs=[data])
    assert plans[0].reasons == ["never built"]
    (layout.html_dir).mkdir(parents=True)
    (layout.html_dir / "ok.html").write_text("built")
    layout.entries_dir.mkdir(parents=True)
    (layout.entries_dir / "ok.json").write_text(
        json.dumps(
            {
                "last_good": {
                    "fingerprint": first,
                    "html_sha256": _sha(layout.html_dir / "ok.html"),
                    "inputs": plans[0].inputs,
                }
            }
        )
    )
    assert plan_build(schedule, layout, data_dirs=[data])[0][0].up_to_date
    (data / "t.csv").write_text("a\n2\n")
    plans, _ = plan_build(schedule, layout, data_dirs=[data])
    assert plans[0].fingerprint != first and not plans[0].up_to_date
    assert plans[0].reasons == ["data changed: t.csv"]
    (data / "t.csv").write_text("a\n1\n")
    (layout.html_dir / "ok.html").write_text("edited by hand")
    assert plan_build(schedule, layout, data_dirs=[data])[0][0].reasons == [
        "its HTML was changed or replaced since it was built"
    ]


def test_force_rebuilds_up_to_date_entries(built):
    schedule, reports = built
    copy = temp_dir("scr-force-") / "reports"
    shutil.copytree(reports, copy)
    settle(schedule, copy)
    done = run_build("--schedule", str(schedule), "--reports-dir", str(copy), "--force", "--only", "ok")
    assert done.returncode == 0, done.stderr
    assert "1 built, 0 up to date, 0 failed" in done.stdout
    # --only still lists every entry in the index
    assert (copy / "html" / "index.html").read_text().count("Up to date") == 3


# --- failures -----------------------------------------------------------------------------


def test_a_broken_notebook_harms_nothing_else(built):
    schedule, reports = built
    work = temp_dir("scr-broken-")
    shutil.copytree(reports, work / "reports")
    html = work / "reports" / "html"
    good_broken = (html / "broken.html").read_bytes()
    entries = json.loads(json.dumps(FIXTURE_ENTRIES))
    entries[2]["parameters"]["fail"] = True
    failing = write_schedule(work / "schedule.yml", entries)
    done = run_build("--schedule", str(failing), "--reports-dir", str(work / "reports"), "--force")
    assert done.returncode == 1
    assert (
        "report 'broken' failed: cell 3 (execution count 2) raised ValueError: "
        "deliberate failure for the build tests" in done.stderr
    )
    assert "2 built, 0 up to date, 1 failed" in done.stdout
    # the last good HTML is kept, the others were rebuilt fine
    assert (html / "broken.html").read_bytes() == good_broken
    assert "[1/3] FAILED broken" in done.stdout or "FAILED broken" in done.stdout
    for name in ("ok", "ok-leeds"):
        assert f" ok     {name} (" in done.stdout
        state = json.loads((work / "reports" / ".build" / "entries" / f"{name}.json").read_text())
        assert state["last_good"]["html_sha256"] == _sha(html / f"{name}.html")
    failed_nb = json.loads((work / "reports" / "executed" / "broken.failed.ipynb").read_text())
    errors = [o for c in failed_nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert errors and errors[0]["ename"] == "ValueError"
    assert (work / "reports" / "executed" / "broken.ipynb").exists()  # the last good run stays too
    index = (html / "index.html").read_text()
    assert "Failed" in index and "The link shows the last good build" in index
    assert not list(html.glob(".*.tmp"))
    # fixing it again builds it and clears the failure
    fixed = write_schedule(work / "schedule.yml", FIXTURE_ENTRIES)
    again = run_build("--schedule", str(fixed), "--reports-dir", str(work / "reports"))
    assert again.returncode == 0, again.stderr
    assert not (work / "reports" / "executed" / "broken.failed.ipynb").exists()


def test_a_figure_without_alt_text_fails_the_report(tmp_path):
    schedule = write_schedule(tmp_path / "s.yml", [{"name": "no-alt", "notebook": "no_alt.ipynb"}])
    done = run_build("--schedule", str(schedule), "--reports-dir", str(tmp_path / "r"))
    assert done.returncode == 1
    assert "figure without alt text" in done.stderr and "show_figure" in done.stderr
    assert not (tmp_path / "r" / "html" / "no-alt.html").exists()
    assert (tmp_path / "r" / "executed" / "no-alt.failed.ipynb").exists()


def test_progress_lines_when_not_a_terminal(built):
    _, _, done = fixture_build()
    lines = [line for line in done.stdout.splitlines() if line.startswith("[")]
    assert len(lines) == 3 and all(" ok " in line for line in lines), done.stdout
    assert "\r" not in done.stdout


def test_progress_on_a_terminal_redraws_one_status_line():
    import io

    from scr_workbench.reporting.command import Progress
    from scr_workbench.reporting.execute import Result

    stream = io.StringIO()
    progress = Progress(stream, total=2, live=True)
    progress.status(2, 0)
    progress.finished(Result("a", "ok", 1.23))
    progress.status(1, 0)
    progress.finished(Result("b", "failed", 0.5, error="cell 2 raised ValueError: x"))
    progress.close()
    text = stream.getvalue()
    assert "[0/2]" in text and "2 building" in text and "\r\033[K" in text
    assert "[1/2] ok     a (1.2 s)\n" in text
    assert "[2/2] FAILED b (0.5 s)\n        cell 2 raised ValueError: x\n" in text


def test_data_hashes_include_the_dataset_description(tmp_path, monkeypatch):
    from scr_workbench.reporting import provenance

    data = fake_dataset(tmp_path, monkeypatch)
    hashes = provenance.data_hashes()
    assert sorted(Path(k).name for k in hashes) == ["dataset.yml", "source.md", "table.csv"]
    assert hashlib.sha256(b"board: Testshire\n").hexdigest() in hashes.values()
    (data / "dataset.yml").write_text("board: Otherhamshire\n")
    assert provenance.combined_hash(provenance.data_hashes()) != provenance.combined_hash(hashes)


def test_a_dry_run_into_a_file_says_so_without_a_traceback(tmp_path):
    schedule = write_schedule(tmp_path / "schedule.yml", FIXTURE_ENTRIES)
    a_file = tmp_path / "reports"
    a_file.write_text("not a folder\n", encoding="utf-8")
    for reports in (a_file, a_file / "inside"):
        done = run_build("--dry-run", "--schedule", str(schedule), "--reports-dir", str(reports))
        assert done.returncode == 2, done.stdout + done.stderr
        assert "is a file, not a folder" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert a_file.read_text(encoding="utf-8") == "not a folder\n"


def test_a_dry_run_checks_the_curated_data_and_exits_2_naming_the_problem(tmp_path, capsys):
    from scr_workbench.reporting.command import build_command

    schedule = write_schedule(tmp_path / "schedule.yml", FIXTURE_ENTRIES)
    problem = "data/curated/children.csv row 3, column sex: expected one of female, male, not stated"
    argv = ["--dry-run", "--schedule", str(schedule), "--reports-dir", str(tmp_path / "reports")]
    assert build_command(argv, check_data=lambda: [problem]) == 2
    assert f"error: the curated data are broken; a build would stop here:\n  {problem}" in capsys.readouterr().err
    assert build_command(argv, check_data=lambda: []) == 0
    assert not (tmp_path / "reports" / "html").exists()  # nothing was built
