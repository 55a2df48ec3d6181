"""Every scheduled report's main points answer in plain words: at most five, each one sentence of at most 30
words, a Flesch–Kincaid grade of at most 9 (textstat, which counts syllables with pyphen, offline), and no
statistical term from the project's list — in the research build and in the publication build alike.

The grade alone proves little (numbers count as short words), so the length and the jargon list carry the
check; the jargon list is itself checked against the phrases the outside reader found on the pages."""

import inspect

import pytest
import textstat
import yaml

from scr_workbench import paths
from scr_workbench.analyses import main_points as MP
from scr_workbench.analyses.reader_text import reader_text_problems
from scr_workbench.analyses.wording import jargon_in

#: The bulletin's limits, from the issue (not from the code under test).
MOST_POINTS, MOST_WORDS, HIGHEST_GRADE = 5, 30, 9.0

#: Each notebook's declared parameters (defaults for what a schedule entry does not set).
DECLARED = yaml.safe_load((paths.NOTEBOOKS_DIR / "parameters.yml").read_text(encoding="utf-8"))


def _entries(schedule: str) -> list[dict]:
    reports = yaml.safe_load((paths.REPORTS_DIR / schedule).read_text(encoding="utf-8"))["reports"]
    return [r for r in reports if hasattr(MP, r["notebook"].removesuffix(".ipynb"))]


ENTRIES = [(s, r) for s in ("schedule.yml", "publication.yml") for r in _entries(s)]


def _points(report: dict) -> MP.ReaderPoints:
    function = getattr(MP, report["notebook"].removesuffix(".ipynb"))
    wanted = inspect.signature(function).parameters
    notebook = report["notebook"].removesuffix(".ipynb")
    defaults = {k: v["default"] for k, v in DECLARED[notebook].get("parameters", {}).items()}
    given = {**defaults, **report.get("parameters", {})}
    return function(**{k: v for k, v in given.items() if k in wanted})


@pytest.mark.parametrize(("schedule", "report"), ENTRIES, ids=[f"{s.split('.')[0]}-{r['name']}" for s, r in ENTRIES])
def test_main_points_are_few_short_plain_and_easy_to_read(schedule, report):
    points = _points(report)
    assert 3 <= len(points.main) <= MOST_POINTS, points.main
    for sentence in points.main:
        assert len(sentence.split()) <= MOST_WORDS, f"{len(sentence.split())} words: {sentence}"
        assert sentence.count(". ") == 0, f"more than one sentence: {sentence}"
    for sentence in points.main + points.meaning:
        assert jargon_in(sentence) == [], f"{jargon_in(sentence)} in: {sentence}"
        assert reader_text_problems(sentence) == [], sentence
    grade = textstat.flesch_kincaid_grade(" ".join(points.main))
    assert grade <= HIGHEST_GRADE, f"grade {grade:.1f}: {points.main}"


@pytest.mark.parametrize(
    "phrase",
    [
        "larger of the exact binomial and the two-sample Fisher p = 0.048",
        "Benjamini–Hochberg-adjusted p = 0.17",
        "allowing for an intraclass correlation of 0.05–0.3",
        "95% Wilson interval 83.9% to 89.7%",
        "exact multinomial p = 0.005",
        "Holm-adjusted p = 1.00",
        "odds ratio beyond 1/2 to 2",
        "not statistically significant",
        "Cohen's kappa of 0.6",
    ],
)
def test_the_jargon_list_catches_what_the_outside_reader_found(phrase):
    assert jargon_in(phrase), phrase


@pytest.mark.parametrize(
    "plain",
    [
        "3 of 6 serious case reviews were about a baby, against 36% nationally: too few to tell.",
        "The share could be between 1 and 9 in 10.",
        "Counted by review, no kind of harm clearly differs between the two kinds of review.",
    ],
)
def test_the_jargon_list_leaves_plain_words_alone(plain):
    assert jargon_in(plain) == []


def test_the_grade_is_textstats_offline_reading_of_syllables():
    """A hand count: "The cat sat on the mat." is 6 words, 6 syllables, 1 sentence:
    0.39 × 6 + 11.8 × 1 − 15.59 = −1.45."""
    assert textstat.flesch_kincaid_grade("The cat sat on the mat.") == pytest.approx(-1.45, abs=0.01)
