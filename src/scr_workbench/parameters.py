"""Validate a notebook's papermill parameters before any analysis runs.

papermill only warns about an unknown parameter name and injects it anyway, and guesses
types from the command line. Each notebook therefore calls :func:`validate_parameters`
right after its parameters cell; a bad name, type or value stops the run with an error
that names the parameter and what is allowed.
"""

from __future__ import annotations

import types
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
            raise ParameterError(f"parameter {name!r} must be {kind} in {self.describe()}, "
                                 f"got {value!r} ({type(value).__name__})")
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


# Names IPython itself puts in a notebook's namespace.
_IPYTHON_NAMES = {"In", "Out", "get_ipython", "exit", "quit", "open"}


def _user_names(namespace: dict[str, Any]) -> dict[str, Any]:
    return {
        k: v for k, v in namespace.items()
        if not k.startswith("_") and k not in _IPYTHON_NAMES
        and not isinstance(v, (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, type))
    }


def validate_parameters(namespace: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    """Check every parameter in ``namespace`` (a notebook's ``globals()``) against ``spec``.

    Call it right after the parameters cell, before anything else is defined: any other
    plain value in the namespace then came from papermill and is an unknown parameter.
    Returns the validated parameters.
    """
    values = _user_names(namespace)
    unknown = sorted(set(values) - set(spec))
    if unknown:
        allowed = ", ".join(f"{k} ({v.describe()})" for k, v in spec.items())
        raise ParameterError(f"unknown parameter(s) {unknown}; this notebook takes: {allowed}")
    missing = sorted(set(spec) - set(values))
    if missing:
        raise ParameterError(f"parameter(s) {missing} not set: the notebook's parameters cell must define them")
    for name, rule in spec.items():
        rule.check(name, values[name])
    return {name: values[name] for name in spec}
