"""Phrase rules for publication words: how a count may be said on a page that suppresses small counts.

Tables hide counts of 1 to threshold − 1 as ``c``; sentences must too, or a caption gives away what
the table hides. Every reader template says a count through :func:`count_words` (in Jinja, the
``count_words`` filter that :data:`JINJA_FILTERS` registers), so the rule lives here, once.
"""

from __future__ import annotations

import re

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


_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_UNITS = r"(?:reviews?|cases?|child(?:ren)?|famil(?:y|ies)|siblings?|bab(?:y|ies)|boys?|girls?)"

#: Phrases a page must not carry, each with the constraint it hands an attacker (issue 21's findings).
DISCLOSING_PHRASES: tuple[tuple[str, str], ...] = (
    (r"\b(?:SCR|LR)\d+\b", "a review identifier singles out one review"),
    (r"\bnone\b[^.]{0,40}\breported\b", "says a hidden cell is 0"),
    (r"\bother than\b[^.]{0,60}\bwere\b", "says every other cell is 0"),
    (r"\b(?:died|fire|sibling group|siblings who)\b", "narrative of an incident or a family"),
)


def disclosing_phrases(text: str, threshold: int) -> list[tuple[str, str]]:
    """Every phrase of ``text`` that says a small count or a hidden cell in words, with why it discloses.

    A count of 1 to ``threshold`` − 1 next to a unit ("the 2 CSE reviews", "in two reviews") is one;
    "1 to 4" (the rule itself) is not. Nothing is found when ``threshold`` is below 2 (no suppression).
    """
    if threshold < 2:
        return []
    small = [str(n) for n in range(1, threshold)] + list(_NUMBER_WORDS[: threshold - 1])
    # The count, at most one word (not "of", "per", "within") and the unit, words apart by spaces: "the 2 CSE reviews".
    word = r"(?: (?!(?:of|per|within|kinds?)\b)[\w-]+)?"
    count = rf"(?<!\bto )(?<![.\d])\b(?:{'|'.join(small)})\b(?! to\b){word} {_UNITS}\b"
    found = [(m.group(0), f"a count below {threshold} in words") for m in re.finditer(count, text, re.IGNORECASE)]
    for pattern, why in DISCLOSING_PHRASES:
        found += [(m.group(0), why) for m in re.finditer(pattern, text, re.IGNORECASE)]
    return found
