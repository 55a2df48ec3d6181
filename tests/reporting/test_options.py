"""The build's command-line options: defaults, and bad values refused naming the option and what it takes."""

from __future__ import annotations

import pytest

from scr_workbench import paths
from scr_workbench.reporting.options import DEFAULT_CELL_TIMEOUT, DEFAULT_SCHEDULE, parser


def test_defaults():
    args = parser().parse_args([])
    assert DEFAULT_SCHEDULE == paths.PROJ_ROOT / "reports" / "schedule.yml"
    assert (args.jobs, args.schedule, args.reports_dir, args.only) == (None, None, None, None)
    assert args.timeout == DEFAULT_CELL_TIMEOUT == 600  # a hanging cell fails its report after 10 minutes
    assert not (args.force or args.publication or args.fresh_kernels or args.dry_run)


def test_values_are_read():
    args = parser().parse_args(["-j", "3", "--only", "a", "--only", "b", "--timeout", "2.5", "--force"])
    assert (args.jobs, args.only, args.timeout, args.force) == (3, ["a", "b"], 2.5, True)
    assert parser().parse_args(["--timeout", "none"]).timeout is None  # no limit, when asked for


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--jobs", "0"], "argument --jobs/-j: must be at least 1, got 0"),
        (["--jobs", "two"], "argument --jobs/-j: must be a whole number, got 'two'"),
        (["--timeout", "-1"], "argument --timeout: must be positive, got -1.0"),
        (["--timeout", "soon"], "argument --timeout: must be a number of seconds, got 'soon'"),
    ],
)
def test_bad_values_are_refused_naming_the_option(argv, message, capsys):
    with pytest.raises(SystemExit) as stopped:
        parser().parse_args(argv)
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err
