"""``python -m scr_workbench build``: build the scheduled reports into reviewer HTML.

Steps, in order:

1. Read ``reports/schedule.yml`` and check it (:mod:`scr_workbench.build.schedule`):
   every problem is printed and the build stops (exit 2) before any notebook runs.
2. Work out each entry's input fingerprint (:mod:`scr_workbench.build.planning`,
   :mod:`scr_workbench.build.provenance`): the notebook's bytes, the entry, data/dataset.yml, data/raw and
   data/curated, the package's code and templates, and the versions shown in the
   footer. An entry whose fingerprint matches its last good build, and whose HTML
   is still the one that build wrote, is skipped; otherwise the build says why.
3. Build the rest with papermill and nbconvert in-process, in a process pool
   (:mod:`scr_workbench.build.execute`, :mod:`scr_workbench.build.render`), writing
   ``<reports>/html/<name>.html``. Each worker keeps one kernel warm across its
   reports, reset between them (:mod:`scr_workbench.build.kernels`);
   ``--fresh-kernels`` starts one per report instead.
4. Write ``<reports>/html/index.html`` from the recorded state of every entry.

Exit status: 0 when every selected report is built or up to date, 1 when any
failed (the others are still built; a failed report keeps its last good HTML),
2 when the schedule or the options are wrong (nothing runs).

Time and reproducibility: a report's HTML contains no wall-clock time, so two
builds from the same inputs are byte-identical. Its footer names the latest git
commit that changed the report's inputs (notebook, data, package), so commits
elsewhere do not change it, and gives as build time ``SOURCE_DATE_EPOCH`` when
that is set, else that commit's time, saying which. The wall-clock time of each
build is kept in the state files (``<reports>/.build/entries/<name>.json``) and
shown in index.html, which is therefore byte-identical across builds only when
``SOURCE_DATE_EPOCH`` is set (then it is the time recorded).

The state is in ``<reports>/.build`` and executed notebooks in
``<reports>/executed``; ``<reports>`` is ``reports/`` unless ``--reports-dir`` or
the ``SCR_REPORTS_DIR`` environment variable says otherwise.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from scr_workbench import paths
from scr_workbench.build.files import relative, write_json
from scr_workbench.build.planning import ENV_REPORTS_DIR, Layout, Plan, plan_build
from scr_workbench.build.progress import Progress, say
from scr_workbench.build.schedule import ScheduleError

__all__ = ["build_command", "run_build", "Layout", "plan_build", "Progress", "Summary", "BuildLocked"]

DEFAULT_SCHEDULE = paths.REPORTS_DIR / "schedule.yml"


@dataclass
class Summary:
    """What a build did, entry by entry."""

    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    durations: dict[str, float] = field(default_factory=dict)
    planned: list[str] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def default_jobs() -> int:
    """How many workers a build uses unless ``--jobs`` says (see :func:`workers.default_workers`)."""
    from scr_workbench.build.workers import default_workers

    return default_workers()


def _write_kernelspec(layout: Layout, publication: bool) -> None:
    from scr_workbench.build.kernels import write_kernelspec
    from scr_workbench.build.publication import kernel_environment
    from scr_workbench.cache import ENV_CACHE_DIR

    write_kernelspec(
        layout.kernels_dir,
        {ENV_CACHE_DIR: os.environ.get(ENV_CACHE_DIR) or str(layout.cache_dir), **kernel_environment(publication)},
    )


def _early_pool(schedule, selected: set[str], layout: Layout, force: bool, jobs: int | None, publication: bool):
    """Workers forked before planning when the build surely has work, so kernels boot meanwhile.

    Surely: ``--force``, or a selected entry that was never built. None otherwise (the pool
    then starts after planning, if there is anything to build).
    """
    never_built = [n for n in selected if not (layout.entries_dir / f"{n}.json").is_file()]
    n_workers = min(jobs or default_jobs(), len(selected) if force else len(never_built))
    if n_workers <= 1:
        return None
    from scr_workbench.build import workers

    _write_kernelspec(layout, publication)
    notebooks = [e.notebook for e in schedule.entries if e.name in selected]
    return workers.start_pool(n_workers, layout.kernels_dir, layout.logs_dir, schedule.notebooks_dir, notebooks)


def _run_jobs(jobs_to_run: list, n_workers: int, progress: Progress, pool=None) -> list:
    from scr_workbench.build.execute import run_job

    results = []
    if pool is None and (n_workers <= 1 or len(jobs_to_run) <= 1):
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

    if pool is not None:
        return pool.run(jobs_to_run, progress.status, progress.finished)
    from scr_workbench.build.workers import WorkerPool

    first = jobs_to_run[0]
    boot = None if first.fresh_kernel else (first.kernels_dir, first.logs_dir, paths.PROJ_ROOT, first.preimports)
    with WorkerPool(n_workers, boot) as started:
        return started.run(jobs_to_run, progress.status, progress.finished)


def retire_orphans(layout: Layout, scheduled: set[str]) -> list[str]:
    """Move the HTML of reports no longer scheduled out of the published folder; return their names.

    A removed entry's page would otherwise stay beside the others, unlisted and never rebuilt. It
    goes to ``<reports>/orphaned/`` (outside ``html/``), and its build state is forgotten, so the
    entry builds afresh if it comes back.
    """
    names = sorted(
        path.stem for path in layout.html_dir.glob("*.html") if path.stem != "index" and path.stem not in scheduled
    )
    for name in names:
        layout.orphaned_dir.mkdir(parents=True, exist_ok=True)
        os.replace(layout.html_dir / f"{name}.html", layout.orphaned_dir / f"{name}.html")
        (layout.entries_dir / f"{name}.json").unlink(missing_ok=True)
    return names


class BuildLocked(Exception):
    """Another build is writing to the same reports folder."""


@contextmanager
def _exclusive(layout: Layout):
    """Hold ``<reports>/.build/lock`` for the build (two builds must not share a state folder)."""
    layout.state_dir.mkdir(parents=True, exist_ok=True)
    with open(layout.state_dir / "lock", "w") as handle:
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock
            yield
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise BuildLocked(f"another build is running in {layout.reports_dir}; try again when it ends") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def run_build(
    schedule_path: Path | str | None = None,
    *,
    only: list[str] | None = None,
    force: bool = False,
    jobs: int | None = None,
    reports_dir: Path | str | None = None,
    timeout: float | None = None,
    dry_run: bool = False,
    data_dirs: list[Path] | None = None,
    stdout: TextIO | None = None,
    live: bool | None = None,
    fresh_kernels: bool = False,
    publication: bool = False,
) -> Summary:
    """Build the schedule; see the module docstring (``publication``: :mod:`scr_workbench.build.publication`).

    Raises ScheduleError for a bad schedule (before anything runs) and
    BuildLocked when another build holds the same reports folder.
    """
    from scr_workbench.build.schedule import load_schedule

    out = stdout or sys.stdout
    started = time.perf_counter()
    if publication:
        from scr_workbench.build.publication import publication_defaults

        schedule_path, reports_dir = publication_defaults(schedule_path, reports_dir)
    layout = Layout.resolve(reports_dir)
    schedule = load_schedule(Path(schedule_path or DEFAULT_SCHEDULE))
    if publication:
        from scr_workbench.build.publication import check_publishable

        check_publishable(schedule.entries)
    selected = {e.name for e in schedule.select(only)}
    with nullcontext() if dry_run else _exclusive(layout), ExitStack() as workers:
        pool = None
        if not dry_run and not fresh_kernels:
            pool = _early_pool(schedule, selected, layout, force, jobs, publication)
            if pool is not None:
                workers.enter_context(pool)
        plans, data = plan_build(schedule, layout, force=force, data_dirs=data_dirs)
        summary = Summary()
        todo = [p for p in plans if p.entry.name in selected and not p.up_to_date]
        summary.skipped = [p.entry.name for p in plans if p.entry.name in selected and p.up_to_date]
        summary.planned = [p.entry.name for p in todo]
        if dry_run:
            for p in plans:
                state = (
                    "up to date"
                    if p.up_to_date
                    else (f"would build ({'; '.join(p.reasons)})" if p.entry.name in selected else "not selected")
                )
                say(out, f"{p.entry.name:24} {state}")
            return summary

        for p in plans:
            stale_failure = layout.executed_dir / f"{p.entry.name}.failed.ipynb"
            if p.up_to_date and p.entry.name in selected and stale_failure.exists():
                stale_failure.unlink()  # a failure of inputs that have since been reverted
        if todo:
            _build_todo(
                todo,
                len(plans),
                layout,
                data,
                data_dirs,
                jobs,
                timeout,
                summary,
                out,
                live,
                fresh_kernels,
                pool,
                publication,
            )
        from scr_workbench.build.render import write_index

        write_index(plans, layout)
        orphaned = retire_orphans(layout, {p.entry.name for p in plans})
        if orphaned:
            say(
                out,
                f"moved {len(orphaned)} report(s) no longer in the schedule to "
                f"{relative(layout.orphaned_dir)}/: {', '.join(orphaned)}",
            )

    summary.elapsed = time.perf_counter() - started
    built, failed = len(summary.built), len(summary.failed)
    say(
        out,
        f"{built} built, {len(summary.skipped)} up to date, {failed} failed "
        f"in {summary.elapsed:.1f} s -> {layout.html_dir / 'index.html'}",
    )
    for name, error in summary.failed.items():
        first = error.splitlines()[0] if error else "failed"
        say(sys.stderr, f"error: report {name!r} failed: {first}")
    return summary


def _build_todo(
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
    pool=None,
    publication: bool = False,
) -> None:
    """Run the out-of-date entries (in ``pool`` if one was started early); record each result."""
    from scr_workbench.build import provenance
    from scr_workbench.build.execute import Job
    from scr_workbench.build.workers import kernel_preimports

    data_paths = list(data_dirs) if data_dirs is not None else paths.data_inputs()
    # Longest first (by the last recorded duration) keeps both workers busy to the end.
    todo = sorted(todo, key=lambda p: -float((p.state.get("last_attempt") or {}).get("duration") or 0))
    preimports = () if fresh_kernels else kernel_preimports(sorted({p.entry.notebook for p in todo}))
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
    _write_kernelspec(layout, publication)
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
        results = _run_jobs(job_list, n_workers, progress, pool)
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
        write_json(layout.entries_dir / f"{result.name}.json", state)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {value}")
    return value


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m scr_workbench build",
        description="Build the scheduled reports into offline, accessible HTML (incremental, parallel).",
        epilog="Exit status: 0 all built or up to date; 1 a report failed; 2 bad schedule or options.",
    )
    p.add_argument(
        "--jobs",
        "-j",
        type=_positive_int,
        default=None,
        help=f"reports built at once (default: one more than the cores, {default_jobs()})",
    )
    p.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="build only this entry (repeatable); the index still lists every entry",
    )
    p.add_argument("--force", action="store_true", help="rebuild even the reports that are up to date")
    p.add_argument(
        "--schedule",
        type=Path,
        default=None,
        metavar="FILE",
        help=f"schedule file (default: {relative(DEFAULT_SCHEDULE)}; with --publication reports/publication.yml)",
    )
    p.add_argument(
        "--publication",
        action="store_true",
        help="build the publication site into reports/publication/ (or --reports-dir): reports/publication.yml, "
        "every page with counts 1 to 4 suppressed",
    )
    p.add_argument(
        "--reports-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help=f"write html/, executed/ and .build/ under DIR (default: ${ENV_REPORTS_DIR} or reports/)",
    )
    p.add_argument(
        "--timeout",
        type=_positive_float,
        default=None,
        metavar="SECONDS",
        help="fail a report whose cell runs longer than this (default: no limit)",
    )
    p.add_argument(
        "--fresh-kernels",
        action="store_true",
        help="start a kernel for each report instead of reusing one per worker (slower; the same HTML)",
    )
    p.add_argument(
        "--dry-run", action="store_true", help="check the schedule and list what would be built, without building"
    )
    return p


def build_command(argv: list[str]) -> int:
    """Entry point for ``python -m scr_workbench build [options]``; returns the exit status."""
    from scr_workbench.build.publication import NotAPublicationSchedule

    args = parser().parse_args(argv)
    try:
        summary = run_build(
            args.schedule,
            only=args.only,
            force=args.force,
            jobs=args.jobs,
            reports_dir=args.reports_dir,
            timeout=args.timeout,
            dry_run=args.dry_run,
            fresh_kernels=args.fresh_kernels,
            publication=args.publication,
        )
    except NotAPublicationSchedule as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except ScheduleError as err:
        print(f"error: {err.format()}", file=sys.stderr)
        return 2
    except BuildLocked as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return summary.exit_code


def main(argv: list[str] | None = None) -> int:
    return build_command(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
