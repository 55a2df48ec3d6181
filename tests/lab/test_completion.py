"""Tab after ``load_table("`` offers the table names, through IPython's own completer."""

import pytest
from IPython.core.completer import provisionalcompleter
from IPython.core.interactiveshell import InteractiveShell

from scr_workbench.data.schemas import TABLES
from scr_workbench.lab.completion import register


@pytest.fixture(scope="module")
def shell():
    ip = InteractiveShell.instance()
    assert register(ip)
    assert register(ip)  # twice is harmless
    yield ip
    InteractiveShell.clear_instance()


def complete(shell, code: str) -> list[str]:
    with provisionalcompleter():
        return [c.text for c in shell.Completer.completions(code, len(code))]


def test_every_table_is_offered_after_the_opening_quote(shell):
    assert set(TABLES) <= set(complete(shell, 'load_table("'))


@pytest.mark.parametrize(
    "code, expected",
    [
        ('load_table("eth', ["ethnicity_counts"]),
        ("df = load_table('age_c", ["age_counts"]),
        ('describe_table("census_ethnicity_r', ["census_ethnicity_report"]),
        ('explore("compar', ["comparisons"]),
    ],
)
def test_a_prefix_is_completed(shell, code, expected):
    assert complete(shell, code) == expected


def test_other_code_is_left_to_ipython(shell):
    assert "ethnicity_counts" not in complete(shell, "print(")
