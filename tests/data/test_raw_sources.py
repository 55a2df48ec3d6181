"""Raw sources against their recorded SHA-256: a changed byte, a missing or unrecorded file, and the explicit update."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from scr_workbench import paths
from scr_workbench.data.raw_sources import raw_problems, recorded_hashes, update_hashes


@pytest.fixture
def raw_copy(tmp_path):
    target = tmp_path / "raw"
    shutil.copytree(paths.RAW_DIR, target)
    return target


def test_the_real_raw_sources_are_as_recorded():
    assert raw_problems(paths.RAW_DIR) == []
    # independent of the parser: the README's own text holds each file's hashlib digest
    readme = (paths.RAW_DIR / "README.md").read_text(encoding="utf-8")
    for name in recorded_hashes(paths.RAW_DIR):
        assert f"`{hashlib.sha256((paths.RAW_DIR / name).read_bytes()).hexdigest()}`" in readme


def test_one_changed_byte_is_named(raw_copy):
    path = raw_copy / "ons-census-2011-qs201ew-derby.csv"
    data = bytearray(path.read_bytes())
    data[-5] = ord("7") if data[-5] != ord("7") else ord("8")
    path.write_bytes(bytes(data))
    problems = raw_problems(raw_copy)
    assert len(problems) == 1
    assert problems[0].startswith("ons-census-2011-qs201ew-derby.csv: SHA-256 is ")
    assert "raw-hashes --update" in problems[0]


def test_a_missing_and_an_unrecorded_file_are_named(raw_copy):
    (raw_copy / "sources-readme.md").unlink()
    (raw_copy / "extra.csv").write_text("a\n1\n")
    assert raw_problems(raw_copy) == [
        "extra.csv: no SHA-256 recorded in README.md; add a row: what it is, where it came from",
        "sources-readme.md: recorded in README.md but missing from raw/",
    ]


def test_update_records_the_new_hash_and_says_what_changed(raw_copy):
    path = raw_copy / "second-coding-readme.md"
    before = recorded_hashes(raw_copy)[path.name]
    path.write_text(path.read_text(encoding="utf-8") + "\nA deliberate new version.\n", encoding="utf-8")
    new = hashlib.sha256(path.read_bytes()).hexdigest()
    assert update_hashes(raw_copy) == [f"second-coding-readme.md: {before} -> {new}"]
    assert recorded_hashes(raw_copy)[path.name] == new and raw_problems(raw_copy) == []
    assert update_hashes(raw_copy) == []  # nothing more to record
