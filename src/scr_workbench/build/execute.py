"""Build one scheduled report: run the notebook with papermill, render it, write it atomically.

:func:`run_job` runs in a worker process of the build's pool (or in the build's
own process when only one report needs building). Everything heavy (papermill,
nbconvert, jupyter_client) is imported here, never by the no-op path.

The kernel is always the interpreter running the build (``sys.executable``),
whatever kernelspec the notebook names or the machine has installed, so the
notebook sees the project's own environment.
"""

from __future__ import annotations

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


def preload() -> None:
    """Import the heavy modules once (before the pool forks its workers, which inherit them).

    jsonschema imports the optional ``rfc3987_syntax`` (IRI format checks) when it
    is installed, and that import alone takes about a second here, in every
    process. Notebook validation uses no IRI formats, so the build process marks
    it absent before jsonschema loads. The kernels are separate processes and
    are not affected.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401


def kernel_manager_class(stderr: Any):
    """A kernel manager that starts ``sys.executable``'s ipykernel, its stderr to ``stderr``."""
    import zmq
    from jupyter_client.kernelspec import KernelSpec
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    spec = KernelSpec(
        argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        display_name=f"Python {sys.version.split()[0]} (scr_workbench build)",
        language="python",
        env=dict(KERNEL_ENV),
        metadata={"supported_encryption": ["curve"]},
    )

    class BuildKernelManager(AsyncKernelManager):
        @default("transport_encryption")
        def _transport_encryption_default(self) -> str:
            # Curve keys for the kernel's sockets: also silences ipykernel's
            # "running over TCP without encryption" warning.
            return "auto" if zmq.has("curve") else "disabled"

        @property
        def kernel_spec(self):  # the notebook's kernelspec name is not looked up
            return spec

        async def start_kernel(self, **kw: Any) -> None:
            kw.setdefault("stderr", stderr)
            kw.setdefault("stdout", stderr)
            await super().start_kernel(**kw)

    return BuildKernelManager


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
                    kernel_name="python3", language="python",
                    cwd=str(Path(job.notebook).parent),
                    progress_bar=False, log_output=False,
                    request_save_on_cell_execute=False,
                    execution_timeout=job.timeout,
                    kernel_manager_class=kernel_manager_class(kernel_log),
                    # The outputs are in once the last cell ends: kill the kernel
                    # rather than wait for a graceful shutdown (~0.4 s a report).
                    shutdown_kernel="immediate",
                )
            except PapermillExecutionError as err:
                return failed(_execution_error(err))
            except Exception as err:  # kernel died, timeout, unreadable notebook
                return failed(_execution_error(err) + f" (kernel log: {log_path})")

        html, problems, counts = render.render_report(nb, {
            "name": job.name,
            "title": job.title,
            "parameters": job.parameter_rows,
            "notebook": job.notebook_display,
            "notebook_sha256": job.notebook_sha256,
            "fingerprint": job.fingerprint,
            "provenance": job.provenance,
        })
        if problems:
            return failed("; ".join(problems))
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
