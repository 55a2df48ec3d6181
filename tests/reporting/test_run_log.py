"""The run log and last-run.json: what a monitor reads after an unattended build."""

from __future__ import annotations

import io
import json
import os
from types import SimpleNamespace

from scr_workbench.reporting import run_log


def test_exit_statuses_are_the_documented_ones():
    assert (run_log.EXIT_OK, run_log.EXIT_REPORT_FAILED, run_log.EXIT_BAD_INPUT) == (0, 1, 2)
    assert run_log.EXIT_TERMINATED == 128 + 15 and run_log.EXIT_INTERRUPTED == 128 + 2


def test_logs_are_named_by_start_time_and_only_the_newest_are_kept(tmp_path):
    (tmp_path / "ok.kernel.log").write_text("kernel")
    for i in range(5):
        path = tmp_path / f"2026010{i + 1}T060000Z.log"
        path.write_text(str(i))
        os.utime(path, (1_000_000 + i, 1_000_000 + i))
    removed = run_log.prune_logs(tmp_path, keep=2)
    assert [p.name for p in removed] == ["20260101T060000Z.log", "20260102T060000Z.log", "20260103T060000Z.log"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "20260104T060000Z.log",
        "20260105T060000Z.log",
        "ok.kernel.log",
    ]


def test_two_builds_in_one_second_get_two_logs(tmp_path):
    started = 1_767_592_801.0  # 2026-01-05 06:00:01 UTC
    first, handle1 = run_log.open_log(tmp_path, started)
    second, handle2 = run_log.open_log(tmp_path, started)
    handle1.close()
    handle2.close()
    assert (first.name, second.name) == ("20260105T060001Z.log", "20260105T060001Z-2.log")


def test_the_log_gets_the_lines_but_not_the_live_status(tmp_path):
    log = open(tmp_path / "run.log", "w", encoding="utf-8")
    screen = io.StringIO()
    tee = run_log.Tee(screen, log)
    tee.write("building 1 report\n")
    tee.write("\r\x1b[K[0/1] 0.5 s  1 building")
    tee.write("1 built\n")
    log.close()
    tee.write("after the log closed\n")  # the build carries on
    assert (tmp_path / "run.log").read_text(encoding="utf-8") == "building 1 report\n1 built\n"
    assert screen.getvalue().endswith("after the log closed\n")


def test_last_run_record_gives_each_report_its_status():
    summary = SimpleNamespace(built=["a"], skipped=["b"], failed={"c": "cell 3 raised ValueError: x"}, problems=[])
    record = run_log.last_run_record(
        started=1_767_592_801.0,
        ended=1_767_592_831.5,
        exit_status=1,
        error=None,
        log=".build/logs/20260105T060001Z.log",
        summary=summary,
        selected=["a", "b", "c", "d"],
    )
    assert record["started"] == "2026-01-05T06:00:01Z" and record["ended"] == "2026-01-05T06:00:31Z"
    assert record["duration_seconds"] == 30.5
    assert record["reports"] == {
        "a": {"status": "built", "message": None},
        "b": {"status": "up to date", "message": None},
        "c": {"status": "failed", "message": "cell 3 raised ValueError: x"},
        "d": {"status": "not run", "message": None},
    }
    assert record["counts"] == {"built": 1, "up to date": 1, "failed": 1, "not run": 1}
    assert record["outcome"].startswith("some reports failed")


def test_last_run_that_cannot_be_written_says_why_and_keeps_the_old_one(tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    (state / "last-run.json").write_text('{"exit_status": 0}\n')
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder")
    problem = run_log.write_last_run(blocked / "last-run.json", {"exit_status": 1})
    assert problem is not None and "last-run.json" in problem
    run_log.write_last_run(state / "last-run.json", {"exit_status": 2})
    assert json.loads((state / "last-run.json").read_text())["exit_status"] == 2


def test_the_readme_documents_the_exit_statuses_and_the_schedulers():
    from scr_workbench import paths

    readme = (paths.PROJ_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Scheduled runs", 1)[1].split("\n## ", 1)[0]
    for status in (0, 1, 2):
        assert f"\n| {status} | " in section
    assert "| 130 / 143 |" in section
    assert "last-run.json" in section and "0 6 * * *" in section
    assert "[Timer]" in section and "OnCalendar=" in section and "ExecStart=" in section


def _last_run(reports):
    return json.loads((reports / ".build" / "last-run.json").read_text(encoding="utf-8"))


def test_a_good_build_exits_0_and_records_every_report(tmp_path):
    import shutil

    from build_support import fixture_build, run_build

    schedule, built, done = fixture_build()
    assert done.returncode == 0, done.stdout + done.stderr
    reports = tmp_path / "reports"  # a copy: other tests rebuild the shared fixture build
    shutil.copytree(built, reports)
    again = run_build("--schedule", str(schedule), "--reports-dir", str(reports))
    assert again.returncode == 0, again.stdout + again.stderr
    last = _last_run(reports)
    assert last["exit_status"] == 0 and last["error"] is None
    assert set(last["reports"]) == {"ok", "ok-leeds", "broken"}
    assert {r["status"] for r in last["reports"].values()} <= {"built", "up to date"}
    assert " 0 failed" in (reports / last["log"]).read_text(encoding="utf-8")


def test_a_build_with_a_failed_report_exits_1_and_records_its_message():
    from build_support import failing_build

    reports, done = failing_build()
    assert done.returncode == 1, done.stdout + done.stderr
    last = _last_run(reports)
    assert last["exit_status"] == 1
    assert last["reports"]["broken"]["status"] == "failed" and "raised" in last["reports"]["broken"]["message"]
    assert last["reports"]["ok"]["status"] == "up to date"
    assert "error: report 'broken' failed" in (reports / last["log"]).read_text(encoding="utf-8")
