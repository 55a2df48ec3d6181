"""Planning a build: where it writes, what each entry depends on, what is up to date.

:func:`plan_build` checks every entry's parameters against its notebook (via
``papermill.inspect_notebook``, cached by the notebook's SHA-256 in
``<reports>/.build/inspect-cache.json`` so a no-op build never imports papermill),
computes each entry's input fingerprint and compares it with the last good build
recorded in ``<reports>/.build/entries/<name>.json``.
"""

from __future__ import annotations

import ast
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scr_workbench import paths
from scr_workbench.reporting.files import read_json, relative, sha256_bytes, sha256_file, write_json
from scr_workbench.reporting.schedule import Entry, Schedule, ScheduleError

ENV_REPORTS_DIR = "SCR_REPORTS_DIR"


@dataclass(frozen=True)
class Layout:
    """Where a build writes: html/, executed/ and .build/ under one reports folder."""

    reports_dir: Path

    @property
    def html_dir(self) -> Path:
        return self.reports_dir / "html"

    @property
    def executed_dir(self) -> Path:
        return self.reports_dir / "executed"

    @property
    def orphaned_dir(self) -> Path:
        """Where the HTML of reports removed from the schedule goes (not published)."""
        return self.reports_dir / "orphaned"

    @property
    def state_dir(self) -> Path:
        return self.reports_dir / ".build"

    @property
    def entries_dir(self) -> Path:
        return self.state_dir / "entries"

    @property
    def logs_dir(self) -> Path:
        return self.state_dir / "logs"

    @property
    def kernels_dir(self) -> Path:
        """The kernelspec the build runs its notebooks with (see :func:`execute.write_kernelspec`)."""
        return self.state_dir / "kernels"

    @property
    def cache_dir(self) -> Path:
        """Results computed once per data hash by the notebooks it runs (:mod:`scr_workbench.cache`)."""
        return self.state_dir / "cache"

    @classmethod
    def resolve(cls, reports_dir: Path | str | None = None) -> Layout:
        chosen = reports_dir or os.environ.get(ENV_REPORTS_DIR) or paths.REPORTS_DIR
        return cls(Path(chosen).resolve())


def _inspector(layout: Layout):
    """``inspect(path)`` for :func:`parameter_checks.check_parameters`, cached by the notebook's SHA-256.

    papermill (slow to import) is only loaded for a notebook not seen before.
    """
    from scr_workbench.reporting.notebook_json import first_heading, has_parameters_cell

    cache_path = layout.state_dir / "inspect-cache.json"
    cache = read_json(cache_path)
    dirty = False
    by_path: dict[Path, dict[str, Any]] = {}

    def inspect(path: Path) -> dict[str, Any]:
        nonlocal dirty
        raw = path.read_bytes()
        digest = sha256_bytes(raw)
        info = cache.get(digest)
        if info is not None and "order" in info:
            # The cache is written with sorted keys: put the parameters back in the notebook's order,
            # so a build from the cache gives the same bytes as the first build of a checkout.
            info = {**info, "parameters": {name: info["parameters"][name] for name in info["order"]}}
        else:
            from scr_workbench.reporting.execute import preload

            preload()
            import papermill

            nb_json = json.loads(raw)
            declared = papermill.inspect_notebook(str(path))
            info = {
                "parameters": declared,
                "order": list(declared),
                "has_parameters_cell": has_parameters_cell(nb_json),
                "first_heading": first_heading(nb_json),
            }
            cache[digest] = info
            dirty = True
        by_path[path] = {**info, "sha256": digest}
        return info

    def save() -> None:
        used = {info["sha256"] for info in by_path.values()}
        if dirty or set(cache) - used:  # keep only the notebooks of this schedule
            write_json(cache_path, {k: v for k, v in cache.items() if k in used})

    return inspect, save, by_path


def _shown(default_source: str) -> str:
    """A default as the schedule's values are shown (Python repr), or its source text if not a literal."""
    try:
        return repr(ast.literal_eval(default_source))
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return default_source


def _parameter_rows(entry: Entry, declared: dict[str, Any]) -> list[dict[str, str]]:
    """Name, value, who set it and what it means (the comment in the parameters cell) of each parameter."""
    rows = []
    for name, info in declared.items():
        if name in entry.parameters:
            value, source = repr(entry.parameters[name]), "schedule"
        else:
            value, source = _shown(str(info.get("default"))), "notebook default"
        rows.append({"name": name, "value": value, "source": source, "help": str(info.get("help") or "")})
    return rows


@dataclass
class Plan:
    entry: Entry
    title: str
    fingerprint: str
    notebook_sha256: str
    parameter_rows: list[dict[str, str]]
    state: dict[str, Any]
    up_to_date: bool
    inputs: dict[str, Any]
    reasons: list[str]


def plan_build(
    schedule: Schedule, layout: Layout, *, force: bool = False, data_dirs: list[Path] | None = None
) -> tuple[list[Plan], dict[str, Any]]:
    """Check the parameters and fingerprint every entry. Raises ScheduleError before anything runs."""
    from scr_workbench.reporting import provenance
    from scr_workbench.reporting.parameter_checks import check_parameters

    inspect, save_cache, info = _inspector(layout)
    problems = check_parameters(schedule, inspect)
    save_cache()
    if problems:
        raise ScheduleError(schedule.path, problems)

    data = provenance.data_hashes(data_dirs)
    data_hash = provenance.combined_hash(data)
    code = provenance.code_hashes()
    code_hash = provenance.combined_hash(code)
    versions = provenance.package_versions()
    plans = []
    for entry in schedule.entries:
        nb_info = info[entry.notebook]
        title = entry.title or nb_info.get("first_heading") or entry.name
        entry_json = {**entry.as_json(), "notebook": relative(entry.notebook), "title": title}
        fp = provenance.fingerprint(
            notebook_sha256=nb_info["sha256"],
            entry=entry_json,
            data_hash=data_hash,
            code_hash=code_hash,
            versions=versions,
        )
        state = read_json(layout.entries_dir / f"{entry.name}.json")
        good = state.get("last_good") or {}
        html_path = layout.html_dir / f"{entry.name}.html"
        inputs = {"notebook": nb_info["sha256"], "entry": entry_json, "data": data, "code": code, "versions": versions}
        reasons = why_rebuild(good, fp, inputs, html_path, force)
        plans.append(
            Plan(
                entry,
                title,
                fp,
                nb_info["sha256"],
                _parameter_rows(entry, nb_info["parameters"]),
                state,
                not reasons,
                inputs,
                reasons,
            )
        )
    return plans, data


def _changed(old: dict[str, str], new: dict[str, str]) -> list[str]:
    names = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
    return [Path(n).name for n in names]


def why_rebuild(
    good: dict[str, Any], fingerprint: str, inputs: dict[str, Any], html_path: Path, force: bool
) -> list[str]:
    """Why an entry must be built (empty when it is up to date), e.g. ["code changed: plotting.py"]."""
    if force:
        return ["--force"]
    if not good:
        return ["never built"]
    if not html_path.is_file():
        return ["its HTML is missing"]
    if good.get("fingerprint") == fingerprint:
        if sha256_file(html_path) != good.get("html_sha256"):
            return ["its HTML was changed or replaced since it was built"]
        return []
    old = good.get("inputs") or {}
    if not old:
        return ["inputs changed"]
    reasons = []
    if old.get("notebook") != inputs["notebook"]:
        reasons.append("notebook changed")
    if old.get("entry") != inputs["entry"]:
        keys = sorted(k for k in inputs["entry"] if old.get("entry", {}).get(k) != inputs["entry"][k])
        reasons.append(f"schedule entry changed ({', '.join(keys)})")
    for part in ("data", "code", "versions"):
        changed = _changed(old.get(part) or {}, inputs[part])
        if changed:
            shown = ", ".join(changed[:4]) + (f" and {len(changed) - 4} more" if len(changed) > 4 else "")
            reasons.append(f"{part} changed: {shown}")
    return reasons or ["build format changed"]
