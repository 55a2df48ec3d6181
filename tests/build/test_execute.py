"""Running one report: the build's own kernelspec, its kernel log, its papermill engine."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest

from scr_workbench.build import execute

#: A notebook naming a kernelspec no machine has: the build must still run it with this interpreter.
FOREIGN_KERNEL = {"name": "no-such-kernel-anywhere", "display_name": "Nowhere", "language": "python"}


def notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": FOREIGN_KERNEL})
    nb.cells = [nbformat.v4.new_markdown_cell("# Execute fixture")]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in sources]
    nbformat.write(nb, path)
    return path


def job_for(tmp_path: Path, nb_path: Path) -> execute.Job:
    kernels = tmp_path / "state" / "kernels"
    execute.write_kernelspec(kernels, {"SCR_EXECUTE_TEST": "from the kernelspec"})
    return execute.Job(
        name="fixture", notebook=str(nb_path), notebook_display=nb_path.name, notebook_sha256="0" * 64,
        parameters={}, parameter_rows=[], title="Execute fixture", fingerprint="f" * 64,
        provenance={"git": {"commit": "unknown", "dirty": None, "scope": "none"},
                    "source_date": {"time": "unknown", "basis": "test"}, "data": {}, "versions": {}},
        html_dir=str(tmp_path / "html"), executed_dir=str(tmp_path / "executed"),
        logs_dir=str(tmp_path / "state" / "logs"), kernels_dir=str(kernels))


def outputs_text(executed: Path) -> str:
    nb = json.loads(executed.read_text(encoding="utf-8"))
    return "".join("".join(o.get("text", "")) for c in nb["cells"] for o in c.get("outputs", []))


def test_the_kernelspec_runs_this_interpreter_with_the_kernel_environment(tmp_path):
    path = execute.write_kernelspec(tmp_path / "kernels", {"EXTRA": "1"})
    spec = json.loads(path.read_text(encoding="utf-8"))
    assert path.parent.name == execute.KERNEL_NAME
    assert spec["argv"] == [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    assert spec["env"] == {"PYTHONHASHSEED": "0", "PYDEVD_DISABLE_FILE_VALIDATION": "1", "EXTRA": "1"}
    km = execute.kernel_manager(tmp_path / "kernels")
    assert km.kernel_spec.argv[0] == sys.executable  # found in the build's folder, not the machine's
    import zmq

    assert km.transport_encryption == ("auto" if zmq.has("curve") else "disabled")


def test_a_notebook_naming_another_kernel_runs_in_the_build_kernel_and_logs_its_stderr(tmp_path):
    nb_path = notebook(tmp_path / "fixture.ipynb",
                       "import os, sys\nprint('EXE', sys.executable)\nprint('ENV', os.environ['SCR_EXECUTE_TEST'])",
                       "os.write(2, b'written by the kernel process itself\\n')")
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


def test_the_engine_is_in_papermills_registry():
    execute.register_engine()
    from papermill.engines import papermill_engines

    assert papermill_engines.get_engine(execute.ENGINE_NAME).__name__ == "LoggedKernelEngine"
    with pytest.raises(Exception):
        papermill_engines.get_engine("no-such-engine")
