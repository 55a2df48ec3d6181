"""Results that depend only on the data and the code, computed once per data hash and kept on disk.

:func:`data_cached` wraps a function whose result depends only on its arguments, the
dataset's files (``dataset.yml``, ``raw/``, ``curated/``, wherever ``SCR_DATA_DIR`` puts
them), the package's code and the versions of the numerical libraries. Its result is
pickled into one file per key under :func:`cache_dir`, and kept in memory for the rest
of the process. Each file carries its key and the SHA-256 of its payload: a corrupt,
truncated or foreign file is ignored and the value recomputed. Writes are atomic, and a
lock per key makes parallel processes (the build's kernels, xdist workers) wait for the
one computing it rather than compute it too.

The files are trusted like the package's own code (pickle): the checksum guards against
damage, not against someone who can write into the cache folder.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import os
import pickle
import sys
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from scr_workbench import paths
from scr_workbench.atomic import atomic_write

#: Environment variable naming the cache folder (the build points it into its own state folder).
ENV_CACHE_DIR = "SCR_CACHE_DIR"
#: First bytes of every cache file; bump the digit when the layout changes.
MAGIC = b"scr-workbench-cache 1\n"
#: Libraries whose versions can change a cached result (or its pickle).
LIBRARIES = ("numpy", "pandas", "scipy", "statsmodels")
PACKAGE_DIR = Path(__file__).resolve().parent

F = TypeVar("F", bound=Callable[..., Any])
_memory: dict[str, bytes] = {}


def cache_dir() -> Path:
    """``$SCR_CACHE_DIR`` when set, else ``reports/.build/cache`` (removed by ``make clean``)."""
    return Path(os.environ.get(ENV_CACHE_DIR) or paths.REPORTS_DIR / ".build" / "cache")


#: Folders whose files are tools' scratch, not inputs.
IGNORED_PARTS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache"}


def files_under(roots: Iterable[Path], suffix: str = "") -> list[Path]:
    """The input files named by ``roots`` (files, or folders searched recursively), sorted.

    Hidden files and the scratch folders of tools (:data:`IGNORED_PARTS`) are left out, so the
    result cache and the build's fingerprints see the same files.
    """
    found = []
    for root in map(Path, roots):
        if root.is_file():
            found.append(root)
        elif root.is_dir():
            found += [
                p
                for p in root.rglob(f"*{suffix}")
                if p.is_file() and not IGNORED_PARTS.intersection(p.parts) and not p.name.startswith(".")
            ]
    return sorted(found)


#: A file changed this recently (by its ctime) is hashed again at every call: a change within the
#: timestamp's granularity would leave its stat unchanged (git's "racily clean" entries).
SETTLED_NS = 2_000_000_000
_digests: dict[Path, tuple[tuple[int, ...], str]] = {}


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, remembered in this process while its stat stays the same.

    The stat compared includes the inode and the ctime, which the system sets at every change to
    the file (a rewrite, a rename over it, a ``touch -d`` that puts the mtime back); a digest is
    remembered only once the file has not changed for :data:`SETTLED_NS`, so that a second change
    within the clock's granularity cannot hide behind an unchanged stat. Each cached call hashes
    the data to make its key, so this saves reading and hashing every data file at every call.
    """
    now = time.time_ns()
    info = path.stat()
    signature = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    known = _digests.get(path)
    if known is not None and known[0] == signature:
        return known[1]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if now - max(info.st_mtime_ns, info.st_ctime_ns) > SETTLED_NS:
        _digests[path] = (signature, digest)
    else:
        _digests.pop(path, None)
    return digest


def tree_hash(roots: Iterable[Path], suffix: str = "") -> str:
    """One SHA-256 over the names and bytes of every file under ``roots`` (files or folders)."""
    digest = hashlib.sha256()
    for path in files_under(roots, suffix):
        digest.update(f"{path}\0{file_digest(path)}\n".encode())
    return digest.hexdigest()


def data_hash() -> str:
    """The dataset's hash: ``dataset.yml``, ``raw/`` and ``curated/`` as :mod:`scr_workbench.paths` names them."""
    return tree_hash(paths.data_inputs())


@functools.cache
def environment_hash() -> str:
    """The package's code and the numerical libraries' versions (they do not change within a process)."""
    versions = [sys.version]
    for name in LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} absent")
    return hashlib.sha256((tree_hash([PACKAGE_DIR], ".py") + "\n".join(versions)).encode()).hexdigest()


def cache_key(function: Callable[..., Any], arguments: dict[str, Any]) -> str:
    """The key of one call: the function's name, its arguments (repr), the data and the code.

    An argument with a ``data_files()`` method (a :class:`~scr_workbench.data.dataset.Dataset`
    other than the default), or a ``Path``, adds the hash of the files it names, so editing
    them invalidates the entry too.
    """
    call = f"{function.__module__}.{function.__qualname__}({sorted(arguments.items())!r})"
    named = [
        path
        for value in arguments.values()
        if callable(getattr(value, "data_files", None))
        for path in value.data_files()
    ]
    named += [value for value in arguments.values() if isinstance(value, Path)]  # a folder or file of data
    extra = tree_hash(named) if named else ""
    return hashlib.sha256(f"{call}\n{data_hash()}\n{extra}\n{environment_hash()}".encode()).hexdigest()


def read_entry(path: Path, key: str) -> bytes | None:
    """The payload stored for ``key`` in ``path``, or None if it is missing, damaged or for another key."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    header_len = len(MAGIC) + 64 + 1 + 64 + 1
    if len(blob) < header_len or not blob.startswith(MAGIC):
        return None
    stored_key = blob[len(MAGIC) : len(MAGIC) + 64].decode("ascii", "replace")
    checksum = blob[len(MAGIC) + 65 : header_len - 1].decode("ascii", "replace")
    payload = blob[header_len:]
    if stored_key != key or hashlib.sha256(payload).hexdigest() != checksum:
        return None
    return payload


def write_entry(path: Path, key: str, payload: bytes) -> None:
    """Write ``payload`` for ``key`` with its checksum, atomically."""
    atomic_write(path, MAGIC + f"{key}\n{hashlib.sha256(payload).hexdigest()}\n".encode("ascii") + payload)


@contextmanager
def _locked(path: Path):
    """Hold an exclusive lock on ``path`` (blocking), so one process computes a key while others wait."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, at worst two processes compute the same value
        yield
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a")
    except OSError:  # a read-only checkout: compute without the lock
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def cached_call(function: Callable[..., Any], arguments: dict[str, Any]) -> Any:
    """``function(**arguments)``, from memory, from the file cache, or computed and stored in both."""
    key = cache_key(function, arguments)
    payload = _memory.get(key)
    if payload is None:
        path = cache_dir() / f"{key}.pickle"
        payload = read_entry(path, key)
        if payload is None:
            with _locked(path.with_suffix(".lock")):
                payload = read_entry(path, key)  # another process may have written it while we waited
                if payload is None:
                    payload = pickle.dumps(function(**arguments), protocol=pickle.HIGHEST_PROTOCOL)
                    try:
                        write_entry(path, key, payload)
                    except OSError:  # a read-only checkout still gets the value, just not kept
                        pass
        _memory[key] = payload
    return pickle.loads(payload)  # a fresh object each call: callers may change what they get


def data_cached(function: F) -> F:
    """Decorate a function whose result depends only on its arguments, the data and the code."""
    signature = inspect.signature(function)

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        return cached_call(function, dict(bound.arguments))

    wrapper.uncached = function  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]
