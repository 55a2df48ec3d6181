"""The kernels the build runs notebooks in: its own kernelspec, a logging papermill engine, kernels started ahead.

The kernel is always the interpreter running the build (``sys.executable``), whatever
kernelspec the notebook names or the machine has installed, so the notebook sees the
project's own environment: the build writes a kernelspec for it into its state folder
(:func:`write_kernelspec`) and gives nbclient a kernel manager that looks for
kernelspecs there only (:func:`kernel_manager`). A papermill engine registered under
:data:`ENGINE_NAME` sends the kernel process's own stdout and stderr to a log file.

Starting a kernel and importing pandas, scipy and matplotlib in it takes longer than
most notebooks here take to run, so each build process starts the kernel of its next
report while the current one executes (:class:`KernelSupply`). Every report still gets
a kernel of its own, used once and shut down: no state of one report can reach another.
tests/reporting/test_kernels.py checks that the reports are byte-identical to a kernel
started by nbclient for each report, in any order and with any number of workers.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import BinaryIO

from scr_workbench.atomic import atomic_write

#: Kernel environment: a fixed hash seed so set and dict orders of str keys in
#: outputs do not vary from run to run.
KERNEL_ENV = {"PYTHONHASHSEED": "0", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
#: The kernelspec the build writes into its state folder and runs every notebook with.
KERNEL_NAME = "scr-workbench-build"
#: The papermill engine (registered in papermill's engine registry) that runs it.
ENGINE_NAME = "scr-workbench-build"


def write_kernelspec(kernels_dir: Path, env: dict[str, str]) -> Path:
    """Write ``<kernels_dir>/<KERNEL_NAME>/kernel.json``: this interpreter's ipykernel with ``env``."""
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
    """A kernel manager for the build's kernelspec, found in ``kernels_dir`` only; encrypted IPC sockets.

    nbclient takes a kernel manager of the caller's (``km``); jupyter_client creates its
    KernelSpecManager without passing config on, so the folder is set on one made here.
    The sockets are Unix sockets named by this manager alone (:func:`socket_prefix`), not TCP
    ports: jupyter_client finds free ports by binding and closing them before the kernel binds
    them, which two kernels starting at once on a busy machine can both pick ("Address already in
    use"). Curve keys ("auto": the kernelspec declares support and pyzmq has it) encrypt them.
    Its clients are :class:`~scr_workbench.reporting.ready.ReadyClient`.
    """
    import zmq
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    from scr_workbench.reporting.ready import CLIENT_CLASS

    prefix = socket_prefix()
    specs = KernelSpecManager(kernel_dirs=[str(kernels_dir)], ensure_native_kernel=False)
    return AsyncKernelManager(
        kernel_name=KERNEL_NAME,
        kernel_spec_manager=specs,
        client_class=CLIENT_CLASS,  # ready without idling 0.2 s a notebook (build.ready)
        transport="ipc",
        ip=prefix,  # the sockets are <prefix>-1 to <prefix>-5
        connection_file=prefix + ".json",
        transport_encryption="auto" if zmq.has("curve") else "disabled",
    )


#: Kernel managers made by this process so far (numbers its socket prefixes).
_managers_made = 0


def socket_prefix() -> str:
    """A path no other kernel uses, for one kernel's connection file and sockets: ``<folder>/<n>``.

    The folder is this process's own, made in the system's temporary folder (short, as a Unix
    socket's path must be under 108 bytes) and removed when the process ends.
    """
    global _managers_made
    _managers_made += 1
    return f"{_socket_folder(os.getpid())}/{_managers_made}"


@functools.cache
def _socket_folder(pid: int) -> str:
    """This process's folder for kernel sockets (one per process, a forked worker makes its own)."""
    import atexit
    import shutil
    import tempfile
    from multiprocessing import util

    folder = tempfile.mkdtemp(prefix="scr-kernels-")

    def remove() -> None:
        if os.getpid() == pid:
            shutil.rmtree(folder, ignore_errors=True)

    atexit.register(remove)
    util.Finalize(None, remove, exitpriority=0)  # pool workers skip atexit; after close_supply (10)
    return folder


def register_engine() -> None:
    """Register :data:`ENGINE_NAME` in papermill's engine registry (idempotent).

    It is papermill's nbclient engine, except that the kernel process's own stdout and
    stderr (start-up messages, crashes) go to the ``kernel_log`` file the caller passes,
    and that the caller's kernel manager (``km``) may hold a kernel started already
    (:class:`PreparedKernel`), which nbclient then uses and shuts down.
    """
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.utils import remove_args

    class LoggedKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
            start_timeout=60,
            execution_timeout=None,
            kernel_log=None,
            **kwargs,
        ):
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            client = PapermillNotebookClient(
                nb_man,
                kernel_name=kernel_name,
                timeout=execution_timeout,
                startup_timeout=start_timeout,
                log=logging.getLogger("papermill"),
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
                **kwargs,
            )
            # nbclient passes execute()'s keywords on to the kernel manager's start_kernel (Popen)
            # when it starts the kernel itself; cleanup_kc: shut the kernel down at the end
            return client.execute(stdout=kernel_log, stderr=kernel_log, cleanup_kc=True)

    papermill_engines.register(ENGINE_NAME, LoggedKernelEngine)


#: What nbclient passes a kernel it starts itself (its ``ipython_hist_file``): the history in
#: memory, not in the user's IPython profile. A kernel started ahead gets the same.
FRESH_KERNEL_ARGUMENTS = ("--HistoryManager.hist_file=:memory:",)
#: Seconds a kernel started ahead may take to boot and import what the notebooks import.
BOOT_TIMEOUT = 300.0

#: Run in a kernel started ahead (``{modules!r}``: the modules the notebooks import), silently
#: and without history, so that the notebook does not wait for them. A module that cannot be
#: imported is left for the notebook to fail on, with its own message; no name is left behind.
PREIMPORT = """
import importlib as _scr_importlib
for _scr_module in {modules!r}:
    try:
        _scr_importlib.import_module(_scr_module)
    except Exception:
        pass
del _scr_importlib, _scr_module
"""


def _blocking_client(km):
    """A blocking client on ``km``'s kernel (``km.client()`` makes the async kind nbclient uses)."""
    from jupyter_client.blocking import BlockingKernelClient

    info = {**km.get_connection_info(session=True), "connection_file": km.connection_file}
    for key in ("curve_publickey", "curve_secretkey"):  # bytes, as KernelManager.client() passes them
        if isinstance(info.get(key), str):
            info[key] = info[key].encode("ascii")
    return BlockingKernelClient(**info)


class PreparedKernel:
    """A kernel started for exactly one report, its preimports already sent: used once, then shut down.

    It is started as nbclient would start it (same manager, kernelspec, working folder and
    arguments), and the only code it has run when the notebook gets it is :data:`PREIMPORT`.
    Nothing a previous report did can reach it: no kernel ever runs two reports.
    """

    def __init__(self, kernels_dir: Path, log_path: Path, cwd: str, preimports: tuple[str, ...] = ()):
        from jupyter_core.utils import run_sync

        self.key = (str(kernels_dir), cwd, tuple(preimports))
        self.km = kernel_manager(kernels_dir)
        self.log_path = log_path
        log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log: BinaryIO | None = open(log_path, "wb")
        self._client = None
        self._request: str | None = None
        try:
            run_sync(self.km.start_kernel)(
                stdout=self._log, stderr=self._log, cwd=cwd, extra_arguments=list(FRESH_KERNEL_ARGUMENTS)
            )
            if preimports:  # sent now, run while the report before this one executes
                self._client = _blocking_client(self.km)
                self._client.start_channels()
                self._request = self._client.execute(
                    PREIMPORT.format(modules=list(preimports)), silent=True, store_history=False
                )
        except BaseException:
            self.finish(keep_log=True)
            raise

    def wait(self, timeout: float = BOOT_TIMEOUT) -> None:
        """Block until the kernel has run its preimports; RuntimeError if it died or took too long."""
        from queue import Empty

        from jupyter_core.utils import run_sync

        if self._client is None:
            return
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    reply = self._client.get_shell_msg(timeout=1.0)
                except Empty:
                    if not run_sync(self.km.is_alive)():
                        raise RuntimeError("the kernel died while it imported the notebooks' modules") from None
                    if time.monotonic() > deadline:
                        raise RuntimeError(
                            f"the kernel did not import the notebooks' modules in {timeout:g} s"
                        ) from None
                    continue
                if reply.get("parent_header", {}).get("msg_id") == self._request:
                    break
        finally:
            self._client.stop_channels()
            self._client = None
        if reply["content"].get("status") != "ok":
            content = reply["content"]
            raise RuntimeError(f"kernel set-up failed: {content.get('ename')}: {content.get('evalue')}")

    def finish(self, into: Path | None = None, keep_log: bool = False) -> None:
        """Shut the kernel down if it still runs; its log moves to ``into``, else goes (unless ``keep_log``)."""
        from jupyter_core.utils import run_sync

        try:
            if self._client is not None:
                self._client.stop_channels()
                self._client = None
            if self.km.has_kernel:
                run_sync(self.km.shutdown_kernel)(now=True)
        finally:
            if self._log is not None:
                self._log.close()
                self._log = None
            if into is not None and self.log_path.exists():
                os.replace(self.log_path, into)
            elif not keep_log:
                self.log_path.unlink(missing_ok=True)


class KernelSupply:
    """This process's next kernel, started one report ahead: each report takes one and the next boots meanwhile."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self._next: PreparedKernel | None = None
        self._started = 0

    @property
    def has_next(self) -> bool:
        """Whether a kernel is started and waiting for the next report."""
        return self._next is not None

    def start(self, kernels_dir: Path, logs_dir: Path, cwd: str, preimports: tuple[str, ...] = ()) -> None:
        """Start the next kernel now (unless one is waiting already)."""
        if self._next is None:
            self._started += 1
            log_path = logs_dir / f"kernel-{self.pid}-{self._started}.log"
            self._next = PreparedKernel(kernels_dir, log_path, cwd, tuple(preimports))

    def take(self, kernels_dir: Path, logs_dir: Path, cwd: str, preimports: tuple[str, ...] = ()) -> PreparedKernel:
        """A kernel for one report: the one started ahead if it was started for the same folder and imports."""
        kernel, self._next = self._next, None
        if kernel is not None and kernel.key != (str(kernels_dir), cwd, tuple(preimports)):
            kernel.finish()
            kernel = None
        if kernel is None:
            self.start(kernels_dir, logs_dir, cwd, preimports)
            kernel, self._next = self._next, None
        return kernel

    def close(self) -> None:
        """Shut down the kernel started ahead that no report took."""
        kernel, self._next = self._next, None
        if kernel is not None:
            kernel.finish()


_supply: KernelSupply | None = None


def supply() -> KernelSupply:
    """This process's :class:`KernelSupply` (a forked worker gets its own, never its parent's kernels)."""
    global _supply
    if _supply is None or _supply.pid != os.getpid():
        _supply = KernelSupply()
        _close_at_exit(_supply.pid)
    return _supply


@functools.cache
def _close_at_exit(pid: int) -> None:
    """Shut the kernel started ahead down when process ``pid`` ends (registered once per process)."""
    import atexit
    from multiprocessing import util

    atexit.register(close_supply)
    util.Finalize(None, close_supply, exitpriority=10)  # pool workers skip atexit


def close_supply() -> None:
    """Shut down this process's kernel started ahead, if any (not a parent's, inherited by fork)."""
    if _supply is not None and _supply.pid == os.getpid():
        _supply.close()
