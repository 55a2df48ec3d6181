"""The declared register of the source's disagreements: undeclared, stale and unknown entries are named."""

from __future__ import annotations

import dataclasses

import pandas as pd

from scr_workbench.checks.disagreement_register import register_problems
from scr_workbench.checks.reconcile import reconcile
from scr_workbench.data.dataset import Dataset, default_dataset


def _dataset(declared: dict[str, str]) -> Dataset:
    return dataclasses.replace(default_dataset(), source_disagreements=declared)


RESULT = pd.DataFrame(
    {
        "check_id": ["A", "B", "C"],
        "stated": ["30%", "13", "7%"],
        "derived": ["4/13 = 30.8%", "13", "3/42 = 7.1%"],
        "agrees": [False, True, True],
    }
)


def test_a_declared_disagreement_passes():
    assert register_problems(RESULT, _dataset({"A": "the report's base is unstated"})) == []


def test_an_undeclared_disagreement_is_named_with_its_figures():
    (problem,) = register_problems(RESULT, _dataset({}))
    assert problem.startswith("A disagrees (stated 30%; derived 4/13 = 30.8%) and is not declared in ")
    assert "dataset.yml, 'source_disagreements'" in problem


def test_a_declared_check_that_agrees_or_does_not_exist_is_stale():
    problems = register_problems(RESULT, _dataset({"A": "why", "B": "no longer", "Z": "typo"}))
    assert len(problems) == 2
    assert "'B' is declared a disagreement but its check now agrees" in problems[0]
    assert "'Z' is no reconciliation check" in problems[1]


def test_the_projects_register_is_exactly_the_reports_disagreements():
    result = reconcile()
    assert set(default_dataset().source_disagreements) == set(result.loc[~result.agrees, "check_id"])
    assert all(reason.strip() for reason in default_dataset().source_disagreements.values())


def test_a_malformed_register_is_a_dataset_error(tmp_path):
    import shutil

    import pytest

    from scr_workbench.data.dataset import DatasetError

    shutil.copytree(default_dataset().root, tmp_path / "data")
    path = tmp_path / "data" / "dataset.yml"
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace('GENDER-SCR: "A.5', 'GENDER-SCR: ["A.5', 1)
        .replace('serious case reviews."', 'serious case reviews."]', 1),
        encoding="utf-8",
    )
    with pytest.raises(DatasetError, match="'source_disagreements' must map check ids to the reason"):
        Dataset.load(tmp_path / "data")
