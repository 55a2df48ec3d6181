"""What an unattended build leaves for the people and monitors who were not watching.

Every build (not a dry run) writes everything it prints to ``<reports>/.build/logs/<time>.log``
(the last :data:`KEEP_LOGS` are kept) and, when it ends, however it ends, a machine-readable
summary ``<reports>/.build/last-run.json``, written atomically::

    {"started": "2026-01-05T06:00:01Z", "ended": "…", "exit_status": 1,
     "outcome": "some reports failed", "error": null, "log": ".build/logs/20260105T060001Z.log",
     "counts": {"built": 17, "up to date": 0, "failed": 1, "not run": 0},
     "reports": {"overview": {"status": "built", "message": null}, …}}

A report's status is ``built``, ``up to date``, ``failed`` (with the message) or ``not run``
(the build stopped before it). The exit statuses are :data:`EXIT_STATUSES`.
"""

from __future__ import annotations

import io
import re
import time
from pathlib import Path
from typing import Any, TextIO

from scr_workbench.reporting.files import write_json

#: Exit statuses of ``python -m scr_workbench build``, as the README documents them.
EXIT_OK = 0
EXIT_REPORT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)
EXIT_TERMINATED = 143  # SIGTERM (128 + SIGTERM), e.g. systemd stopping the service
EXIT_STATUSES = {
    EXIT_OK: "all good: every selected report built or up to date",
    EXIT_REPORT_FAILED: "some reports failed (or the index or a state file could not be written)",
    EXIT_BAD_INPUT: "bad schedule, data or options, output folder not writable or another build running: nothing ran",
    EXIT_INTERRUPTED: "interrupted (Ctrl-C)",
    EXIT_TERMINATED: "terminated (SIGTERM)",
}
#: Run logs kept in ``.build/logs`` (older ones are deleted when a build starts).
KEEP_LOGS = 30
#: A run log's name: the start time in UTC (and a number if two builds start in the same second).
LOG_NAME = re.compile(r"^\d{8}T\d{6}Z(?:-\d+)?\.log$")


def utc(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


class Tee(io.TextIOBase):
    """A text stream writing to ``stream`` and to a log file; the log never stops the build.

    A terminal's live status lines (carriage returns, escape codes) stay out of the log.
    """

    def __init__(self, stream: TextIO, log: TextIO | None):
        self.stream, self.log = stream, log

    def write(self, text: str) -> int:
        if self.log is not None and "\r" not in text and "\x1b" not in text:
            try:
                self.log.write(text)
                self.log.flush()
            except (OSError, ValueError):  # disk full, closed: the build carries on without its log
                self.log = None
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()


def open_log(logs_dir: Path, started: float, keep: int = KEEP_LOGS) -> tuple[Path | None, TextIO | None]:
    """Create this run's log file (pruning the oldest beyond ``keep``); (None, None) if it cannot be written."""
    try:
        logs_dir.mkdir(parents=True, exist_ok=True)
        stem = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(started))
        path, n = logs_dir / f"{stem}.log", 1
        while path.exists():
            n += 1
            path = logs_dir / f"{stem}-{n}.log"
        handle = open(path, "x", encoding="utf-8")
    except OSError:
        return None, None
    prune_logs(logs_dir, keep)
    return path, handle


def prune_logs(logs_dir: Path, keep: int = KEEP_LOGS) -> list[Path]:
    """Delete all but the newest ``keep`` run logs (kernel logs and other files are left alone)."""
    logs = sorted((p for p in logs_dir.iterdir() if LOG_NAME.match(p.name)), key=lambda p: (p.stat().st_mtime, p.name))
    old = logs[: max(0, len(logs) - keep)]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def report_statuses(summary: Any, selected: list[str]) -> dict[str, dict[str, str | None]]:
    """Each selected report's status in this run: built, up to date, failed (with its message) or not run."""
    statuses: dict[str, dict[str, str | None]] = {}
    for name in selected:
        if summary is not None and name in summary.failed:
            statuses[name] = {"status": "failed", "message": summary.failed[name]}
        elif summary is not None and name in summary.built:
            statuses[name] = {"status": "built", "message": None}
        elif summary is not None and name in summary.skipped:
            statuses[name] = {"status": "up to date", "message": None}
        else:
            statuses[name] = {"status": "not run", "message": None}
    return statuses


def last_run_record(
    *,
    started: float,
    ended: float,
    exit_status: int,
    error: str | None,
    log: str | None,
    summary: Any,
    selected: list[str],
) -> dict[str, Any]:
    """The content of last-run.json (see the module docstring)."""
    reports = report_statuses(summary, selected)
    counts = {status: 0 for status in ("built", "up to date", "failed", "not run")}
    for entry in reports.values():
        counts[entry["status"]] += 1
    return {
        "started": utc(started),
        "ended": utc(ended),
        "duration_seconds": round(ended - started, 1),
        "exit_status": exit_status,
        "outcome": EXIT_STATUSES.get(exit_status, "ended"),
        "error": error,
        "log": log,
        "counts": counts,
        "reports": reports,
        "problems": list(getattr(summary, "problems", []) or []),
    }


def write_last_run(path: Path, record: dict[str, Any]) -> str | None:
    """Write last-run.json atomically; the reason when it cannot be written (the old one then stays)."""
    try:
        write_json(path, record)
    except OSError as err:
        return f"cannot write {path.name}: {err.strerror or err}"
    return None
