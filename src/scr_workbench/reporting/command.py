"""``python -m scr_workbench build``: build the scheduled reports into reviewer HTML.

Steps, in order:

1. Read ``reports/schedule.yml`` and check it (:mod:`scr_workbench.reporting.schedule`):
   every problem is printed and the build stops (exit 2) before any notebook runs.
2. Work out each entry's input fingerprint (:mod:`scr_workbench.reporting.planning`,
   :mod:`scr_workbench.reporting.provenance`): the notebook's bytes, the entry, data/dataset.yml, data/raw and
   data/curated, the package's code and templates, and the versions shown in the
   footer. An entry whose fingerprint matches its last good build, and whose HTML
   is still the one that build wrote, is skipped; otherwise the build says why.
3. Build the rest with papermill and nbconvert in-process, in a process pool
   (:mod:`scr_workbench.reporting.execute`, :mod:`scr_workbench.reporting.render`), writing
   ``<reports>/html/<name>.html``. Every report runs in a kernel of its own, which the
   worker started (and ran the notebooks' imports in) while its previous report ran
   (:mod:`scr_workbench.reporting.kernels`); ``--fresh-kernels`` leaves the start to nbclient.
4. Write ``<reports>/html/index.html`` from the recorded state of every entry.

Before any notebook runs, the build stops (exit 2, nothing touched) when the reports
folder cannot be written (read-only, not a folder), another live build holds its lock
(:mod:`scr_workbench.reporting.build_lock`; a dead one's lock is taken over) or the curated
data are broken (the ``check_data`` the command line passes). Out of space and
permission errors while writing are caught per report and named; every file is written
atomically, so the last good HTML, index and state survive any failure.

Exit status (:data:`scr_workbench.reporting.run_log.EXIT_STATUSES`): 0 when every selected
report is built or up to date, 1 when any failed (the others are still built; a failed
report keeps its last good HTML) or the index or a state file could not be written,
2 when the schedule, the data, the options or the output folder are wrong (nothing
runs), 130 on Ctrl-C, 143 on SIGTERM. Each build writes a log and
``<reports>/.build/last-run.json`` (:mod:`scr_workbench.reporting.run_log`).

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

import os
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack, nullcontext, redirect_stderr
from pathlib import Path
from typing import Any, TextIO

from scr_workbench.reporting.batch import Summary, build_todo, early_pool
from scr_workbench.reporting.build_lock import BuildLocked, exclusive
from scr_workbench.reporting.files import check_writable, relative, write_problem
from scr_workbench.reporting.housekeeping import remove_leftovers, retire_orphans
from scr_workbench.reporting.options import DEFAULT_SCHEDULE, parser
from scr_workbench.reporting.planning import Layout, plan_build
from scr_workbench.reporting.progress import Progress, say
from scr_workbench.reporting.schedule import ScheduleError

__all__ = [
    "build_command",
    "run_build",
    "Layout",
    "plan_build",
    "Progress",
    "Summary",
    "BuildLocked",
    "OutputNotWritable",
    "DataBroken",
]


class OutputNotWritable(Exception):
    """The reports folder cannot take the build's files (read-only, no permission): nothing runs."""


class DataBroken(Exception):
    """The curated data the notebooks read are broken: nothing runs (the message names file and row)."""


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
    check_data: Callable[[], list[str]] | None = None,
    summary: Summary | None = None,
    selected: list[str] | None = None,
    parameters: dict[str, Any] | None = None,
) -> Summary:
    """Build the schedule; see the module docstring (``publication``: :mod:`scr_workbench.reporting.publication`).

    Raises, before any notebook runs: ScheduleError for a bad schedule, BuildLocked when
    another build holds the same reports folder, OutputNotWritable when the reports folder
    cannot take the build's files, DataBroken when ``check_data`` (called only when a report
    is to be built) returns problems. ``summary`` (filled as the build goes, so a caller has
    it even when the build is stopped) and ``selected`` (filled with the selected entries'
    names) are for the run log.
    """
    from scr_workbench.reporting.deferred import defer_iri_grammar
    from scr_workbench.reporting.schedule import load_schedule

    defer_iri_grammar()  # before anything imports nbformat
    out = stdout or sys.stdout
    started = time.perf_counter()
    if publication:
        from scr_workbench.reporting.publication import publication_defaults

        schedule_path, site_dir = publication_defaults(schedule_path, reports_dir)
        _require_folder(Path(site_dir).resolve())
    layout = Layout.resolve(_build_folder(site_dir if publication else reports_dir, publication))
    schedule = load_schedule(Path(schedule_path or DEFAULT_SCHEDULE))
    if parameters:
        from scr_workbench.reporting.overrides import with_overrides

        schedule = with_overrides(schedule, parameters)
    if publication:
        from scr_workbench.reporting.publication import check_publishable

        check_publishable(schedule.entries)
    chosen = [e.name for e in schedule.select(only)]
    if selected is not None:
        selected[:] = chosen
    selected = set(chosen)
    if dry_run:
        _require_folder(layout.reports_dir)  # a dry run creates nothing, but says what a build would meet
    else:
        _require_writable([layout.state_dir])
    locked = nullcontext() if dry_run else exclusive(layout.state_dir, layout.reports_dir, lambda m: say(out, m))
    with locked as lock, ExitStack() as workers:
        inherited = (lock,) if lock is not None else ()
        pool = None
        if not dry_run:
            remove_leftovers(layout)
            if not fresh_kernels:
                pool = early_pool(schedule, selected, layout, force, jobs, publication, inherited)
                if pool is not None:
                    workers.enter_context(pool)
        plans, data = plan_build(schedule, layout, force=force, data_dirs=data_dirs)
        summary = summary if summary is not None else Summary()
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
            broken = check_data() if check_data is not None else []
            if broken:
                raise DataBroken("the curated data are broken; a build would stop here:\n  " + "\n  ".join(broken))
            return summary

        for p in plans:
            stale_failure = layout.executed_dir / f"{p.entry.name}.failed.ipynb"
            if p.up_to_date and p.entry.name in selected and stale_failure.exists():
                stale_failure.unlink()  # a failure of inputs that have since been reverted
        if todo:
            # Fail fast, before any notebook runs: an output folder that cannot be written, broken data.
            _require_writable([layout.html_dir, layout.executed_dir, layout.entries_dir, layout.logs_dir])
            broken = _check_data_with_the_kernels_cache(check_data, layout) if check_data is not None else []
            if broken:
                raise DataBroken("the curated data are broken; no report was built:\n  " + "\n  ".join(broken))
            build_todo(
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
                inherited,
                pool,
                publication,
            )
        from scr_workbench.reporting.render import write_index

        try:
            write_index(plans, layout)
        except OSError as err:  # the last good index stays (written atomically)
            summary.problems.append(write_problem(err, "html/index.html") or f"html/index.html: {err}")
        try:
            orphaned = retire_orphans(layout, {p.entry.name for p in plans})
        except OSError as err:
            orphaned = []
            summary.problems.append(write_problem(err, "orphaned/") or f"orphaned/: {err}")
        if orphaned:
            say(
                out,
                f"moved {len(orphaned)} report(s) no longer in the schedule to "
                f"{relative(layout.orphaned_dir)}/: {', '.join(orphaned)}",
            )
        index = layout.html_dir / "index.html"
        if publication:
            from scr_workbench.reporting.publication import publish

            try:
                publish(layout.html_dir, site_dir)
                index = Path(site_dir).resolve() / "index.html"
            except OSError as err:  # the last published site stays (swapped in by renames)
                summary.problems.append(write_problem(err, relative(site_dir)) or f"{relative(site_dir)}: {err}")

    summary.elapsed = time.perf_counter() - started
    built, failed = len(summary.built), len(summary.failed)
    say(
        out,
        f"{built} built, {len(summary.skipped)} up to date, {failed} failed in {summary.elapsed:.1f} s -> {index}",
    )
    for name, error in summary.failed.items():
        first = error.splitlines()[0] if error else "failed"
        say(sys.stderr, f"error: report {name!r} failed: {first}")
    for problem in summary.problems:
        say(sys.stderr, f"error: {problem} (the last good copy is kept)")
    return summary


def _check_data_with_the_kernels_cache(check_data: Callable[[], list[str]], layout: Layout) -> list[str]:
    """Run ``check_data`` with the result cache the notebooks' kernels will use, so they find its tables ready."""
    from scr_workbench.cache import ENV_CACHE_DIR

    saved = os.environ.get(ENV_CACHE_DIR)
    os.environ[ENV_CACHE_DIR] = saved or str(layout.cache_dir)
    try:
        return check_data()
    finally:
        if saved is None:
            del os.environ[ENV_CACHE_DIR]


def _build_folder(reports_dir: Path | str | None, publication: bool) -> Path | str | None:
    """The folder a build writes its state and pages to: for a publication, the work folder beside its site."""
    if not publication:
        return reports_dir
    from scr_workbench.reporting.publication import work_dir

    return work_dir(Path(reports_dir))


def _require_folder(path: Path) -> None:
    """OutputNotWritable when ``path``, or the nearest part of it that exists, is not a folder."""
    existing = next((p for p in (path, *path.parents) if p.exists()), None)
    if existing is not None and not existing.is_dir():
        raise OutputNotWritable(f"the reports folder cannot be written: {relative(existing)} is a file, not a folder")


def _require_writable(folders: list[Path]) -> None:
    problems = check_writable(folders)
    if problems:
        raise OutputNotWritable("the reports folder cannot be written; nothing was built:\n  " + "\n  ".join(problems))


def _command_line_parameters(args) -> dict[str, Any]:
    """The ``--parameters`` file's values, then each ``-p name=value`` over them."""
    from scr_workbench.reporting.overrides import parse_assignment, read_parameters_file

    values = read_parameters_file(args.parameters) if args.parameters else {}
    values.update(parse_assignment(text) for text in args.parameter)
    return values


def build_command(argv: list[str], check_data: Callable[[], list[str]] | None = None) -> int:
    """Entry point for ``python -m scr_workbench build [options]``; returns the exit status.

    A build (not a dry run) writes its log and ``last-run.json`` (:mod:`scr_workbench.reporting.run_log`)
    however it ends; SIGTERM ends it like Ctrl-C: workers stopped, nothing half-written.
    """
    from scr_workbench.reporting.publication import NotAPublicationSchedule, publication_defaults

    args = parser().parse_args(argv)
    try:
        parameters = _command_line_parameters(args)
    except ValueError as err:
        say(sys.stderr, f"error: {err}")
        return 2
    if args.publication:
        try:
            args.schedule, args.reports_dir = publication_defaults(args.schedule, args.reports_dir)
        except NotAPublicationSchedule as err:
            say(sys.stderr, f"error: {err}")
            return 2
    options = dict(
        publication=args.publication,
        only=args.only,
        force=args.force,
        jobs=args.jobs,
        reports_dir=args.reports_dir,
        timeout=args.timeout,
        fresh_kernels=args.fresh_kernels,
        parameters=parameters,
    )
    if args.dry_run:
        status, _ = _guarded(
            lambda: run_build(args.schedule, dry_run=True, check_data=check_data, **options), sys.stderr
        )
        return status
    from scr_workbench.reporting import run_log

    layout = Layout.resolve(_build_folder(args.reports_dir, args.publication))
    started = time.time()
    log_path, log = run_log.open_log(layout.logs_dir, started)
    out, err = run_log.Tee(sys.stdout, log), run_log.Tee(sys.stderr, log)
    summary = Summary()
    selected: list[str] = []

    def build() -> Summary:
        return run_build(
            args.schedule, stdout=out, check_data=check_data, summary=summary, selected=selected, **options
        )

    previous = _terminate_as_interrupt()
    try:
        with redirect_stderr(err):  # the build's own error lines go to the log too
            status, error = _guarded(build, err)
    finally:
        _restore_terminate(previous)
        if log is not None:
            try:
                log.close()
            except OSError:  # what did not fit on the disk is lost from the log, not the build
                pass
    record = run_log.last_run_record(
        started=started,
        ended=time.time(),
        exit_status=status,
        error=error,
        log=log_path.relative_to(layout.reports_dir).as_posix() if log_path else None,
        summary=summary,
        selected=selected,
    )
    problem = run_log.write_last_run(layout.state_dir / "last-run.json", record)
    if problem:
        say(sys.stderr, f"error: {problem} (a monitor reading it sees the previous run)")
    return status


class Terminated(BaseException):
    """SIGTERM arrived (a service manager stopping the build): unwind like Ctrl-C."""


def _terminate_as_interrupt():
    import signal

    def handler(signum, frame):
        raise Terminated()

    try:
        return signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread
        return None


def _restore_terminate(previous) -> None:
    import signal

    if previous is not None:
        signal.signal(signal.SIGTERM, previous)


def _guarded(build: Callable[[], Summary], err: TextIO) -> tuple[int, str | None]:
    """Run ``build``; (exit status, the error that stopped it or None). See run_log.EXIT_STATUSES."""
    from scr_workbench.reporting.publication import NotAPublicationSchedule

    try:
        return build().exit_code, None
    except ScheduleError as error:
        message = error.format()
        status = 2
    except (BuildLocked, OutputNotWritable, DataBroken, NotAPublicationSchedule) as error:
        message = str(error)
        status = 2
    except KeyboardInterrupt:
        message, status = "interrupted", 130
    except Terminated:
        message, status = "terminated (SIGTERM)", 143
    say(err, message if status > 2 else f"error: {message}")
    return status, message


def main(argv: list[str] | None = None) -> int:
    return build_command(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
