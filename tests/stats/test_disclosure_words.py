"""The phrase rule: counts of 1 to 4 are said as "fewer than 5" at threshold 5 (GSS rule), others as numbers."""

import jinja2
import pytest

from scr_workbench.stats.disclosure_words import JINJA_FILTERS, count_words


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
