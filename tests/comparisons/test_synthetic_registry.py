"""The registry builds on the synthetic board with its own numbers and names (tests/fixtures/datasets/northvale)."""

import pytest

from reference import binom_central as two_sided  # equal tails: the test Clopper–Pearson inverts
from scr_workbench import paths
from scr_workbench.comparisons.registry import build_registry
from scr_workbench.data.dataset import Dataset

SYNTHETIC = paths.PROJ_ROOT / "tests" / "fixtures" / "datasets" / "northvale"


@pytest.fixture(scope="module")
def synthetic_registry():
    return build_registry(dataset=Dataset.load(SYNTHETIC))


def test_counts_are_the_synthetic_boards(synthetic_registry, registry):
    rows = synthetic_registry.set_index("comparison_id")
    # Invented in the fixture: SCR1 and SCR2 of four SCRs concern a baby; 2 babies among 7 SCR children.
    assert (rows.loc["babies_scr_reviews", "local_k"], rows.loc["babies_scr_reviews", "local_n"]) == (2, 4)
    assert (rows.loc["babies_scr_children", "local_k"], rows.loc["babies_scr_children", "local_n"]) == (2, 7)
    assert rows.loc["babies_scr_reviews", "p_value"] == pytest.approx(two_sided(2, 4, 0.36), rel=1e-9)
    derby = registry.set_index("comparison_id")
    assert derby.loc["babies_scr_reviews", "local_n"] != rows.loc["babies_scr_reviews", "local_n"]


def test_names_are_the_synthetic_boards(synthetic_registry):
    text = " ".join(str(v) for v in synthetic_registry.to_numpy().ravel())
    assert "Northvale" in text and "Derby" not in text


def test_a_fact_that_does_not_hold_skips_its_row(synthetic_registry):
    # The fixture has no SCR of category 'other' and its physical-abuse SCRs are both about babies,
    # so the near-definitional row is there; the census rows cover its own three populations.
    ids = set(synthetic_registry["comparison_id"])
    assert "physical_abuse_babies_vs_school_scr" in ids
    assert {"ethnicity_scr_overall", "ethnicity_lr_overall", "ethnicity_cse_victims_overall"} <= ids


def test_without_an_age_profile_the_all_ages_baseline_is_the_only_one_and_says_so(synthetic_registry):
    census = synthetic_registry[synthetic_registry["family"] == "census"]
    assert set(census["baseline_population"]) == {"all ages (2011)"}
    assert not synthetic_registry["comparison_id"].str.startswith("census_all_ages_").any()  # no sensitivity twin
    assert census["verdict"].str.contains("all ages").all()
