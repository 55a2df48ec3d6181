"""The build's file helpers: atomic writes, JSON state, hashes, display paths."""

import hashlib
import json
import os

from scr_workbench import paths
from scr_workbench.reporting.files import (
    canonical_json,
    read_json,
    relative,
    sha256_file,
    without_machine_paths,
    write_json,
)


def test_json_state_round_trips_and_unreadable_state_reads_as_empty(tmp_path):
    path = tmp_path / "state.json"
    write_json(path, {"b": 1, "a": [1, 2]})
    assert read_json(path) == {"a": [1, 2], "b": 1}
    assert path.read_text().index('"a"') < path.read_text().index('"b"')  # sorted keys: stable bytes
    path.write_bytes(b"\xff{not json")
    assert read_json(path) == {}
    assert read_json(tmp_path / "missing.json") == {}


def test_canonical_json_ignores_key_order():
    assert canonical_json({"b": 1, "a": {"d": 2, "c": 3}}) == '{"a":{"c":3,"d":2},"b":1}'


def test_sha256_file_matches_hashlib(tmp_path):
    path = tmp_path / "f.bin"
    data = os.urandom(3 << 20)  # more than one read block
    path.write_bytes(data)
    assert sha256_file(path) == hashlib.sha256(data).hexdigest()


def test_relative_inside_and_outside_the_project(tmp_path):
    assert relative(paths.PROJ_ROOT / "notebooks" / "x.ipynb") == "notebooks/x.ipynb"
    assert relative(tmp_path / "x") == (tmp_path / "x").as_posix()


def test_machine_paths_are_taken_out_of_messages():
    root = str(paths.PROJ_ROOT)
    message = f"FileNotFoundError: [Errno 2] No such file: '{root}/data/curated/x.csv' (in {root})"
    assert without_machine_paths(message) == "FileNotFoundError: [Errno 2] No such file: 'data/curated/x.csv' (in .)"
    home = os.path.expanduser("~")
    assert without_machine_paths(f"see {home}/notes.txt") == "see ~/notes.txt"
    assert without_machine_paths("no paths here") == "no paths here"


def test_write_problems_name_the_file_and_the_cause():
    import errno

    from scr_workbench.reporting.files import write_problem

    space = write_problem(OSError(errno.ENOSPC, "No space left on device"), "html/x.html")
    assert space == "cannot write html/x.html: no space left (ENOSPC); free some space and build again"
    read_only = write_problem(OSError(errno.EROFS, "Read-only file system"), "html/")
    assert read_only.startswith("cannot write html/: not writable (EROFS: Read-only file system)")
    assert write_problem(OSError(errno.EIO, "I/O error"), "x") is None  # anything else is a bug to see whole
    assert write_problem(ValueError("x"), "x") is None


def test_a_truncated_notebook_is_removed_not_kept(tmp_path):
    from scr_workbench.reporting.files import write_whole_notebook

    partial, target = tmp_path / ".x.running.ipynb", tmp_path / "x.failed.ipynb"
    partial.write_text('{"cells": [')
    assert not write_whole_notebook(partial, target)
    assert not partial.exists() and not target.exists()
    partial.write_text('{"cells": []}')
    assert write_whole_notebook(partial, target) and target.read_text() == '{"cells": []}'


def test_an_executed_notebook_does_not_say_where_the_checkout_or_the_reports_folder_is(tmp_path):
    from scr_workbench import paths
    from scr_workbench.reporting.files import write_whole_notebook

    partial, target = tmp_path / ".x.running.ipynb", tmp_path / "executed" / "x.ipynb"
    target.parent.mkdir()
    for source, shown in [
        (paths.PROJ_ROOT / "notebooks" / "overview.ipynb", "notebooks/overview.ipynb"),
        (tmp_path / "mine" / "question.ipynb", "question.ipynb"),  # the user's own, outside the project
    ]:
        record = {"input_path": str(source), "output_path": str(partial), "parameters": {"a": 1}}
        partial.write_text(json.dumps({"cells": [], "metadata": {"papermill": record}}), encoding="utf-8")
        assert write_whole_notebook(partial, target) and not partial.exists()
        text = target.read_text(encoding="utf-8")
        assert str(tmp_path) not in text and str(paths.PROJ_ROOT) not in text
        saved = json.loads(text)["metadata"]["papermill"]
        assert saved == {"input_path": shown, "output_path": "executed/x.ipynb", "parameters": {"a": 1}}


def test_a_folder_that_is_a_file_is_not_writable_even_for_root(tmp_path):
    from scr_workbench.reporting.files import check_writable

    (tmp_path / "html").write_text("a file")
    assert check_writable([tmp_path / "ok"]) == []
    (problem,) = check_writable([tmp_path / "html"])
    assert "html/: not writable (E" in problem
