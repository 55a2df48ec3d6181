"""Helpers shared by the build tests (test_build.py, test_schedule.py, test_browser.py).

Builds run as the real command (``python -m scr_workbench build``) in a
subprocess, into temporary report folders: the real ``reports/`` is never
touched. The two expensive builds (the fixture schedule and the real schedule)
run once per test process and are shared.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

import yaml

from scr_workbench import paths

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "notebooks"
REAL_SCHEDULE = paths.REPORTS_DIR / "schedule.yml"

#: The fixture schedule most build tests use.
FIXTURE_ENTRIES = [
    {"name": "ok", "notebook": "ok.ipynb"},
    {
        "name": "ok-leeds",
        "notebook": "ok.ipynb",
        "title": "Fixture report for Leeds",
        "parameters": {"label": "Leeds", "n_points": 7, "scale": 2},
    },
    {"name": "broken", "notebook": "broken.ipynb", "parameters": {"fail": False}},
]

LEEDS_ALT = "Line chart rising steadily from 0 to 12 over 7 points for Leeds."


def fake_dataset(root: Path, monkeypatch) -> Path:
    """A small dataset (dataset.yml, raw/, curated/) under ``root`` that scr_workbench.paths points at."""
    data = root / "data"
    (data / "raw").mkdir(parents=True)
    (data / "curated").mkdir()
    (data / "dataset.yml").write_text("board: Testshire\n")
    (data / "raw" / "source.md").write_text("source text\n")
    (data / "curated" / "table.csv").write_text("a,b\n1,2\n")
    monkeypatch.setattr(paths, "DATASET_FILE", data / "dataset.yml")
    monkeypatch.setattr(paths, "RAW_DIR", data / "raw")
    monkeypatch.setattr(paths, "CURATED_DIR", data / "curated")
    return data


#: A notebook naming a kernelspec no machine has: the build must still run it with this interpreter.
FOREIGN_KERNEL = {"name": "no-such-kernel-anywhere", "display_name": "Nowhere", "language": "python"}


def notebook(path: Path, *sources: str) -> Path:
    """A notebook of code cells (after a title) naming a kernel no machine has."""
    import nbformat

    nb = nbformat.v4.new_notebook(metadata={"kernelspec": FOREIGN_KERNEL})
    nb.cells = [nbformat.v4.new_markdown_cell("# Execute fixture")]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in sources]
    nbformat.write(nb, path)
    return path


def job_for(tmp_path: Path, nb_path: Path, **options):
    """A build job for ``nb_path`` writing under ``tmp_path`` (options: other Job fields)."""
    from scr_workbench.reporting import execute, kernels

    kernels_dir = tmp_path / "state" / "kernels"
    kernels.write_kernelspec(kernels_dir, {"SCR_EXECUTE_TEST": "from the kernelspec"})
    return execute.Job(
        **{
            **dict(
                name="fixture",
                notebook=str(nb_path),
                notebook_display=nb_path.name,
                notebook_sha256="0" * 64,
                parameters={},
                parameter_rows=[],
                title="Execute fixture",
                fingerprint="f" * 64,
                provenance={
                    "git": {"commit": "unknown", "dirty": None, "scope": "none"},
                    "source_date": {"time": "unknown", "basis": "test"},
                    "data": {},
                    "versions": {},
                },
                html_dir=str(tmp_path / "html"),
                executed_dir=str(tmp_path / "executed"),
                logs_dir=str(tmp_path / "state" / "logs"),
                kernels_dir=str(kernels_dir),
            ),
            **options,
        }
    )


def outputs_text(executed: Path) -> str:
    """The text of every stream output of an executed notebook."""
    nb = json.loads(executed.read_text(encoding="utf-8"))
    return "".join("".join(o.get("text", "")) for c in nb["cells"] for o in c.get("outputs", []))


def temp_dir(prefix: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def write_schedule(path: Path, entries: list[dict], notebooks_dir: Path | None = FIXTURES) -> Path:
    data: dict = {"reports": entries}
    if notebooks_dir is not None:
        data = {"notebooks_dir": str(notebooks_dir), **data}
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def run_build(*args: str, env: dict | None = None, timeout: float = 900) -> subprocess.CompletedProcess:
    """``python -m scr_workbench build ARGS`` with the project's interpreter; output captured."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("SCR_REPORTS_DIR", None)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "scr_workbench", "build", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=paths.PROJ_ROOT,
        timeout=timeout,
        check=False,
    )


def settle(schedule: Path, reports: Path, attempts: int = 3) -> None:
    """Rebuild until nothing is out of date.

    The checkout is shared: a change to the package's code made by someone else
    while the tests run puts every report out of date. Tests of incremental
    behaviour settle their reports first, then act within seconds.
    """
    for _ in range(attempts):
        done = run_build("--schedule", str(schedule), "--reports-dir", str(reports))
        assert done.returncode == 0, done.stdout + done.stderr
        if " 0 built," in done.stdout or done.stdout.startswith("0 built,"):
            return
    raise AssertionError(f"the reports never settled: {done.stdout}")


@cache
def fixture_build() -> tuple[Path, Path, subprocess.CompletedProcess]:
    """Build the fixture schedule once: (schedule file, reports dir, the completed process)."""
    root = temp_dir("scr-fixture-build-")
    schedule = write_schedule(root / "schedule.yml", FIXTURE_ENTRIES)
    reports = root / "reports"
    done = run_build("--schedule", str(schedule), "--reports-dir", str(reports), "--jobs", "2")
    return schedule, reports, done


@cache
def failing_build() -> tuple[Path, subprocess.CompletedProcess]:
    """The fixture build copied, then rebuilt with the "broken" entry failing: (reports dir, process)."""
    _, reports, done = fixture_build()
    assert done.returncode == 0, done.stdout + done.stderr
    root = temp_dir("scr-failing-build-")
    shutil.copytree(reports, root / "reports")
    entries = [dict(e, parameters=dict(e.get("parameters", {}))) for e in FIXTURE_ENTRIES]
    entries[2]["parameters"]["fail"] = True
    schedule = write_schedule(root / "schedule.yml", entries)
    return root / "reports", run_build("--schedule", str(schedule), "--reports-dir", str(root / "reports"))


@cache
def real_build() -> tuple[Path, subprocess.CompletedProcess]:
    """Build the real schedule once into a temporary reports dir."""
    reports = temp_dir("scr-real-build-") / "reports"
    done = run_build("--schedule", str(REAL_SCHEDULE), "--reports-dir", str(reports))
    return reports, done


def scheduled_names() -> list[str]:
    data = yaml.safe_load(REAL_SCHEDULE.read_text(encoding="utf-8")) or {}
    return [entry["name"] for entry in data.get("reports") or []]
