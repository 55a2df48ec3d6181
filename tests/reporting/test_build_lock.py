"""One build per reports folder: a live holder refuses, a dead one's lock is taken over with a message."""

from __future__ import annotations

import subprocess
import sys

import pytest

from scr_workbench.reporting.build_lock import BuildLocked, exclusive, pid_alive, recorded_pid


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_pid_alive_tells_the_living_from_the_dead():
    import os

    assert pid_alive(os.getpid())
    assert not pid_alive(_dead_pid())


def test_the_lock_records_its_holder_and_forgets_it_at_a_clean_end(tmp_path):
    import os

    with exclusive(tmp_path, tmp_path):
        assert recorded_pid(tmp_path / "lock") == os.getpid()
    assert recorded_pid(tmp_path / "lock") is None


def test_a_live_build_keeps_its_lock(tmp_path):
    import os

    with exclusive(tmp_path, tmp_path):
        with pytest.raises(BuildLocked, match=rf"another build \(pid {os.getpid()}\) is running"):
            with exclusive(tmp_path, tmp_path):
                pass


def test_a_lock_held_for_a_dead_build_is_taken_over(tmp_path):
    # A leftover process (as the pool workers of a killed build were) holds the flock; the build it
    # belonged to, whose pid the file records, is dead.
    lock = tmp_path / "lock"
    dead = _dead_pid()
    lock.write_text(f"{dead}\n")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import fcntl, sys, time; f = open({str(lock)!r}, 'a'); fcntl.flock(f, fcntl.LOCK_EX); "
            "print('held', flush=True); time.sleep(120)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        said = []
        with exclusive(tmp_path, tmp_path, say=said.append):
            pass
        assert said == [
            f"took over the lock of build pid {dead}, which is no longer running but left processes holding it"
        ]
    finally:
        holder.kill()
        holder.wait()


def test_a_killed_build_is_reported_by_the_next(tmp_path):
    dead = _dead_pid()
    (tmp_path / "lock").write_text(f"{dead}\n")
    said = []
    with exclusive(tmp_path, tmp_path, say=said.append):
        pass
    assert said == [f"the last build (pid {dead}) did not finish (killed?); its unfinished reports build again"]
