"""RowCount: how many rows a table must hold, from its structure, the dataset or the dataset's report."""

from dataclasses import dataclass, field

import pytest

from scr_workbench.data.table_spec import RowCount, describe, number_of_reviews


@dataclass
class FakeDataset:
    review_ids: tuple = ("A", "B", "C")
    row_counts: dict = field(default_factory=dict)


def test_exact_count_from_the_structure():
    assert RowCount(exact=3, basis="one per recipient").expected("t", FakeDataset()) == (3, 3, "one per recipient")


def test_exact_count_from_the_dataset():
    fewest, most, _ = RowCount(exact=number_of_reviews).expected("t", FakeDataset())
    assert (fewest, most) == (3, 3)  # three review ids


def test_minimum_leaves_the_top_open():
    assert RowCount(minimum=2, basis="b").expected("t", FakeDataset())[:2] == (2, None)


def test_a_table_is_never_empty_unless_it_says_so():
    assert RowCount(minimum=0).expected("t", FakeDataset())[:2] == (1, None)
    assert RowCount(minimum=0, may_be_empty=True).expected("t", FakeDataset())[:2] == (0, None)


def test_the_dataset_report_count_wins_and_is_cited():
    dataset = FakeDataset(row_counts={"t": (44, "sections 5 and 6")})
    fewest, most, basis = RowCount(minimum=1).expected("t", dataset)
    assert (fewest, most) == (44, 44) and "sections 5 and 6" in basis and "dataset.yml" in basis


def test_unknown_table_names_the_known_ones():
    import scr_workbench.data.schemas  # noqa: F401  (fills the catalogue)

    with pytest.raises(KeyError, match="known tables: .*reviews"):
        describe("review")
