"""The schedule is checked before anything runs, with messages that name the entry,
the parameter and what was expected."""

from __future__ import annotations

import shutil

import pytest

from build_support import FIXTURES, REAL_SCHEDULE, run_build, write_schedule
from scr_workbench.reporting.command import Layout, build_command, plan_build
from scr_workbench.reporting.schedule import ScheduleError, load_schedule


def _problems(tmp_path, entries, **kw) -> list[str]:
    """Every problem the schedule check finds (structure, then parameters)."""
    path = write_schedule(tmp_path / "schedule.yml", entries, **kw)
    try:
        schedule = load_schedule(path)
        plan_build(schedule, Layout(tmp_path / "reports"))
    except ScheduleError as err:
        return err.problems
    return []


def test_the_real_schedule_is_valid(tmp_path):
    schedule = load_schedule(REAL_SCHEDULE)
    assert schedule.entries, "reports/schedule.yml schedules no report"
    plans, _ = plan_build(schedule, Layout(tmp_path / "reports"))
    assert [p.entry.name for p in plans] == [e.name for e in schedule.entries]


def test_a_valid_fixture_schedule_has_no_problems(tmp_path):
    assert (
        _problems(
            tmp_path,
            [
                {
                    "name": "ok",
                    "notebook": "ok.ipynb",
                    "parameters": {"label": "York", "n_points": 3, "scale": 2, "show_table": False},
                },
            ],
        )
        == []
    )


def test_missing_notebook_names_the_entry_and_the_path(tmp_path):
    problems = _problems(
        tmp_path, [{"name": "first", "notebook": "ok.ipynb"}, {"name": "second", "notebook": "okk.ipynb"}]
    )
    assert len(problems) == 1
    assert 'entry 2 "second"' in problems[0]
    assert "okk.ipynb does not exist" in problems[0]
    assert 'did you mean "ok.ipynb"' in problems[0]


def test_unknown_parameter_lists_the_declared_ones(tmp_path):
    problems = _problems(tmp_path, [{"name": "ok", "notebook": "ok.ipynb", "parameters": {"n_pionts": 3}}])
    assert len(problems) == 1
    message = problems[0]
    assert 'entry 1 "ok"' in message and 'unknown parameter "n_pionts"' in message
    assert 'did you mean "n_points"' in message
    assert "declares: label, n_points, scale, show_table" in message


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("n_points", "5", 'parameter "n_points" must be an int like its default (5)'),
        ("n_points", 2.5, 'parameter "n_points" must be an int'),
        ("n_points", True, 'parameter "n_points" must be an int'),
        ("scale", "1.5", 'parameter "scale" must be a float like its default (1.5)'),
        ("label", False, 'parameter "label" must be a str like its default ("Derby")'),
        ("show_table", "yes", 'parameter "show_table" must be a bool like its default (True)'),
    ],
)
def test_wrong_type_names_parameter_expected_and_got(tmp_path, name, value, expected):
    problems = _problems(tmp_path, [{"name": "ok", "notebook": "ok.ipynb", "parameters": {name: value}}])
    assert len(problems) == 1, problems
    assert expected in problems[0]
    assert f"got {type(value).__name__} {value!r}" in problems[0]
    assert "ok.ipynb" in problems[0]


def test_yaml_booleans_for_strings_get_a_hint(tmp_path):
    path = tmp_path / "schedule.yml"
    path.write_text(
        f"notebooks_dir: {FIXTURES}\nreports:\n  - name: ok\n    notebook: ok.ipynb\n    parameters:\n      label: no\n"
    )
    with pytest.raises(ScheduleError) as err:
        plan_build(load_schedule(path), Layout(tmp_path / "reports"))
    assert "quote the value" in err.value.problems[0]


def test_duplicate_output_names(tmp_path):
    problems = _problems(
        tmp_path,
        [
            {"name": "ok", "notebook": "ok.ipynb"},
            {"name": "other", "notebook": "ok.ipynb"},
            {"name": "ok", "notebook": "broken.ipynb"},
        ],
    )
    assert problems == ['entry 3 "ok": duplicate output name "ok" (ok.html is already written by entry 1)']


def test_parameters_for_a_notebook_without_a_parameters_cell(tmp_path):
    problems = _problems(tmp_path, [{"name": "np", "notebook": "no_parameters.ipynb", "parameters": {"label": "y"}}])
    assert len(problems) == 1
    assert 'no code cell tagged "parameters"' in problems[0] and 'entry 1 "np"' in problems[0]


def test_structural_problems_are_all_reported(tmp_path):
    problems = _problems(
        tmp_path,
        [
            {"name": "Bad Name", "notebook": "ok.ipynb"},
            {"name": "index", "notebook": "ok.ipynb"},
            {"name": "typo", "notebok": "ok.ipynb"},
            {"name": "params", "notebook": "ok.ipynb", "parameters": ["label"]},
        ],
    )
    joined = "\n".join(problems)
    assert 'entry 1 "Bad Name": name must be lower-case' in joined
    assert 'entry 2 "index": name "index" is reserved' in joined
    assert 'entry 3 "typo": unknown key "notebok" (did you mean "notebook"?)' in joined
    assert 'entry 3 "typo": notebook must be a path' in joined
    assert 'entry 4 "params": parameters must be a mapping' in joined


def test_unknown_top_level_key_and_bad_yaml(tmp_path):
    path = tmp_path / "schedule.yml"
    path.write_text("report:\n  - name: x\n")
    with pytest.raises(ScheduleError, match='unknown top-level key "report"'):
        load_schedule(path)
    path.write_text("reports: [\n")
    with pytest.raises(ScheduleError, match="not valid YAML"):
        load_schedule(path)


def test_a_notebook_outside_notebooks_dir_is_refused(tmp_path):
    outside = tmp_path / "elsewhere.ipynb"
    outside.write_bytes((FIXTURES / "ok.ipynb").read_bytes())
    problems = _problems(
        tmp_path, [{"name": "abs", "notebook": str(outside)}, {"name": "up", "notebook": "../../../../elsewhere.ipynb"}]
    )
    assert len(problems) == 2
    assert all("a schedule may only run the notebooks of its notebooks_dir" in p for p in problems)


def test_yaml_aliases_are_refused_before_they_expand(tmp_path):
    # Each line multiplies the one before by nine: fully expanded, 9**7 (4.8 million) strings.
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdef", "bcdefg", strict=True):
        lines.append(f"{name}: &{name} [{','.join([f'*{prev}'] * 9)}]")
    path = tmp_path / "schedule.yml"
    path.write_text("\n".join(lines + ["reports: [*g]"]) + "\n")
    with pytest.raises(ScheduleError) as err:
        load_schedule(path)
    assert err.value.problems == ["not valid YAML: aliases (*name) are not allowed in a schedule (line 2)"]


def test_an_oversized_or_non_utf8_schedule_is_refused(tmp_path):
    path = tmp_path / "schedule.yml"
    path.write_text("reports: []\n" + "#" * 300_000 + "\n")
    with pytest.raises(ScheduleError, match="a schedule may be at most 262,144"):
        load_schedule(path)
    path.write_bytes(b"reports:\n  - name: caf\xe9\n")
    with pytest.raises(ScheduleError, match=r"not UTF-8 text \(byte 22\)"):
        load_schedule(path)


def test_messages_quote_at_most_a_short_part_of_a_bad_value(tmp_path):
    huge = "x" * 100_000
    problems = _problems(
        tmp_path, [{"name": huge, "notebook": "ok.ipynb", "title": 5, huge: 1}], notebooks_dir=FIXTURES
    )
    assert problems and all(len(p) < 400 for p in problems), [len(p) for p in problems]


def test_bad_schedule_stops_the_build_before_anything_runs(tmp_path, capsys):
    schedule = write_schedule(
        tmp_path / "schedule.yml",
        [
            {"name": "ok", "notebook": "ok.ipynb", "parameters": {"n_points": "seven"}},
            {"name": "broken", "notebook": "broken.ipynb", "parameters": {"fial": True}},
        ],
    )
    reports = tmp_path / "reports"
    code = build_command(["--schedule", str(schedule), "--reports-dir", str(reports)])
    err = capsys.readouterr().err
    assert code == 2
    assert "has 2 problems; nothing was built" in err
    assert 'entry 1 "ok": parameter "n_points" must be an int' in err
    assert 'entry 2 "broken": unknown parameter "fial" (did you mean "fail"?)' in err
    assert not (reports / "html").exists() and not (reports / "executed").exists()


def test_only_with_an_unknown_name_is_an_error(tmp_path):
    schedule = write_schedule(tmp_path / "schedule.yml", [{"name": "ok", "notebook": "ok.ipynb"}])
    done = run_build("--schedule", str(schedule), "--reports-dir", str(tmp_path / "r"), "--only", "okk")
    assert done.returncode == 2
    assert '--only okk: no entry of that name (did you mean "ok"?)' in done.stderr
    assert not (tmp_path / "r" / "html").exists()


def test_dry_run_lists_without_building(tmp_path):
    schedule = write_schedule(tmp_path / "schedule.yml", [{"name": "ok", "notebook": "ok.ipynb"}])
    done = run_build("--schedule", str(schedule), "--reports-dir", str(tmp_path / "r"), "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "ok" in done.stdout and "would build" in done.stdout
    assert not (tmp_path / "r" / "html").exists()


def test_dry_run_refuses_declared_values_listing_every_problem_at_once(tmp_path):
    """Values, not only types, checked against notebooks/parameters.yml, beside another entry's missing notebook."""
    from scr_workbench import paths

    schedule = write_schedule(
        tmp_path / "schedule.yml",
        [
            {"name": "demo", "notebook": "demographics.ipynb", "parameters": {"review_type": "both"}},
            {"name": "gone", "notebook": "no_such.ipynb"},
            {"name": "abuse", "notebook": "abuse_categories.ipynb", "parameters": {"confidence_level": 95}},
            {"name": "themes", "notebook": "themes.ipynb", "parameters": {"theme": "weather", "min_mentons": 2}},
        ],
        notebooks_dir=paths.NOTEBOOKS_DIR,
    )
    done = run_build("--schedule", str(schedule), "--reports-dir", str(tmp_path / "reports"), "--dry-run")
    assert done.returncode == 2
    for expected in (
        "has 5 problems; nothing was built",
        "entry 1 \"demo\": parameter 'review_type' must be one of ['scr', 'lr', 'all'], got 'both'",
        'entry 2 "gone": notebook notebooks/no_such.ipynb does not exist',
        "entry 3 \"abuse\": parameter 'confidence_level' must be a number in [0.5, 0.999], got 95",
        "entry 4 \"themes\": parameter 'theme' must be one of ['all', ",
        'entry 4 "themes": unknown parameter \'min_mentons\' (did you mean "min_mentions"?)',
        "(declared in notebooks/parameters.yml)",
    ):
        assert expected in done.stderr, done.stderr
    assert not (tmp_path / "reports" / "html").exists()


def test_a_broken_declarations_file_is_a_schedule_problem(tmp_path):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(FIXTURES, notebooks)
    (notebooks / "parameters.yml").write_text(
        "ok:\n  parameters:\n    n_points: {kind: counted, default: 1, meaning: m}\n"
    )
    path = write_schedule(tmp_path / "s.yml", [{"name": "ok", "notebook": "ok.ipynb"}], notebooks_dir=notebooks)
    with pytest.raises(ScheduleError) as err:
        load_schedule(path)
    assert err.value.problems == [
        "parameters.yml: ok.n_points: kind must be one of choice, number, whole_number, flag, got 'counted'"
    ]


@pytest.mark.parametrize("text", ["", "reports: []\n", "reports:\n", "notebooks_dir: notebooks\n"])
def test_a_schedule_of_nothing_is_refused(tmp_path, text):
    path = tmp_path / "schedule.yml"
    path.write_text(text)
    with pytest.raises(ScheduleError) as err:
        load_schedule(path)
    assert any("lists no reports" in p for p in err.value.problems)


def test_an_empty_schedule_exits_2_and_builds_nothing(tmp_path, capsys):
    path = tmp_path / "schedule.yml"
    path.write_text("reports: []\n")
    assert build_command(["--schedule", str(path), "--dry-run"]) == 2
    assert "lists no reports" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "key", "first"),
    [
        ("reports:\n  - name: a\n    notebook: x.ipynb\n    name: b\n", "name", 2),
        ("reports: []\nreports:\n  - name: a\n", "reports", 1),
        ("reports:\n  - name: a\n    parameters:\n      k: 1\n      k: 2\n", "k", 4),
    ],
)
def test_a_key_given_twice_is_refused_with_both_lines(tmp_path, text, key, first):
    path = tmp_path / "schedule.yml"
    path.write_text(text)
    with pytest.raises(ScheduleError) as err:
        load_schedule(path)
    (problem,) = err.value.problems
    assert f'key "{key}" given twice (first on line {first})' in problem
