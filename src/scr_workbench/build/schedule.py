"""The report schedule (``reports/schedule.yml``): reading it and checking it before anything runs.

The format is documented at the top of ``reports/schedule.yml``. In short::

    notebooks_dir: ../notebooks      # optional; relative to this file; default notebooks/
    reports:
      - name: overview               # output: reports/html/overview.html
        notebook: overview.ipynb     # relative to notebooks_dir
        title: Overview              # optional; default: the notebook's first "# " heading
        parameters:                  # optional; each must be declared in the notebook's
          confidence_level: 0.95     #   cell tagged "parameters", with a value of the
                                     #   same type as the default there

Every problem is collected and reported together, each naming the entry, the
parameter and what was expected; :class:`ScheduleError` carries them.
Structural checks (:func:`load_schedule`) need only PyYAML; the parameter checks
(:func:`check_parameters`) need each notebook's declared parameters, which
:mod:`scr_workbench.build.command` gets from ``papermill.inspect_notebook`` (cached by the
notebook's hash so a no-op build does not import papermill).
"""

from __future__ import annotations

import ast
import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from collections.abc import Callable, Mapping

from scr_workbench import paths
from scr_workbench.build.files import relative

#: Keys an entry may have; anything else is a typo worth reporting.
ENTRY_KEYS = ("name", "notebook", "title", "parameters")
TOP_KEYS = ("notebooks_dir", "reports")
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
RESERVED_NAMES = {"index"}

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


class ScheduleError(Exception):
    """The schedule is unusable; ``problems`` lists every reason, one line each."""

    def __init__(self, path: Path, problems: list[str]):
        self.path = Path(path)
        self.problems = list(problems)
        super().__init__(self.format())

    def format(self) -> str:
        n = len(self.problems)
        head = f"schedule {relative(self.path)} has {n} problem{'s' if n != 1 else ''}; nothing was built:"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


@dataclass(frozen=True)
class Entry:
    """One scheduled report."""

    name: str
    notebook: Path
    parameters: dict[str, Any] = field(default_factory=dict)
    title: str | None = None
    position: int = 0  # 1-based, for messages

    @property
    def label(self) -> str:
        return f'entry {self.position} "{self.name}"'

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "notebook": str(self.notebook), "title": self.title,
                "parameters": self.parameters}


@dataclass(frozen=True)
class Schedule:
    path: Path
    notebooks_dir: Path
    entries: list[Entry]

    def select(self, names: list[str] | None) -> list[Entry]:
        """The entries named in ``names`` (all when None); unknown names raise ScheduleError."""
        if not names:
            return list(self.entries)
        known = {e.name: e for e in self.entries}
        missing = [n for n in names if n not in known]
        if missing:
            raise ScheduleError(self.path, [
                f"--only {n}: no entry of that name{_suggest(n, known)}; entries: {', '.join(known) or 'none'}"
                for n in missing])
        return [known[n] for n in dict.fromkeys(names)]


def _suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def _yaml_load(text: str) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader


def load_schedule(path: Path, notebooks_dir: Path | None = None) -> Schedule:
    """Read the schedule and check its structure: names, notebooks, duplicates, keys.

    Raises
    ------
    ScheduleError
        With every problem found (a missing notebook, a duplicate output name,
        an unknown key, a bad name...).
    """
    path = Path(path)
    if not path.is_file():
        raise ScheduleError(path, [f"schedule file {path} does not exist"])
    try:
        data = _yaml_load(path.read_text(encoding="utf-8"))
    except Exception as err:  # yaml.YAMLError, UnicodeDecodeError
        raise ScheduleError(path, [f"not valid YAML: {err}"]) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ScheduleError(path, [f"the top level must be a mapping with a 'reports' list, not {type(data).__name__}"])

    problems: list[str] = []
    for key in data:
        if key not in TOP_KEYS:
            problems.append(f'unknown top-level key "{key}"{_suggest(str(key), TOP_KEYS)}; allowed: {", ".join(TOP_KEYS)}')
    if notebooks_dir is None:
        nd = data.get("notebooks_dir")
        if nd is None:
            notebooks_dir = paths.NOTEBOOKS_DIR
        elif isinstance(nd, str):
            notebooks_dir = (path.parent / nd).resolve()
        else:
            problems.append(f"notebooks_dir must be a path (string), got {type(nd).__name__} {nd!r}")
            notebooks_dir = paths.NOTEBOOKS_DIR
    notebooks_dir = Path(notebooks_dir)

    raw_entries = data.get("reports", [])
    if raw_entries is None:
        raw_entries = []
    if not isinstance(raw_entries, list):
        problems.append(f"'reports' must be a list of entries, got {type(raw_entries).__name__}")
        raw_entries = []

    entries: list[Entry] = []
    first_seen: dict[str, int] = {}
    for position, raw in enumerate(raw_entries, start=1):
        where = f"entry {position}"
        if not isinstance(raw, dict):
            problems.append(f"{where}: must be a mapping with name, notebook and parameters, got {type(raw).__name__} {raw!r}")
            continue
        name = raw.get("name")
        if isinstance(name, str) and name:
            where = f'entry {position} "{name}"'
        for key in raw:
            if key not in ENTRY_KEYS:
                problems.append(f'{where}: unknown key "{key}"{_suggest(str(key), ENTRY_KEYS)}; allowed: {", ".join(ENTRY_KEYS)}')
        ok = True
        if not isinstance(name, str) or not NAME_RE.match(name):
            problems.append(
                f"{where}: name must be lower-case letters, digits, '-' or '_' (it becomes <name>.html), got {name!r}")
            ok = False
        elif name in RESERVED_NAMES:
            problems.append(f'{where}: name "{name}" is reserved (index.html lists the reports)')
            ok = False
        elif name in first_seen:
            problems.append(
                f'{where}: duplicate output name "{name}" ({name}.html is already written by entry {first_seen[name]})')
            ok = False
        else:
            first_seen[name] = position
        notebook = raw.get("notebook")
        nb_path = None
        if not isinstance(notebook, str) or not notebook.strip():
            problems.append(f"{where}: notebook must be a path to an .ipynb file relative to {relative(notebooks_dir)}, got {notebook!r}")
            ok = False
        else:
            nb_path = (notebooks_dir / notebook).resolve()
            if nb_path.suffix != ".ipynb":
                problems.append(f"{where}: notebook {notebook!r} is not an .ipynb file")
                ok = False
            elif not nb_path.is_file():
                existing = sorted(p.name for p in notebooks_dir.glob("*.ipynb")) if notebooks_dir.is_dir() else []
                problems.append(
                    f"{where}: notebook {relative(nb_path)} does not exist{_suggest(Path(notebook).name, existing)}")
                ok = False
        title = raw.get("title")
        if title is not None and (not isinstance(title, str) or not title.strip()):
            problems.append(f"{where}: title must be a non-empty string, got {title!r}")
            ok = False
        params = raw.get("parameters")
        if params is None:
            params = {}
        if not isinstance(params, dict):
            problems.append(f"{where}: parameters must be a mapping of name: value, got {type(params).__name__} {params!r}")
            ok = False
        else:
            for key in params:
                if not isinstance(key, str) or not key.isidentifier():
                    problems.append(f"{where}: parameter name {key!r} is not a Python identifier")
                    ok = False
        if ok:
            entries.append(Entry(name=name, notebook=nb_path, parameters=dict(params),
                                 title=title.strip() if title else None, position=position))
    if problems:
        raise ScheduleError(path, problems)
    return Schedule(path=path, notebooks_dir=notebooks_dir, entries=entries)


# --- parameters -----------------------------------------------------------------

def has_parameters_cell(nb_json: Mapping[str, Any]) -> bool:
    """Whether a notebook (as parsed JSON) has a code cell tagged ``parameters``."""
    return any(
        cell.get("cell_type") == "code" and "parameters" in (cell.get("metadata", {}).get("tags") or [])
        for cell in nb_json.get("cells", []))


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
    return (f'{entry_label}: parameter "{name}" must be {article} {kind} like {why} in {notebook}; '
            f"got {type(value).__name__} {value!r}{hint}")


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
                f"that sets {', '.join(entry.parameters)}")
            continue
        for name, value in entry.parameters.items():
            if name not in declared:
                known = ", ".join(declared) or "none"
                problems.append(
                    f'{entry.label}: unknown parameter "{name}"{_suggest(name, declared)}; '
                    f"the parameters cell of {nb} declares: {known}")
                continue
            message = type_problem(entry.label, name, value, declared[name], nb)
            if message:
                problems.append(message)
    return problems


def first_heading(nb_json: Mapping[str, Any]) -> str | None:
    """Text of the notebook's first level-1 Markdown heading, if its first Markdown cell starts with one."""
    for cell in nb_json.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        for line in source.splitlines():
            if line.strip():
                match = re.match(r"^#\s+(.+?)\s*#*\s*$", line.strip())
                return match.group(1) if match else None
        return None
    return None
