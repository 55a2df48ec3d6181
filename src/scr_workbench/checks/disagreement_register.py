"""The source's declared disagreements against the reconciliation: a new disagreement is an error until explained.

A reconciliation check that disagrees is a finding about the source only when the dataset
declares it, with its reason, under ``source_disagreements`` in ``dataset.yml``. Any other
disagreement is a curation error until someone explains it there; an entry whose check
agrees again, or that names no check, is stale and must go.
"""

from __future__ import annotations

import pandas as pd

from scr_workbench.data.dataset import DEFINITION, Dataset


def register_problems(result: pd.DataFrame, dataset: Dataset) -> list[str]:
    """Each disagreement of ``result`` (a reconcile() table) the dataset does not declare, and each stale entry."""
    declared = dataset.source_disagreements
    where = f"{dataset.root / DEFINITION}, 'source_disagreements'"
    problems = [
        f"{r.check_id} disagrees (stated {r.stated}; derived {r.derived}) and is not declared in {where}: "
        "correct the curated figure, or declare the disagreement with its reason"
        for r in result[~result.agrees].itertuples()
        if r.check_id not in declared
    ]
    agreeing = set(result.loc[result.agrees, "check_id"])
    known = set(result["check_id"])
    for check_id in declared:
        if check_id in agreeing:
            problems.append(f"{where}: {check_id!r} is declared a disagreement but its check now agrees; remove it")
        elif check_id not in known:
            problems.append(f"{where}: {check_id!r} is no reconciliation check; remove it or correct its id")
    return problems
