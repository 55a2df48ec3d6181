"""The two codings, their adjudication and the agreement between them, against hand counts made
with the csv module straight from the files (data/raw/second-coding.csv and the curated tables)."""

import csv
import re
import shutil
import warnings

import pandas as pd
import pytest

from scr_workbench import paths
from scr_workbench.coding import reliability as R
from scr_workbench.data.dataset import Dataset
from scr_workbench.data.tables import TableError, load_table

CURATED = paths.DATA_DIR / "curated"


def rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def hand_codings():
    """The first and second codings as sets of (item, theme), read without the package."""
    second = {(r["item_id"], r["theme_id"]) for r in rows(paths.RAW_DIR / "second-coding.csv")}
    adjudications = rows(CURATED / "theme_adjudications.csv")
    by_first = {(r["item_id"], r["theme_id"]) for r in adjudications if r["first_coding"] != "not_coded"}
    first = {(r["item_id"], r["theme_id"]) for r in rows(CURATED / "theme_codes.csv") if r["coder"] == "issue5"}
    return first | by_first, second


@pytest.fixture(scope="module")
def codings():
    return R.load_codings()


def test_both_original_codings_are_kept(codings):
    first, second = hand_codings()
    # The counts: 251 codes by the first coder; the second coding's README: 103 items, 246 codes.
    assert len(first) == 251 and len(second) == 246
    assert R._pairs(codings.first) == first and R._pairs(codings.second) == second
    assert codings.second["item_id"].nunique() == 103


def test_every_disagreement_is_adjudicated_with_a_reason(codings):
    first, second = hand_codings()
    assert (len(first & second), len(first - second), len(second - first)) == (239, 12, 7)
    adjudications = rows(CURATED / "theme_adjudications.csv")
    assert {(r["item_id"], r["theme_id"]) for r in adjudications} == first ^ second
    assert all(r["status"] == "adjudicated" and len(r["reason"]) > 40 for r in adjudications)


def test_the_adjudicated_coding_is_agreement_plus_decisions():
    first, second = hand_codings()
    adjudications = rows(CURATED / "theme_adjudications.csv")
    decided = {(r["item_id"], r["theme_id"]) for r in adjudications if r["decision"] == "code"}
    codes = rows(CURATED / "theme_codes.csv")
    assert {(r["item_id"], r["theme_id"]) for r in codes} == (first & second) | decided
    status = {(r["item_id"], r["theme_id"]): r["status"] for r in codes}
    assert {p for p, s in status.items() if s == "reviewed"} == first & second
    assert {p for p, s in status.items() if s == "adjudicated"} == decided


def hand_kappa(a, b, c, d):
    n = a + b + c + d
    po = (a + d) / n
    pe = ((a + b) * (a + c) + (c + d) * (b + d)) / n**2
    return (po - pe) / (1 - pe)


def test_overall_kappa_is_the_hand_computed_one(codings):
    first, second = hand_codings()
    n_pairs = 103 * len(rows(CURATED / "themes.csv"))
    a, b, c = len(first & second), len(first - second), len(second - first)
    result = R.reliability(codings)
    row = result.overall.iloc[0]
    assert row["kappa"] == pytest.approx(hand_kappa(a, b, c, n_pairs - a - b - c))
    assert row["kappa_low"] < row["kappa"] < row["kappa_high"]
    assert (row["both"], row["first_only"], row["second_only"], row["n_items"]) == (a, b, c, 103)


def test_per_theme_and_per_kind_kappa_follow_the_hand_counts(codings):
    first, second = hand_codings()
    result = R.reliability(codings)
    per_theme = result.per_theme.set_index("theme_id")
    for theme in ("interagency_communication", "risk_assessment", "domestic_violence"):
        a = len({p for p in first & second if p[1] == theme})
        b = len({p for p in first - second if p[1] == theme})
        c = len({p for p in second - first if p[1] == theme})
        assert per_theme.loc[theme, "kappa"] == pytest.approx(hand_kappa(a, b, c, 103 - a - b - c))
    kinds = {r["item_id"]: r["item_kind"] for r in rows(paths.RAW_DIR / "second-coding.csv")}
    per_kind = result.per_kind.set_index("item_kind")
    for kind in ("change", "national_finding"):
        n_items = len({i for i, k in kinds.items() if k == kind})
        a = len({p for p in first & second if kinds[p[0]] == kind})
        b = len({p for p in first - second if kinds[p[0]] == kind})
        c = len({p for p in second - first if kinds[p[0]] == kind})
        n_pairs = n_items * len(per_theme)
        assert per_kind.loc[kind, "kappa"] == pytest.approx(hand_kappa(a, b, c, n_pairs - a - b - c))


def test_disagreement_table_lists_open_rows_with_both_codings(codings):
    table = R.disagreements(codings.first, codings.second)
    assert len(table) == 19 and set(table["status"]) == {"open"} and table["decision"].isna().all()
    row = table.set_index(["item_id", "theme_id"]).loc[("6i", "risk_assessment")]
    assert (row["first_coding"], row["second_coding"], row["second_rationale"]) == (
        "not_coded",
        "interpretive",
        "children remaining at risk",
    )


@pytest.fixture
def data_copy(tmp_path):
    shutil.copytree(paths.DATA_DIR, tmp_path / "data")
    return tmp_path / "data"


def edit(path, change):
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas deprecates inplace=; the lambdas need it
        change(frame)
    frame.to_csv(path, index=False, lineterminator="\n")


@pytest.mark.parametrize(
    ("table", "change", "message"),
    [
        (
            "theme_adjudications",
            lambda f: f.drop(index=f.index[f["item_id"] == "CH5.12"], inplace=True),
            "no row for the disagreement on item 'CH5.12', theme 'impact_evaluation'",
        ),
        (
            "theme_adjudications",
            lambda f: f.loc.__setitem__((f["item_id"] == "5j", "first_rationale"), "Edited."),
            "item '5j', theme 'risk_assessment', column 'first_rationale': 'Edited.'",
        ),
        ("theme_codes", lambda f: f.loc.__setitem__((0, "status"), "coded"), "row 0 (line 2), column 'status'"),
        (
            "theme_adjudications",
            lambda f: f.loc.__setitem__((f["item_id"] == "5c", "decision"), "code"),
            "no row for item '5c', theme 'interagency_communication'",
        ),
    ],
)
def test_inconsistent_copies_are_refused_naming_the_place(data_copy, table, change, message):
    edit(data_copy / "curated" / f"{table}.csv", change)
    with pytest.raises(TableError, match=message.replace("(", r"\(").replace(")", r"\)")):
        R.load_codings(Dataset.load(data_copy))


def test_a_row_agreeing_codings_is_refused_by_the_schema(data_copy):
    path = data_copy / "curated" / "theme_adjudications.csv"
    edit(path, lambda f: f.loc.__setitem__((0, "second_coding"), "explicit"))
    with pytest.raises(TableError, match="exactly one of first_coding and second_coding"):
        load_table("theme_adjudications", Dataset.load(data_copy))


def test_a_board_without_second_coding_says_so():
    synthetic = Dataset.load(paths.PROJ_ROOT / "tests" / "fixtures" / "datasets" / "northvale")
    assert load_table("theme_adjudications", synthetic).empty
    with pytest.raises(TableError, match="no second coding"):
        R.load_codings(synthetic)


def test_codebook_changes_record_the_current_text_and_answer_every_ambiguity():
    note = (paths.DATA_DIR / "codebook-changes.md").read_text(encoding="utf-8")
    themes = {r["theme_id"]: r for r in rows(CURATED / "themes.csv")}
    entry = r"^## `([a-z_]+)`: (includes|excludes)\n\n- Before: (.+)\n- After: (.+)\n- Why: .+$"
    entries = re.findall(entry, note, re.M)
    assert len(entries) >= 8
    for theme, column, before, after in entries:
        assert themes[theme][column] == after, f"{theme}.{column} differs from the note's 'After'"
        assert before != after
    changed = {theme for theme, *_ in entries}
    readme = (paths.RAW_DIR / "second-coding-readme.md").read_text(encoding="utf-8")
    bullets = readme.split("found ambiguous", 1)[1].split("\n- ")[1:]
    assert len(bullets) == 8
    for bullet in bullets:
        named = set(re.findall(r"[a-z_]+", bullet)) & set(themes)
        assert named & changed, f"no codebook change answers: {bullet.strip()}"
