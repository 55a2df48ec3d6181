"""Build one scheduled report: run the notebook with papermill, render it, write it atomically.

:func:`run_job` runs in a worker process of the build's pool (or in the build's
own process when only one report needs building). Everything heavy (papermill,
nbconvert, jupyter_client) is imported here, never by the no-op path.

The kernel is always the interpreter running the build (``sys.executable``),
whatever kernelspec the notebook names or the machine has installed, so the
notebook sees the project's own environment: the build writes a kernelspec for it
into its state folder (:func:`write_kernelspec`) and gives nbclient a kernel
manager that looks for kernelspecs there only (:func:`kernel_manager`); the
kernel's own output goes to a log file through a papermill engine
(:func:`register_engine`).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scr_workbench.build.files import atomic_write, sha256_bytes

#: Kernel environment: a fixed hash seed so set and dict orders of str keys in
#: outputs do not vary from run to run.
KERNEL_ENV = {"PYTHONHASHSEED": "0", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to build one entry (picklable)."""

    name: str
    notebook: str
    notebook_display: str
    notebook_sha256: str
    parameters: dict[str, Any]
    parameter_rows: list[dict[str, str]]
    title: str
    fingerprint: str
    provenance: dict[str, Any]
    html_dir: str
    executed_dir: str
    logs_dir: str
    kernels_dir: str
    timeout: float | None = None


@dataclass
class Result:
    name: str
    status: str  # "ok" or "failed"
    duration: float
    error: str | None = None
    html_sha256: str | None = None
    figures: int = 0
    notes: list[str] = field(default_factory=list)
    finished_at: float = field(default_factory=time.time)


#: The kernelspec the build writes into its state folder and runs every notebook with.
KERNEL_NAME = "scr-workbench-build"
#: The papermill engine (registered in papermill's engine registry) that runs it.
ENGINE_NAME = "scr-workbench-build"


def preload() -> None:
    """Import the heavy modules once (before the pool forks its workers, which inherit them)."""
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401

    register_engine()


def write_kernelspec(kernels_dir: Path, env: dict[str, str]) -> Path:
    """Write ``<kernels_dir>/<KERNEL_NAME>/kernel.json``: this interpreter's ipykernel with ``env``.

    The build runs every notebook with it, whatever kernelspec the notebook names or the
    machine has installed, so the notebooks see the project's own environment.
    """
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": f"Python {sys.version.split()[0]} (scr_workbench build)",
        "language": "python",
        "env": {**KERNEL_ENV, **env},
        "metadata": {"supported_encryption": ["curve"]},  # ipykernel takes CurveZMQ keys
    }
    path = kernels_dir / KERNEL_NAME / "kernel.json"
    text = json.dumps(spec, indent=1, sort_keys=True) + "\n"
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        atomic_write(path, text)
    return path


def kernel_manager(kernels_dir: Path):
    """A kernel manager for the build's kernelspec, found in ``kernels_dir`` only; encrypted sockets.

    nbclient takes a kernel manager of the caller's (``km``); jupyter_client creates its
    KernelSpecManager without passing config on, so the folder is set on one made here.
    Curve keys for the kernel's sockets ("auto": the kernelspec declares support and pyzmq
    has it) also silence ipykernel's "running over TCP without encryption" warning.
    """
    import zmq
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    specs = KernelSpecManager(kernel_dirs=[str(kernels_dir)], ensure_native_kernel=False)
    return AsyncKernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=specs,
                              transport_encryption="auto" if zmq.has("curve") else "disabled")


def register_engine() -> None:
    """Register :data:`ENGINE_NAME` in papermill's engine registry (idempotent).

    It is papermill's nbclient engine, except that the kernel process's own stdout and
    stderr (start-up messages, crashes) go to the ``kernel_log`` file the caller passes.
    """
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.utils import remove_args

    class LoggedKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None,
                                     kernel_log=None, **kwargs):
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            client = PapermillNotebookClient(
                nb_man, kernel_name=kernel_name, timeout=execution_timeout, startup_timeout=start_timeout,
                log=logging.getLogger("papermill"), log_output=log_output, stdout_file=stdout_file,
                stderr_file=stderr_file, **kwargs)
            # nbclient passes execute()'s keywords on to the kernel manager's start_kernel (Popen);
            # cleanup_kc: shut the kernel down at the end even though the caller made its manager
            return client.execute(stdout=kernel_log, stderr=kernel_log, cleanup_kc=True)

    papermill_engines.register(ENGINE_NAME, LoggedKernelEngine)


def _execution_error(err: Exception) -> str:
    ename = getattr(err, "ename", None)
    if ename is not None:  # papermill.exceptions.PapermillExecutionError
        evalue = getattr(err, "evalue", "")
        cell = getattr(err, "cell_index", None)
        count = getattr(err, "exec_count", None)
        where = f"cell {cell}" + (f" (execution count {count})" if count is not None else "")
        return f"{where} raised {ename}: {evalue}"
    return f"{type(err).__name__}: {err}"


def run_job(job: Job) -> Result:
    """Execute, render and write one report. Never raises: failures come back in the Result.

    On success: ``<html_dir>/<name>.html`` and ``<executed_dir>/<name>.ipynb`` are
    replaced atomically and any ``<name>.failed.ipynb`` is removed. On failure
    the executed notebook is kept as ``<name>.failed.ipynb`` and the last good
    HTML is left untouched.
    """
    start = time.perf_counter()
    html_path = Path(job.html_dir) / f"{job.name}.html"
    executed_dir = Path(job.executed_dir)
    good_nb = executed_dir / f"{job.name}.ipynb"
    failed_nb = executed_dir / f"{job.name}.failed.ipynb"
    running_nb = executed_dir / f".{job.name}.running.ipynb"
    executed_dir.mkdir(parents=True, exist_ok=True)
    Path(job.logs_dir).mkdir(parents=True, exist_ok=True)
    log_path = Path(job.logs_dir) / f"{job.name}.kernel.log"

    def failed(message: str, notes: list[str] | None = None) -> Result:
        if running_nb.exists():
            os.replace(running_nb, failed_nb)
        return Result(job.name, "failed", time.perf_counter() - start, error=message, notes=notes or [])

    try:
        preload()
        import papermill
        from papermill.exceptions import PapermillExecutionError

        from scr_workbench.build import render

        with open(log_path, "wb") as kernel_log:
            try:
                nb = papermill.execute_notebook(
                    job.notebook, str(running_nb),
                    parameters=job.parameters,
                    engine_name=ENGINE_NAME, kernel_name=KERNEL_NAME, language="python",
                    cwd=str(Path(job.notebook).parent),
                    progress_bar=False, log_output=False,
                    request_save_on_cell_execute=False,
                    execution_timeout=job.timeout,
                    km=kernel_manager(Path(job.kernels_dir)), kernel_log=kernel_log,
                    # The outputs are in once the last cell ends: kill the kernel
                    # rather than wait for a graceful shutdown (~0.4 s a report).
                    shutdown_kernel="immediate",
                )
            except PapermillExecutionError as err:
                return failed(_execution_error(err))
            except Exception as err:  # kernel died, timeout, unreadable notebook
                return failed(_execution_error(err) + f" (kernel log: {log_path})")

        prepared, problems, counts = render.prepare(nb, job.title)
        if problems:
            return failed("; ".join(problems))
        html = render.render_report(prepared, {
            "name": job.name,
            "title": job.title,
            "parameters": job.parameter_rows,
            "notebook": job.notebook_display,
            "notebook_sha256": job.notebook_sha256,
            "fingerprint": job.fingerprint,
            "provenance": job.provenance,
        })
        data = html.encode("utf-8")
        atomic_write(html_path, data)
        os.replace(running_nb, good_nb)  # papermill wrote it when the run ended
        if failed_nb.exists():
            failed_nb.unlink()
        notes = []
        if counts["stderr_outputs"]:
            notes.append(f"{counts['stderr_outputs']} output(s) on stderr (warnings) left out of the HTML; "
                         f"see {good_nb}")
        return Result(job.name, "ok", time.perf_counter() - start, html_sha256=sha256_bytes(data),
                      figures=counts["figures"], notes=notes)
    except Exception as err:  # a bug in the build itself: report it against the entry
        detail = traceback.format_exc(limit=-3)
        return failed(f"build error {type(err).__name__}: {err}\n{detail}")
