"""The build's kernels: its own kernelspec and engine, and a kernel of its own for every report, started ahead."""

from __future__ import annotations

import json
import sys

import pytest

from build_support import (
    REAL_SCHEDULE,
    job_for,
    notebook,
    outputs_text,
    run_build,
    scheduled_names,
    temp_dir,
)
from scr_workbench.reporting import execute, kernels


def test_the_kernelspec_runs_this_interpreter_with_the_kernel_environment(tmp_path):
    path = kernels.write_kernelspec(tmp_path / "kernels", {"EXTRA": "1"})
    spec = json.loads(path.read_text(encoding="utf-8"))
    assert path.parent.name == kernels.KERNEL_NAME
    assert spec["argv"] == [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    assert spec["env"] == {"PYTHONHASHSEED": "0", "PYDEVD_DISABLE_FILE_VALIDATION": "1", "EXTRA": "1"}
    km = kernels.kernel_manager(tmp_path / "kernels")
    assert km.kernel_spec.argv[0] == sys.executable  # found in the build's folder, not the machine's
    import zmq

    assert km.transport_encryption == ("auto" if zmq.has("curve") else "disabled")


def test_each_kernel_has_unix_sockets_of_its_own_not_tcp_ports_that_another_kernel_can_take(tmp_path):
    import os

    from jupyter_core.utils import run_sync

    kernels.write_kernelspec(tmp_path / "kernels", {})
    first, second = kernels.kernel_manager(tmp_path / "kernels"), kernels.kernel_manager(tmp_path / "kernels")
    assert first.transport == second.transport == "ipc"
    assert first.ip != second.ip and os.path.isabs(first.ip)  # absolute: the kernel runs in another folder
    assert len(f"{first.ip}-5".encode()) < 108  # a Unix socket's path limit
    run_sync(first.start_kernel)(extra_arguments=list(kernels.FRESH_KERNEL_ARGUMENTS))
    try:
        info = json.loads(open(first.connection_file, encoding="utf-8").read())
        assert info["transport"] == "ipc" and info["ip"] == first.ip
        client = kernels._blocking_client(first)
        client.start_channels()
        client.wait_for_ready(timeout=120)
        client.stop_channels()
        assert all(os.path.exists(f"{first.ip}-{port}") for port in first.ports)
    finally:
        run_sync(first.shutdown_kernel)(now=True)
    assert not any(os.path.exists(f"{first.ip}-{port}") for port in first.ports)  # cleaned up


def test_the_engine_is_in_papermills_registry():
    kernels.register_engine()
    from papermill.engines import papermill_engines

    assert papermill_engines.get_engine(kernels.ENGINE_NAME).__name__ == "LoggedKernelEngine"
    from papermill.exceptions import PapermillException

    with pytest.raises(PapermillException, match="no-such-engine"):
        papermill_engines.get_engine("no-such-engine")


#: Changes a notebook could make to its kernel's state.
POLLUTER = [
    "import matplotlib, matplotlib.pyplot as plt, numpy, os, pandas, random, sys, warnings\n"
    "matplotlib.rcParams['lines.linewidth'] = 9\n"
    "pandas.set_option('display.max_rows', 3)\n"
    "warnings.simplefilter('error')\n"
    "numpy.random.seed(1); random.seed(1)\n"
    "sys.path.append('/leaked/path'); os.environ['SCR_LEAKED'] = '1'\n"
    "leaked_variable = 1\n"
    "plt.figure()\n"
    "os.chdir('/')",
]

#: Prints the state POLLUTER changes (not the first warning filter: importing scipy.stats or
#: statsmodels, as the kernels started ahead do, puts "always" filters of their own first).
INSPECTOR = [
    "import matplotlib, matplotlib.pyplot as plt, os, pandas, sys, warnings\n"
    "print('linewidth', matplotlib.rcParams['lines.linewidth'])\n"
    "print('max_rows', pandas.get_option('display.max_rows'))\n"
    "print('error filters', sum(f[0] == 'error' for f in warnings.filters))\n"
    "print('leaked path', '/leaked/path' in sys.path, 'leaked env', 'SCR_LEAKED' in os.environ)\n"
    "print('leaked variable', 'leaked_variable' in globals())\n"
    "print('open figures', plt.get_fignums())\n"
    "print('cwd is the notebook folder', os.getcwd() == {folder!r})",
    "print('execution count', get_ipython().execution_count)",
]


def test_the_next_report_gets_a_fresh_kernels_state_whatever_the_one_before_did(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    polluter = notebook(folder / "polluter.ipynb", *POLLUTER)
    inspector = notebook(folder / "inspector.ipynb", *[c.format(folder=str(folder)) for c in INSPECTOR])
    fresh = execute.run_job(job_for(tmp_path / "fresh", inspector, fresh_kernel=True))
    assert fresh.status == "ok", fresh.error
    expected = outputs_text(tmp_path / "fresh" / "executed" / "fixture.ipynb")
    assert "leaked variable False" in expected and "open figures []" in expected  # the test sees the state

    ahead_dir = tmp_path / "ahead"
    try:
        for nb_path in (inspector, polluter, inspector):
            result = execute.run_job(job_for(ahead_dir, nb_path, start_next=True))
            assert result.status == "ok", result.error
    finally:
        kernels.close_supply()
    assert outputs_text(ahead_dir / "executed" / "fixture.ipynb") == expected
    executed = json.loads((ahead_dir / "executed" / "fixture.ipynb").read_text())
    assert [c.get("execution_count") for c in executed["cells"][1:]] == [1, 2]


def _alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


PID_PROBE = "import os, sys\nprint(os.getpid(), 'colorsys' in sys.modules)"


def test_each_report_gets_a_kernel_of_its_own_started_ahead_with_the_preimports(tmp_path):
    probe = notebook(tmp_path / "probe.ipynb", PID_PROBE)
    seen = []
    try:
        for start_next in (True, False):
            job = job_for(tmp_path, probe, preimports=("colorsys",), start_next=start_next)
            assert execute.run_job(job).status == "ok"
            seen.append(outputs_text(tmp_path / "executed" / "fixture.ipynb").split())
            assert kernels.supply().has_next is start_next  # the next report's kernel is already started
    finally:
        kernels.close_supply()
    (first_pid, first_imported), (second_pid, second_imported) = seen
    assert first_pid != second_pid
    assert first_imported == second_imported == "True"
    assert not _alive(int(first_pid)) and not _alive(int(second_pid))  # used once, shut down
    assert [p.name for p in (tmp_path / "state" / "logs").iterdir()] == ["fixture.kernel.log"]


def test_a_kernel_started_for_another_folder_or_imports_is_not_used(tmp_path):
    probe = notebook(tmp_path / "probe.ipynb", PID_PROBE)
    try:
        execute.run_job(job_for(tmp_path, probe, preimports=("colorsys",), start_next=True))
        assert kernels.supply().has_next
        assert execute.run_job(job_for(tmp_path, probe)).status == "ok"  # no preimports asked for
    finally:
        kernels.close_supply()
    assert outputs_text(tmp_path / "executed" / "fixture.ipynb").split()[1] == "False"


def test_a_failed_notebook_does_not_poison_the_next(tmp_path):
    broken = notebook(tmp_path / "broken.ipynb", "x = 1", "raise SystemExit('the kernel is told to exit')")
    fine = notebook(tmp_path / "fine.ipynb", "print('x' in globals())")
    try:
        execute.run_job(job_for(tmp_path, broken, start_next=True))
        result = execute.run_job(job_for(tmp_path, fine))
    finally:
        kernels.close_supply()
    assert result.status == "ok", result.error
    assert outputs_text(tmp_path / "executed" / "fixture.ipynb") == "False\n"


def _fingerprints(reports) -> dict[str, str]:
    return {
        p.stem: json.loads(p.read_text())["last_good"]["fingerprint"]
        for p in (reports / ".build" / "entries").glob("*.json")
    }


def _pages(reports) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (reports / "html").glob("*.html") if p.name != "index.html"}


def test_the_bytes_do_not_depend_on_the_order_or_the_number_of_workers(tmp_path):
    """Each report's HTML is the same whichever report ran before it in a worker, in any order, with 1 or 2
    workers, as with a kernel nbclient starts for each report. A polluter notebook, run among the others,
    changes every kind of kernel state it can and prints that state first: any report after it in a reused
    kernel would print other values (the test above shows it sees them)."""
    import shutil

    from build_support import FIXTURE_ENTRIES, FIXTURES, write_schedule

    folder = tmp_path / "notebooks"
    shutil.copytree(FIXTURES, folder)
    inspect_then_pollute = [c.format(folder=str(folder)) for c in INSPECTOR] + POLLUTER
    notebook(folder / "state.ipynb", *inspect_then_pollute)
    entries = [
        *FIXTURE_ENTRIES,
        {"name": "state", "notebook": "state.ipynb"},
        {"name": "state-again", "notebook": "state.ipynb"},
    ]
    entries.insert(1, entries.pop())  # the polluter runs between reports in either order
    epoch = {"SOURCE_DATE_EPOCH": "1700000000"}

    def build(name: str, order: list[dict], *extra: str) -> dict[str, bytes]:
        schedule = write_schedule(tmp_path / f"{name}.yml", order, folder)
        reports = tmp_path / name
        done = run_build("--schedule", str(schedule), "--reports-dir", str(reports), *extra, env=epoch)
        assert done.returncode == 0, done.stdout + done.stderr
        return _pages(reports)

    reference = build("fresh", entries, "--fresh-kernels", "--jobs", "1")
    assert len(reference) == len(entries)
    assert b"leaked variable False" in reference["state.html"]  # what a fresh kernel prints
    for name, order, jobs in (
        ("forward-1", entries, "1"),
        ("backward-1", entries[::-1], "1"),
        ("forward-2", entries, "2"),
        ("backward-2", entries[::-1], "2"),
    ):
        pages = build(name, order, "--jobs", jobs)
        differ = sorted(n for n in reference if pages.get(n) != reference[n])
        assert not differ, f"{name}: other HTML than with a fresh kernel per report: {differ}"


def test_the_real_schedule_builds_the_same_bytes_as_with_fresh_kernels():
    # Both builds from the same inputs: a change to the package (the checkout is shared) between
    # them shows in their fingerprints, and then they are built again.
    epoch = {"SOURCE_DATE_EPOCH": "1700000000"}
    for _attempt in range(3):
        ahead_reports, fresh_reports = (temp_dir("scr-kernels-") / "reports" for _ in range(2))
        for reports, extra in ((ahead_reports, []), (fresh_reports, ["--fresh-kernels"])):
            done = run_build("--schedule", str(REAL_SCHEDULE), "--reports-dir", str(reports), *extra, env=epoch)
            assert done.returncode == 0, done.stdout + done.stderr
        if _fingerprints(ahead_reports) == _fingerprints(fresh_reports):
            break
    ahead, fresh = _pages(ahead_reports), _pages(fresh_reports)
    assert len(ahead) == len(scheduled_names())
    differ = sorted(n for n in ahead if ahead[n] != fresh.get(n))
    assert not differ, f"kernels started ahead and fresh kernels built different HTML: {differ}"
