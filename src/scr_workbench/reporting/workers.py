"""The build's worker processes: a forked pool, each worker starting its next report's kernel ahead.

A kernel takes longer to start and import pandas, scipy and the package than most
notebooks here take to run. Each worker runs every report in a kernel of its own, started
while the worker's previous report ran (:class:`kernels.KernelSupply`), with the modules the
scheduled notebooks import already imported (:func:`kernel_preimports`). When a build will
surely have work (an entry never built, or ``--force``), :func:`start_pool` forks the workers
before the build plans, and each boots its first kernel while the main process checks the
notebooks' parameters and hashes the inputs. Otherwise the pool starts once the plan is
known, so a no-op build never forks or imports anything heavy.
"""

from __future__ import annotations

import ast
import concurrent.futures as cf
import json
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from scr_workbench.reporting import kernels
from scr_workbench.reporting.notebook_json import cell_source

#: Imported by the analyses inside functions (so not seen in the notebooks' imports) and
#: slow to import (0.4 s each here): a kernel started ahead imports them while it boots.
LAZY_LIBRARIES = ("scipy.stats", "statsmodels.stats.proportion")


def default_workers() -> int:
    """One worker per core this process may use.

    A worker is busy nearly all the time (its next kernel boots while a report runs), so a
    worker more than the cores mostly adds kernels competing for them: on 2 cores the cold build
    took 9.5-10.4 s with 2 workers against 10.0-11.5 s with 3 (with the kernels of an earlier
    design). ``make bench`` times both counts side by side.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, cores)


def notebook_imports(notebooks: Iterable[Path]) -> list[str]:
    """The modules the code cells of ``notebooks`` import, in first-seen order.

    Cells that are not valid Python (cell magics, a syntax error the build will report
    anyway) are skipped: a module missed here is only imported later, by the notebook.
    """
    seen: dict[str, None] = {}
    for path in notebooks:
        try:
            cells = json.loads(Path(path).read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError, AttributeError):
            continue
        for cell in cells:
            if not isinstance(cell, dict) or cell.get("cell_type") != "code":
                continue
            try:
                tree = ast.parse(cell_source(cell))
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    seen.update((alias.name, None) for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    seen[node.module] = None
    return list(seen)


def kernel_preimports(notebooks: Iterable[Path]) -> tuple[str, ...]:
    """What a kernel started ahead imports: the notebooks' imports and :data:`LAZY_LIBRARIES`."""
    return tuple(dict.fromkeys([*notebook_imports(notebooks), *LAZY_LIBRARIES]))


#: In each worker: how many of the pool's reports no worker has taken yet (shared by the pool).
_unclaimed = None


def _start_worker(parent_pid: int, inherited_fds: tuple[int, ...], boot: tuple | None, unclaimed) -> None:
    """Worker initializer: die with the build (:func:`execute.worker_initializer`), then start the first kernel.

    The kernel starts now rather than at the worker's first report. Never raises (an
    initializer that raises breaks the whole pool): a kernel that fails to start is
    discarded with its log kept, and the worker's first report starts another and reports
    that failure against itself.
    """
    from scr_workbench.reporting.execute import worker_initializer

    global _unclaimed
    _unclaimed = unclaimed
    worker_initializer(parent_pid, inherited_fds)
    if boot is None:
        return
    kernels_dir, logs_dir, cwd, preimports = boot
    try:
        kernels.supply().start(Path(kernels_dir), Path(logs_dir), str(cwd), tuple(preimports))
    except Exception:
        pass  # its log is kept (PreparedKernel); the first report starts another


def _run_pooled(job, marks: str):
    """Run one report in a worker, its mark in ``marks`` while it runs; start the next kernel ahead only
    while reports remain untaken."""
    import dataclasses

    from scr_workbench.reporting.execute import run_job

    with _unclaimed.get_lock():
        _unclaimed.value -= 1
        more = _unclaimed.value > 0
    mark = Path(marks) / job.name
    mark.touch()
    try:
        return run_job(dataclasses.replace(job, start_next=more))
    finally:
        mark.unlink(missing_ok=True)


def _ready() -> None:
    """A no-op job: submitting it makes the executor fork its workers."""


#: A report whose worker process died while it ran, and died again when it ran alone in a new worker.
DIED_ALONE = (
    "its worker process died while the report ran, and again when it ran alone in a new worker (killed, "
    "or out of memory); the reports that worker lost were run again in new workers"
)


class WorkerPool:
    """``n_workers`` forked processes that run :func:`execute.run_job`, each report in a kernel of its own."""

    def __init__(
        self,
        n_workers: int,
        boot: tuple[Path | str, Path | str, Path | str, tuple[str, ...]] | None,
        inherited_fds: tuple[int, ...] = (),
    ):
        """``boot``: (kernels folder, logs folder, working folder, preimports) of the kernel each
        worker starts at once for its first report; None for workers that leave each report's
        kernel to nbclient. ``inherited_fds`` (the build's lock) are closed in the workers."""
        from scr_workbench.reporting.execute import preload

        preload()  # imported once here; the forked workers inherit it
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self.n_workers = n_workers
        self.preimports = tuple(boot[3]) if boot is not None else ()
        self._unclaimed = context.Value("i", 0)
        # multiprocessing's children before the pool: the ones after it are its workers (public API only)
        self._children_before = set(multiprocessing.active_children())
        self._start = lambda: cf.ProcessPoolExecutor(
            max_workers=n_workers,
            mp_context=context,
            initializer=_start_worker,
            initargs=(os.getpid(), tuple(inherited_fds), boot, self._unclaimed),
        )
        self._executor = self._start()
        # each worker marks the report it runs here until it is done: after a worker dies, the marks
        # left say which reports had started (one of them killed it)
        self._marks = tempfile.mkdtemp(prefix="scr-running-")
        self._executor.submit(_ready)  # with "fork", the executor starts every worker at the first submit

    def run(self, jobs: list, on_status: Callable[[int, int], None], on_result: Callable) -> list:
        """Run ``jobs`` (longest first is the caller's order); report each result as it comes in.

        A worker that dies (killed, out of memory) breaks concurrent.futures' pool and every report
        not yet finished in it. The pool is then replaced and the lost reports run again: those that
        had started (one of them killed the worker) each alone first, the rest together. A report
        whose worker dies while it runs alone fails, and no other report with it.
        """
        from scr_workbench.reporting.execute import Result

        results, suspects, todo = [], set(), list(jobs)
        try:
            while todo:
                alone = [job for job in todo if job.name in suspects]
                batch = alone[:1] or todo
                lost, started = self._run_batch(batch, on_status, lambda r: (on_result(r), results.append(r)))
                todo = [job for job in todo if job not in batch or job in lost]
                if alone and lost:  # it died again with no other report beside it
                    todo.remove(batch[0])
                    result = Result(batch[0].name, "failed", 0.0, error=DIED_ALONE)
                    on_result(result)
                    results.append(result)
                suspects |= {job.name for job in started}
                if lost:
                    self._executor.shutdown(wait=False, cancel_futures=True)
                    self._executor = self._start()
        except BaseException:  # interrupted or terminated: end the workers now rather than wait for their reports
            self.kill()
            raise
        return results

    def _run_batch(self, jobs: list, on_status: Callable[[int, int], None], on_result: Callable):
        """Submit ``jobs`` and report their results; return the jobs a dead worker lost, and those of them that
        had started (their mark is left in the pool's folder)."""
        from scr_workbench.reporting.execute import Result

        with self._unclaimed.get_lock():
            self._unclaimed.value = len(jobs)  # nothing else is outstanding: every earlier future is done
        futures = {self._executor.submit(_run_pooled, job, self._marks): job for job in jobs}
        pending, lost = set(futures), []
        while pending:
            running = min(self.n_workers, len(pending))
            on_status(running, len(pending) - running)
            done, pending = cf.wait(pending, timeout=0.5, return_when=cf.FIRST_COMPLETED)
            for future in done:
                job = futures[future]
                try:
                    on_result(future.result())
                except BrokenProcessPool:
                    lost.append(job)
                except Exception as err:  # the job could not be sent or its result not read back
                    on_result(Result(job.name, "failed", 0.0, error=f"worker failed: {type(err).__name__}: {err}"))
        started = [job for job in lost if (Path(self._marks) / job.name).exists()]
        for job in started:
            (Path(self._marks) / job.name).unlink()
        return lost, started

    def kill(self) -> None:
        """Kill the workers (their kernels follow them) and drop the queued reports."""
        for process in self.workers():
            try:
                process.kill()
            except (OSError, ValueError):
                pass
        self._executor.shutdown(wait=False, cancel_futures=True)
        shutil.rmtree(self._marks, ignore_errors=True)

    def workers(self) -> list:
        """The pool's live worker processes: multiprocessing's children that were not there before the pool."""
        return [p for p in multiprocessing.active_children() if p not in self._children_before]

    def close(self) -> None:
        """Let the workers finish and exit; each shuts down the kernel it started ahead, if any."""
        self._executor.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self._marks, ignore_errors=True)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is not None and not issubclass(exc_type, Exception):  # Ctrl-C, SIGTERM: do not wait
            self.kill()
        else:
            self.close()


def start_pool(
    n_workers: int,
    kernels_dir: Path,
    logs_dir: Path,
    cwd: Path,
    notebooks: Iterable[Path],
    inherited_fds: tuple[int, ...] = (),
) -> WorkerPool:
    """A :class:`WorkerPool` whose kernels boot with the scheduled notebooks' imports done."""
    return WorkerPool(n_workers, (kernels_dir, logs_dir, cwd, kernel_preimports(notebooks)), inherited_fds)
