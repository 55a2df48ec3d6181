"""The build's kernels: its own kernelspec and engine, and warm kernels that leak nothing."""

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

#: Prints the state POLLUTER changes (randomness only as "the same as last time", checked apart).
INSPECTOR = [
    "import matplotlib, matplotlib.pyplot as plt, os, pandas, sys, warnings\n"
    "print('linewidth', matplotlib.rcParams['lines.linewidth'])\n"
    "print('max_rows', pandas.get_option('display.max_rows'))\n"
    "print('first filter', warnings.filters[0][0])\n"
    "print('leaked path', '/leaked/path' in sys.path, 'leaked env', 'SCR_LEAKED' in os.environ)\n"
    "print('leaked variable', 'leaked_variable' in globals())\n"
    "print('open figures', plt.get_fignums())\n"
    "print('cwd is the notebook folder', os.getcwd() == {folder!r})",
    "print('execution count', get_ipython().execution_count)",
]


def test_a_warm_kernel_hands_the_next_notebook_a_fresh_kernels_state(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    polluter = notebook(folder / "polluter.ipynb", *POLLUTER)
    inspector = notebook(folder / "inspector.ipynb", *[c.format(folder=str(folder)) for c in INSPECTOR])
    fresh = execute.run_job(job_for(tmp_path / "fresh", inspector, fresh_kernel=True))
    assert fresh.status == "ok", fresh.error
    expected = outputs_text(tmp_path / "fresh" / "executed" / "fixture.ipynb")
    assert "leaked variable False" in expected and "open figures []" in expected  # the test sees the state

    warm_dir = tmp_path / "warm"
    for nb_path in (inspector, polluter, inspector):
        result = execute.run_job(job_for(warm_dir, nb_path))
        assert result.status == "ok", result.error
    assert outputs_text(warm_dir / "executed" / "fixture.ipynb") == expected
    executed = json.loads((warm_dir / "executed" / "fixture.ipynb").read_text())
    assert [c.get("execution_count") for c in executed["cells"][1:]] == [1, 2]  # counted from 1 again
    kernels.discard_warm_kernel()


def test_a_warm_kernel_restores_the_random_state_it_started_with(tmp_path):
    draw = notebook(tmp_path / "draw.ipynb", "import numpy, random\nprint(numpy.random.random(), random.random())")
    seen = []
    for _ in range(2):
        assert execute.run_job(job_for(tmp_path, draw)).status == "ok"
        seen.append(outputs_text(tmp_path / "executed" / "fixture.ipynb"))
    kernels.discard_warm_kernel()
    assert seen[0] == seen[1]


def test_a_failed_notebook_does_not_poison_the_next(tmp_path):
    broken = notebook(tmp_path / "broken.ipynb", "x = 1", "raise SystemExit('the kernel is told to exit')")
    fine = notebook(tmp_path / "fine.ipynb", "print('x' in globals())")
    execute.run_job(job_for(tmp_path, broken))
    result = execute.run_job(job_for(tmp_path, fine))
    kernels.discard_warm_kernel()
    assert result.status == "ok", result.error
    assert outputs_text(tmp_path / "executed" / "fixture.ipynb") == "False\n"


def _fingerprints(reports) -> dict[str, str]:
    return {
        p.stem: json.loads(p.read_text())["last_good"]["fingerprint"]
        for p in (reports / ".build" / "entries").glob("*.json")
    }


def test_warm_kernels_build_the_same_bytes_as_fresh_kernels():
    # Both builds from the same inputs: a change to the package (the checkout is shared) between
    # them shows in their fingerprints, and then they are built again.
    epoch = {"SOURCE_DATE_EPOCH": "1700000000"}
    for _attempt in range(3):
        warm_reports, fresh_reports = (temp_dir("scr-kernels-") / "reports" for _ in range(2))
        for reports, extra in ((warm_reports, []), (fresh_reports, ["--fresh-kernels"])):
            done = run_build("--schedule", str(REAL_SCHEDULE), "--reports-dir", str(reports), *extra, env=epoch)
            assert done.returncode == 0, done.stdout + done.stderr
        if _fingerprints(warm_reports) == _fingerprints(fresh_reports):
            break
    names = sorted(p.name for p in (warm_reports / "html").glob("*.html") if p.name != "index.html")
    assert len(names) == len(scheduled_names())
    differ = [n for n in names if (warm_reports / "html" / n).read_bytes() != (fresh_reports / "html" / n).read_bytes()]
    assert not differ, f"warm and fresh kernels built different HTML: {differ}"
