"""Build the out-of-date reports: one by one, or in a pool of workers that die with the build.

:func:`build_todo` turns each plan into a :class:`~scr_workbench.reporting.execute.Job`, runs them
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
from scr_workbench.reporting.files import relative, write_json, write_problem
from scr_workbench.reporting.planning import Layout, Plan
from scr_workbench.reporting.progress import Progress, say


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
    """How many workers a build uses unless ``--jobs`` says (see :func:`workers.default_workers`)."""
    from scr_workbench.reporting.workers import default_workers

    return default_workers()


def write_build_kernelspec(layout: Layout, publication: bool = False) -> None:
    """The kernelspec the build's kernels start from: this interpreter, the result cache, the publication switch."""
    from scr_workbench.cache import ENV_CACHE_DIR
    from scr_workbench.reporting.kernels import write_kernelspec
    from scr_workbench.reporting.publication import kernel_environment

    write_kernelspec(
        layout.kernels_dir,
        {ENV_CACHE_DIR: os.environ.get(ENV_CACHE_DIR) or str(layout.cache_dir), **kernel_environment(publication)},
    )


def early_pool(schedule, selected: set[str], layout: Layout, force: bool, jobs: int | None, publication: bool, fds=()):
    """Workers forked before planning when the build surely has work, so their kernels boot meanwhile.

    Surely: ``--force``, or a selected entry that was never built. None otherwise (the pool then
    starts after planning, if there is anything to build), and None when the kernelspec cannot
    be written (the build then reports that against every report).
    """
    never_built = [n for n in selected if not (layout.entries_dir / f"{n}.json").is_file()]
    n_workers = min(jobs or default_jobs(), len(selected) if force else len(never_built))
    if n_workers <= 1:
        return None
    from scr_workbench.reporting import workers

    try:
        write_build_kernelspec(layout, publication)
    except OSError:
        return None
    notebooks = [e.notebook for e in schedule.entries if e.name in selected]
    cwd = Path(notebooks[0]).parent  # the first report's folder: its kernel starts there
    return workers.start_pool(n_workers, layout.kernels_dir, layout.logs_dir, cwd, notebooks, fds)


def run_jobs(
    jobs_to_run: list, n_workers: int, progress: Progress, inherited_fds: tuple[int, ...] = (), pool=None
) -> list:
    """Run the jobs: in ``pool`` when one was started early, else in a new pool, or here for one worker."""
    from scr_workbench.reporting.execute import run_job

    results = []
    if pool is None and (n_workers <= 1 or len(jobs_to_run) <= 1):
        import dataclasses

        from scr_workbench.reporting.kernels import close_supply

        try:
            for i, job in enumerate(jobs_to_run):
                progress.status(1, len(jobs_to_run) - i - 1, [f"building {job.name}"])
                result = run_job(dataclasses.replace(job, start_next=i + 1 < len(jobs_to_run)))
                progress.finished(result)
                results.append(result)
        finally:
            close_supply()
        return results

    if pool is not None:
        return pool.run(jobs_to_run, progress.status, progress.finished)
    from scr_workbench.reporting.workers import WorkerPool

    first = jobs_to_run[0]
    cwd = Path(first.notebook).parent  # a kernel starts in its notebook's folder, as nbclient starts it
    boot = None if first.fresh_kernel else (first.kernels_dir, first.logs_dir, cwd, first.preimports)
    with WorkerPool(n_workers, boot, inherited_fds) as started:
        return started.run(jobs_to_run, progress.status, progress.finished)


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
    pool=None,
    publication: bool = False,
) -> None:
    """Run the out-of-date entries (in ``pool`` if one was started early); record each result in its state file."""
    from scr_workbench.reporting import provenance
    from scr_workbench.reporting.execute import Job
    from scr_workbench.reporting.workers import kernel_preimports

    data_paths = list(data_dirs) if data_dirs is not None else paths.data_inputs()
    # Longest first (by the last recorded duration) keeps both workers busy to the end.
    todo = sorted(todo, key=lambda p: -float((p.state.get("last_attempt") or {}).get("duration") or 0))
    if fresh_kernels:
        preimports = ()
    elif pool is not None:  # what the pool's first kernels were started with, so that they are used
        preimports = pool.preimports
    else:
        preimports = kernel_preimports(sorted({p.entry.notebook for p in todo}))
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
            preimports=preimports,
        )
        for p in todo
    ]
    try:
        write_build_kernelspec(layout, publication)
    except OSError as err:  # no kernel can start: every report fails with the reason, nothing else is touched
        problem = write_problem(err, ".build/kernels/ (in the reports folder)") or f".build/kernels/: {err}"
        summary.failed.update({p.entry.name: problem for p in todo})
        return
    n_workers = pool.n_workers if pool is not None else min(jobs or default_jobs(), len(job_list))
    say(
        out,
        f"building {len(job_list)} of {n_plans} report(s) with {n_workers} worker(s)"
        + (f"; {len(summary.skipped)} up to date" if summary.skipped else ""),
    )
    for p in todo:
        say(out, f"  {p.entry.name}: {'; '.join(p.reasons)}")
    progress = Progress(out, len(job_list), live)
    try:
        results = run_jobs(job_list, n_workers, progress, inherited_fds, pool)
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
