"""Real faults against a real build subprocess: kill -9, SIGTERM, a full disk, a read-only output folder.

Each fault is made for real, in a way that holds when the tests run as root (root ignores
permission bits, so ``chmod`` proves nothing):

- out of space: a 1 MB tmpfs filled to the last byte, mounted as the reports folder inside a
  private mount namespace (``unshare --mount``, so nothing outlives the test), and
  ``ulimit -f`` (RLIMIT_FSIZE: writes past the limit fail with EFBIG, Python ignores SIGXFSZ);
- read-only: a read-only bind mount of ``html/`` in a private mount namespace, and, without
  any privilege, a file standing where the ``html/`` folder should be.

The mount tests are skipped where mount namespaces are not allowed (not root, no
CAP_SYS_ADMIN); the others run anywhere.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from build_support import fixture_build, notebook, run_build, write_schedule
from scr_workbench import paths
from scr_workbench.reporting.build_lock import pid_alive


def _can_mount() -> bool:
    if shutil.which("unshare") is None:
        return False
    done = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


needs_mount = pytest.mark.skipif(not _can_mount(), reason="mount namespaces need root with CAP_SYS_ADMIN")


def _children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        for child in _children(todo.pop()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _wait_for(condition, seconds: float = 180, what: str = "") -> None:
    """Poll ``condition`` until it holds; a deadline against hanging, not a timing assertion."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.2)


def _slow_schedule(root: Path) -> tuple[Path, Path]:
    """Two reports that run until the returned marker file is removed."""
    hold = root / "hold"
    hold.touch()
    notebooks = root / "notebooks"
    notebooks.mkdir()
    notebook(notebooks / "slow.ipynb", f"import os, time\nwhile os.path.exists({str(hold)!r}):\n    time.sleep(0.2)")
    entries = [{"name": "slow-a", "notebook": "slow.ipynb"}, {"name": "slow-b", "notebook": "slow.ipynb"}]
    return write_schedule(root / "schedule.yml", entries, notebooks_dir=notebooks), hold


def _start_and_kill(tmp_path: Path, sig: int) -> tuple[Path, Path, subprocess.Popen, set[int]]:
    schedule, hold = _slow_schedule(tmp_path)
    reports = tmp_path / "reports"
    env = {k: v for k, v in os.environ.items() if k != "SCR_REPORTS_DIR"}
    build = subprocess.Popen(
        [sys.executable, "-m", "scr_workbench", "build", "--schedule", str(schedule), "--reports-dir", str(reports)]
        + ["--jobs", "2"],
        cwd=paths.PROJ_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Two workers, each with its kernel running a report.
    _wait_for(lambda: len(_descendants(build.pid)) >= 4 or build.poll() is not None, what="two workers and kernels")
    assert build.poll() is None, build.communicate()
    family = _descendants(build.pid)
    os.kill(build.pid, sig)
    build.wait(timeout=120)
    _wait_for(lambda: not any(pid_alive(p) for p in family), seconds=60, what="the workers and kernels to end")
    hold.unlink()
    return schedule, reports, build, family


def test_kill_9_leaves_no_worker_and_the_next_build_succeeds(tmp_path):
    schedule, reports, build, family = _start_and_kill(tmp_path, signal.SIGKILL)
    assert build.returncode == -signal.SIGKILL
    assert len(family) >= 4 and not [p for p in family if pid_alive(p)]
    done = run_build("--schedule", str(schedule), "--reports-dir", str(reports))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"the last build (pid {build.pid}) did not finish" in done.stdout
    assert "2 built, 0 up to date, 0 failed" in done.stdout
    assert not list((reports / "executed").glob(".*.running.ipynb"))  # the killed build's leftovers are gone


def test_sigterm_stops_the_workers_records_the_run_and_the_next_build_succeeds(tmp_path):
    schedule, reports, build, family = _start_and_kill(tmp_path, signal.SIGTERM)
    assert build.returncode == 143 and "terminated (SIGTERM)" in build.stderr.read()
    last = json.loads((reports / ".build" / "last-run.json").read_text(encoding="utf-8"))
    assert last["exit_status"] == 143 and last["counts"]["not run"] == 2
    done = run_build("--schedule", str(schedule), "--reports-dir", str(reports))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "did not finish" not in done.stdout  # SIGTERM ends the build cleanly, lock released
    assert "2 built" in done.stdout


# --- out of space and read-only output --------------------------------------------------------------


def _good_build(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the fixture build (every report good): (schedule, reports)."""
    schedule, reports, done = fixture_build()
    assert done.returncode == 0, done.stdout + done.stderr
    copy = tmp_path / "before"
    shutil.copytree(reports, copy, symlinks=True)
    return schedule, copy


def _snapshot(reports: Path) -> dict[str, bytes]:
    """The files a reader or the next build relies on: HTML, index, state."""
    files = [*(reports / "html").glob("*.html"), *(reports / ".build" / "entries").glob("*.json")]
    return {str(p.relative_to(reports)): p.read_bytes() for p in files}


def _assert_nothing_lost(before: dict[str, bytes], reports: Path) -> None:
    after = _snapshot(reports)
    assert set(before) <= set(after)
    for name, data in before.items():
        if name.endswith(".html") and name != "html/index.html":
            assert after[name] == data, f"{name} changed although its report failed"
    for path in reports.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".ipynb") and path.name != "lock":
            assert path.stat().st_size > 0, f"{path} is empty"
            if path.suffix in (".json", ".ipynb"):
                json.loads(path.read_bytes())  # whole, not truncated
    assert not list(reports.rglob(".*.tmp")) and not list(reports.rglob(".*.running.ipynb"))


def _in_namespace(script: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
        capture_output=True,
        text=True,
        cwd=paths.PROJ_ROOT,
        env={**{k: v for k, v in os.environ.items() if k != "SCR_REPORTS_DIR"}, **env},
        timeout=900,
        check=False,
    )


BUILD_SH = '"$PYTHON" -m scr_workbench build --schedule "$S" --reports-dir "$R" --force'
BUILD = '"$PYTHON" -m scr_workbench build --schedule "$SCHEDULE" --reports-dir "$MNT" --force --jobs 1'


@needs_mount
@pytest.mark.parametrize(
    ("free_kb", "first_to_fail"),
    [(0, "cannot write .build/kernels/"), (120, "cannot write html/ok.html")],
    ids=["no-byte-free", "room-for-state-not-html"],
)
def test_a_full_disk_fails_each_report_by_name_and_loses_nothing(tmp_path, free_kb, first_to_fail):
    schedule, before = _good_build(tmp_path)
    saved = _snapshot(before)
    mnt, after = tmp_path / "mnt", tmp_path / "after"
    mnt.mkdir()
    size_kb = sum(p.stat().st_size for p in before.rglob("*") if p.is_file()) // 1024 + 1024
    script = f"""
mount -t tmpfs -o size={size_kb}k tmpfs "$MNT" && cp -a "$SRC/." "$MNT/" || exit 99
dd if=/dev/zero of="$MNT/filler" bs=4k 2>/dev/null
truncate -s -{free_kb}K "$MNT/filler"
{BUILD} > "$OUT.stdout" 2> "$OUT.stderr"; echo $? > "$OUT.rc"
rm -f "$MNT/filler"; cp -a "$MNT/." "$OUT/"
"""
    done = _in_namespace(
        script, MNT=str(mnt), SRC=str(before), OUT=str(after), SCHEDULE=str(schedule), PYTHON=sys.executable
    )
    assert done.returncode == 0, done.stderr
    rc, stderr = int(Path(f"{after}.rc").read_text()), Path(f"{after}.stderr").read_text()
    assert rc == 1, stderr
    assert "Traceback" not in stderr
    assert "no space left (ENOSPC)" in stderr and f"report 'ok' failed: {first_to_fail}" in stderr
    _assert_nothing_lost(saved, after)


def test_a_file_size_limit_fails_the_report_by_name_and_keeps_its_last_good_html(tmp_path):
    schedule, reports = _good_build(tmp_path)
    saved = _snapshot(reports)
    # 64 kB: the state files fit, a report's HTML (its figure embedded) does not.
    done = subprocess.run(
        [
            "sh",
            "-c",
            'ulimit -f 64 && exec "$PYTHON" -m scr_workbench build --schedule "$S" --reports-dir "$R" --force',
        ],
        capture_output=True,
        text=True,
        cwd=paths.PROJ_ROOT,
        env={**os.environ, "PYTHON": sys.executable, "S": str(schedule), "R": str(reports)},
        timeout=900,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "cannot write html/ok.html (in the reports folder): no space left (EFBIG)" in done.stderr
    _assert_nothing_lost(saved, reports)
    last = json.loads((reports / ".build" / "last-run.json").read_text(encoding="utf-8"))
    assert last["exit_status"] == 1 and last["reports"]["ok"]["status"] == "failed"
    assert "EFBIG" in last["reports"]["ok"]["message"]


@needs_mount
def test_a_read_only_html_folder_fails_fast_before_any_notebook_runs(tmp_path):
    schedule, reports = _good_build(tmp_path)
    saved = _snapshot(reports)
    executed = {p.name: p.stat().st_mtime_ns for p in (reports / "executed").iterdir()}
    script = f'mount --bind -o ro "$MNT/html" "$MNT/html" || exit 99\n{BUILD}'
    done = _in_namespace(script, MNT=str(reports), SCHEDULE=str(schedule), PYTHON=sys.executable)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "cannot write html/: not writable (EROFS" in done.stderr or "html/: not writable (EROFS" in done.stderr
    assert "nothing was built" in done.stderr and "Traceback" not in done.stderr
    assert "building" not in done.stdout  # no notebook ran
    assert {p.name: p.stat().st_mtime_ns for p in (reports / "executed").iterdir()} == executed
    _assert_nothing_lost(saved, reports)


def test_a_file_where_the_html_folder_should_be_fails_fast(tmp_path):
    # Needs no privilege and holds for root: nothing can be created inside a regular file.
    schedule, _ = _good_build(tmp_path)
    reports = tmp_path / "fresh"
    reports.mkdir()
    (reports / "html").write_text("not a folder")
    done = run_build("--schedule", str(schedule), "--reports-dir", str(reports))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "html/: not writable (E" in done.stderr and "nothing was built" in done.stderr
    assert "building" not in done.stdout and not list(reports.rglob("*.ipynb"))
    last = json.loads((reports / ".build" / "last-run.json").read_text(encoding="utf-8"))
    assert last["exit_status"] == 2 and "nothing was built" in last["error"]
