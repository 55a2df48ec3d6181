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
(:func:`scr_workbench.reporting.parameter_checks.check_parameters`) need each notebook's declared parameters, which
:mod:`scr_workbench.reporting.command` gets from ``papermill.inspect_notebook`` (cached by the
notebook's hash so a no-op build does not import papermill).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from scr_workbench import paths
from scr_workbench.parameters import DECLARATIONS_FILE, DeclarationError, load_declarations
from scr_workbench.reporting.files import relative

#: Keys an entry may have; anything else is a typo worth reporting.
ENTRY_KEYS = ("name", "notebook", "title", "parameters", "set", "question")
#: Which set an entry belongs to: the board pack readers get, or the research annex.
SETS = ("reader", "annex")
#: Written in a title, replaced by the dataset's place (data/dataset.yml), so no place name is typed.
PLACE_PLACEHOLDER = "{place}"
TOP_KEYS = ("notebooks_dir", "reports")
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
RESERVED_NAMES = {"index"}
#: A schedule is a short hand-written file; anything bigger is a mistake or an attack.
MAX_SCHEDULE_BYTES = 256 * 1024
#: How much of a bad value a message quotes.
SHOWN_CHARS = 60


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
    set: str = "reader"  # "reader" (the board pack) or "annex" (research)
    question: str | None = None  # the question the report answers: the index groups reports by it

    @property
    def label(self) -> str:
        return f'entry {self.position} "{self.name}"'

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "notebook": str(self.notebook), "title": self.title, "parameters": self.parameters}


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
            raise ScheduleError(
                self.path,
                [
                    f"--only {n}: no entry of that name{suggest(n, known)}; entries: {', '.join(known) or 'none'}"
                    for n in missing
                ],
            )
        return [known[n] for n in dict.fromkeys(names)]


def suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(str(word)[:SHOWN_CHARS], list(choices), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def shown(value: Any) -> str:
    """A bad value as a message quotes it: its repr, cut to :data:`SHOWN_CHARS` characters."""
    text = repr(value) if not isinstance(value, (dict, list)) else f"<{type(value).__name__} of {len(value)}>"
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


class _UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML's safe loader that refuses a key given twice in one mapping (YAML says keys are unique;
    PyYAML would silently keep the last, so a second ``parameters:`` would hide the first)."""

    def construct_mapping(self, node, deep=False):
        seen: dict = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f'key "{str(key)[:SHOWN_CHARS]}" given twice (first on line {seen[key]})',
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep)


def _yaml_load(text: str) -> Any:
    """Parse with a safe loader that refuses aliases (a few bytes of ``*alias`` can expand to gigabytes)
    and duplicate keys."""
    loader = _UniqueKeyLoader
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.YAMLError(f"aliases (*name) are not allowed in a schedule (line {event.start_mark.line + 1})")
    return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader


def _with_place(title: str) -> str:
    """``title`` with :data:`PLACE_PLACEHOLDER` replaced by the dataset's place."""
    if PLACE_PLACEHOLDER not in title:
        return title
    from scr_workbench.data.dataset import default_dataset

    return title.replace(PLACE_PLACEHOLDER, default_dataset().place)


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
    size = path.stat().st_size
    if size > MAX_SCHEDULE_BYTES:
        raise ScheduleError(path, [f"the file is {size:,} bytes; a schedule may be at most {MAX_SCHEDULE_BYTES:,}"])
    try:
        data = _yaml_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as err:
        raise ScheduleError(path, [f"not UTF-8 text (byte {err.start})"]) from None
    except Exception as err:  # yaml.YAMLError
        message = str(err)
        raise ScheduleError(path, [f"not valid YAML: {message[:400]}"]) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ScheduleError(path, [f"the top level must be a mapping with a 'reports' list, not {type(data).__name__}"])

    problems: list[str] = []
    for key in data:
        if key not in TOP_KEYS:
            problems.append(
                f'unknown top-level key "{str(key)[:SHOWN_CHARS]}"{suggest(str(key), TOP_KEYS)}; '
                f"allowed: {', '.join(TOP_KEYS)}"
            )
    if notebooks_dir is None:
        nd = data.get("notebooks_dir")
        if nd is None:
            notebooks_dir = paths.NOTEBOOKS_DIR
        elif isinstance(nd, str):
            notebooks_dir = (path.parent / nd).resolve()
        else:
            problems.append(f"notebooks_dir must be a path (string), got {type(nd).__name__} {shown(nd)}")
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
            problems.append(
                f"{where}: must be a mapping with name, notebook and parameters, got {type(raw).__name__} {shown(raw)}"
            )
            continue
        name = raw.get("name")
        if isinstance(name, str) and name:
            where = f'entry {position} "{name[:SHOWN_CHARS]}"'
        for key in raw:
            if key not in ENTRY_KEYS:
                problems.append(
                    f'{where}: unknown key "{str(key)[:SHOWN_CHARS]}"{suggest(str(key), ENTRY_KEYS)}; '
                    f"allowed: {', '.join(ENTRY_KEYS)}"
                )
        ok = True
        if not isinstance(name, str) or not NAME_RE.match(name):
            problems.append(
                f"{where}: name must be lower-case letters, digits, '-' or '_' (it becomes <name>.html), "
                f"got {shown(name)}"
            )
            ok = False
        elif name in RESERVED_NAMES:
            problems.append(f'{where}: name "{name}" is reserved (index.html lists the reports)')
            ok = False
        elif name in first_seen:
            problems.append(
                f'{where}: duplicate output name "{name}" ({name}.html is already written by entry {first_seen[name]})'
            )
            ok = False
        else:
            first_seen[name] = position
        notebook = raw.get("notebook")
        nb_path = None
        if not isinstance(notebook, str) or not notebook.strip():
            problems.append(
                f"{where}: notebook must be a path to an .ipynb file relative to {relative(notebooks_dir)}, "
                f"got {shown(notebook)}"
            )
            ok = False
        else:
            nb_path = (notebooks_dir / notebook).resolve()
            if not nb_path.is_relative_to(notebooks_dir.resolve()):
                problems.append(
                    f"{where}: notebook {shown(notebook)} is outside {relative(notebooks_dir)}; "
                    "a schedule may only run the notebooks of its notebooks_dir"
                )
                ok = False
            elif nb_path.suffix != ".ipynb":
                problems.append(f"{where}: notebook {shown(notebook)} is not an .ipynb file")
                ok = False
            elif not nb_path.is_file():
                existing = sorted(p.name for p in notebooks_dir.glob("*.ipynb")) if notebooks_dir.is_dir() else []
                problems.append(
                    f"{where}: notebook {relative(nb_path)} does not exist{suggest(Path(notebook).name, existing)}"
                )
                ok = False
        title = raw.get("title")
        if title is not None and (not isinstance(title, str) or not title.strip()):
            problems.append(f"{where}: title must be a non-empty string, got {shown(title)}")
            ok = False
        params = raw.get("parameters")
        if params is None:
            params = {}
        if not isinstance(params, dict):
            problems.append(
                f"{where}: parameters must be a mapping of name: value, got {type(params).__name__} {shown(params)}"
            )
            ok = False
        else:
            for key in params:
                if not isinstance(key, str) or not key.isidentifier():
                    problems.append(f"{where}: parameter name {shown(key)} is not a Python identifier")
                    ok = False
        set_name = raw.get("set", "reader")
        if set_name not in SETS:
            problems.append(f"{where}: set must be one of {', '.join(SETS)}, got {shown(set_name)}")
            ok = False
        question = raw.get("question")
        if question is not None and (not isinstance(question, str) or not question.strip()):
            problems.append(f"{where}: question must be a non-empty string, got {shown(question)}")
            ok = False
        if ok:
            entries.append(
                Entry(
                    name=name,
                    notebook=nb_path,
                    parameters=dict(params),
                    title=_with_place(title.strip()) if title else None,
                    position=position,
                    set=set_name,
                    question=_with_place(" ".join(question.split())) if question else None,
                )
            )
    problems += declared_value_problems(entries, notebooks_dir)
    if not raw_entries and not problems:
        problems.append(
            "the schedule lists no reports: add at least one entry under 'reports' (a build of nothing is a mistake)"
        )
    if problems:
        raise ScheduleError(path, problems)
    return Schedule(path=path, notebooks_dir=notebooks_dir, entries=entries)


def declared_value_problems(entries: list[Entry], notebooks_dir: Path) -> list[str]:
    """Every entry's parameter names and values checked against ``notebooks_dir/parameters.yml``.

    Values, not only types: ``review_type: both`` or ``confidence_level: 95`` are refused here,
    before anything runs, beside any other entry's problems. Notebooks the file does not declare
    are left to the type checks of :mod:`scr_workbench.reporting.parameter_checks`.
    """
    declarations_path = notebooks_dir / DECLARATIONS_FILE
    if not declarations_path.is_file():
        return []
    where = relative(declarations_path)
    try:
        declarations = load_declarations(declarations_path)
    except DeclarationError as err:
        return [str(err)]
    except Exception as err:  # not YAML, not readable
        return [f"{where}: cannot be read: {type(err).__name__}: {str(err)[:400]}"]
    problems = []
    for entry in entries:
        declaration = declarations.get(entry.notebook.stem)
        if declaration is None:
            continue
        try:
            found = declaration.problems(entry.parameters)
        except OSError as err:  # a values_from table that is not there
            found = [f"the allowed values cannot be read: {err}"]
        problems += [f"{entry.label}: {problem} (declared in {where})" for problem in found]
    return problems
