"""The phrase rule: counts of 1 to 4 are said as "fewer than 5" at threshold 5 (GSS rule), others as numbers."""

import jinja2
import pytest

from scr_workbench.stats.disclosure_words import JINJA_FILTERS, count_words, disclosing_phrases


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_small_counts_are_never_printed(count):
    assert count_words(count, 5) == "fewer than 5"
    assert str(count) not in count_words(count, 5, unit="reviews")


@pytest.mark.parametrize(("count", "said"), [(0, "0"), (5, "5"), (13, "13")])
def test_zero_and_counts_at_the_threshold_are_numbers(count, said):
    assert count_words(count, 5) == said


def test_no_suppression_in_research_builds():
    assert count_words(2, 0) == "2"


def test_a_template_says_the_count_through_the_filter():
    env = jinja2.Environment(autoescape=True)
    env.filters.update(JINJA_FILTERS)
    assert env.from_string("in {{ n | count_words(5, 'reviews') }}").render(n=2) == "in fewer than 5 reviews"


def test_a_negative_count_is_refused_by_name():
    with pytest.raises(ValueError, match="count"):
        count_words(-1, 5)


# The sentences issue 21's outside attacker read off the site, each giving away a hidden cell or a review.
@pytest.mark.parametrize(
    "sentence",
    [
        "This holds for the 2 CSE reviews.",
        "Neglect was noted in two reviews.",
        "See LR5 and LR6.",
        "There were none reported in that band.",
        "The children other than the babies were 'school aged'.",
        "Siblings who died in a fire.",
    ],
)
def test_the_sentences_that_disclosed_are_found(sentence):
    assert disclosing_phrases(sentence, 5)


@pytest.mark.parametrize(
    "sentence",
    [
        "Counts of 1 to 4 children are suppressed and shown as c.",
        "This holds in fewer than 5 reviews.",
        "35 children were in sexual-abuse cases across 13 reviews.",
        "Two kinds of review, one category per case, two age groups (babies and others).",
        "Section 3 within reviews; 95% interval; 4.9% of babies.",
    ],
)
def test_safe_sentences_pass(sentence):
    assert disclosing_phrases(sentence, 5) == []


def test_research_builds_are_not_scanned():
    assert disclosing_phrases("in two reviews", 0) == []
