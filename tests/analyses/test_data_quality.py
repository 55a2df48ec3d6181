"""Data-quality tables against the ONS lines and the curated markings, and the publication version of the page.

The publication tests read the true small counts straight from data/curated/*.csv, and judge the
page's text with the attacker's own patterns (tests/attacker.py), not with the rule under test.
"""

import csv
import re
import sys
from pathlib import Path

import papermill
import pytest
from bs4 import BeautifulSoup

from markdown_text import shown
from scr_workbench import paths
from scr_workbench.analyses import data_quality
from scr_workbench.analyses import data_quality_publication as P
from scr_workbench.analyses import main_points as MP
from scr_workbench.checks.reconcile import reconcile
from scr_workbench.stats.disclosure import CONVENTION, ENV_PUBLICATION_THRESHOLD

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from attacker import SMALL_CHILDREN, small_pairs  # noqa: E402


def test_census_comparison_against_the_raw_ons_lines():
    table = data_quality.census_comparison()
    assert table.loc["White Other", "ONS count"] == 2319 + 295 + 9751
    assert table.loc["White Other", "ONS % at the report's precision"] == "5.0%"
    assert not table.loc["White Other", "agrees"]
    assert table.loc["Other", "ONS % at the report's precision"] == "1%"  # 3354/248752 = 1.35%
    assert table["agrees"].sum() == 6


def test_uncertainty_register_covers_every_marking(tables):
    register = data_quality.uncertainty_register()
    reviews = set(register.loc[register.table == "reviews", "row"])
    assert {"SCR1", "SCR2", "SCR3", "LR1", "LR2", "LR3", "LR4", "LR5", "LR6"} <= reviews
    unknown = set(tables["national_figures"].query("denominator_status == 'unknown'")["figure_id"])
    assert unknown == set(register.loc[register.table == "national_figures", "row"])
    assert set(register.loc[register.table == "changes", "row"]) == {"CH5.16a", "CH5.16b", "CH5.16c", "CH5.16d"}


# --- the publication version (threshold 5) -----------------------------------------------------------------

COUNT_COLUMNS = ("n_children", "n_cases")
FRACTION = re.compile(r"(?<![\w-])(\d+)/(\d+)(?![\w-])")  # not a period such as 2014-03/2014-04
#: Whole numbers in digits: not a percentage, a section (A.8, 1.2), an id (LR1) or a period (2012-13).
WHOLE = re.compile(r"(?<![.\w/-])\d+(?![%.\w/-]*\d)(?!%)")
WITHHELD = "withheld (counts under 5)"


def curated_rows(name: str) -> list[dict]:
    with open(paths.CURATED_DIR / f"{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def small_counts(name: str) -> tuple[set[int], set[str]]:
    """The counts of 1 to 4 a curated table holds, and the sections of the report they come from."""
    rows = curated_rows(name)
    small = {int(r[c]) for r in rows for c in COUNT_COLUMNS if r.get(c, "").isdigit() and 1 <= int(r[c]) <= 4}
    return small, {r["source_ref"].split()[0] for r in rows}


def sections(refs: str) -> set[str]:
    return {ref.split()[0] for ref in str(refs).split("; ") if ref.strip()}


def numbers(text: str) -> list[int]:
    return [int(n) for n in WHOLE.findall(str(text))]


def small_k_of_n(text: str) -> list[str]:
    pairs = FRACTION.findall(text)
    return small_pairs(text) + [f"{k} of {n}" for k, n in pairs if 1 <= int(k) <= 4 or 1 <= int(n) - int(k) <= 4]


@pytest.fixture(scope="module")
def published():
    return P.publishable_checks(reconcile(), 5)


@pytest.mark.parametrize("table", ["gender_counts", "ethnicity_counts", "abuse_categories", "age_counts"])
def test_no_true_small_count_is_a_shown_figure_of_a_check_on_its_table(table, published):
    small, table_sections = small_counts(table)
    assert small  # each of these tables holds counts of 1 to 4
    involved = published[[bool(sections(refs) & table_sections) for refs in published.source_refs]]
    for r in involved[involved.figures_shown].itertuples():
        assert not set(numbers(f"{r.stated} {r.derived} {r.explanation}")) & small, r.check_id
    truth = reconcile().set_index("check_id")
    withheld = involved.loc[~involved.figures_shown, "check_id"]
    assert any(set(numbers(truth.loc[c, "derived"])) & small for c in withheld)  # the rule had work to do


def test_gaps_and_shares_of_the_true_counts_are_withheld(published):
    by_id = published.set_index("check_id")
    scr_children = next(int(r["n_children"]) for r in curated_rows("review_counts") if r["review_type"] == "scr")
    scr_sexed = sum(int(r["n_children"]) for r in curated_rows("gender_counts") if r["review_type"] == "scr")
    assert 1 <= scr_children - scr_sexed <= 4  # A.5 gives the sex of 12 of the 13 (section 1.2)
    assert by_id.loc["GENDER-SCR", "stated"] == by_id.loc["GENDER-SCR", "derived"] == WITHHELD
    measures = {(r["measure_id"], r["period"]): float(r["value"]) for r in curated_rows("change_measures")}
    closed = measures[("cse_cases_closed", "2013-14")]
    escalated = round(measures[("cse_escalated_child_protection", "2013-14")] * closed / 100)
    assert 1 <= escalated <= 4  # 7% of 42 cases
    assert by_id.loc["CSE-cse_escalated_child_protection-2013-14", "derived"] == WITHHELD
    removed = round(measures[("cse_closed_risk_removed_or_low", "2013-14")] * closed / 100)
    assert by_id.loc["CSE-cse_closed_risk_removed_or_low-2013-14", "derived"].startswith(f"{removed}/{int(closed)} ")
    assert by_id.loc["BABY-SHARE", "derived"] == WITHHELD  # 4 babies of 13 SCR children (A.1)


def test_checks_of_residents_recommendations_and_national_shares_are_shown_in_full(published):
    truth = reconcile()
    public = truth.topic.isin(["census", "recommendations", "national"])
    assert public.sum() >= 10
    columns = ["stated", "derived", "explanation"]
    assert published.loc[public, columns].equals(truth.loc[public, columns])
    # A.6's census column is printed as the report prints it
    assert published.set_index("check_id").loc["CENSUS-White Other", "stated"] == "4.9%"


def test_threshold_zero_changes_nothing(monkeypatch):
    monkeypatch.delenv(ENV_PUBLICATION_THRESHOLD, raising=False)
    checks = reconcile()
    assert P.publishable_checks(checks, 0).equals(checks)
    register = data_quality.uncertainty_register()
    assert P.publishable_register(register, 0).equals(register)
    points = MP.data_quality(0)
    # A.5: nine male and three female SCR children, against 13 in section 1.2
    assert any("the report says 13, but its parts add up to 12" in p for p in points.main)
    assert points == MP.data_quality()


def test_main_points_at_threshold_5_quote_no_small_count(monkeypatch):
    monkeypatch.delenv(ENV_PUBLICATION_THRESHOLD, raising=False)
    points = MP.data_quality(5)
    text = " ".join(points.main + points.meaning)
    assert not small_k_of_n(text) and not SMALL_CHILDREN.findall(text)
    assert not [n for n in numbers(text.replace("from 1 to 4", "")) if 1 <= n <= 4]
    assert 3 <= len(points.main) <= 5
    assert any("not shown in this version" in p for p in points.main)


def test_the_publication_environment_switches_suppression_on(monkeypatch):
    monkeypatch.delenv(ENV_PUBLICATION_THRESHOLD, raising=False)
    research = MP.data_quality(0)
    monkeypatch.setenv(ENV_PUBLICATION_THRESHOLD, "5")
    assert MP.data_quality(0) == MP.data_quality(5) != research


def _output_texts(nb) -> list[str]:
    """The text of every output a reader sees: HTML as text, Markdown, plain text, and each figure's alt text."""
    texts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data:
                texts.append(BeautifulSoup(data["text/html"], "html.parser").get_text(" ", strip=True))
            elif "text/markdown" in data:
                texts.append(shown(data["text/markdown"]))
            elif "text/plain" in data:
                texts.append(data["text/plain"])
            texts.append(output.get("metadata", {}).get("image/png", {}).get("alt", ""))
            texts.append(output.get("text", ""))
    return [t for t in texts if t]


@pytest.fixture(scope="module")
def publication_page(tmp_path_factory):
    """The notebook as the publication build runs it: the environment, not the parameter, asks for threshold 5."""
    out = tmp_path_factory.mktemp("dq") / "data_quality.ipynb"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(ENV_PUBLICATION_THRESHOLD, "5")
        nb = papermill.execute_notebook(
            str(paths.NOTEBOOKS_DIR / "data_quality.ipynb"),
            str(out),
            kernel_name="python3",
            cwd=str(out.parent),
            progress_bar=False,
            log_output=False,
        )
    return _output_texts(nb)


def test_publication_page_shows_no_small_count(publication_page):
    text = " \n".join(publication_page)
    assert not small_k_of_n(text)
    assert not SMALL_CHILDREN.findall(text)
    # the only 1 to 4 on the page are the convention's own words, and the number of the register's notes per
    # table, which count notes (4 paragraphs of 'changes' lost their numbers), not children
    notes_per_table = [t for t in publication_page if t.startswith("items table")]
    assert len(notes_per_table) == 1
    rest = text.replace(notes_per_table[0], "").replace(CONVENTION, "").replace("1 to 4", "")
    assert not [n for n in numbers(rest) if 1 <= n <= 4], [m for m in WHOLE.finditer(rest) if 1 <= int(m[0]) <= 4]


def test_publication_page_says_what_is_withheld_and_why(publication_page):
    publication_page = " \n".join(publication_page)
    assert "Counts from 1 to 4 are suppressed" in publication_page
    assert CONVENTION in publication_page
    assert WITHHELD in publication_page
    assert "suppress below: 0" in publication_page  # the parameter was left at 0: the environment did it
    # A.5's "nine male and three female" and A.1's four babies of 13 are nowhere
    assert "9 male" not in publication_page and "4/13" not in publication_page


def test_child_baseline_cross_check_against_the_counted_cells():
    from reference import counted_child_census_shares

    table = data_quality.child_baseline_cross_check()
    shares = counted_child_census_shares()  # DC2101EW's child cells summed by hand
    for group, share in shares.items():
        assert table.loc[group, "share counted (%)"] == pytest.approx(100 * share, abs=0.05)
    assert table.loc["Total", "children, counted"] == 56926
    # the estimate: each group's estimated share minus its counted share, in points
    gaps = table.drop(index="Total")
    assert (
        gaps["estimate minus count (points)"] - (gaps["share estimated (%)"] - gaps["share counted (%)"])
    ).abs().max() < 0.11
    facts = data_quality.child_baseline_facts()
    assert facts["widest_group"] == gaps["estimate minus count (points)"].abs().idxmax()
    from scr_workbench.analyses.wording import sentence

    said = sentence("data_quality", "child_baseline", facts)
    assert f"{facts['estimated_total']:,} against 56,926 counted" in said
    assert f"{abs(facts['widest_points']):.1f} percentage points" in said and facts["widest_group"] in said
