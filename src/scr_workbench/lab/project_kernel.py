"""The project kernel "Python (scr-workbench)" reloads the package before each cell (IPython's autoreload).

The README asks researchers to move logic into ``src/scr_workbench/analyses/``; with ``%autoreload 2`` an
edit there shows on the next Run All, without restarting the kernel. Only the lab's kernel gets it: the
build runs its own kernelspec (``scr-workbench-build``), so reports never depend on a reload.
``make`` runs ``python -m scr_workbench.lab.project_kernel`` right after ``ipykernel install``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

KERNEL_NAME = "scr-workbench"
#: What the kernel runs at start: load autoreload, then reload every changed module before each cell.
AUTORELOAD_ARGS = ("--InteractiveShellApp.extensions=autoreload", "--InteractiveShellApp.exec_lines=%autoreload 2")


def with_autoreload(spec: dict) -> dict:
    """The kernelspec ``spec`` with the autoreload arguments added to its command line (once)."""
    argv = [a for a in spec["argv"] if a not in AUTORELOAD_ARGS]
    return {**spec, "argv": [*argv, *AUTORELOAD_ARGS]}


def spec_file(prefix: Path | None = None) -> Path:
    """Where ``ipykernel install --sys-prefix --name scr-workbench`` wrote the kernelspec."""
    return Path(prefix or sys.prefix) / "share" / "jupyter" / "kernels" / KERNEL_NAME / "kernel.json"


def install(path: Path | None = None) -> Path:
    """Add autoreload to the installed project kernelspec; return its path."""
    path = Path(path or spec_file())
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no project kernelspec; run 'make venv' (ipykernel install) first")
    path.write_text(json.dumps(with_autoreload(json.loads(path.read_text())), indent=1) + "\n")
    return path


if __name__ == "__main__":
    print(f"autoreload on in {install()}")


def encrypted_kernel_manager_class():
    """A kernel manager class that gives the kernel CurveZMQ keys when pyzmq and the kernelspec support them.

    Pass it as ``kernel_manager_class=`` to nbclient or papermill: the kernel's sockets are encrypted, and
    ipykernel no longer prints "Kernel is running over TCP without encryption" into every run's output.
    """
    import zmq
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class EncryptedKernelManager(AsyncKernelManager):
        @default("transport_encryption")
        def _transport_encryption_default(self) -> str:
            return "auto" if zmq.has("curve") else "disabled"

    return EncryptedKernelManager
