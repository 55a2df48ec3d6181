"""``make bench`` (``python -m scr_workbench.reporting.bench``): time the report build against its targets.

In one run, all in temporary folders (the real ``reports/`` is not touched):

(a) a cold build of the whole schedule (``python -m scr_workbench build``, empty
    state and empty result cache) against the same entries built the naive way:
    papermill's command line, then ``jupyter nbconvert``'s, one entry after the
    other. Also the in-process build with one worker, with one worker more than the
    cores (the default is one per core, see :func:`reporting.workers.default_workers`), and with
    each report's kernel started by nbclient when the report begins (``--fresh-kernels``) rather
    than one report ahead, to separate the gains.
    Target: the cold build at least 10x faster than the naive one.
(b) Run All of the demographics notebook in a warm kernel: a kernel started with
    nbclient runs the notebook once, its namespace is reset (``%reset -f``), and a
    second full run is timed. Target: at most 1.5 s.
(c) a no-op rebuild, timed as the whole command (interpreter start included).
    Target: under 1 s.
(d) a rebuild after one parameter of one entry changes (in a temporary copy of
    the schedule). Target: only that entry is rebuilt.
(e) the board pack (``python -m scr_workbench pdf``) printed from the cold build's
    reader set, then again with nothing changed: the second run must not print again.

Every run is a subprocess, so imports and interpreter start-ups are counted as a
user would meet them. Numbers vary with what else the machine is doing; the
ratios are the point.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scr_workbench import paths

BIN = Path(sys.executable).parent


def _load() -> str:
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "load average unknown"
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min)"


def _run(cmd: list[str], env: dict | None = None) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run(
        cmd, capture_output=True, text=True, cwd=paths.PROJ_ROOT, env={**os.environ, **(env or {})}, check=False
    )
    return time.perf_counter() - start, done


def _build(schedule: Path, reports: Path, *extra: str) -> tuple[float, subprocess.CompletedProcess]:
    return _run(
        [
            sys.executable,
            "-m",
            "scr_workbench",
            "build",
            "--schedule",
            str(schedule),
            "--reports-dir",
            str(reports),
            *extra,
        ]
    )


def _tool(name: str) -> str:
    local = BIN / name
    return str(local) if local.exists() else name


def naive_build(schedule, out: Path) -> tuple[float, list[str]]:
    """papermill CLI then nbconvert CLI per entry, sequentially, as a shell loop would."""
    import yaml

    out.mkdir(parents=True, exist_ok=True)
    failures = []
    start = time.perf_counter()
    for entry in schedule.entries:
        executed = out / f"{entry.name}.ipynb"
        cmd = [
            _tool("papermill"),
            str(entry.notebook),
            str(executed),
            "-k",
            "python3",
            "--cwd",
            str(entry.notebook.parent),
            "--no-progress-bar",
        ]
        if entry.parameters:
            cmd += ["-y", yaml.safe_dump(entry.parameters)]
        _, done = _run(cmd)
        if done.returncode != 0:
            failures.append(f"papermill {entry.name}: exit {done.returncode}")
        _, done = _run(
            [
                _tool("jupyter"),
                "nbconvert",
                "--to",
                "html",
                "--no-input",
                str(executed),
                "--output-dir",
                str(out),
                "--output",
                entry.name,
            ]
        )
        if done.returncode != 0:
            failures.append(f"nbconvert {entry.name}: exit {done.returncode}")
    return time.perf_counter() - start, failures


WARM_NOTEBOOK = paths.NOTEBOOKS_DIR / "demographics.ipynb"


def warm_run_all(notebook: Path, kernels_dir: Path, runs: int = 3) -> list[float]:
    """Seconds of each full run of ``notebook`` after the first, in one kernel (namespace reset between runs).

    The reset is needed because the notebooks check that nothing but their parameters is
    defined when the parameters cell has run (``validate_parameters(globals())``).
    """
    import nbformat
    from jupyter_core.utils import run_sync
    from nbclient import NotebookClient

    from scr_workbench.reporting.kernels import kernel_manager, write_kernelspec

    write_kernelspec(kernels_dir, {"SCR_CACHE_DIR": str(kernels_dir.parent / "cache")})
    km = kernel_manager(kernels_dir)
    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(nb, km=km, resources={"metadata": {"path": str(notebook.parent)}})
    reset = nbformat.v4.new_code_cell("%reset -f")
    times = []
    try:
        with client.setup_kernel():
            for run in range(runs + 1):
                client.execute_cell(reset, 0)
                start = time.perf_counter()
                for index, cell in enumerate(nb.cells):
                    client.execute_cell(cell, index)
                if run:  # the first run imports and fills the caches
                    times.append(time.perf_counter() - start)
    finally:
        run_sync(km.shutdown_kernel)(now=True)
    return times


def _changed_parameter(schedule) -> tuple[str, str, object] | None:
    """An entry and a parameter whose value can be changed validly: a bool flipped, an int + 1."""
    import papermill

    for entry in schedule.entries:
        declared = papermill.inspect_notebook(str(entry.notebook))
        for name, info in declared.items():
            try:
                default = ast.literal_eval(str(info.get("default")))
            except (ValueError, SyntaxError):
                continue
            current = entry.parameters.get(name, default)
            if isinstance(current, bool):
                return entry.name, name, not current
            if isinstance(current, int):
                return entry.name, name, current + 1
    return None


def _state_times(reports: Path) -> dict[str, float]:
    times = {}
    for path in (reports / ".build" / "entries").glob("*.json"):
        times[path.stem] = json.loads(path.read_text()).get("last_attempt", {}).get("at")
    return times


def main(argv: list[str] | None = None) -> int:
    from scr_workbench.reporting.batch import default_jobs
    from scr_workbench.reporting.options import DEFAULT_SCHEDULE
    from scr_workbench.reporting.schedule import load_schedule

    parser = argparse.ArgumentParser(
        prog="python -m scr_workbench.reporting.bench", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--schedule", type=Path, default=DEFAULT_SCHEDULE)
    parser.add_argument("--skip-serial", action="store_true", help="skip the one-worker cold build")
    parser.add_argument(
        "--skip-naive",
        action="store_true",
        help="skip the naive CLI loop (about 2 minutes); target (a) is then not judged",
    )
    args = parser.parse_args(argv)

    schedule = load_schedule(args.schedule)
    n = len(schedule.entries)
    workers = default_jobs()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    print(f"bench: {n} scheduled report(s) from {args.schedule}, {cores} core(s); {_load()}\n", flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="scr-bench-"))
    verdicts = []
    try:
        # (a) naive, then cold in-process builds
        naive_s = None
        if not args.skip_naive:
            naive_s, naive_fail = naive_build(schedule, tmp / "naive")
            print(
                f"(a) naive (papermill CLI + jupyter nbconvert CLI, one after another): {naive_s:6.1f} s"
                f"  ({naive_s / max(n, 1):.1f} s per report)" + (f"  failures: {naive_fail}" if naive_fail else "")
            )

        def faster(seconds: float) -> str:
            return f"{naive_s / seconds:.2f}x faster than naive; " if naive_s else ""

        if not args.skip_serial:
            serial_s, done = _build(args.schedule, tmp / "serial", "--jobs", "1")
            print(
                f"    build, in-process, 1 worker, kernels started ahead, cold:  {serial_s:6.1f} s"
                f"  ({faster(serial_s)}exit {done.returncode})"
            )
        fresh_s, done = _build(args.schedule, tmp / "fresh", "--fresh-kernels")
        print(
            f"    build, in-process, {workers} workers, kernels started by nbclient, cold: {fresh_s:6.1f} s"
            f"  ({faster(fresh_s)}exit {done.returncode})"
        )
        extra_s, done = _build(args.schedule, tmp / "one-more", "--jobs", str(cores + 1))
        print(
            f"    build, in-process, {cores + 1} workers, kernels started ahead, cold: {extra_s:6.1f} s"
            f"  ({faster(extra_s)}exit {done.returncode})"
        )
        cold_s, done = _build(args.schedule, tmp / "reports")
        print(
            f"    build as `make reports` runs it ({workers} workers), cold:       {cold_s:6.1f} s"
            f"  ({faster(cold_s)}exit {done.returncode})"
        )
        if done.returncode != 0:
            print("    note: the cold build had failures:\n      " + "\n      ".join(done.stderr.splitlines()))
        if naive_s:
            ratio = naive_s / cold_s
            verdicts.append(
                (
                    "(a) cold build >= 10x faster than naive",
                    ratio >= 10 and done.returncode == 0,
                    f"{ratio:.2f}x: {naive_s:.1f} s naive, {cold_s:.1f} s build",
                )
            )
        else:
            verdicts.append(("(a) cold build >= 10x faster than naive", None, f"naive skipped; build {cold_s:.1f} s"))

        # (b) Run All in a warm kernel
        warm = warm_run_all(WARM_NOTEBOOK, tmp / "warm" / "kernels")
        print(
            f"\n(b) Run All of {WARM_NOTEBOOK.name} in a warm kernel, {len(warm)} runs: "
            + ", ".join(f"{t:.2f} s" for t in warm)
        )
        verdicts.append(
            (
                "(b) Run All in a warm kernel <= 1.5 s",
                min(warm) <= 1.5,
                f"best {min(warm):.2f} s, {min(warm) / 1.5:.2f}x the target",
            )
        )

        # (c) no-op
        noop = [_build(args.schedule, tmp / "reports") for _ in range(3)]
        noop_s, done = min(noop, key=lambda t: t[0])
        last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr
        print(f"\n(c) no-op rebuild (whole command), best of 3:                {noop_s:6.2f} s  [{last}]")
        verdicts.append(
            ("(c) no-op rebuild < 1 s", noop_s < 1.0 and "0 built" in last, f"{noop_s:.2f} s, {noop_s:.2f}x the target")
        )

        # (d) one parameter changed in a copy of the schedule
        change = _changed_parameter(schedule)
        if change is None:
            print("\n(d) skipped: no entry has a bool or int parameter to change")
            verdicts.append(("(d) one-parameter rebuild rebuilds only that entry", None, "skipped"))
        else:
            import yaml

            name, param, value = change
            data = yaml.safe_load(args.schedule.read_text(encoding="utf-8"))
            data["notebooks_dir"] = str(schedule.notebooks_dir)
            for entry in data["reports"]:
                if entry["name"] == name:
                    entry.setdefault("parameters", {})[param] = value
            changed = tmp / "schedule.yml"
            changed.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
            before = _state_times(tmp / "reports")
            one_s, done = _build(changed, tmp / "reports")
            after = _state_times(tmp / "reports")
            rebuilt = sorted(k for k in after if after[k] != before.get(k))
            print(f"\n(d) rebuild after {name}: {param} = {value!r}:  {one_s:6.1f} s  rebuilt: {rebuilt}")
            verdicts.append(
                (
                    "(d) one-parameter rebuild rebuilds only that entry",
                    rebuilt == [name],
                    ", ".join(rebuilt) or "nothing",
                )
            )

        # (e) the board pack from the cold build's reader set, then a no-op
        pack = [sys.executable, "-m", "scr_workbench", "pdf", "--schedule", str(args.schedule)]
        pack += ["--reports-dir", str(tmp / "reports")]
        pdf_s, done = _run(pack)
        pdf_noop_s, again = _run(pack)
        said = (again.stdout.strip().splitlines() or [again.stderr.strip()])[-1]
        print(f"\n(e) board pack PDF from the cold build: {pdf_s:6.1f} s (exit {done.returncode});")
        print(f"    again, nothing changed: {pdf_noop_s:6.2f} s (exit {again.returncode}) [{said}]")
        verdicts.append(
            (
                "(e) board pack builds; unchanged, it is not printed again",
                done.returncode == 0 and again.returncode == 0 and "up to date" in said,
                f"{pdf_s:.1f} s, then {pdf_noop_s:.2f} s",
            )
        )

        print(f"\ntargets ({_load()}; other work on the machine slows the parallel build most):")
        for label, ok, value in verdicts:
            mark = "skipped" if ok is None else ("met" if ok else "NOT MET")
            print(f"  {label:52} {mark:8} ({value})")
        return 0 if all(ok is not False for _, ok, _ in verdicts) else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
