"""Atomic writes: a reader sees the old file or the new one; a failure leaves the old one."""

import os

import pytest

from scr_workbench.atomic import atomic_write


def test_atomic_write_keeps_the_old_file_when_replacing_fails(tmp_path, monkeypatch):
    target = tmp_path / "report.html"
    target.write_text("old")

    def refuse(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        atomic_write(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_atomic_write_creates_folders_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "a" / "b" / "report.html"
    atomic_write(target, "naïve")
    assert target.read_bytes() == "naïve".encode()
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]
