"""Notebook parameters: declared once, validated before any analysis runs.

``notebooks/parameters.yml`` declares every notebook's parameters (kind, allowed values or
range, default, meaning); the notebooks' validation cell, the schedule check, the tests, the
lab's parameter form and the README table all read it through :func:`load_declarations`.

papermill only warns about an unknown parameter name and injects it anyway, and guesses
types from the command line. Each notebook therefore calls :func:`validate_parameters`
right after its parameters cell; a bad name, type or value stops the run with an error
that names the parameter and what is allowed.
"""

from __future__ import annotations

import ast
import csv
import difflib
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scr_workbench import paths

#: Where the declarations live: beside the notebooks they declare.
DECLARATIONS_FILE = "parameters.yml"
#: How many allowed values a message lists before it points to where the rest are.
SHOWN_VALUES = 12


class ParameterError(ValueError):
    """A notebook parameter is unknown, of the wrong type, or outside its allowed values."""


@dataclass(frozen=True)
class Choice:
    """One of a fixed set of values (strings); ``values_from="table.column"`` adds a curated column's values."""

    fixed: tuple[str, ...]
    values_from: str | None = None

    def __init__(self, *values: str, values_from: str | None = None):
        object.__setattr__(self, "fixed", tuple(values))
        object.__setattr__(self, "values_from", values_from)

    @property
    def values(self) -> tuple[str, ...]:
        """Every allowed value: the fixed ones, then those of ``values_from`` in the dataset in use."""
        return self.fixed + tuple(v for v in column_values(self.values_from) if v not in self.fixed)

    def check(self, name: str, value: Any) -> None:
        values = self.values
        if not isinstance(value, str) or value not in values:
            listed = list(values) if len(values) <= SHOWN_VALUES else [*values[:SHOWN_VALUES], "…"]
            more = f" ({len(values)} values; the rest in {self.values_from})" if len(values) > SHOWN_VALUES else ""
            close = difflib.get_close_matches(str(value), values, n=1) if isinstance(value, str) else []
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            raise ParameterError(f"parameter {name!r} must be one of {listed}{more}, got {value!r}{hint}")

    def describe(self) -> str:
        if self.values_from:
            table, column = self.values_from.split(".", 1)
            return " | ".join([*self.fixed, f"a {column} of {table}.csv"])
        return " | ".join(self.values)


def column_values(values_from: str | None) -> list[str]:
    """The values of ``table.column`` in the curated tables of the dataset in use (``SCR_DATA_DIR``)."""
    if not values_from:
        return []
    table, column = values_from.split(".", 1)
    with open(paths.CURATED_DIR / f"{table}.csv", encoding="utf-8", newline="") as handle:
        return list(dict.fromkeys(row[column] for row in csv.DictReader(handle) if row.get(column)))


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


def validate_parameters(namespace: dict[str, Any], spec: dict[str, Any] | str) -> dict[str, Any]:
    """Check a notebook's parameters (in ``namespace``, its ``globals()``) against ``spec``.

    ``spec`` is the notebook's name in ``notebooks/parameters.yml`` (what the notebooks pass)
    or a mapping of name to rule. Every declared name must be set and pass its rule; a name
    papermill injected that is not declared is refused (papermill itself only warns). Other
    variables are ignored, so "Run All" works again in the same kernel. Returns the parameters.
    """
    if isinstance(spec, str):
        spec = declared(spec).rules()
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


@dataclass(frozen=True)
class Parameter:
    """One declared parameter: its rule (Choice, Number or Flag), default and meaning."""

    name: str
    rule: Choice | Number | Flag
    default: Any
    meaning: str


@dataclass(frozen=True)
class NotebookParameters:
    """A notebook's declaration: the question it asks and its parameters, in order."""

    notebook: str
    question: str
    parameters: dict[str, Parameter] = field(default_factory=dict)

    def rules(self) -> dict[str, Choice | Number | Flag]:
        return {name: p.rule for name, p in self.parameters.items()}

    def defaults(self) -> dict[str, Any]:
        return {name: p.default for name, p in self.parameters.items()}

    def problems(self, values: dict[str, Any]) -> list[str]:
        """Every unknown name and bad value among ``values`` (e.g. a schedule entry's), one line each."""
        found = []
        for name, value in values.items():
            if name not in self.parameters:
                close = difflib.get_close_matches(name, list(self.parameters), n=1)
                hint = f' (did you mean "{close[0]}"?)' if close else ""
                found.append(f"unknown parameter {name!r}{hint}; {self.notebook} takes: {', '.join(self.parameters)}")
                continue
            try:
                self.parameters[name].rule.check(name, value)
            except ParameterError as err:
                found.append(str(err))
        return found


KINDS = ("choice", "number", "whole_number", "flag")


def _rule(where: str, spec: dict[str, Any]) -> Choice | Number | Flag:
    kind = spec.get("kind")
    if kind == "choice":
        values = spec.get("values") or []
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise DeclarationError(f"{where}: values must be a list of strings, got {values!r}")
        source = spec.get("values_from")
        if source is not None and (not isinstance(source, str) or "." not in source):
            raise DeclarationError(f"{where}: values_from must be <table>.<column>, got {source!r}")
        return Choice(*values, values_from=source)
    if kind in ("number", "whole_number"):
        bounds = spec.get("range")
        if not (isinstance(bounds, list) and len(bounds) == 2 and all(isinstance(b, (int, float)) for b in bounds)):
            raise DeclarationError(f"{where}: range must be [low, high], got {bounds!r}")
        return Number(bounds[0], bounds[1], integer=kind == "whole_number")
    if kind == "flag":
        return Flag()
    raise DeclarationError(f"{where}: kind must be one of {', '.join(KINDS)}, got {kind!r}")


class DeclarationError(ValueError):
    """``notebooks/parameters.yml`` is malformed; the message names the notebook and parameter."""


def load_declarations(path: Path | None = None) -> dict[str, NotebookParameters]:
    """Every notebook's declared parameters, by notebook name (``notebooks/parameters.yml`` by default).

    A declared default must pass its own rule (a ``values_from`` choice is checked where used).
    """
    import yaml

    path = Path(path or paths.NOTEBOOKS_DIR / DECLARATIONS_FILE)
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(raw, dict):
        raise DeclarationError(f"{path.name}: the top level must map notebook names to declarations")
    declarations = {}
    for notebook, body in raw.items():
        if not isinstance(body, dict) or not isinstance(body.get("parameters", {}), dict):
            raise DeclarationError(f"{path.name}: {notebook}: must have a question and a parameters mapping")
        parameters = {}
        for name, spec in (body.get("parameters") or {}).items():
            where = f"{path.name}: {notebook}.{name}"
            if not isinstance(spec, dict) or "default" not in spec or not spec.get("meaning"):
                raise DeclarationError(f"{where}: needs kind, default and meaning")
            rule = _rule(where, spec)
            if not (isinstance(rule, Choice) and rule.values_from):
                try:
                    rule.check(name, spec["default"])
                except ParameterError as err:
                    raise DeclarationError(f"{where}: the default does not pass its own rule: {err}") from None
            parameters[name] = Parameter(name, rule, spec["default"], str(spec["meaning"]).strip())
        declarations[str(notebook)] = NotebookParameters(str(notebook), str(body.get("question", "")), parameters)
    return declarations


def declared(notebook: str, path: Path | None = None) -> NotebookParameters:
    """One notebook's declaration; a notebook without one is an error naming the file to add it to."""
    declarations = load_declarations(path)
    if notebook not in declarations:
        raise DeclarationError(
            f"notebook {notebook!r} has no entry in {DECLARATIONS_FILE}; declared: {', '.join(declarations)}"
        )
    return declarations[notebook]


#: The first line of every notebook's parameters cell.
PARAMETERS_CELL_HEADER = "# Parameters (papermill overrides these; declared in notebooks/parameters.yml)"


def python_literal(value: Any) -> str:
    """A default as the parameters cell writes it (double-quoted strings, ``float('inf')`` spelt out)."""
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, float) and math.isinf(value):
        return 'float("inf")' if value > 0 else '-float("inf")'
    return repr(value)


def parameters_cell_source(declaration: NotebookParameters) -> str:
    """The text of the notebook's cell tagged "parameters": one ``name = default  # meaning`` line each."""
    lines = [PARAMETERS_CELL_HEADER]
    lines += [f"{p.name} = {python_literal(p.default)}  # {p.meaning}" for p in declaration.parameters.values()]
    return "\n".join(lines)
