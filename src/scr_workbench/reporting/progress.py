"""Progress of a build: one line per finished report; on a terminal, a live status line too.

Output never stops a build: if the reader goes away (``make reports | head``),
the rest of the output is dropped and the build carries on.
"""

from __future__ import annotations

import os
import time
from typing import TextIO


def say(stream: TextIO | None, text: str, end: str = "\n") -> bool:
    """Write ``text`` to ``stream``; False (and nothing raised) when the stream is closed."""
    if stream is None:
        return False
    try:
        stream.write(text + end)
        stream.flush()
        return True
    except (BrokenPipeError, ValueError, OSError):
        return False


class Progress:
    """One line per finished report; on a terminal also a live status line."""

    def __init__(self, stream: TextIO, total: int, live: bool | None = None):
        self.stream: TextIO | None = stream
        self.total = total
        self.done = 0
        try:
            self.live = stream.isatty() if live is None else live
        except (ValueError, OSError):
            self.live = False
        self.start = time.perf_counter()
        self._last = ""

    def _write(self, text: str, end: str = "") -> None:
        if not say(self.stream, text, end):
            self.stream = None

    def _clear(self) -> None:
        if self.live and self._last:
            self._write("\r\033[K")
            self._last = ""

    def status(self, running: int, queued: int, names: list[str] | None = None) -> None:
        if not self.live or self.stream is None:
            return
        elapsed = time.perf_counter() - self.start
        what = ", ".join(names) if names else f"{running} building"
        line = f"[{self.done}/{self.total}] {elapsed:5.1f} s  {what}" + (f", {queued} queued" if queued else "")
        try:
            width = os.get_terminal_size(self.stream.fileno()).columns - 1
        except (OSError, ValueError, AttributeError):
            width = 0
        line = line[:width] if width >= 20 else line
        self._clear()
        self._write(line)
        self._last = line

    def finished(self, result) -> None:
        self.done += 1
        self._clear()
        mark = "ok    " if result.status == "ok" else "FAILED"
        text = f"[{self.done}/{self.total}] {mark} {result.name} ({result.duration:.1f} s)"
        if result.error:
            text += f"\n        {result.error}"
        for note in result.notes:
            text += f"\n        note: {note}"
        self._write(text, "\n")

    def close(self) -> None:
        self._clear()
