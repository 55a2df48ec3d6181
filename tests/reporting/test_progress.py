"""Build progress: one line per finished report; a live line only on a terminal; a closed reader is no error."""

import io
from types import SimpleNamespace

from scr_workbench.reporting.progress import Progress, say


def result(name, status="ok", error=None, notes=()):
    return SimpleNamespace(name=name, status=status, duration=1.25, error=error, notes=list(notes))


def test_not_a_terminal_gets_one_plain_line_per_report():
    out = io.StringIO()
    progress = Progress(out, total=2)
    progress.status(2, 0)  # ignored when not live
    progress.finished(result("a"))
    progress.finished(result("b", "failed", error="cell 3 raised ValueError: bad", notes=["see log"]))
    progress.close()
    assert out.getvalue() == (
        "[1/2] ok     a (1.2 s)\n[2/2] FAILED b (1.2 s)\n        cell 3 raised ValueError: bad\n        note: see log\n"
    )


def test_a_live_status_line_is_cleared_before_each_result():
    out = io.StringIO()
    progress = Progress(out, total=1, live=True)
    progress.status(1, 0, ["building a"])
    progress.finished(result("a"))
    text = out.getvalue()
    assert "building a" in text
    assert text.index("\r\033[K") < text.index("[1/1] ok")
    assert text.endswith("[1/1] ok     a (1.2 s)\n")


class Closed(io.StringIO):
    def write(self, text):
        raise BrokenPipeError


def test_a_reader_that_went_away_stops_the_output_not_the_build():
    assert say(Closed(), "x") is False
    assert say(None, "x") is False
    progress = Progress(Closed(), total=2)
    progress.finished(result("a"))  # no exception
    progress.finished(result("b"))
    assert progress.stream is None and progress.done == 2
