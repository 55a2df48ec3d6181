"""The schedule's reader set (the board pack) and research annex, questions, and titles without a typed place."""

from __future__ import annotations

import yaml

from build_support import REAL_SCHEDULE, write_schedule
from scr_workbench.data.dataset import default_dataset
from scr_workbench.reporting.schedule import ScheduleError, load_schedule


def _load(tmp_path, entries):
    return load_schedule(write_schedule(tmp_path / "schedule.yml", entries))


def test_set_and_question_are_read_and_the_place_is_filled_in(tmp_path):
    schedule = _load(
        tmp_path,
        [
            {"name": "ok", "notebook": "ok.ipynb", "set": "annex", "question": "How  many in {place}?"},
            {"name": "ok2", "notebook": "ok.ipynb", "title": "Reviews in {place}"},
        ],
    )
    first, second = schedule.entries
    place = default_dataset().place
    assert (first.set, first.question) == ("annex", f"How many in {place}?")
    assert (second.set, second.question, second.title) == ("reader", None, f"Reviews in {place}")


def test_a_bad_set_or_question_names_the_entry(tmp_path):
    try:
        _load(
            tmp_path,
            [
                {"name": "ok", "notebook": "ok.ipynb", "set": "board"},
                {"name": "ok2", "notebook": "ok.ipynb", "question": ""},
            ],
        )
    except ScheduleError as err:
        problems = err.problems
    else:
        raise AssertionError("a bad set was accepted")
    assert problems == [
        "entry 1 \"ok\": set must be one of reader, annex, got 'board'",
        "entry 2 \"ok2\": question must be a non-empty string, got ''",
    ]


def test_the_real_schedule_has_a_short_reader_set_with_questions_and_no_typed_place():
    raw = yaml.safe_load(REAL_SCHEDULE.read_text(encoding="utf-8"))["reports"]
    place = default_dataset().place
    for entry in raw:
        assert entry.get("set") in ("reader", "annex"), entry["name"]
        assert entry.get("question"), f"{entry['name']} answers no question"
        for key in ("title", "question"):
            assert place not in entry.get(key, ""), f"{entry['name']}: {key} types {place!r}; use {{place}}"
    readers = [e["name"] for e in raw if e["set"] == "reader"]
    assert readers[0] == "overview"  # the index's "start here"
    assert 5 <= len(readers) <= 10  # a board member needs about 7 reports, not 18


def test_every_scheduled_parameter_set_changes_what_its_report_says():
    """Any two entries of the same notebook give different reader text (the body, not the title or notes)."""
    from bs4 import BeautifulSoup

    from build_support import real_build

    reports, done = real_build()
    assert done.returncode == 0, done.stdout + done.stderr
    by_notebook: dict[str, list[str]] = {}
    for entry in load_schedule(REAL_SCHEDULE).entries:
        by_notebook.setdefault(entry.notebook.name, []).append(entry.name)
    same = []
    for names in by_notebook.values():
        texts = {}
        for name in names:
            soup = BeautifulSoup((reports / "html" / f"{name}.html").read_text(encoding="utf-8"), "html.parser")
            texts[name] = " ".join(soup.find("main").get_text().split())
        seen: dict[str, str] = {}
        for name, text in texts.items():
            if text in seen:
                same.append((seen[text], name))
            seen.setdefault(text, name)
    assert not same, f"entries whose reports say the same: {same}"
