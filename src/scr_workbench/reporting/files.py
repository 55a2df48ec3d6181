"""File helpers every part of the build shares: atomic writes, JSON state, hashes, display paths.

Only the standard library: the no-op build imports this and little else.
"""

from __future__ import annotations

import errno
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


#: Write failures a build survives and names: out of space (or over a file-size limit) ...
OUT_OF_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
#: ... and not allowed to write (permissions, a read-only file system, a file where a folder should be).
NOT_WRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EEXIST, errno.EISDIR}


def write_problem(err: BaseException, what: str) -> str | None:
    """A one-line message for a failed write of ``what`` (a name the reader knows), or None when ``err``
    is no out-of-space or permission problem (those are bugs, reported with their traceback)."""
    if not isinstance(err, OSError):
        return None
    code = errno.errorcode.get(err.errno or 0, str(err.errno))
    if err.errno in OUT_OF_SPACE:
        return f"cannot write {what}: no space left ({code}); free some space and build again"
    if err.errno in NOT_WRITABLE:
        return f"cannot write {what}: not writable ({code}: {err.strerror}); check the folder's permissions and mounts"
    return None


def write_whole_notebook(partial: Path, target: Path) -> bool:
    """Move a notebook another library wrote in place (papermill) to ``target`` if it is whole JSON.

    A write cut short (disk full) leaves a truncated or empty file: it is removed instead, so
    no truncated notebook is ever kept. papermill's record of where the notebook was read from
    and written to becomes relative (the notebook to the project, the output to the reports
    folder; a notebook from outside the project keeps its name only), so no executed notebook
    says where the checkout lives. Returns whether ``target`` now holds the notebook.
    """
    try:
        nb = json.loads(Path(partial).read_bytes())
    except FileNotFoundError:
        return False
    except (ValueError, OSError):
        Path(partial).unlink(missing_ok=True)
        return False
    record = nb.get("metadata", {}).get("papermill") if isinstance(nb, dict) else None
    if isinstance(record, dict) and (record.get("input_path") or record.get("output_path")):
        source = record.get("input_path")
        inside = source and Path(source).resolve().is_relative_to(paths.PROJ_ROOT)
        record["input_path"] = relative(source) if inside else Path(source).name if source else None
        record["output_path"] = f"{target.parent.name}/{target.name}"  # in the reports folder
        # nbformat's own layout (nbformat.writes), so the file reads as papermill would have left it
        atomic_write(target, json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n")
        Path(partial).unlink(missing_ok=True)
        return True
    os.replace(partial, target)
    return True


def check_writable(folders: list[Path]) -> list[str]:
    """Each folder that cannot take a new file, with why: created if missing, then probed with a real file.

    A real write is the only test that holds for root too (root ignores permission bits, not a
    read-only mount or a file standing where the folder should be).
    """
    problems = []
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            atomic_write(folder / ".write-probe", b"")
            (folder / ".write-probe").unlink()
        except OSError as err:
            problems.append(write_problem(err, relative(folder) + "/") or f"cannot write {relative(folder)}/: {err}")
    return problems
