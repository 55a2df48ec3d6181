"""The categories table as published: every count of 1 to 4 in the source hidden, the totals kept, shares withheld."""

import pytest

from abuse_truth import ALL, LR, SCR, THRESHOLD, source_counts
from scr_workbench.analyses import abuse_counts as AK
from scr_workbench.stats.disclosure import ENV_PUBLICATION_THRESHOLD


@pytest.fixture(autouse=True)
def _research_environment(monkeypatch):
    """Tests choose the threshold themselves: no publication build around them."""
    monkeypatch.delenv(ENV_PUBLICATION_THRESHOLD, raising=False)


@pytest.mark.parametrize("unit", ["children", "cases"])
def test_every_small_source_count_is_hidden_and_the_totals_stay(unit):
    truth = source_counts(unit, AK.not_categorised())
    tables = AK.category_tables(unit, THRESHOLD)
    assert tables.threshold == THRESHOLD
    small = {key for key, v in truth.items() if 1 <= v < THRESHOLD}
    assert small  # the source has small counts in both units: the test tests something
    for category, column in small:
        assert tables.mask.loc[category, column], (category, column)
        assert tables.shown.loc[category, column] == "c"
    # the numbers of children (or reviews) of section 1.2 are published, so the Total row stays
    for column in (SCR, LR, ALL):
        assert tables.shown.loc["Total", column] == str(truth[("Total", column)])
    # every shown cell is the source's count
    for (category, column), v in truth.items():
        if not tables.mask.loc[category, column]:
            assert tables.shown.loc[category, column] == str(v)


def test_all_reviews_column_is_protected_as_a_total():
    # the "All reviews" column is the sum of the other two: a row with one kind of review hidden and the sum
    # shown would give the hidden count away, so no row has exactly one hidden cell among SCR, LR and All
    tables = AK.category_tables("children", THRESHOLD)
    for category in tables.mask.index.drop("Total"):
        assert tables.mask.loc[category, [SCR, LR, ALL]].sum() != 1, category


def test_publication_build_switches_suppression_on(monkeypatch):
    monkeypatch.setenv(ENV_PUBLICATION_THRESHOLD, str(THRESHOLD))
    tables = AK.category_tables("children", 0)  # the notebook's default
    assert tables.threshold == THRESHOLD
    truth = source_counts("children", AK.not_categorised())
    assert all(tables.mask.loc[key] for key, v in truth.items() if 1 <= v < THRESHOLD)


def test_threshold_zero_shows_every_count():
    tables = AK.category_tables("children", 0)
    truth = source_counts("children", AK.not_categorised())
    assert not tables.mask.to_numpy().any()
    assert {key: int(tables.shown.loc[key]) for key in truth} == truth
    assert AK.shares_table("children", 0.95, tables.mask).equals(AK.shares_table("children", 0.95))


@pytest.mark.parametrize("threshold", [2, THRESHOLD])
def test_hidden_cells_have_no_share(threshold):
    tables = AK.category_tables("children", threshold)
    shares = AK.shares_table("children", 0.95, tables.mask)
    assert tables.mask.to_numpy().any() and (threshold == THRESHOLD or not tables.mask.to_numpy().all())
    for category in shares.index:
        for column, text in zip(tables.mask.columns, shares.loc[category], strict=True):
            if tables.mask.loc[category, column]:
                assert text == "c"
            else:  # a shown count keeps its share: 33 of 40 LR children is 82.5%
                k, n = int(tables.shown.loc[category, column]), int(tables.shown.loc["Total", column])
                assert text.startswith(f"{100 * k / n:.1f}% (")


def test_a_threshold_above_the_totals_is_refused_naming_the_parameter():
    # six reviews of each kind: at 7 every category of cases is small and the column total of 6 gives them away
    with pytest.raises(ValueError, match=r"parameter 'suppress_below' \(threshold 7\) cannot be met counting cases"):
        AK.category_tables("cases", 7)
