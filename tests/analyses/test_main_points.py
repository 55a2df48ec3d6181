"""Main points and "What this means" come from the run's results: change the data and the sentences change,
and every number in them is one the data or the computations give (checked on the synthetic board too, whose
numbers differ from Derby's, so a number typed from Derby's report would show)."""

import inspect
import json
import os
import re
import shutil
import subprocess
import sys

import pandas as pd
import pytest
import yaml

from scr_workbench import paths
from scr_workbench.analyses import main_points as MP
from scr_workbench.analyses.reader_text import reader_text_problems

SYNTHETIC = paths.PROJ_ROOT / "tests" / "fixtures" / "datasets" / "northvale"
SCHEDULE = yaml.safe_load((paths.REPORTS_DIR / "schedule.yml").read_text(encoding="utf-8"))["reports"]
DEFAULTS = {
    "review_type": "all",
    "dimension": "ethnicity",
    "baseline": "census",
    "unit": "children",
    "age_group": "all",
    "theme": "all",
    "min_mentions": 1,
}
REPORTS = [r for r in SCHEDULE if hasattr(MP, r["notebook"].removesuffix(".ipynb"))]


def points_for(report) -> MP.ReaderPoints:
    """The main points of a scheduled report, called with its parameters (notebook defaults elsewhere)."""
    function = getattr(MP, report["notebook"].removesuffix(".ipynb"))
    wanted = inspect.signature(function).parameters
    given = {**DEFAULTS, **report.get("parameters", {})}
    return function(**{k: v for k, v in given.items() if k in wanted})


def _copy_of_data(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(paths.PROJ_ROOT / "data", target)
    return target


def _in_kernel_of(data_dir, reports) -> dict:
    """Main points of ``reports`` and the pool of computed numbers, from a fresh process reading ``data_dir``
    (the data folder is fixed when the package is imported, as in a report's kernel)."""
    script = f"""
import json, sys
sys.path.insert(0, {str(paths.PROJ_ROOT / "tests" / "analyses")!r})
from test_main_points import points_for, _pool
from pathlib import Path
reports = json.loads(sys.stdin.read())
out = {{"points": {{}}, "pool": sorted(_pool(Path({str(data_dir)!r})))}}
for r in reports:
    p = points_for(r)
    out["points"][r["name"]] = {{"main": p.main, "meaning": p.meaning}}
print(json.dumps(out))
"""
    env = {**os.environ, "SCR_DATA_DIR": str(data_dir)}
    done = subprocess.run(
        [sys.executable, "-c", script], input=json.dumps(reports), env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


OVERVIEW = next(r for r in SCHEDULE if r["name"] == "overview")
AGE_SCR = next(
    r
    for r in SCHEDULE
    if r.get("parameters", {}).get("dimension") == "age" and r["parameters"].get("review_type") == "scr"
)


def test_changing_a_curated_count_changes_the_sentences(tmp_path):
    before = _in_kernel_of(paths.PROJ_ROOT / "data", [OVERVIEW, AGE_SCR])["points"]
    data = _copy_of_data(tmp_path)
    table = data / "curated" / "recommendations.csv"
    frame = pd.read_csv(table)
    old = int(frame.loc[frame.recipient == "board", "n_recommendations"].iloc[0])
    frame.loc[frame.recipient == "board", "n_recommendations"] = old + 4
    frame.to_csv(table, index=False)
    table = data / "curated" / "age_counts.csv"
    frame = pd.read_csv(table)
    row = (frame.review_type == "scr") & (frame.age_band == "school_age")
    frame.loc[row, "n_children"] = int(frame.loc[row, "n_children"].iloc[0]) - 1
    frame.to_csv(table, index=False)
    after = _in_kernel_of(data, [OVERVIEW, AGE_SCR])["points"]
    overview_before, overview_after = before["overview"]["main"], after["overview"]["main"]
    assert any(f"{old + 4} to the board" in s for s in overview_after), overview_after
    assert not any(f"{old + 4} to the board" in s for s in overview_before)
    age_before, age_after = before[AGE_SCR["name"]], after[AGE_SCR["name"]]
    assert age_after["main"][0] != age_before["main"][0]
    assert age_after["meaning"] != age_before["meaning"]  # the number of children the comparisons rest on


def _numbers(text: str) -> list[str]:
    """Number tokens of a text (decimals kept, thousands separators dropped)."""
    return re.findall(r"(?<![\w.])\d+(?:\.\d+)?", text.replace(",", ""))


def _pool(dataset_dir) -> set[str]:
    """Every number the data and the computations hold: curated tables, registry, reconciliation, and
    percentages k/n of the counts; a number typed by hand from one board's report is in none of these."""
    from scr_workbench.analyses import what_changed as W
    from scr_workbench.analyses.data_quality import census_comparison, uncertainty_register
    from scr_workbench.checks.reconcile import reconcile
    from scr_workbench.comparisons.registry import build_registry

    texts = [p.read_text(encoding="utf-8") for p in (dataset_dir / "curated").glob("*.csv")]
    texts.append((dataset_dir / "dataset.yml").read_text(encoding="utf-8"))
    from scr_workbench.analyses import abuse_categories as A

    registry = build_registry()
    frames = [
        registry,
        reconcile(),
        census_comparison(),
        uncertainty_register(),
        W.measures(),
        W.smallest_bases(),
        W.questionnaire(),
    ]
    for unit in ("children", "cases"):
        frames += [A.fisher_rows(registry, unit), A.share_intervals(unit)]
    import scr_workbench.coding.themes as T

    themes, codes = T.load_coding()
    items = T.load_items()
    for age_group in T.AGE_GROUPS:
        matrix = T.theme_source_matrix(codes, items, themes, age_group=age_group, min_mentions=1, theme="all")
        missing = T.national_without_local(codes, items, themes, age_group=age_group)
        frames += [
            matrix,
            matrix.sum(axis=1).to_frame(),
            pd.DataFrame({"total": [matrix.to_numpy().sum()]}),
            missing,
            T.national_echoed(codes, items, themes, age_group=age_group),
            T.local_without_national(codes, items, themes, age_group=age_group),
            pd.DataFrame(
                {
                    "echoed and missing": [
                        len(missing) + len(T.national_echoed(codes, items, themes, age_group=age_group))
                    ]
                }
            ),
        ]
    texts += [f.to_csv() for f in frames]
    pool = {n for t in texts for n in _numbers(t)}
    for frame in frames:  # values as sentences round them
        for value in frame.select_dtypes("number").to_numpy().ravel():
            if pd.notna(value):
                pool.update(_numbers(f"{value:.0f} {value:.1f} {value:.2f} {value:.3f}"))
    pool |= {str(len(f)) for f in frames}
    counts = {int(float(n)) for n in pool if float(n) <= 300 and float(n).is_integer()}
    for n in counts:
        for k in range(0, n + 1):
            pool.update(_numbers(f"{100 * k / n:.0f} {100 * k / n:.1f}") if n else [])
    pool |= {str(n) for n in range(0, 13)}  # small counts of items listed (rows kept by a filter)
    return pool | {"95"}  # the default confidence level, a parameter


@pytest.mark.parametrize("data_dir", [paths.PROJ_ROOT / "data", SYNTHETIC], ids=["derby", "northvale"])
def test_every_number_in_the_reader_text_is_computed(data_dir):
    result = _in_kernel_of(data_dir, REPORTS)
    pool = set(result["pool"])
    for name, points in result["points"].items():
        for sentence in points["main"] + points["meaning"]:
            stray = [n for n in _numbers(sentence) if n not in pool]
            assert not stray, f"{name}: {stray} in {sentence!r} come from no table or result"


@pytest.mark.parametrize("report", REPORTS, ids=[r["name"] for r in REPORTS])
def test_main_points_are_plain_and_parameter_specific(report):
    points = points_for(report)
    assert 3 <= len(points.main) <= 6
    for sentence in points.main + points.meaning:
        assert (sentence[0].isupper() or sentence[0].isdigit()) and sentence.endswith("."), sentence
        assert reader_text_problems(sentence) == [], sentence


def test_each_parameter_set_of_a_notebook_says_something_different():
    by_notebook: dict[str, list] = {}
    for report in REPORTS:
        by_notebook.setdefault(report["notebook"], []).append(points_for(report).main)
    for notebook, texts in by_notebook.items():
        assert len({tuple(t) for t in texts}) == len(texts), f"{notebook}: two parameter sets open alike"
