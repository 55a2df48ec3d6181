"""The build's worker processes: a forked pool, each worker with one warm kernel.

A kernel takes longer to start and import pandas, scipy and the package than most
notebooks here take to run. When a build will surely have work (an entry never
built, or ``--force``), :func:`start_pool` forks the workers before the build plans,
and each worker boots its kernel, with the modules the scheduled notebooks import
already imported (:func:`kernel_preimports`), while the main process checks the
notebooks' parameters and hashes the inputs: the two overlap instead of queueing.
Otherwise the pool starts once the plan is known, as before, so a no-op build
never forks or imports anything heavy.
"""

from __future__ import annotations

import ast
import concurrent.futures as cf
import json
import multiprocessing
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from scr_workbench.reporting import kernels
from scr_workbench.reporting.notebook_json import cell_source

#: Imported by the analyses inside functions (so not seen in the notebooks' imports) and
#: slow to import (0.4 s each here): a warm kernel imports them while it boots.
LAZY_LIBRARIES = ("scipy.stats", "statsmodels.stats.proportion")


def default_workers() -> int:
    """One worker per core this process may use.

    A worker's kernel is busy nearly all the time now that a notebook starts as soon as the
    kernel is ready (:mod:`scr_workbench.reporting.ready`) and a reset takes 30 ms, so a worker
    more than the cores mostly adds a kernel to boot: on 2 cores the cold build took 9.5-10.4 s
    with 2 workers against 10.0-11.5 s with 3. ``make bench`` times both counts side by side.
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
    """What a warm kernel imports while it boots: the notebooks' imports and :data:`LAZY_LIBRARIES`."""
    return tuple(dict.fromkeys([*notebook_imports(notebooks), *LAZY_LIBRARIES]))


def _start_worker(parent_pid: int, inherited_fds: tuple[int, ...], boot: tuple | None) -> None:
    """Worker initializer: die with the build (:func:`execute.worker_initializer`), then boot the warm kernel.

    The kernel starts now rather than at the worker's first report. Never raises (an
    initializer that raises breaks the whole pool): a kernel that fails to start is
    discarded with its log kept, and the worker's first report starts another and reports
    that failure against itself.
    """
    from scr_workbench.reporting.execute import worker_initializer

    worker_initializer(parent_pid, inherited_fds)
    if boot is None:
        return
    kernels_dir, logs_dir, cwd, preimports = boot
    try:
        kernels.warm_kernel(Path(kernels_dir), Path(logs_dir), tuple(preimports)).prepare(str(cwd))
    except Exception:
        kernels.discard_warm_kernel(keep_log=True)


def _ready() -> None:
    """A no-op job: submitting it makes the executor fork its workers."""


class WorkerPool:
    """``n_workers`` forked processes that run :func:`execute.run_job`, each with a warm kernel."""

    def __init__(
        self,
        n_workers: int,
        boot: tuple[Path | str, Path | str, Path | str, tuple[str, ...]] | None,
        inherited_fds: tuple[int, ...] = (),
    ):
        """``boot``: (kernels folder, logs folder, working folder, preimports) of the warm kernel
        each worker starts at once; None for workers that run each report in a fresh kernel.
        ``inherited_fds`` (the build's lock) are closed in the workers."""
        from scr_workbench.reporting.execute import preload

        preload()  # imported once here; the forked workers inherit it
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self.n_workers = n_workers
        self._executor = cf.ProcessPoolExecutor(
            max_workers=n_workers,
            mp_context=context,
            initializer=_start_worker,
            initargs=(os.getpid(), tuple(inherited_fds), boot),
        )
        self._executor.submit(_ready)  # with "fork", the executor starts every worker at the first submit

    def run(self, jobs: list, on_status: Callable[[int, int], None], on_result: Callable) -> list:
        """Run ``jobs`` (longest first is the caller's order); report each result as it comes in."""
        from scr_workbench.reporting.execute import Result, run_job

        results = []
        try:
            futures = {self._executor.submit(run_job, job): job for job in jobs}
            pending = set(futures)
            while pending:
                running = min(self.n_workers, len(pending))
                on_status(running, len(pending) - running)
                done, pending = cf.wait(pending, timeout=0.5, return_when=cf.FIRST_COMPLETED)
                for future in done:
                    job = futures[future]
                    try:
                        result = future.result()
                    except Exception as err:  # a worker died (BrokenProcessPool...)
                        result = Result(job.name, "failed", 0.0, error=f"worker failed: {type(err).__name__}: {err}")
                    on_result(result)
                    results.append(result)
        except BaseException:  # interrupted or terminated: end the workers now rather than wait for their reports
            self.kill()
            raise
        return results

    def kill(self) -> None:
        """Kill the workers (their kernels follow them) and drop the queued reports."""
        for process in list((getattr(self._executor, "_processes", None) or {}).values()):
            try:
                process.kill()
            except (OSError, ValueError):
                pass
        self._executor.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Let the workers finish and exit; each shuts its kernel down as it ends."""
        self._executor.shutdown(wait=True, cancel_futures=True)

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
