"""Parameters given on the command line (``-p name=value``, ``--parameters FILE.yml``) for one build.

An override applies to every scheduled report whose notebook declares that parameter in
``notebooks/parameters.yml`` (the one declaration), over the schedule's own value; each value
is checked against the declared rule before anything runs. A name no scheduled notebook
declares, or a value its rule refuses, is a problem that names the parameter and what was
expected (exit status 2), never silently ignored.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import yaml

from scr_workbench.parameters import load_declarations
from scr_workbench.reporting.schedule import Schedule, ScheduleError


def parse_assignment(text: str) -> tuple[str, Any]:
    """``name=value`` as (name, value); the value is read as YAML (``5`` a number, ``true`` a flag, ``scr`` text)."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise ValueError(f"-p {text!r}: expected name=value, e.g. -p suppress_below=5")
    try:
        parsed = yaml.safe_load(value) if value.strip() else ""
    except yaml.YAMLError:
        parsed = value
    if isinstance(parsed, (dict, list)):
        parsed = value  # a parameter is one value: "[a]" stays text and its rule says what is wrong
    return name.strip(), parsed


def read_parameters_file(path: Path) -> dict[str, Any]:
    """A YAML file of ``name: value`` pairs; anything else is an error naming the file."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise ValueError(f"--parameters {path}: cannot read it ({err.strerror})") from None
    except yaml.YAMLError as err:
        raise ValueError(f"--parameters {path}: not valid YAML: {str(err)[:300]}") from None
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        raise ValueError(f"--parameters {path}: expected a mapping of parameter names to values")
    return data


def with_overrides(schedule: Schedule, overrides: dict[str, Any]) -> Schedule:
    """``schedule`` with ``overrides`` applied to each entry that declares them; ScheduleError lists every problem."""
    if not overrides:
        return schedule
    declarations = load_declarations()
    problems, used, entries = [], set(), []
    for entry in schedule.entries:
        declaration = declarations.get(entry.notebook.stem)
        mine = {k: v for k, v in overrides.items() if declaration and k in declaration.parameters}
        used |= set(mine)
        if mine:
            problems += [f"{entry.label}: -p {p}" for p in declaration.problems(mine)]
        entries.append(dataclasses.replace(entry, parameters={**entry.parameters, **mine}))
    for name in sorted(set(overrides) - used):
        known = sorted({p for d in declarations.values() for p in d.parameters})
        problems.append(f"-p {name}: no scheduled notebook declares it; declared parameters: {', '.join(known)}")
    if problems:
        raise ScheduleError(schedule.path, problems)
    return dataclasses.replace(schedule, entries=entries)
