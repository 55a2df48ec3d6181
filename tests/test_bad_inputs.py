"""Issue 13's bad inputs, as a table: each case, what is done to a copy, and the message expected.

Every case must end in a clear error (non-zero exit, a message naming the file and what was
expected, no traceback) with nothing lost: the inputs are copies, and the build cases run
before anything is written. The faults of issue 13 (kill -9, SIGTERM, a full disk, a
read-only output folder) are made for real in ``tests/reporting/test_faults.py``; determinism
(the first build equals later ones, removed entries leave ``html/``) in
``tests/reporting/test_command.py`` and ``tests/reporting/test_planning.py``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from scr_workbench import paths
from scr_workbench.cli import main
from scr_workbench.reporting.command import build_command


def _header_only(name: str) -> Callable[[Path], None]:
    def edit(curated: Path) -> None:
        path = curated / f"{name}.csv"
        path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")

    return edit


def _non_utf8(curated: Path) -> None:
    path = curated / "reviews.csv"
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b"SCR", b"SC\xff", 1)  # line 3 of the file: a Latin-1 byte
    path.write_bytes(b"\n".join(lines))


def _empty(curated: Path) -> None:
    (curated / "themes.csv").write_bytes(b"")


def _unclosed_quote(curated: Path) -> None:
    path = curated / "learning_points.csv"
    path.write_text(path.read_text(encoding="utf-8") + '6z,6,z,school_age,6 z),"An unclosed quote\n', encoding="utf-8")


def _one_row_lost(curated: Path) -> None:
    path = curated / "learning_points.csv"
    path.write_text("".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:-1]), encoding="utf-8")


def _unknown_csv(curated: Path) -> None:
    (curated / "downloaded_extra.csv").write_text("a,b\n" + "1,2\n" * 1000, encoding="utf-8")


def _row_a_check_reads_renamed(curated: Path) -> None:
    path = curated / "local_percentages.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("local_babies_share", "local_share"), encoding="utf-8")


def _replace_in_line(name: str, line: int, old: str, new: str) -> Callable[[Path], None]:
    """Replace ``old`` by ``new`` once in line ``line`` (1-based, the header is line 1) of ``name``.csv."""

    def edit(curated: Path) -> None:
        path = curated / f"{name}.csv"
        lines = path.read_text(encoding="utf-8").split("\n")
        assert old in lines[line - 1], (name, line, old)
        lines[line - 1] = lines[line - 1].replace(old, new, 1)
        path.write_text("\n".join(lines), encoding="utf-8")

    return edit


def _quote_of(curated: Path, name: str, line: int, text: str) -> None:
    path = curated / f"{name}.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = lines[line - 1].rstrip('"') + text + '"'
    path.write_text("\n".join(lines), encoding="utf-8")


def _nul_in_a_quote(curated: Path) -> None:
    _quote_of(curated, "national_findings", 3, " and\x00 more")


def _escape_char_in_a_quote(curated: Path) -> None:
    _quote_of(curated, "learning_points", 4, " \x1b[2J")  # a terminal's clear-screen


def _huge_field(curated: Path) -> None:
    _quote_of(curated, "learning_points", 2, " more" * 5_000)  # 25,000 characters more in one cell


def _huge_file(curated: Path) -> None:
    path = curated / "learning_points.csv"
    with path.open("a", encoding="utf-8") as out:  # 50 MB of text in one learning point, as the tester did
        out.write('6z,6,z,school_age,6 z),"' + "x" * (50 * 1024 * 1024) + '"\n')


def _link_out(target: str) -> Callable[[Path], None]:
    def edit(curated: Path) -> None:
        path = curated / "themes.csv"
        # the data folder is curated.parent (as data/ is for data/curated): go one further out
        outside = curated.parent.parent / f"{curated.parent.name}-elsewhere" / "themes.csv"
        outside.parent.mkdir(exist_ok=True)
        if target == "copy":
            shutil.copy(path, outside)
        path.unlink()
        path.symlink_to(outside if target == "copy" else target)

    return edit


def _quote_opened_on_line_2(curated: Path) -> None:
    path = curated / "reviews.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1].replace(",", ',"', 1)  # the second field of line 2 opens a quote nobody closes
    path.write_text("\n".join(lines), encoding="utf-8")


@dataclass(frozen=True)
class DataCase:
    case: str
    edit: Callable[[Path], None]
    expected: tuple[str, ...]


DATA_CASES = [
    DataCase("non-UTF-8 byte", _non_utf8, ("reviews.csv, line 3: not UTF-8 text (byte 0xff)",)),
    DataCase("empty file", _empty, ("themes.csv: the file is empty; expected a header line",)),
    DataCase(
        "header-only review_counts.csv",
        _header_only("review_counts"),
        ("review_counts.csv: has 0 row(s) under its header", "needs at least 2"),
    ),
    DataCase(
        "unbalanced quote",
        _unclosed_quote,
        # the file has a header and 44 rows: the planted row is line 46, where its quote opens
        ("learning_points.csv, line 46: a quoted field opens here and is never closed",),
    ),
    DataCase(
        "unbalanced quote on line 2 (was reported at 'row 1')",
        _quote_opened_on_line_2,
        ("reviews.csv, line 2: a quoted field opens here and does not end where the field does",),
    ),
    DataCase(
        "NUL byte in a quote",
        _nul_in_a_quote,
        ("national_findings.csv, row 1 (line 3), column 'quote': contains the control character NUL",),
    ),
    DataCase(
        "terminal escape in a quote",
        _escape_char_in_a_quote,
        ("learning_points.csv, row 2 (line 4), column 'quote': contains the control character U+001B",),
    ),
    DataCase(
        "25,000 more characters in one cell",
        _huge_field,
        ("learning_points.csv, row 0 (line 2), column 'quote': has ", "a cell may hold at most 20,000"),
    ),
    DataCase(
        "50 MB in one learning point",
        _huge_file,
        ("learning_points.csv: is 52,", "a curated table may be at most 4,194,304 bytes"),
    ),
    DataCase(
        "a curated table that links to /etc/passwd",
        _link_out("/etc/passwd"),
        ("themes.csv: is a link to /etc/passwd, outside the data folder",),
    ),
    DataCase(
        "a curated table that links to a copy outside the data folder",
        _link_out("copy"),
        ("themes.csv: is a link to ", "outside the data folder; a curated table must be a file in the data folder"),
    ),
    DataCase(
        "a count that contradicts its own quote (13 children curated as 14)",
        _replace_in_line("review_counts", 2, "scr,1.2,6,13,", "scr,1.2,6,14,"),
        (
            "curated counts contradict their own quotes (curation errors)",
            "review_counts.csv, row 0 (line 2), column 'n_children': 14 is not a number its quote states",
            "13 children or young people",
        ),
    ),
    DataCase(
        "an abuse-category count 4 -> 5 beside its quote",
        _replace_in_line("abuse_categories", 2, ",3,4,", ",3,5,"),
        ("abuse_categories.csv, row 0 (line 2), column 'n_children': 5 is not a number its quote states",),
    ),
    DataCase(
        "a figure changed with its quote, so the quote check passes (Black 2.9% curated as 3.9%)",
        _replace_in_line(
            "census_ethnicity_report", 3, "2.9,2.9%,Black or Black British 2.9%", "3.9,3.9%,Black or Black British 3.9%"
        ),
        (
            "the source's disagreements do not match their declared register",
            "CENSUS-Black or Black British disagrees (stated 3.9%; derived 2.94% → 2.9%) and is not declared in ",
            "dataset.yml, 'source_disagreements'",
        ),
    ),
    DataCase(
        "a record with one field too many",
        _replace_in_line("themes", 5, ",", ",extra,"),
        ("themes.csv, row 3 (line 5): has ", "the header has "),
    ),
    *(
        DataCase(f"header-only {name}.csv", _header_only(name), (f"{name}.csv: has 0 row(s) under its header",))
        for name in ("change_measures", "gender_counts", "report_facts", "review_evidence")
    ),
    DataCase(
        "a learning point lost (43 of the report's 44)",
        _one_row_lost,
        ("learning_points.csv: has 43 row(s)", "needs exactly 44", "sections 5 (a–s, 19 items) and 6 (a–y, 25 items)"),
    ),
    DataCase(
        "unknown CSV in data/curated",
        _unknown_csv,
        ("files that are no curated table (remove them or add a schema): downloaded_extra.csv",),
    ),
    DataCase(
        "a row the reconciliation reads is missing",
        _row_a_check_reads_renamed,
        (
            "reconciliation checks cannot run",
            "BABY-SHARE: cannot run: a row it reads is missing (local_babies_share)",
        ),
    ),
]


@pytest.mark.parametrize("case", DATA_CASES, ids=[c.case for c in DATA_CASES])
def test_bad_data_is_a_clear_error_of_check_data(case, curated_copy, capsys):
    before = {p.name: p.read_bytes() for p in paths.CURATED_DIR.iterdir()}
    case.edit(curated_copy)
    code = main(["check-data", "--data-dir", str(curated_copy)])
    err = capsys.readouterr().err
    assert code == 1, err
    for text in case.expected:
        assert text in err
    assert "Traceback" not in err
    assert {p.name: p.read_bytes() for p in paths.CURATED_DIR.iterdir()} == before  # the real data untouched


def _schedule_alias_bomb(path: Path) -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    path.write_text("\n".join(lines) + "\nreports: *i\n", encoding="utf-8")


SCHEDULE_CASES = [
    (
        "absolute notebook path",
        "notebooks_dir: notebooks\nreports:\n  - name: x\n    notebook: /etc/passwd\n",
        "notebook '/etc/passwd' is outside",
    ),
    (
        "../ path outside notebooks/",
        "reports:\n  - name: x\n    notebook: ../../etc/x.ipynb\n",
        "notebook '../../etc/x.ipynb' is outside notebooks",
    ),
    ("YAML alias bomb", _schedule_alias_bomb, "aliases (*name) are not allowed in a schedule (line 2)"),
    ("oversized schedule", "# " + "x" * (300 * 1024) + "\nreports: []\n", "a schedule may be at most 262,144"),
]


@pytest.mark.parametrize(("case", "content", "expected"), SCHEDULE_CASES, ids=[c[0] for c in SCHEDULE_CASES])
def test_a_bad_schedule_stops_the_build_with_exit_2(case, content, expected, tmp_path, capsys):
    schedule = tmp_path / "schedule.yml"
    if callable(content):
        content(schedule)
    else:
        schedule.write_text(content, encoding="utf-8")
    reports = tmp_path / "reports"
    code = build_command(["--schedule", str(schedule), "--reports-dir", str(reports)])
    err = capsys.readouterr().err
    assert code == 2 and expected in err and "nothing was built" in err
    assert len(err) < 2000  # no unbounded echo of the input
    assert not (reports / "html").exists()  # nothing ran, nothing written but the run's record
    assert (reports / ".build" / "last-run.json").is_file()


def test_broken_data_stop_the_build_with_exit_2_before_any_notebook_runs(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, data)
    _header_only("gender_counts")(data / "curated")
    fixtures = paths.PROJ_ROOT / "tests" / "fixtures" / "notebooks"
    schedule = tmp_path / "schedule.yml"
    schedule.write_text(
        f"notebooks_dir: {fixtures}\nreports:\n  - name: ok\n    notebook: ok.ipynb\n", encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-m", "scr_workbench", "build", "--schedule", str(schedule)]
        + ["--reports-dir", str(tmp_path / "reports")],
        capture_output=True,
        text=True,
        cwd=paths.PROJ_ROOT,
        env={**os.environ, "SCR_DATA_DIR": str(data)},
        timeout=600,
        check=False,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "the curated data are broken; no report was built" in done.stderr
    assert "gender_counts.csv: has 0 row(s) under its header" in done.stderr
    assert not list((tmp_path / "reports").rglob("*.ipynb"))


# --- raw sources: one changed byte stops check-data and the build, naming the file -----------------------


def _data_with_a_changed_raw_byte(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, data)
    path = data / "raw" / "ons-census-2011-qs201ew-derby.csv"
    raw = bytearray(path.read_bytes())
    raw[-5] = ord("7") if raw[-5] != ord("7") else ord("8")  # one digit of a count
    path.write_bytes(bytes(raw))
    return data


def test_a_changed_raw_source_is_a_clear_error_of_check_data(tmp_path, capsys):
    data = _data_with_a_changed_raw_byte(tmp_path)
    code = main(["check-data", "--data-dir", str(data / "curated")])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "raw sources differ from the SHA-256 recorded in their README" in err
    assert "ons-census-2011-qs201ew-derby.csv: SHA-256 is " in err and "Traceback" not in err
    assert main(["raw-hashes", "--data-dir", str(data / "curated")]) == 1
    assert main(["raw-hashes", "--update", "--data-dir", str(data / "curated")]) == 0  # the explicit step
    out = capsys.readouterr().out
    assert out.startswith("updated ons-census-2011-qs201ew-derby.csv: 421c6978")
    assert main(["check-data", "--data-dir", str(data / "curated")]) == 0
    assert (paths.RAW_DIR / "README.md").read_text(encoding="utf-8").count("421c697869c59af0") == 1  # real one kept


def test_a_changed_raw_source_stops_the_build_before_any_notebook(tmp_path):
    from build_support import REAL_SCHEDULE, run_build

    data = _data_with_a_changed_raw_byte(tmp_path)
    reports = tmp_path / "reports"
    done = run_build(
        "--schedule", str(REAL_SCHEDULE), "--reports-dir", str(reports), env={paths.ENV_DATA_DIR: str(data)}
    )  # fmt: skip
    assert done.returncode != 0, done.stdout[-2000:]
    assert "ons-census-2011-qs201ew-derby.csv: SHA-256 is " in done.stdout + done.stderr
    assert not list(reports.glob("html/*.html"))
