"""Checking a schedule's parameter values against what each notebook declares.

The declarations come from ``papermill.inspect_notebook`` (the default as source text and
the annotation); a value must have the default's type (an annotation wins). Every problem is
returned, each naming the entry, the parameter and what was expected.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from scr_workbench.reporting.files import relative
from scr_workbench.reporting.schedule import Schedule, suggest

#: Python types a parameter value may have, by the type of the notebook's default.
#: YAML has no tuples, so a list stands in for one; an int is a valid float.
ACCEPTED = {
    "bool": (bool,),
    "int": (int,),
    "float": (int, float),
    "str": (str,),
    "list": (list,),
    "tuple": (list,),
    "dict": (dict,),
}
ANNOTATION_TYPES = {"bool", "int", "float", "str", "list", "tuple", "dict"}


def expected_type(declared: Mapping[str, Any]) -> tuple[str | None, str]:
    """The type a parameter's value must have, and why, from papermill's inspection.

    ``declared`` is one value of ``papermill.inspect_notebook``: the default as
    source text and the annotation (``inferred_type_name``). An annotation wins;
    otherwise the default's literal type. ``(None, ...)`` when neither tells
    (a default of ``None`` or an expression): any value is accepted.
    """
    annotation = str(declared.get("inferred_type_name") or "None")
    default = str(declared.get("default", ""))
    if annotation in ANNOTATION_TYPES:
        return annotation, f"its annotation ({annotation}, default {default})"
    try:
        value = ast.literal_eval(default)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None, f"its default ({default}) is an expression"
    if value is None:
        return None, "its default is None"
    kind = type(value).__name__
    if kind not in ACCEPTED:
        return None, f"its default ({default}) is a {kind}"
    return kind, f"its default ({default})"


def type_problem(entry_label: str, name: str, value: Any, declared: Mapping[str, Any], notebook: str) -> str | None:
    """A message when ``value`` does not suit the declared parameter, else None."""
    kind, why = expected_type(declared)
    if kind is None:
        return None
    accepted = ACCEPTED[kind]
    ok = isinstance(value, accepted) and not (isinstance(value, bool) and kind != "bool")
    if ok:
        return None
    hint = ""
    if isinstance(value, bool) and kind == "str":
        hint = " (YAML reads yes/no/on/off/true/false as booleans: quote the value)"
    elif isinstance(value, (int, float)) and kind == "str":
        hint = " (quote the value in YAML to make it a string)"
    elif isinstance(value, str) and kind in ("int", "float"):
        hint = " (write the number without quotes)"
    article = "an" if kind[0] in "aeiou" else "a"
    return (
        f'{entry_label}: parameter "{name}" must be {article} {kind} like {why} in {notebook}; '
        f"got {type(value).__name__} {value!r}{hint}"
    )


def check_parameters(schedule: Schedule, inspect: Callable[[Path], dict[str, Any]]) -> list[str]:
    """Every parameter problem in the schedule, against each notebook's declared parameters.

    ``inspect(notebook_path)`` returns ``{"parameters": <papermill.inspect_notebook>,
    "has_parameters_cell": bool}`` (or raises, reported as a problem).
    """
    problems: list[str] = []
    for entry in schedule.entries:
        nb = relative(entry.notebook)
        try:
            info = inspect(entry.notebook)
        except Exception as err:  # a notebook papermill cannot read
            problems.append(f"{entry.label}: cannot read the parameters of {nb}: {type(err).__name__}: {err}")
            continue
        declared = info["parameters"]
        if entry.parameters and not info["has_parameters_cell"]:
            problems.append(
                f'{entry.label}: {nb} has no code cell tagged "parameters", so papermill would put the '
                f"values above the notebook's own assignments and they would be overwritten; tag the cell "
                f"that sets {', '.join(entry.parameters)}"
            )
            continue
        for name, value in entry.parameters.items():
            if name not in declared:
                known = ", ".join(declared) or "none"
                problems.append(
                    f'{entry.label}: unknown parameter "{name}"{suggest(name, declared)}; '
                    f"the parameters cell of {nb} declares: {known}"
                )
                continue
            message = type_problem(entry.label, name, value, declared[name], nb)
            if message:
                problems.append(message)
    return problems
