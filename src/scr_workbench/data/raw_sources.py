"""The raw sources are the ones recorded: every file in ``data/raw`` against the SHA-256 its README records.

``data/raw/README.md`` has one table row per source, ending in the file's SHA-256. Checking the
data (``check-data``) and every build call :func:`raw_problems` and refuse to run on any
mismatch, naming the file; updating a source is an explicit step,
``python -m scr_workbench raw-hashes --update``, which rewrites the recorded hashes
(:func:`update_hashes`) and says which changed.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

#: A README row: | `file` | ... | `sha256` |
_ROW = re.compile(r"^(\| `(?P<name>[^`]+)` \|.*\| `)(?P<sha>[0-9a-f]{64})(` \|)$", re.M)
README = "README.md"


def recorded_hashes(raw_dir: Path) -> dict[str, str]:
    """File name → SHA-256 as ``raw_dir``'s README records them."""
    return {m["name"]: m["sha"] for m in _ROW.finditer((Path(raw_dir) / README).read_text(encoding="utf-8"))}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def raw_problems(raw_dir: Path) -> list[str]:
    """Every raw file that differs from, lacks or is missing its recorded SHA-256 (empty: all as recorded)."""
    raw_dir = Path(raw_dir)
    readme = raw_dir / README
    if not readme.is_file():
        return [f"{readme}: missing; it records the SHA-256 of every raw source"]
    recorded = recorded_hashes(raw_dir)
    present = {p.name for p in raw_dir.iterdir() if p.name != README and not p.name.startswith(".")}
    problems = []
    for name in sorted(present | set(recorded)):
        if name not in recorded:
            problems.append(f"{name}: no SHA-256 recorded in {README}; add a row: what it is, where it came from")
        elif name not in present:
            problems.append(f"{name}: recorded in {README} but missing from {raw_dir.name}/")
        else:
            found = sha256_of(raw_dir / name)
            if found != recorded[name]:
                problems.append(
                    f"{name}: SHA-256 is {found}, {README} records {recorded[name]}; raw sources are never "
                    "edited (if the source was deliberately replaced: python -m scr_workbench raw-hashes --update)"
                )
    return problems


def update_hashes(raw_dir: Path) -> list[str]:
    """Rewrite the README's recorded SHA-256 of every recorded file that changed; return one line per change."""
    readme = Path(raw_dir) / README
    changes: list[str] = []

    def current(match: re.Match) -> str:
        path = Path(raw_dir) / match["name"]
        if not path.is_file():
            return match.group(0)
        found = sha256_of(path)
        if found != match["sha"]:
            changes.append(f"{match['name']}: {match['sha']} -> {found}")
        return f"{match.group(1)}{found}{match.group(4)}"

    text = _ROW.sub(current, readme.read_text(encoding="utf-8"))
    if changes:
        readme.write_text(text, encoding="utf-8")
    return changes
