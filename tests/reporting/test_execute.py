"""Running one report: in the build's kernel, its kernel log kept, its failures named."""

from __future__ import annotations

import sys
from pathlib import Path

from build_support import job_for, notebook, outputs_text
from scr_workbench.reporting import execute


def test_a_notebook_naming_another_kernel_runs_in_the_build_kernel_and_logs_its_stderr(tmp_path):
    nb_path = notebook(
        tmp_path / "fixture.ipynb",
        "import os, sys\nprint('EXE', sys.executable)\nprint('ENV', os.environ['SCR_EXECUTE_TEST'])",
        "os.write(2, b'written by the kernel process itself\\n')",
    )
    result = execute.run_job(job_for(tmp_path, nb_path))
    assert result.status == "ok", result.error
    text = outputs_text(tmp_path / "executed" / "fixture.ipynb")
    assert f"EXE {sys.executable}" in text
    assert "ENV from the kernelspec" in text
    log = (tmp_path / "state" / "logs" / "fixture.kernel.log").read_text(encoding="utf-8")
    assert "written by the kernel process itself" in log  # fd 2 of the kernel, not a cell output
    assert "without encryption" not in log + text


def test_a_failing_cell_is_reported_with_its_error(tmp_path):
    nb_path = notebook(tmp_path / "fixture.ipynb", "x = 1", "raise ValueError('deliberately broken')")
    result = execute.run_job(job_for(tmp_path, nb_path))
    assert result.status == "failed"
    assert "raised ValueError: deliberately broken" in result.error
    assert (tmp_path / "executed" / "fixture.failed.ipynb").is_file()
    assert not (tmp_path / "html" / "fixture.html").exists()


def test_a_failure_message_names_no_absolute_path_of_the_machine(tmp_path):
    # A notebook that fails to open a data file: Python's message names the file absolutely.
    from scr_workbench import paths

    missing = paths.PROJ_ROOT / "data" / "curated" / "no_such_table.csv"
    nb_path = notebook(tmp_path / "fixture.ipynb", f"open({str(missing)!r})")
    result = execute.run_job(job_for(tmp_path, nb_path))
    assert result.status == "failed"
    assert "FileNotFoundError" in result.error and "data/curated/no_such_table.csv" in result.error
    assert str(paths.PROJ_ROOT) not in result.error and str(tmp_path) not in result.error


def test_a_full_disk_while_writing_the_html_fails_the_report_by_name(tmp_path, monkeypatch):
    import errno

    nb_path = notebook(tmp_path / "fixture.ipynb", "print('fine')")
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "fixture.html").write_text("last good page")

    def full_disk(path, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(execute, "atomic_write", full_disk)
    result = execute.run_job(job_for(tmp_path, nb_path))
    assert result.status == "failed"
    assert result.error.startswith("cannot write html/fixture.html (in the reports folder): no space left (ENOSPC)")
    assert (tmp_path / "html" / "fixture.html").read_text() == "last good page"
    assert not list((tmp_path / "executed").glob(".*"))  # no half-written notebook left behind


def test_a_truncated_notebook_is_never_kept_as_the_failed_one(tmp_path, monkeypatch):
    import papermill

    nb_path = notebook(tmp_path / "fixture.ipynb", "print('fine')")

    def cut_short(notebook_path, output_path, **kwargs):
        Path(output_path).write_text('{"cells": [')  # what a full disk leaves, then the error
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(papermill, "execute_notebook", cut_short)
    result = execute.run_job(job_for(tmp_path, nb_path, fresh_kernel=True))
    assert result.status == "failed" and "cannot write executed/fixture.ipynb" in result.error
    assert list((tmp_path / "executed").iterdir()) == []


def test_a_cell_that_runs_past_the_timeout_fails_its_report_and_names_the_limit(tmp_path):
    hang = notebook(tmp_path / "hang.ipynb", "import time\ntime.sleep(120)")
    result = execute.run_job(job_for(tmp_path, hang, timeout=2))
    assert result.status == "failed"
    assert "timed out" in result.error and "2 seconds" in result.error, result.error  # nbclient's, at the limit
