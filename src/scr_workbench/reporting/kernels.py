"""The kernels the build runs notebooks in: its own kernelspec, a logging papermill engine, warm kernels.

The kernel is always the interpreter running the build (``sys.executable``), whatever
kernelspec the notebook names or the machine has installed, so the notebook sees the
project's own environment: the build writes a kernelspec for it into its state folder
(:func:`write_kernelspec`) and gives nbclient a kernel manager that looks for
kernelspecs there only (:func:`kernel_manager`). A papermill engine registered under
:data:`ENGINE_NAME` sends the kernel process's own stdout and stderr to a log file.

Starting a kernel and importing pandas, scipy and matplotlib in it takes longer than
most notebooks here take to run, so each build worker keeps one :class:`WarmKernel`
across the notebooks it runs and puts it back as a fresh kernel would be before each
one (:data:`RESET`): an empty namespace and execution count, no open figures, and the
matplotlib, pandas, warnings, random, working-folder, ``sys.path`` and environment
state of a kernel that has only imported those libraries. tests/reporting/test_kernels.py
checks that no state leaks and that the reports are byte-identical to fresh kernels'.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
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
    """A kernel manager for the build's kernelspec, found in ``kernels_dir`` only; encrypted sockets.

    nbclient takes a kernel manager of the caller's (``km``); jupyter_client creates its
    KernelSpecManager without passing config on, so the folder is set on one made here.
    Curve keys for the kernel's sockets ("auto": the kernelspec declares support and pyzmq
    has it) also silence ipykernel's "running over TCP without encryption" warning. Its clients
    are :class:`~scr_workbench.reporting.ready.ReadyClient`.
    """
    import zmq
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    from scr_workbench.reporting.ready import CLIENT_CLASS

    specs = KernelSpecManager(kernel_dirs=[str(kernels_dir)], ensure_native_kernel=False)
    return AsyncKernelManager(
        kernel_name=KERNEL_NAME,
        kernel_spec_manager=specs,
        client_class=CLIENT_CLASS,  # ready without idling 0.2 s a notebook (build.ready)
        transport_encryption="auto" if zmq.has("curve") else "disabled",
    )


def register_engine() -> None:
    """Register :data:`ENGINE_NAME` in papermill's engine registry (idempotent).

    It is papermill's nbclient engine, except that the kernel process's own stdout and
    stderr (start-up messages, crashes) go to the ``kernel_log`` file the caller passes,
    and that with ``keep_kernel=True`` the kernel (the caller's ``km``) is left running.
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
            keep_kernel=False,
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
            try:
                # nbclient passes execute()'s keywords on to the kernel manager's start_kernel (Popen);
                # cleanup_kc: shut the kernel down at the end unless the caller keeps it
                return client.execute(stdout=kernel_log, stderr=kernel_log, cleanup_kc=not keep_kernel)
            finally:
                if keep_kernel and client.kc is not None:
                    client.kc.stop_channels()  # this run's client; the kernel and its manager stay

    papermill_engines.register(ENGINE_NAME, LoggedKernelEngine)


#: Run once in a warm kernel after it starts (after :data:`PREIMPORT`): import what the
#: notebooks import and keep the state a fresh kernel has then, in a module the namespace
#: reset does not clear.
SNAPSHOT = """
import copy, os, random, sys, types, warnings
import matplotlib, matplotlib.pyplot, numpy, pandas

def _scr_option_keys(wrapper, prefix=""):
    for name in dir(wrapper):
        value = getattr(wrapper, name)
        if isinstance(value, type(pandas.options)):
            yield from _scr_option_keys(value, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}"

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    _scr = types.ModuleType("_scr_warm_kernel")
    _scr.rc = copy.deepcopy(dict(matplotlib.rcParams))
    _scr.pandas = {key: pandas.get_option(key) for key in _scr_option_keys(pandas.options)}
_scr.filters = list(warnings.filters)
_scr.numpy_random = numpy.random.get_state()
_scr.random = random.getstate()
_scr.path = list(sys.path)
_scr.environ = dict(os.environ)
sys.modules[_scr.__name__] = _scr
del _scr, _scr_option_keys
import gc
gc.collect()
gc.freeze()  # what the imports made stays: the collections at each reset and in the cells skip it
"""

#: Run in a warm kernel before each notebook (``{cwd!r}`` is the notebook's folder).
RESET = """
import os, random, sys, warnings
import matplotlib, matplotlib.pyplot, numpy, pandas
_scr = sys.modules["_scr_warm_kernel"]
matplotlib.pyplot.close("all")
matplotlib.rcParams.update(_scr.rc)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    for _key, _value in _scr.pandas.items():
        if pandas.get_option(_key) != _value:
            pandas.set_option(_key, _value)
warnings.filters[:] = _scr.filters
warnings._filters_mutated()  # forget which warnings were shown, as a fresh interpreter would
numpy.random.set_state(_scr.numpy_random)
random.setstate(_scr.random)
sys.path[:] = _scr.path
os.environ.clear()
os.environ.update(_scr.environ)
os.chdir({cwd!r})
get_ipython().reset(new_session=True)  # namespace, In/Out, history and execution count
"""


#: Run first in a warm kernel (``{modules!r}``: the modules the notebooks import): a module
#: that cannot be imported is left for the notebook to fail on, with its own message. What
#: the imports change (``sys.modules``, warning filters, rcParams) is what a notebook's own
#: imports would change, and :data:`SNAPSHOT` records it as the state to reset to.
PREIMPORT = """
import importlib as _scr_importlib
for _scr_module in {modules!r}:
    try:
        _scr_importlib.import_module(_scr_module)
    except Exception:
        pass
del _scr_importlib, _scr_module
"""


class WarmKernel:
    """One kernel kept alive across notebooks, with its own client for the reset between them.

    ``preimports``: modules imported when it starts, so that the first notebook does not
    pay for them (see :mod:`scr_workbench.reporting.workers`).
    """

    def __init__(self, kernels_dir: Path, log_path: Path, preimports: tuple[str, ...] = ()):
        self.km = kernel_manager(kernels_dir)
        self.log_path = log_path
        self.preimports = tuple(preimports)
        self._log: BinaryIO | None = None

    def start(self, cwd: str) -> None:
        from jupyter_core.utils import run_sync

        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "wb")
        run_sync(self.km.start_kernel)(stdout=self._log, stderr=self._log, cwd=cwd)
        code = (PREIMPORT.format(modules=list(self.preimports)) if self.preimports else "") + SNAPSHOT
        self._run(code, wait_for_ready=True)

    def _run(self, code: str, wait_for_ready: bool = False) -> None:
        """Run ``code`` silently (no execution count, no history) through a client of its own.

        A new blocking client each time: clients are tied to the event loop they were made
        in, and nbclient runs every notebook in a loop of its own.
        """
        from scr_workbench.reporting.ready import BlockingReadyClient

        info = {**self.km.get_connection_info(session=True), "connection_file": self.km.connection_file}
        for key in ("curve_publickey", "curve_secretkey"):  # as KernelManager.client() passes them
            if isinstance(info.get(key), str):
                info[key] = info[key].encode("ascii")
        client = BlockingReadyClient(parent=self.km, **info)
        client.start_channels()
        try:
            if wait_for_ready:
                client.wait_for_ready(timeout=60)
            reply = client.execute_interactive(
                code, silent=True, store_history=False, timeout=60, output_hook=lambda msg: None
            )
        finally:
            client.stop_channels()
        if reply["content"]["status"] != "ok":
            content = reply["content"]
            raise RuntimeError(f"warm kernel set-up failed: {content.get('ename')}: {content.get('evalue')}")

    def prepare(self, cwd: str) -> None:
        """Start the kernel if need be, else put it back as a fresh one would be, in ``cwd``."""
        if not self.km.has_kernel:
            self.start(cwd)
        self._run(RESET.format(cwd=cwd))

    def log_size(self) -> int:
        return self.log_path.stat().st_size if self.log_path.exists() else 0

    def shutdown(self, keep_log: bool = False) -> None:
        """Stop the kernel; its log (already copied into each report's) goes too unless ``keep_log``."""
        from jupyter_core.utils import run_sync

        try:
            if self.km.has_kernel:
                run_sync(self.km.shutdown_kernel)(now=True)
        finally:
            if self._log is not None:
                self._log.close()
                self._log = None
            if not keep_log:
                self.log_path.unlink(missing_ok=True)


_warm: WarmKernel | None = None


def warm_kernel(kernels_dir: Path, logs_dir: Path, preimports: tuple[str, ...] = ()) -> WarmKernel:
    """This process's warm kernel (started on first use, shut down when the process ends)."""
    global _warm
    if _warm is not None and _warm.km.kernel_spec_manager.kernel_dirs != [str(kernels_dir)]:
        discard_warm_kernel()
    if _warm is None:
        _shut_down_at_exit(os.getpid())  # a forked worker registers its own
        _warm = WarmKernel(kernels_dir, logs_dir / f"kernel-{os.getpid()}.log", preimports)
    return _warm


@functools.cache
def _shut_down_at_exit(pid: int) -> None:
    """Discard the warm kernel when process ``pid`` ends (registered once per process)."""
    import atexit
    from multiprocessing import util

    atexit.register(discard_warm_kernel)
    util.Finalize(None, discard_warm_kernel, exitpriority=10)  # pool workers skip atexit


def discard_warm_kernel(keep_log: bool = False) -> None:
    """Shut this process's warm kernel down (at the end, or after a failure: then keep its log)."""
    global _warm
    if _warm is not None:
        kernel, _warm = _warm, None
        kernel.shutdown(keep_log)


def prepared_warm_kernel(kernels_dir: Path, logs_dir: Path, cwd: str, preimports: tuple[str, ...] = ()) -> WarmKernel:
    """This process's warm kernel, reset for a notebook in ``cwd`` (a new one if the old one is broken)."""
    try:
        kernel = warm_kernel(kernels_dir, logs_dir, preimports)
        kernel.prepare(cwd)
    except Exception:  # it died or cannot be reset: start another
        discard_warm_kernel(keep_log=True)
        kernel = warm_kernel(kernels_dir, logs_dir, preimports)
        kernel.prepare(cwd)
    return kernel
