"""A scheduled parameter value must have the type the notebook declares for it."""

from scr_workbench.reporting.parameter_checks import check_parameters, expected_type, type_problem
from scr_workbench.reporting.schedule import Entry, Schedule


def test_an_int_is_accepted_for_a_float():
    assert type_problem("e", "scale", 2, {"default": "1.5", "inferred_type_name": "None"}, "nb") is None


def test_expected_type_prefers_the_annotation_and_skips_expressions():
    assert expected_type({"default": "None", "inferred_type_name": "int"})[0] == "int"
    assert expected_type({"default": "None", "inferred_type_name": "None"})[0] is None
    assert expected_type({"default": "PROJ_ROOT / 'x'", "inferred_type_name": "None"})[0] is None
    assert expected_type({"default": "[1, 2]", "inferred_type_name": "None"})[0] == "list"


def test_a_string_for_an_int_is_refused_with_a_hint():
    message = type_problem('entry 2 "x"', "n", "3", {"default": "1", "inferred_type_name": "None"}, "nb.ipynb")
    assert message == (
        'entry 2 "x": parameter "n" must be an int like its default (1) in nb.ipynb; '
        "got str '3' (write the number without quotes)"
    )
    assert type_problem("e", "flag", 1, {"default": "True", "inferred_type_name": "None"}, "nb") is not None
    assert type_problem("e", "n", True, {"default": "1", "inferred_type_name": "None"}, "nb") is not None


def test_check_parameters_reports_every_problem_of_every_entry(tmp_path):
    nb = tmp_path / "a.ipynb"
    declared = {
        "n": {"default": "1", "inferred_type_name": "None"},
        "label": {"default": "'x'", "inferred_type_name": "None"},
    }
    entries = [Entry("one", nb, {"n": "2", "lable": "y"}, position=1), Entry("two", nb, {"label": 5}, position=2)]
    problems = check_parameters(
        Schedule(tmp_path / "s.yml", tmp_path, entries),
        lambda path: {"parameters": declared, "has_parameters_cell": True},
    )
    assert len(problems) == 3
    assert problems[1].startswith('entry 1 "one": unknown parameter "lable" (did you mean "label"?)')
    assert problems[2].startswith('entry 2 "two": parameter "label" must be a str')


def test_parameters_for_a_notebook_without_a_parameters_cell_are_refused(tmp_path):
    entries = [Entry("one", tmp_path / "a.ipynb", {"n": 2}, position=1)]
    problems = check_parameters(
        Schedule(tmp_path / "s.yml", tmp_path, entries), lambda path: {"parameters": {}, "has_parameters_cell": False}
    )
    assert len(problems) == 1 and 'no code cell tagged "parameters"' in problems[0]
