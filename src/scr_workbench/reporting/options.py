"""The options of ``python -m scr_workbench build`` (see :mod:`scr_workbench.reporting.command`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from scr_workbench import paths
from scr_workbench.reporting.batch import default_jobs
from scr_workbench.reporting.files import relative
from scr_workbench.reporting.planning import ENV_REPORTS_DIR

DEFAULT_SCHEDULE = paths.REPORTS_DIR / "schedule.yml"
#: Seconds a cell may run before its report fails (``--timeout``): a hanging cell must not hang a
#: scheduled run for ever. The slowest cell here takes a few seconds; this leaves room for a busy machine.
DEFAULT_CELL_TIMEOUT = 600.0


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _cell_timeout(text: str) -> float | None:
    """Seconds (positive), or "none" for no limit."""
    if text.strip().lower() == "none":
        return None
    return _positive_float(text)


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
        help=f"reports built at once (default: one per core, {default_jobs()})",
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
        help="build the publication site into reports/publication/ (or --reports-dir), which then holds the site "
        "alone (state, cache and executed notebooks in .publication-work/ beside it): reports/publication.yml, "
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
        type=_cell_timeout,
        default=DEFAULT_CELL_TIMEOUT,
        metavar="SECONDS",
        help=f"fail a report whose cell runs longer than this; 'none' for no limit (default: {DEFAULT_CELL_TIMEOUT:g})",
    )
    p.add_argument(
        "--fresh-kernels",
        action="store_true",
        help="start each report's kernel when the report begins, not one report ahead (slower; the same HTML)",
    )
    p.add_argument(
        "-p",
        "--parameter",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a parameter for every scheduled report that declares it (repeatable; checked against "
        "notebooks/parameters.yml), e.g. -p suppress_below=5",
    )
    p.add_argument(
        "--parameters",
        type=Path,
        default=None,
        metavar="FILE.yml",
        help="set parameters from a YAML file of name: value pairs (-p wins over the file)",
    )
    p.add_argument(
        "--dry-run", action="store_true", help="check the schedule and list what would be built, without building"
    )
    return p
