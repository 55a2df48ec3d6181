"""One build at a time per reports folder: ``<reports>/.build/lock``, with a stale lock taken over.

The lock is an ``flock`` on the file, which the system releases when every process holding
it has ended; the file also records the holder's pid. A build that finds the lock held
while the recorded holder is dead (leftover workers of a build killed under an older
version, or any process that inherited the file) takes it over: it replaces the lock file
with a new one and says so. A pid recorded by a build that did not end cleanly (killed)
is reported too.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


class BuildLocked(Exception):
    """Another build is writing to the same reports folder."""


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid exists (a zombie counts as ended)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, owned by someone else
        return True
    try:  # Linux: a zombie has ended but not yet been reaped
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return True


def recorded_pid(path: Path) -> int | None:
    """The pid written in a lock file, or None when there is none."""
    try:
        text = Path(path).read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _try_lock(handle: BinaryIO) -> bool:
    import fcntl

    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


@contextmanager
def exclusive(state_dir: Path, reports_dir: Path, say=print) -> Iterator[int | None]:
    """Hold ``<state_dir>/lock`` for the build; yield the lock file's descriptor (None off POSIX).

    Raises :class:`BuildLocked` when a live build holds it. ``say`` receives the message
    when a stale lock is taken over.
    """
    state_dir.mkdir(parents=True, exist_ok=True)
    path = state_dir / "lock"
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        yield None
        return
    # "a+": opening must not erase the holder's pid; unbuffered: nothing left to flush (and fail) at close.
    handle = open(path, "a+b", buffering=0)
    try:
        holder = recorded_pid(path)
        if not _try_lock(handle):
            if holder is None or pid_alive(holder):
                who = f" (pid {holder})" if holder else ""
                raise BuildLocked(f"another build{who} is running in {reports_dir}; try again when it ends")
            # The recorded build is dead, yet something still holds its lock: take a new lock file.
            handle.close()
            path.unlink(missing_ok=True)
            handle = open(path, "a+b", buffering=0)
            if not _try_lock(handle):
                raise BuildLocked(f"another build is running in {reports_dir}; try again when it ends")
            say(f"took over the lock of build pid {holder}, which is no longer running but left processes holding it")
        elif holder is not None and holder != os.getpid() and not pid_alive(holder):
            say(f"the last build (pid {holder}) did not finish (killed?); its unfinished reports build again")
        try:  # the holder's pid, for the next build to check (a full disk only loses this note)
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()}\n".encode("ascii"))
        except OSError:
            pass
        try:
            yield handle.fileno()
        finally:
            try:  # a clean end: no pid left for the next build to wonder about
                handle.truncate(0)
            except OSError:
                pass
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()
