"""Small counts in words, as the report and the explanations print them ("twelve reviews", "one child")."""

from __future__ import annotations

_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()


def in_words(n: int) -> str:
    """``n`` in words up to twelve, in digits above (style guides spell out small numbers only)."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)
