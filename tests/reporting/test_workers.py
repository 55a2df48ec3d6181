"""The build's worker pool: what its kernels import when they boot, and when workers start."""

from __future__ import annotations

import json
import os

import nbformat
import pytest

from build_support import job_for, notebook, outputs_text
from scr_workbench.reporting import workers
from scr_workbench.reporting.batch import early_pool
from scr_workbench.reporting.planning import Layout
from scr_workbench.reporting.schedule import load_schedule


def _raw_notebook(path, *sources, kind="code"):
    nb = nbformat.v4.new_notebook()
    new = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
    nb.cells = [new(source) for source in sources]
    nbformat.write(nb, path)
    return path


def test_notebook_imports_lists_each_imported_module_once_in_order(tmp_path):
    first = _raw_notebook(
        tmp_path / "a.ipynb",
        "import pandas as pd, json\nfrom scr_workbench.viz import display",
        "def f():\n    import scipy.stats\n    return 1",
        "%%time\nimport never_seen",  # a cell magic: not Python
        "from . import relative_import\nimport json",
    )
    second = _raw_notebook(tmp_path / "b.ipynb", "from scr_workbench.viz import display\nimport yaml")
    prose = _raw_notebook(tmp_path / "c.ipynb", "import not_code", kind="markdown")
    broken = tmp_path / "d.ipynb"
    broken.write_text("{not json", encoding="utf-8")
    found = workers.notebook_imports([first, second, prose, broken, tmp_path / "missing.ipynb"])
    assert found == ["pandas", "json", "scr_workbench.viz", "scipy.stats", "yaml"]


def test_kernel_preimports_add_the_libraries_imported_inside_functions(tmp_path):
    nb = _raw_notebook(tmp_path / "a.ipynb", "import pandas")
    assert workers.kernel_preimports([nb]) == ("pandas", *workers.LAZY_LIBRARIES)


def test_one_worker_per_usable_core():
    assert workers.default_workers() == len(os.sched_getaffinity(0))


def test_a_started_pool_runs_reports_in_kernels_that_booted_with_the_preimports(tmp_path):
    probe = notebook(tmp_path / "probe.ipynb", "import sys\nprint('preimported', 'colorsys' in sys.modules)")
    job = job_for(tmp_path, probe, preimports=("colorsys",))  # a report asks for what the pool booted with
    kernels_dir, logs_dir = job.kernels_dir, job.logs_dir
    with workers.WorkerPool(2, (kernels_dir, logs_dir, str(tmp_path), ("colorsys",))) as pool:
        seen = []
        results = pool.run([job], lambda running, waiting: None, seen.append)
    assert [r.status for r in results] == ["ok"], results[0].error
    assert seen == results
    assert "preimported True" in outputs_text(tmp_path / "executed" / "fixture.ipynb")


def test_a_pool_for_fresh_kernels_boots_none(tmp_path):
    probe = notebook(tmp_path / "probe.ipynb", "import sys\nprint('preimported', 'colorsys' in sys.modules)")
    job = job_for(tmp_path, probe, fresh_kernel=True)
    with workers.WorkerPool(2, None) as pool:
        results = pool.run([job], lambda running, waiting: None, lambda result: None)
    assert results[0].status == "ok", results[0].error
    assert "preimported False" in outputs_text(tmp_path / "executed" / "fixture.ipynb")
    assert not list((tmp_path / "state" / "logs").glob("kernel-*.log"))  # no kernel was started ahead


@pytest.fixture
def two_entry_schedule(tmp_path):
    nb = notebook(tmp_path / "nb.ipynb", "print(1)")
    path = tmp_path / "schedule.yml"
    entries = [{"name": n, "notebook": nb.name} for n in ("one", "two")]
    path.write_text(json.dumps({"notebooks_dir": str(tmp_path), "reports": entries}), encoding="utf-8")
    return load_schedule(path)


def test_workers_start_before_planning_only_when_a_report_was_never_built(tmp_path, two_entry_schedule):
    layout = Layout(tmp_path / "reports")
    selected = {"one", "two"}
    pool = early_pool(two_entry_schedule, selected, layout, force=False, jobs=2, publication=False)
    assert pool is not None and pool.n_workers == 2
    pool.close()

    layout.entries_dir.mkdir(parents=True)
    (layout.entries_dir / "one.json").write_text("{}", encoding="utf-8")
    assert (
        early_pool(two_entry_schedule, selected, layout, force=False, jobs=2, publication=False) is None
    )  # one to build at most
    (layout.entries_dir / "two.json").write_text("{}", encoding="utf-8")
    assert early_pool(two_entry_schedule, selected, layout, force=False, jobs=2, publication=False) is None
    forced = early_pool(two_entry_schedule, selected, layout, force=True, jobs=2, publication=False)
    assert forced is not None
    forced.close()
    assert early_pool(two_entry_schedule, selected, layout, force=True, jobs=1, publication=False) is None


def test_kill_ends_the_pools_workers_and_no_other_child():
    """kill() finds its workers through multiprocessing's public list of children, not the executor's private
    table: a child process started before the pool survives it."""
    import multiprocessing
    import time

    other = multiprocessing.get_context("fork").Process(target=time.sleep, args=(60,))
    other.start()
    try:
        pool = workers.WorkerPool(2, None)
        deadline = time.monotonic() + 60
        while len(pool.workers()) < 2 and time.monotonic() < deadline:  # forked at the first submit
            time.sleep(0.05)
        started = pool.workers()
        assert len(started) == 2 and other not in started
        pool.kill()
        for process in started:
            process.join(timeout=30)
            assert not process.is_alive()
        assert other.is_alive()
    finally:
        other.kill()
        other.join(timeout=30)


def test_a_dead_worker_is_replaced_and_fails_only_its_own_report(tmp_path):
    """A report that kills its worker process (its kernel's parent) breaks concurrent.futures' pool: the
    pool is replaced and the reports it lost run again; the killer, killing its second worker too, fails
    alone, and every other report is built."""
    import json

    from build_support import notebook, run_build, write_schedule

    folder = tmp_path / "notebooks"
    folder.mkdir()
    notebook(folder / "fine.ipynb", "print('fine')")
    notebook(folder / "killer.ipynb", "import os, signal, time\nos.kill(os.getppid(), signal.SIGKILL)\ntime.sleep(60)")
    entries = [{"name": f"fine-{i}", "notebook": "fine.ipynb"} for i in range(5)]
    entries.insert(2, {"name": "killer", "notebook": "killer.ipynb"})
    schedule = write_schedule(tmp_path / "schedule.yml", entries, folder)
    reports = tmp_path / "reports"
    done = run_build("--schedule", str(schedule), "--reports-dir", str(reports), "--jobs", "2")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr  # the workers concurrent.futures ends just stop
    assert sorted(p.stem for p in (reports / "html").glob("fine-*.html")) == [f"fine-{i}" for i in range(5)]
    last = json.loads((reports / ".build" / "last-run.json").read_text(encoding="utf-8"))
    failed = {name: r for name, r in last["reports"].items() if r["status"] != "built"}
    assert list(failed) == ["killer"], last
    assert workers.DIED_ALONE in failed["killer"]["message"]
