"""What every report says first and last: :class:`ReaderPoints`, checked to hold 3 to 6 main points."""

from __future__ import annotations

from dataclasses import dataclass

from scr_workbench.analyses.reader_text import sentence_list


@dataclass(frozen=True)
class ReaderPoints:
    """What a report says first (``main``) and last (``meaning``)."""

    main: list[str]
    meaning: list[str]

    def __post_init__(self):
        """Keep the bulletin's rule: 3 to 6 main points."""
        if not 3 <= len(self.main) <= 6:
            raise ValueError(f"a report needs 3 to 6 main points, got {len(self.main)}: {self.main}")


def points(main: list[str], meaning: list[str]) -> ReaderPoints:
    """Main points and conclusions as sentences, at most six main points."""
    return ReaderPoints(sentence_list(main)[:6], sentence_list(meaning))
