"""The synthetic board (tests/fixtures/datasets/northvale) passes every data check, and its quotes stand in
its own invented sources: the data layer reads whichever dataset it is given, not Derby's."""

import subprocess
import sys

import pytest

from scr_workbench import paths
from scr_workbench.data.dataset import Dataset, default_dataset
from scr_workbench.data.schemas import TABLES
from scr_workbench.data.source_text import quote_in_source
from scr_workbench.data.stated_counts import stated_counts
from scr_workbench.data.tables import check_references, load_all

SYNTHETIC = paths.PROJ_ROOT / "tests" / "fixtures" / "datasets" / "northvale"


@pytest.fixture(scope="module")
def synthetic():
    return Dataset.load(SYNTHETIC)


def test_the_synthetic_dataset_says_it_is_synthetic(synthetic):
    assert "synthetic" in synthetic.id.lower() and "SYNTHETIC" in synthetic.board
    readme = (SYNTHETIC / "README.md").read_text(encoding="utf-8")
    assert "invented" in readme and "never published" in readme.lower()
    assert synthetic.place != default_dataset().place


def test_every_table_validates_and_refers_to_rows_that_exist(synthetic):
    tables = load_all(synthetic)
    assert set(tables) == set(TABLES)
    assert check_references(tables) == []
    assert set(tables["reviews"]["review_id"]) == set(synthetic.review_ids)


def test_other_review_counts_than_the_default(synthetic):
    ours, derby = stated_counts(dataset=synthetic), stated_counts()
    # Written into the fixture's invented report: four SCRs with 7 children, five LRs with 20.
    assert ours.loc["scr"].tolist() == [4, 7] and ours.loc["lr"].tolist() == [5, 20]
    assert not ours.equals(derby)


def test_every_quote_stands_in_its_own_source(synthetic):
    tables = load_all(synthetic)
    missing = []
    for name, spec in TABLES.items():
        if spec.source == "none":
            continue
        frame = tables[name]
        documents = frame["source_doc"] if "source_doc" in frame else [spec.source] * len(frame)
        for document, quote in zip(documents, frame["quote"], strict=True):
            if not quote_in_source(quote, document, synthetic):
                missing.append((name, quote[:60]))
    assert missing == []


def test_a_review_id_the_synthetic_board_lacks_is_refused(synthetic, tmp_path):
    import shutil

    from scr_workbench.data.tables import TableError, load_table, read_raw_csv

    shutil.copytree(SYNTHETIC, tmp_path / "nv")
    path = tmp_path / "nv" / "curated" / "reviews.csv"
    frame = read_raw_csv(path)
    frame.loc[0, "review_id"] = "SCR6"  # a Derby review id: not one of this board's
    frame.to_csv(path, index=False)
    with pytest.raises(TableError, match="SCR6"):
        load_table("reviews", Dataset.load(tmp_path / "nv"))


def test_check_data_passes_on_the_synthetic_board():
    env = {"SCR_DATA_DIR": str(SYNTHETIC), "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-m", "scr_workbench", "check-data"], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert f"{len(list((SYNTHETIC / 'curated').glob('*.csv')))} curated tables valid" in run.stdout
    # Its reconciliation is its own: the sums of the invented counts, not Derby's 13 and 40.
    assert "AGE-SCR" in run.stdout and "stated 7; derived 2 baby + 5 school_age = 7" in run.stdout
