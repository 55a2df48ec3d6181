"""Phrase rules for publication words: how a count may be said on a page that suppresses small counts.

Tables hide counts of 1 to threshold − 1 as ``c``; sentences must too, or a caption gives away what
the table hides. Every reader template says a count through :func:`count_words` (in Jinja, the
``count_words`` filter that :data:`JINJA_FILTERS` registers), so the rule lives here, once.
"""

from __future__ import annotations

from scr_workbench.stats.intervals import check_count


def count_words(count: int, threshold: int, unit: str = "") -> str:
    """A count as a page may print it: "fewer than 5" for 1 to 4 at threshold 5, else the number.

    Zero stays "0" (published zeros are shown, GSS practice); ``threshold`` 0 or 1 means no
    suppression (research builds). ``unit`` is appended after a space ("fewer than 5 reviews").
    """
    count = check_count(count, "count", minimum=0)
    threshold = check_count(threshold, "threshold", minimum=0)
    text = f"fewer than {threshold}" if 1 <= count < threshold else str(count)
    return f"{text} {unit}" if unit else text


#: Filters for a Jinja environment (``env.filters.update(JINJA_FILTERS)``): ``{{ n | count_words(5, "reviews") }}``.
JINJA_FILTERS = {"count_words": count_words}
