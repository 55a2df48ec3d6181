"""The data-keyed result cache: hits, misses when the data change, damaged files, parallel processes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from build_support import fake_dataset
from scr_workbench import cache

CALLS: list[tuple] = []


@cache.data_cached
def counted(x: int, y: int = 2) -> dict:
    """A function that records each time it really runs."""
    CALLS.append((x, y))
    return {"sum": x + y, "frame": pd.DataFrame({"a": pd.array([x, None], dtype="Int64")})}


@pytest.fixture
def dataset(tmp_path, monkeypatch):
    """A dataset of its own (dataset.yml, raw/, curated/) and a cache folder of its own."""
    data = fake_dataset(tmp_path, monkeypatch)
    monkeypatch.setenv(cache.ENV_CACHE_DIR, str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_memory", {})
    CALLS.clear()
    return data


def forget_memory(monkeypatch) -> None:
    """As a new process would start: nothing in memory, only the files."""
    monkeypatch.setattr(cache, "_memory", {})


def only_file() -> Path:
    files = list(cache.cache_dir().glob("*.pickle"))
    assert len(files) == 1, files
    return files[0]


def test_second_call_is_served_from_memory_then_from_the_file(dataset, monkeypatch):
    first = counted(1)
    assert counted(1, y=2)["sum"] == 3  # the same call, spelt differently
    forget_memory(monkeypatch)
    again = counted(x=1)
    assert CALLS == [(1, 2)]
    assert again["sum"] == 3
    pd.testing.assert_frame_equal(again["frame"], first["frame"], check_exact=True)


def test_each_call_gets_its_own_copy(dataset):
    first = counted(1)
    first["frame"].loc[0, "a"] = 99
    first["sum"] = 0
    again = counted(1)
    assert (again["sum"], again["frame"].loc[0, "a"]) == (3, 1)


def test_other_arguments_are_computed_separately(dataset):
    assert counted(1)["sum"] == 3
    assert counted(1, 5)["sum"] == 6
    assert CALLS == [(1, 2), (1, 5)]


@pytest.mark.parametrize("changed", ["dataset.yml", "raw/source.md", "curated/table.csv", "curated/new.csv"])
def test_a_change_to_any_data_file_recomputes(dataset, changed):
    counted(1)
    path = dataset / changed
    path.write_text((path.read_text() if path.exists() else "") + "changed\n")
    counted(1)
    assert CALLS == [(1, 2), (1, 2)]


class NamedData:
    """Stands for a Dataset passed as an argument: it names its own files."""

    def __init__(self, root: Path):
        self.root = root

    def data_files(self) -> list[Path]:
        return [self.root]

    def __repr__(self) -> str:
        return f"NamedData({self.root})"


@cache.data_cached
def from_other(data: NamedData) -> int:
    CALLS.append(("other", str(data.root)))
    return len(list(data.root.iterdir()))


def test_a_change_to_a_dataset_passed_as_an_argument_recomputes(dataset, tmp_path):
    other = tmp_path / "other-board"
    other.mkdir()
    (other / "a.csv").write_text("x\n1\n")
    assert from_other(NamedData(other)) == 1
    assert from_other(NamedData(other)) == 1
    (other / "a.csv").write_text("x\n2\n")  # same names, other bytes: the default data are unchanged
    assert from_other(NamedData(other)) == 1
    assert len(CALLS) == 2


def test_a_change_to_the_code_recomputes(dataset, monkeypatch):
    counted(1)
    monkeypatch.setattr(cache, "environment_hash", lambda: "other code")
    counted(1)
    assert CALLS == [(1, 2), (1, 2)]


@pytest.mark.parametrize("damage", ["truncated", "flipped byte", "empty", "not a cache file"])
def test_a_damaged_file_is_ignored_and_rewritten(dataset, monkeypatch, damage):
    counted(1)
    path = only_file()
    blob = path.read_bytes()
    broken = {
        "truncated": blob[:-10],
        "flipped byte": blob[:-5] + bytes([blob[-5] ^ 0xFF]) + blob[-4:],
        "empty": b"",
        "not a cache file": b"garbage" * 40,
    }[damage]
    path.write_bytes(broken)
    forget_memory(monkeypatch)
    assert counted(1)["sum"] == 3
    assert CALLS == [(1, 2), (1, 2)]
    assert path.read_bytes() == blob  # pickling the same value gives the same bytes


def test_a_file_written_for_another_key_is_ignored(dataset, monkeypatch):
    counted(1)
    counted(2)
    files = sorted(cache.cache_dir().glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns)
    files[0].write_bytes(files[1].read_bytes())  # counted(2)'s file under counted(1)'s name
    forget_memory(monkeypatch)
    assert counted(1)["sum"] == 3
    assert CALLS == [(1, 2), (2, 2), (1, 2)]


def test_an_unwritable_cache_folder_still_gives_the_value(dataset, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv(cache.ENV_CACHE_DIR, str(blocker / "cache"))
    assert counted(1)["sum"] == 3


WORKER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from scr_workbench import cache, paths

    data = Path(sys.argv[1])
    paths.DATASET_FILE, paths.RAW_DIR, paths.CURATED_DIR = data / "dataset.yml", data / "raw", data / "curated"
    runs = Path(sys.argv[2])

    def slow_square(x):
        with open(runs, "a") as handle:
            handle.write("computed\\n")
        time.sleep(0.5)  # long enough for the others to arrive while it runs
        return x * x

    slow_square.__module__ = "cache_test_worker"
    print(cache.cached_call(slow_square, {"x": 7}))
""")


def test_parallel_processes_compute_once_and_agree(dataset, tmp_path):
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    runs = tmp_path / "runs.txt"
    procs = [
        subprocess.Popen([sys.executable, str(script), str(dataset), str(runs)], stdout=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=120)[0].strip() for p in procs]
    assert [p.returncode for p in procs] == [0] * 4
    assert outputs == ["49"] * 4
    assert runs.read_text() == "computed\n"
    assert not list(cache.cache_dir().glob("*.tmp"))  # no half-written file left behind


def test_the_cached_registry_is_the_registry(monkeypatch, tmp_path):
    from scr_workbench.comparisons.registry import build_registry

    monkeypatch.setenv(cache.ENV_CACHE_DIR, str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_memory", {})
    computed = build_registry.uncached()
    stored = build_registry()  # computed and written
    monkeypatch.setattr(cache, "_memory", {})
    loaded = build_registry()  # read back from the file
    for frame in (stored, loaded):
        pd.testing.assert_frame_equal(frame, computed, check_exact=True)
        assert list(frame.dtypes) == list(computed.dtypes)


def _reads(monkeypatch) -> list[Path]:
    """Record every file whose bytes are read."""
    read, real = [], Path.read_bytes

    def counting(self):
        read.append(self)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    monkeypatch.setattr(cache, "_digests", {})
    return read


def _settled_clock(monkeypatch) -> None:
    """Every file looks older than SETTLED_NS, as the data files are while notebooks run."""
    real = cache.time.time_ns
    monkeypatch.setattr(cache.time, "time_ns", lambda: real() + 10 * cache.SETTLED_NS)


def test_a_settled_file_is_hashed_once_while_its_stat_holds(tmp_path, monkeypatch):
    import hashlib
    import os

    path = tmp_path / "table.csv"
    path.write_bytes(b"x\n1\n")
    read = _reads(monkeypatch)
    _settled_clock(monkeypatch)
    assert cache.file_digest(path) == cache.file_digest(path) == hashlib.sha256(b"x\n1\n").hexdigest()
    assert read == [path]
    # The same size and mtime put back: the ctime still tells the change.
    before = path.stat()
    path.write_bytes(b"x\n2\n")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert cache.file_digest(path) == hashlib.sha256(b"x\n2\n").hexdigest()
    assert read == [path, path]


def test_a_file_changed_just_now_is_hashed_at_every_call(tmp_path, monkeypatch):
    path = tmp_path / "table.csv"
    path.write_bytes(b"x\n1\n")
    read = _reads(monkeypatch)
    cache.file_digest(path)
    cache.file_digest(path)
    assert read == [path, path]  # a second change within the clock's granularity would keep its stat
