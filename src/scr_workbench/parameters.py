"""Validate a notebook's papermill parameters before any analysis runs.

papermill only warns about an unknown parameter name and injects it anyway, and guesses
types from the command line. Each notebook therefore calls :func:`validate_parameters`
right after its parameters cell; a bad name, type or value stops the run with an error
that names the parameter and what is allowed.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any


class ParameterError(ValueError):
    """A notebook parameter is unknown, of the wrong type, or outside its allowed values."""


@dataclass(frozen=True)
class Choice:
    """One of a fixed set of values (strings)."""

    values: tuple[str, ...]

    def __init__(self, *values: str):
        object.__setattr__(self, "values", tuple(values))

    def check(self, name: str, value: Any) -> None:
        if not isinstance(value, str) or value not in self.values:
            raise ParameterError(f"parameter {name!r} must be one of {list(self.values)}, got {value!r}")

    def describe(self) -> str:
        return " | ".join(self.values)


@dataclass(frozen=True)
class Number:
    """A number within [low, high]; ``integer=True`` for whole numbers only."""

    low: float
    high: float
    integer: bool = False
    exclusive: bool = False

    def check(self, name: str, value: Any) -> None:
        kind = "a whole number" if self.integer else "a number"
        ok_type = isinstance(value, int) if self.integer else isinstance(value, (int, float))
        if isinstance(value, bool) or not ok_type:
            raise ParameterError(
                f"parameter {name!r} must be {kind} in {self.describe()}, got {value!r} ({type(value).__name__})"
            )
        inside = self.low < value < self.high if self.exclusive else self.low <= value <= self.high
        if not inside:
            raise ParameterError(f"parameter {name!r} must be {kind} in {self.describe()}, got {value!r}")

    def describe(self) -> str:
        brackets = "()" if self.exclusive else "[]"
        return f"{brackets[0]}{self.low:g}, {self.high:g}{brackets[1]}"


@dataclass(frozen=True)
class Flag:
    """True or False."""

    def check(self, name: str, value: Any) -> None:
        if not isinstance(value, bool):
            raise ParameterError(f"parameter {name!r} must be True or False, got {value!r} ({type(value).__name__})")

    def describe(self) -> str:
        return "True | False"


#: The first line of the cell papermill injects (papermill.translators.PythonTranslator.codify).
INJECTED_HEADER = "# Parameters\n"


def injected_names(namespace: dict[str, Any]) -> list[str]:
    """Names the latest papermill-injected cell assigned, read from IPython's input history ``In``.

    Only injected values can be unknown parameters: the notebook's own variables (present
    when a researcher runs the notebook again in the same kernel) are not looked at.
    """
    history = namespace.get("In")
    for source in reversed(history if isinstance(history, list) else []):
        if isinstance(source, str) and source.startswith(INJECTED_HEADER):
            try:
                tree = ast.parse(source)
            except SyntaxError:
                return []
            return [
                target.id
                for node in tree.body
                if isinstance(node, ast.Assign)
                for target in node.targets
                if isinstance(target, ast.Name)
            ]
    return []


def validate_parameters(namespace: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    """Check a notebook's parameters (in ``namespace``, its ``globals()``) against ``spec``.

    Every name of ``spec`` must be set and pass its rule; a name papermill injected that
    ``spec`` does not declare is refused (papermill itself only warns). Other variables
    are ignored, so "Run All" works again in the same kernel. Returns the parameters.
    """
    unknown = sorted(set(injected_names(namespace)) - set(spec))
    if unknown:
        allowed = ", ".join(f"{k} ({v.describe()})" for k, v in spec.items())
        raise ParameterError(f"unknown parameter(s) {unknown}; this notebook takes: {allowed}")
    missing = sorted(name for name in spec if name not in namespace)
    if missing:
        raise ParameterError(f"parameter(s) {missing} not set: the notebook's parameters cell must define them")
    for name, rule in spec.items():
        rule.check(name, namespace[name])
    return {name: namespace[name] for name in spec}
