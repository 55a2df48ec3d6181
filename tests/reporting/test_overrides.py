"""`build -p name=value` and `--parameters FILE.yml`: applied where declared, checked, refused with names."""

from __future__ import annotations

import pytest
import yaml

from build_support import REAL_SCHEDULE
from scr_workbench import paths
from scr_workbench.reporting.command import build_command
from scr_workbench.reporting.overrides import parse_assignment, read_parameters_file, with_overrides
from scr_workbench.reporting.schedule import ScheduleError, load_schedule


def _declaring(name: str) -> set[str]:
    """Notebooks whose declaration lists ``name``, read straight from parameters.yml."""
    raw = yaml.safe_load((paths.NOTEBOOKS_DIR / "parameters.yml").read_text(encoding="utf-8"))
    return {nb for nb, body in raw.items() if name in (body.get("parameters") or {})}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("suppress_below=5", ("suppress_below", 5)),
        ("review_type=scr", ("review_type", "scr")),
        ("show_quotes=false", ("show_quotes", False)),
        ("confidence_level=0.9", ("confidence_level", 0.9)),
        ("theme=a=b", ("theme", "a=b")),
    ],
)
def test_assignments_are_read_as_yaml_values(text, expected):
    assert parse_assignment(text) == expected


@pytest.mark.parametrize("text", ["suppress_below", "=5", ""])
def test_an_assignment_without_a_name_is_refused(text):
    with pytest.raises(ValueError, match="expected name=value"):
        parse_assignment(text)


def test_an_override_reaches_exactly_the_entries_that_declare_it():
    schedule = load_schedule(REAL_SCHEDULE)
    changed = with_overrides(schedule, {"suppress_below": 5})
    declaring = _declaring("suppress_below")
    assert declaring, "parameters.yml declares suppress_below nowhere"
    for before, after in zip(schedule.entries, changed.entries, strict=True):
        if before.notebook.stem in declaring:
            assert after.parameters["suppress_below"] == 5
        else:
            assert after.parameters == before.parameters


def test_unknown_names_and_bad_values_are_refused_with_the_parameter_named():
    schedule = load_schedule(REAL_SCHEDULE)
    with pytest.raises(ScheduleError) as err:
        with_overrides(schedule, {"supress_below": 5, "review_type": "xyz"})
    problems = err.value.problems
    assert any(p.startswith("-p supress_below: no scheduled notebook declares it") for p in problems)
    bad = [p for p in problems if p.startswith("entry ")]
    assert bad and all("must be one of" in p and "'xyz'" in p for p in bad)
    assert len(bad) == sum(e.notebook.stem in _declaring("review_type") for e in schedule.entries)


def test_the_command_exits_2_on_a_bad_override_and_reads_a_file(tmp_path, capsys):
    assert build_command(["--dry-run", "-p", "suppress_below=-1"]) == 2
    assert "suppress_below" in capsys.readouterr().err
    values = tmp_path / "values.yml"
    values.write_text("suppress_below: 5\nreview_type: lr\n")
    assert read_parameters_file(values) == {"suppress_below": 5, "review_type": "lr"}
    values.write_text("- a list\n")
    with pytest.raises(ValueError, match="values.yml: expected a mapping"):
        read_parameters_file(values)
    assert build_command(["--dry-run", "--parameters", str(values)]) == 2
    assert "expected a mapping" in capsys.readouterr().err
