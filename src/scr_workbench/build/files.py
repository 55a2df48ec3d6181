"""File helpers every part of the build shares: atomic writes, JSON state, hashes, display paths.

Only the standard library: the no-op build imports this and little else.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from scr_workbench import paths
from scr_workbench.atomic import atomic_write


def read_json(path: Path) -> dict[str, Any]:
    """A JSON state file, or {} when it is missing or unreadable (the build then starts afresh)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
        return {}


def write_json(path: Path, value: dict[str, Any]) -> None:
    """Write a JSON state file atomically, keys sorted so equal states give equal bytes."""
    atomic_write(path, json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no whitespace variation, for hashing."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def relative(path: Path) -> str:
    """``path`` as shown to users: relative to the project root when inside it, else as given."""
    try:
        return Path(path).resolve().relative_to(paths.PROJ_ROOT).as_posix()
    except ValueError:
        return Path(path).as_posix()


def without_machine_paths(text: str) -> str:
    """``text`` with this machine's absolute paths made relative: the project root, the home folder.

    Error messages come from notebooks and libraries and often name files absolutely; pages,
    the index and state files must not show where the checkout lives.
    """
    root = str(paths.PROJ_ROOT)
    text = text.replace(root + os.sep, "").replace(root, ".")
    home = os.path.expanduser("~")
    if home not in ("", "/", "~"):
        text = text.replace(home + os.sep, "~" + os.sep)
    return text
