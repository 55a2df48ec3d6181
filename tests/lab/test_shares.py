"""Shares by review type: age bands chosen by their limits (open ends and straddling bands handled), p matching CI."""

import itertools

import pandas as pd
import pytest

from scr_workbench.lab import shares
from scr_workbench.stats.two_by_two import compare_groups

BANDS = pd.DataFrame(
    {
        "age_band": ["baby", "toddler", "school_age", "teenager", "young_or_older"],
        "min_age_years": pd.array([0, 1, 5, 13, 13], dtype="Int64"),
        "max_age_years": pd.array([0, 3, 17, 19, pd.NA], dtype="Int64"),
    }
)


@pytest.mark.parametrize(
    "kwargs, bands",
    [
        ({"under": 1}, ("baby",)),
        ({"under": 4}, ("baby", "toddler")),
        ({"under": 0}, ()),
        ({"at_least": 5}, ("school_age", "teenager", "young_or_older")),  # the open band (<NA> oldest age) too
        ({"age_bands": ["school_age", "baby"]}, ("school_age", "baby")),
    ],
)
def test_bands_are_chosen_by_their_age_limits(kwargs, bands):
    assert shares.select_age_bands(BANDS, **kwargs).bands == bands


def test_the_description_says_the_property_in_words():
    assert shares.select_age_bands(BANDS, under=1).description == "aged under 1"
    assert shares.select_age_bands(BANDS, at_least=5).description == "aged 5 or over"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"under": 13}, r"under=13: the band\(s\) school_age \(5-17 years\) straddle 13 years"),
        ({"at_least": 18}, r"band\(s\) teenager \(13-19 years\), young_or_older \(13 years or over\) straddle 18"),
        ({"under": 2}, r"toddler \(1-3 years\)"),
        ({}, "exactly one of"),
        ({"under": 1, "age_bands": ["baby"]}, "exactly one of"),
        ({"under": -1}, r"under must be a whole number of years >= 0, got -1"),
        ({"under": 1.5}, r"got 1.5"),
        ({"age_bands": ["infant"]}, r"unknown band\(s\) \['infant'\]"),
    ],
)
def test_a_limit_that_cuts_a_band_or_a_bad_argument_is_an_error_naming_it(kwargs, message):
    with pytest.raises(ValueError, match=message):
        shares.select_age_bands(BANDS, **kwargs)


TABLES = [
    (k1, n1, k2, n2) for n1, n2 in ((6, 6), (13, 40), (9, 3)) for k1, k2 in itertools.product(range(0, 7), (0, 1, 3))
]


@pytest.mark.parametrize("k1, n1, k2, n2", [t for t in TABLES if t[0] <= t[1] and t[2] <= t[3]])
def test_the_central_p_agrees_with_the_exact_interval(k1, n1, k2, n2):
    result = compare_groups(k1, n1, k2, n2)
    if result.odds_ratio != result.odds_ratio:  # nan: a column is empty, there is nothing to compare
        return
    p = shares.central_p(result)
    excludes_one = result.or_low > 1 or result.or_high < 1
    assert (p < 0.05) == excludes_one or abs(p - 0.05) < 1e-9, (p, result.or_low, result.or_high)


def test_the_answer_has_both_views_for_both_review_types():
    answer = shares.share_by_review_type(under=1)
    assert list(answer.table.index) == ["serious case reviews", "learning reviews"]
    assert answer.table["children"].tolist() == [13, 40]  # section 1.2: 13 and 40 children
    assert answer.table["reviews"].tolist() == [6, 6]  # six reviews of each type
    assert answer.children.labels == ("serious case reviews", "learning reviews")
    assert list(answer.summary().columns) == ["children", "% of children (95% CI)", "reviews", "% of reviews (95% CI)"]


def test_every_child_is_counted_once_across_complementary_properties():
    young, old = shares.share_by_review_type(under=5), shares.share_by_review_type(at_least=5)
    assert (young.table["children_with"] + old.table["children_with"]).tolist() == young.table["children"].tolist()
    babies = shares.share_by_review_type(age_bands=["baby"])
    assert babies.table.equals(shares.share_by_review_type(under=1).table)
