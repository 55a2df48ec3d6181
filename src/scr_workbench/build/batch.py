"""Build the out-of-date reports: one by one, or in a pool of workers that die with the build.

:func:`build_todo` turns each plan into a :class:`~scr_workbench.build.execute.Job`, runs them
(:func:`run_jobs`) and records every result in the report's state file, so a report that failed
keeps its last good HTML and builds again next time. A state file that cannot be written (disk
full) is named in :attr:`Summary.problems`; the last good one stays.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from scr_workbench import paths
from scr_workbench.build.files import relative, write_json, write_problem
from scr_workbench.build.planning import Layout, Plan
from scr_workbench.build.progress import Progress, say


@dataclass
class Summary:
    """What a build did, entry by entry."""

    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    durations: dict[str, float] = field(default_factory=dict)
    planned: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    #: Outputs other than a report that could not be written (index, state), each with why.
    problems: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed or self.problems else 0


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def run_jobs(jobs_to_run: list, n_workers: int, progress: Progress, inherited_fds: tuple[int, ...] = ()) -> list:
    from scr_workbench.build.execute import Result, preload, run_job, worker_initializer

    results = []
    if n_workers <= 1 or len(jobs_to_run) <= 1:
        from scr_workbench.build.kernels import discard_warm_kernel

        try:
            for i, job in enumerate(jobs_to_run):
                progress.status(1, len(jobs_to_run) - i - 1, [f"building {job.name}"])
                result = run_job(job)
                progress.finished(result)
                results.append(result)
        finally:
            discard_warm_kernel()
        return results

    import concurrent.futures as cf
    import multiprocessing

    preload()  # the forked workers inherit the imports
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = cf.ProcessPoolExecutor(
        max_workers=n_workers,
        mp_context=context,
        initializer=worker_initializer,
        initargs=(os.getpid(), inherited_fds),
    )
    try:
        futures = {pool.submit(run_job, job): job for job in jobs_to_run}
        pending = set(futures)
        while pending:
            running = min(n_workers, len(pending))
            progress.status(running, len(pending) - running)
            done, pending = cf.wait(pending, timeout=0.5, return_when=cf.FIRST_COMPLETED)
            for future in done:
                job = futures[future]
                try:
                    result = future.result()
                except Exception as err:  # a worker died (BrokenProcessPool...)
                    result = Result(job.name, "failed", 0.0, error=f"worker failed: {type(err).__name__}: {err}")
                progress.finished(result)
                results.append(result)
    except BaseException:  # interrupted or terminated: end the workers now rather than wait for their reports
        end_workers(pool)
        raise
    pool.shutdown(wait=True)
    return results


def end_workers(pool) -> None:
    """Kill a pool's workers (their kernels follow them) and drop the queued reports."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            process.kill()
        except (OSError, ValueError):
            pass
    pool.shutdown(wait=False, cancel_futures=True)


def build_todo(
    todo: list[Plan],
    n_plans: int,
    layout: Layout,
    data: dict[str, str],
    data_dirs: list[Path] | None,
    jobs: int | None,
    timeout: float | None,
    summary: Summary,
    out: TextIO,
    live: bool | None,
    fresh_kernels: bool = False,
    inherited_fds: tuple[int, ...] = (),
) -> None:
    """Run the out-of-date entries and record each result in its state file."""
    from scr_workbench.build import provenance
    from scr_workbench.build.execute import Job
    from scr_workbench.build.kernels import write_kernelspec
    from scr_workbench.cache import ENV_CACHE_DIR

    data_paths = list(data_dirs) if data_dirs is not None else paths.data_inputs()
    # Longest first (by the last recorded duration) keeps both workers busy to the end.
    todo = sorted(todo, key=lambda p: -float((p.state.get("last_attempt") or {}).get("duration") or 0))
    job_list = [
        Job(
            name=p.entry.name,
            notebook=str(p.entry.notebook),
            notebook_display=relative(p.entry.notebook),
            notebook_sha256=p.notebook_sha256,
            parameters=p.entry.parameters,
            parameter_rows=p.parameter_rows,
            title=p.title,
            fingerprint=p.fingerprint,
            provenance=provenance.provenance(
                data, provenance.git_state([p.entry.notebook, *data_paths, provenance.PACKAGE_DIR])
            ),
            html_dir=str(layout.html_dir),
            executed_dir=str(layout.executed_dir),
            logs_dir=str(layout.logs_dir),
            kernels_dir=str(layout.kernels_dir),
            timeout=timeout,
            fresh_kernel=fresh_kernels,
        )
        for p in todo
    ]
    try:
        write_kernelspec(layout.kernels_dir, {ENV_CACHE_DIR: os.environ.get(ENV_CACHE_DIR) or str(layout.cache_dir)})
    except OSError as err:  # no kernel can start: every report fails with the reason, nothing else is touched
        problem = write_problem(err, ".build/kernels/ (in the reports folder)") or f".build/kernels/: {err}"
        summary.failed.update({p.entry.name: problem for p in todo})
        return
    n_workers = min(jobs or default_jobs(), len(job_list))
    say(
        out,
        f"building {len(job_list)} of {n_plans} report(s) with {n_workers} worker(s)"
        + (f"; {len(summary.skipped)} up to date" if summary.skipped else ""),
    )
    for p in todo:
        say(out, f"  {p.entry.name}: {'; '.join(p.reasons)}")
    progress = Progress(out, len(job_list), live)
    try:
        results = run_jobs(job_list, n_workers, progress, inherited_fds)
    finally:
        progress.close()
    by_name = {p.entry.name: p for p in todo}
    fixed_time = provenance.source_date_epoch()
    for result in results:
        plan = by_name[result.name]
        when = fixed_time if fixed_time is not None else result.finished_at
        state = {**plan.state, "name": result.name}
        state["last_attempt"] = {
            "status": result.status,
            "at": when,
            "duration": round(result.duration, 2),
            "fingerprint": plan.fingerprint,
            "error": result.error,
        }
        if result.status == "ok":
            state["last_good"] = {
                "fingerprint": plan.fingerprint,
                "built_at": when,
                "html_sha256": result.html_sha256,
                "figures": result.figures,
                "inputs": plan.inputs,
            }
            summary.built.append(result.name)
        else:
            summary.failed[result.name] = result.error or "failed"
        summary.durations[result.name] = result.duration
        plan.state = state
        try:
            write_json(layout.entries_dir / f"{result.name}.json", state)
        except OSError as err:  # the last good state stays; the report builds again next time
            where = f".build/entries/{result.name}.json"
            summary.problems.append(write_problem(err, where) or f"{where}: {err}")
