"""The dataset definition: the project's own reads as its source says; broken ones are refused by name."""

import shutil

import pytest

from scr_workbench import paths
from scr_workbench.data.dataset import Dataset, DatasetError, default_dataset
from scr_workbench.data.source_text import source_text


def test_the_default_dataset_matches_its_source_report():
    ds = default_dataset()
    assert ds.root == paths.DATA_DIR.resolve()
    text = source_text()
    # Board, place and period as the report's first section states them.
    assert f"carried out by the {ds.board} between {ds.period_start} and the end of {ds.period_end}" in text
    assert ds.place in ds.board
    assert ds.source("report").is_file() and ds.source("report").parent == ds.raw_dir
    # The board pack's contact, as the report's front page gives it.
    for part in ds.contact.split(", "):
        assert part in text


def test_review_ids_are_those_of_the_reviews_table():
    from scr_workbench.data.tables import load_table

    assert set(default_dataset().review_ids) == set(load_table("reviews")["review_id"])


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, target)
    return target


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("place: Derby\n", "", "'place' must be a non-empty string"),
        ("  start: 2008\n", "  start: 2020\n", "'period' must have whole-number years"),
        ("  census: raw/ons", "  census: ../../ons", "must name a file under raw/"),
        ("  report: raw/derby", "  report: raw/missing", "does not exist"),
        ("LR5, LR6]", "LR5, LR5]", "'review_ids' must be a non-empty list of distinct strings"),
        ('  stated_counts: "1.2"\n', "", "'references' must give a source_ref (text) for each of: stated_counts"),
        ("  derby_report: report\n", "  derby_report: appendix\n", "'documents' must map document names to roles"),
        ('  contact: "dscb@derby.gov.uk', '  contact: [1, 2]\n  x: "', "'pack' must be a mapping with 'contact'"),
    ],
)
def test_a_broken_definition_is_refused_naming_file_and_key(data_copy, old, new, message):
    path = data_copy / "dataset.yml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    with pytest.raises(DatasetError, match="dataset.yml") as err:
        Dataset.load(data_copy)
    assert message in str(err.value)


def test_a_missing_definition_is_refused(tmp_path):
    with pytest.raises(DatasetError, match="dataset definition not found"):
        Dataset.load(tmp_path)


def test_documents_resolve_by_table_name_and_by_role():
    ds = default_dataset()
    assert ds.document("derby_report") == ds.document("report") == ds.source("report")
    assert ds.document_name("census") == "ons_qs201ew"
    with pytest.raises(ValueError, match="unknown source document 'nope'"):
        ds.document("nope")


def test_stated_counts_are_the_reports_own_sentence():
    """13 and 40 children, six reviews of each kind, as 1.2 words it (checked against the source text)."""
    from scr_workbench.data.stated_counts import stated, stated_counts

    text = source_text()
    counts = stated_counts()
    for review_type, words in [("scr", "serious case reviews"), ("lr", "learning reviews")]:
        n_children, n_reviews = stated("children", review_type), stated("reviews", review_type)
        assert f"{n_children} children or young people (six {words})" in text
        assert n_reviews == 6 and counts.loc[review_type, "n_children"] == n_children
    with pytest.raises(ValueError, match="unit must be one of"):
        stated("babies", "scr")


def test_second_coding_is_an_optional_source():
    derby = Dataset.load(paths.DATA_DIR)
    assert derby.source("second_coding") == paths.RAW_DIR / "second-coding.csv"
    synthetic = Dataset.load(paths.PROJ_ROOT / "tests" / "fixtures" / "datasets" / "northvale")
    with pytest.raises(DatasetError, match="second_coding"):
        synthetic.source("second_coding")
