"""What a report was built from: content hashes of its inputs, git state, package versions.

The same facts serve two purposes. :func:`fingerprint` combines the hashes into
one value per entry: when it has not changed since the last good build, the
entry is skipped. :func:`provenance` gathers what the reviewer sees in each
report's footer.

Only the standard library is used, so a no-op build stays fast.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from scr_workbench import paths
from scr_workbench.cache import files_under
from scr_workbench.reporting.files import canonical_json, relative, sha256_bytes, sha256_file

#: Bump when the build's output changes in a way the hashed inputs do not show.
BUILD_FORMAT = "1"

#: Packages whose versions appear in each report's footer (and so in its fingerprint).
REPORTED_PACKAGES = (
    "scr_workbench",
    "pandas",
    "numpy",
    "scipy",
    "statsmodels",
    "matplotlib",
    "seaborn",
    "pandera",
    "papermill",
    "nbconvert",
    "nbclient",
    "ipykernel",
    "ipython",
)

PACKAGE_DIR = Path(__file__).resolve().parents[1]
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def data_hashes(inputs: Iterable[Path] | None = None) -> dict[str, str]:
    """SHA-256 of every data file (:func:`scr_workbench.paths.data_inputs` by default), keyed by path."""
    inputs = paths.data_inputs() if inputs is None else [Path(p) for p in inputs]
    return {relative(p): sha256_file(p) for p in files_under(inputs)}


def code_hashes(package_dir: Path = PACKAGE_DIR) -> dict[str, str]:
    """SHA-256 of the package's Python modules and report templates."""
    files = files_under([package_dir], ".py")
    files += [p for p in files_under([TEMPLATES_DIR]) if p.suffix != ".py"]
    return {relative(p): sha256_file(p) for p in sorted(set(files))}


def combined_hash(hashes: dict[str, str]) -> str:
    digest = hashlib.sha256()
    for name in sorted(hashes):
        digest.update(f"{name}\0{hashes[name]}\n".encode())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def package_versions() -> dict[str, str]:
    """Python's and the reported packages' versions ("not installed" when absent)."""
    versions = {"python": sys.version.split()[0]}
    for name in REPORTED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def fingerprint(
    *, notebook_sha256: str, entry: dict[str, Any], data_hash: str, code_hash: str, versions: dict[str, str]
) -> str:
    """One hash of everything an entry's HTML depends on (bar the git commit, see provenance)."""
    return sha256_bytes(
        canonical_json(
            {
                "format": BUILD_FORMAT,
                "notebook": notebook_sha256,
                "entry": entry,
                "data": data_hash,
                "code": code_hash,
                "versions": versions,
            }
        ).encode()
    )


# --- git and time -------------------------------------------------------------------


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", *args], cwd=paths.PROJ_ROOT, capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def git_state(inputs: Iterable[Path] | None = None) -> dict[str, Any]:
    """The git commit a report's inputs come from, its time, and whether they had uncommitted changes.

    With ``inputs`` (the notebook, the data folders, the package): the latest
    commit that changed any of them, and whether any of them differs from HEAD
    (or is untracked). Commits and edits elsewhere in the repository do not
    change a report, so rebuilding after an unrelated commit gives the same
    bytes. Without ``inputs``: HEAD and the whole working tree.
    """
    pathspec = ["--", *[str(p) for p in inputs]] if inputs is not None else []
    line = _git("log", "-1", "--format=%H %ct", *pathspec) if pathspec else None
    if not line:
        line = _git("log", "-1", "--format=%H %ct")
    if not line:
        return {"commit": "unknown", "commit_time": None, "dirty": None, "scope": "none"}
    commit, _, when = line.partition(" ")
    status = _git("status", "--porcelain", *pathspec)
    return {
        "commit": commit,
        "commit_time": int(when) if when.isdigit() else None,
        "dirty": None if status is None else bool(status),
        "scope": "inputs" if pathspec else "repository",
    }


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` (reproducible-builds.org) if set to an integer, else None."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


def format_time(epoch: float | None) -> str:
    if epoch is None:
        return "unknown"
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m-%d %H:%M UTC")


def provenance(data: dict[str, str], git: dict[str, Any]) -> dict[str, Any]:
    """What a report's footer shows. Deliberately no wall-clock time (see build.py)."""
    epoch = source_date_epoch()
    if epoch is not None:
        stamp = {"time": format_time(epoch), "basis": "SOURCE_DATE_EPOCH"}
    elif git.get("commit_time") is not None:
        stamp = {"time": format_time(git["commit_time"]), "basis": "time of that commit"}
    else:
        stamp = {"time": "unknown", "basis": "no git commit and no SOURCE_DATE_EPOCH"}
    return {
        "git": git,
        "source_date": stamp,
        "data": data,
        "versions": package_versions(),
    }
