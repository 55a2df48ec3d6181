"""Running the out-of-date reports: the summary's exit status, the pool's workers and their lifetime."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

from scr_workbench.reporting.batch import Summary, default_jobs
from scr_workbench.reporting.build_lock import pid_alive


def test_exit_status_follows_failures_and_unwritten_outputs():
    assert Summary(built=["a"]).exit_code == 0
    assert Summary(failed={"a": "boom"}).exit_code == 1
    assert Summary(built=["a"], problems=["cannot write html/index.html: no space left (ENOSPC)"]).exit_code == 1


def test_default_jobs_is_one_per_usable_core():
    import os

    assert default_jobs() == len(os.sched_getaffinity(0))


def test_a_pool_worker_dies_with_a_killed_parent():
    # A parent process starts a pool whose worker records its pid, then kills itself with SIGKILL.
    script = textwrap.dedent(
        """
        import concurrent.futures as cf, multiprocessing, os, signal, sys, time
        from scr_workbench.reporting.execute import worker_initializer

        pool = cf.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"),
                                      initializer=worker_initializer, initargs=(os.getpid(), ()))
        print(pool.submit(os.getpid).result(), flush=True)
        pool.submit(time.sleep, 600)
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    worker = int(done.stdout.split()[0])
    assert done.returncode == -9
    deadline = time.monotonic() + 60  # against hanging, not a timing assertion
    while pid_alive(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not pid_alive(worker), "the pool worker outlived its killed parent"
