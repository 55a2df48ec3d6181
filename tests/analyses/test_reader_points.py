"""ReaderPoints keeps the bulletin's rule of 3 to 5 main points, and points() makes sentences of them."""

import pytest

from scr_workbench.analyses.reader_points import ReaderPoints, points


def test_a_report_needs_three_to_five_main_points():
    with pytest.raises(ValueError, match="3 to 5 main points"):
        ReaderPoints(main=["One.", "Two."], meaning=[])
    with pytest.raises(ValueError, match="got 6"):
        ReaderPoints(main=[f"Point {i}." for i in range(6)], meaning=[])


def test_points_keep_five_and_end_each_with_a_full_stop():
    made = points([f"point {i}" for i in range(8)], ["it means this"])
    assert len(made.main) == 5 and all(p.endswith(".") for p in made.main)
    assert made.meaning and made.meaning[0].endswith(".")
