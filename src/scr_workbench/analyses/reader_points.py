"""What every report says first and last: :class:`ReaderPoints`, 3 to 5 main points said by the report's template."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from scr_workbench.analyses.reader_text import sentence_list

#: The bulletin's rule: at least this many main points, and at most ...
FEWEST_POINTS, MOST_POINTS = 3, 5


@dataclass(frozen=True)
class ReaderPoints:
    """What a report says first (``main``) and last (``meaning``)."""

    main: list[str]
    meaning: list[str]

    def __post_init__(self):
        """Keep the bulletin's rule: 3 to 5 main points."""
        if not FEWEST_POINTS <= len(self.main) <= MOST_POINTS:
            raise ValueError(
                f"a report needs {FEWEST_POINTS} to {MOST_POINTS} main points, got {len(self.main)}: {self.main}"
            )


def points(main: list[str], meaning: list[str]) -> ReaderPoints:
    """Main points and conclusions as sentences, at most five main points."""
    return ReaderPoints(sentence_list(main)[:MOST_POINTS], sentence_list(meaning))


def said(report: str, facts: Mapping) -> ReaderPoints:
    """The report's main points and "What this means", said by its template (``words/<report>.j2``) over ``facts``."""
    from scr_workbench.analyses.wording import sentences

    return ReaderPoints(sentences(report, "main_points", facts)[:MOST_POINTS], sentences(report, "meaning", facts))
