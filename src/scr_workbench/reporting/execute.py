"""Build one scheduled report: run the notebook with papermill, render it, write it atomically.

:func:`run_job` runs in a worker process of the build's pool (or in the build's
own process when only one report needs building). Everything heavy (papermill,
nbconvert, jupyter_client) is imported here, never by the no-op path.

The kernels are the build's own (:mod:`scr_workbench.reporting.kernels`): this
interpreter's, whatever kernelspec the notebook names, and a kernel of its own for
every report, started while the report before it ran (:class:`kernels.KernelSupply`).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scr_workbench.atomic import atomic_write
from scr_workbench.reporting import kernels
from scr_workbench.reporting.files import sha256_bytes, without_machine_paths, write_problem, write_whole_notebook


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to build one entry (picklable)."""

    name: str
    notebook: str
    notebook_display: str
    notebook_sha256: str
    parameters: dict[str, Any]
    parameter_rows: list[dict[str, str]]
    title: str
    fingerprint: str
    provenance: dict[str, Any]
    html_dir: str
    executed_dir: str
    logs_dir: str
    kernels_dir: str
    timeout: float | None = None
    fresh_kernel: bool = False  # a kernel nbclient starts when the report begins, rather than one started ahead
    preimports: tuple[str, ...] = ()  # what a kernel started ahead imports (reporting.workers)
    start_next: bool = False  # start the next report's kernel while this one runs (more reports to come)


@dataclass
class Result:
    name: str
    status: str  # "ok" or "failed"
    duration: float
    error: str | None = None
    html_sha256: str | None = None
    figures: int = 0
    notes: list[str] = field(default_factory=list)
    finished_at: float = field(default_factory=time.time)


#: PR_SET_PDEATHSIG from <linux/prctl.h>: the signal the kernel sends a process when its parent dies.
PR_SET_PDEATHSIG = 1
#: How often a worker checks that the build that started it is still there (the fallback to prctl).
WATCHDOG_INTERVAL = 0.5


def _die_with_parent_signal() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies (prctl PR_SET_PDEATHSIG); False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent_pid: int) -> None:
    """End this process as soon as its parent is no longer ``parent_pid`` (it died, whatever killed it)."""
    while True:
        if os.getppid() != parent_pid:
            os._exit(1)
        time.sleep(WATCHDOG_INTERVAL)


def worker_initializer(parent_pid: int, inherited_fds: tuple[int, ...] = ()) -> None:
    """Run first in each pool worker: die with the build, and let go of the build's lock.

    A worker outliving a killed build (kill -9, SIGTERM, OOM) would hold the lock file it
    inherited and keep running notebooks nobody waits for. Linux kills the worker when the
    build dies (PR_SET_PDEATHSIG); a watchdog thread checking the parent pid covers other
    systems and the moment before prctl took effect. The worker's kernels poll their own
    parent (ipykernel's parent poller) and end with it. ``inherited_fds`` (the lock file) are
    closed so the lock is free the moment the build itself is gone.
    """
    for fd in inherited_fds:
        try:
            os.close(fd)
        except OSError:
            pass
    # A worker told to stop (the build's own SIGTERM handling, or concurrent.futures ending the workers of a
    # pool that lost one) just stops: the build's handler, inherited by fork, would print a traceback.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent_signal()
    if os.getppid() != parent_pid:  # the build died before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent_pid,), name="parent-watchdog", daemon=True).start()


def preload() -> None:
    """Import the heavy modules once (before the pool forks its workers, which inherit them)."""
    from scr_workbench.reporting.deferred import defer_iri_grammar

    defer_iri_grammar()
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401

    kernels.register_engine()


def _execution_error(err: Exception, notebook: str | None = None, injected: bool = False) -> str:
    ename = getattr(err, "ename", None)
    if ename is not None:  # papermill.exceptions.PapermillExecutionError
        evalue = getattr(err, "evalue", "")
        where = researcher_cell(getattr(err, "cell_index", None), getattr(err, "exec_count", None), notebook, injected)
        return f"{where} raised {ename}: {evalue}"
    return f"{type(err).__name__}: {err}"


def researcher_cell(index: int | None, count: int | None, notebook: str | None, injected: bool) -> str:
    """Where a cell of papermill's executed copy is in the notebook the researcher has open ("cell 3").

    Counted from 1 over every cell, as in JupyterLab. papermill puts its injected-parameters cell right
    after the cell tagged "parameters" (at the top without one), so later cells sit one further on in the
    copy, and their execution counts are one higher than in the researcher's own Run All.
    """
    if index is None:
        return "a cell"
    injected_at = None
    if injected and notebook:
        import json

        cells = json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", [])
        tagged = [i for i, c in enumerate(cells) if "parameters" in c.get("metadata", {}).get("tags", [])]
        injected_at = tagged[0] + 1 if tagged else 0
    if injected_at is not None and index == injected_at:
        return "the parameters papermill injected (after the cell tagged 'parameters')"
    shift = 1 if injected_at is not None and index > injected_at else 0
    where = f"cell {index - shift + 1}"
    return where + (f" (execution count {count - shift})" if count is not None else "")


def run_job(job: Job) -> Result:
    """Execute, render and write one report. Never raises: failures come back in the Result.

    On success: ``<html_dir>/<name>.html`` and ``<executed_dir>/<name>.ipynb`` are
    replaced atomically and any ``<name>.failed.ipynb`` is removed. On failure
    the executed notebook is kept as ``<name>.failed.ipynb`` (only if it is whole: a
    write cut short by a full disk is removed) and the last good HTML is left
    untouched. Out of space and permission errors are reported with the file named.
    """
    start = time.perf_counter()
    html_path = Path(job.html_dir) / f"{job.name}.html"
    executed_dir = Path(job.executed_dir)
    good_nb = executed_dir / f"{job.name}.ipynb"
    failed_nb = executed_dir / f"{job.name}.failed.ipynb"
    running_nb = executed_dir / f".{job.name}.running.ipynb"
    log_path = Path(job.logs_dir) / f"{job.name}.kernel.log"
    writing = f"executed/{good_nb.name} (in the reports folder)"  # what a write error is about

    def failed(message: str, notes: list[str] | None = None) -> Result:
        try:
            write_whole_notebook(running_nb, failed_nb)
        except OSError:  # the disk that failed the report may fail this too: the report's error says why
            running_nb.unlink(missing_ok=True)
        return Result(
            job.name, "failed", time.perf_counter() - start, error=without_machine_paths(message), notes=notes or []
        )

    try:
        executed_dir.mkdir(parents=True, exist_ok=True)
        Path(job.logs_dir).mkdir(parents=True, exist_ok=True)
        preload()
        import papermill
        from papermill.exceptions import PapermillExecutionError

        from scr_workbench.reporting import render

        cwd = str(Path(job.notebook).parent)
        prepared = None
        try:
            if not job.fresh_kernel:  # kernels_dir, logs_dir, cwd, preimports: what the kernel is started with
                started_with = (Path(job.kernels_dir), Path(job.logs_dir), cwd, job.preimports)
                supply = kernels.supply()
                prepared = supply.take(*started_with)
                prepared.wait()
                if job.start_next:
                    supply.start(*started_with)
            km = prepared.km if prepared is not None else kernels.kernel_manager(Path(job.kernels_dir))
            with open(log_path, "wb") as kernel_log:  # a kernel started ahead logs to its own file, moved here
                nb = papermill.execute_notebook(
                    job.notebook,
                    str(running_nb),
                    parameters=job.parameters,
                    engine_name=kernels.ENGINE_NAME,
                    kernel_name=kernels.KERNEL_NAME,
                    language="python",
                    cwd=cwd,
                    progress_bar=False,
                    log_output=False,
                    request_save_on_cell_execute=False,
                    execution_timeout=job.timeout,
                    km=km,
                    kernel_log=kernel_log,
                    # The outputs are in once the last cell ends: kill the kernel
                    # rather than wait for a graceful shutdown (~0.4 s a report).
                    shutdown_kernel="immediate",
                )
        except PapermillExecutionError as err:
            return failed(_execution_error(err, job.notebook, bool(job.parameters)))
        except Exception as err:  # kernel died, timeout, unreadable notebook, disk full
            problem = write_problem(err, writing)
            if problem:
                return failed(problem)
            return failed(_execution_error(err) + f" (kernel log: .build/logs/{log_path.name} in the reports folder)")
        finally:
            if prepared is not None:  # used once: shut down, its log becomes this report's
                prepared.finish(into=log_path)

        html, problems, counts = render.render_report(
            nb,
            {
                "name": job.name,
                "title": job.title,
                "parameters": job.parameter_rows,
                "notebook": job.notebook_display,
                "notebook_sha256": job.notebook_sha256,
                "fingerprint": job.fingerprint,
                "provenance": job.provenance,
            },
        )
        if problems:
            return failed("; ".join(problems))
        data = html.encode("utf-8")
        writing = f"html/{html_path.name} (in the reports folder)"
        atomic_write(html_path, data)
        writing = f"executed/{good_nb.name} (in the reports folder)"
        if not write_whole_notebook(running_nb, good_nb):  # papermill wrote it when the run ended
            atomic_write(good_nb, json.dumps(nb, ensure_ascii=False, indent=1) + "\n")
        if failed_nb.exists():
            failed_nb.unlink()
        notes = []
        if counts["stderr_outputs"]:
            notes.append(
                f"{counts['stderr_outputs']} output(s) on stderr (warnings) left out of the HTML; see {good_nb}"
            )
        return Result(
            job.name,
            "ok",
            time.perf_counter() - start,
            html_sha256=sha256_bytes(data),
            figures=counts["figures"],
            notes=notes,
        )
    except Exception as err:  # a full disk, a read-only folder, or a bug in the build itself
        problem = write_problem(err, writing)
        if problem:
            return failed(problem)
        detail = traceback.format_exc(limit=-3)
        return failed(f"build error {type(err).__name__}: {err}\n{detail}")
