"""The publication site is attacked as a reader would attack it, and the attacker is shown to work.

The attacker (tests/attacker.py) reads only the built HTML; the true counts, read here straight
from data/curated/ethnicity_counts.csv, only judge whether what it worked out is a disclosure.
"""

import csv
import sys
from pathlib import Path

import pytest

from scr_workbench import paths
from scr_workbench.build import publication
from scr_workbench.build.command import build_command, run_build
from scr_workbench.stats import disclosure

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from attacker import THRESHOLD, Attack, Knowledge, disclosed, read_page, read_site  # noqa: E402

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "publication" / "unsafe-ethnicity-all-publication.html"
COLUMN = {"scr": "Serious case reviews", "lr": "Learning reviews"}


def true_ethnicity() -> dict:
    """(population, group) -> count, from the curated CSV (the source's A.6 table), with the All column added."""
    truth = {}
    with open(paths.PROJ_ROOT / "data" / "curated" / "ethnicity_counts.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["population"] in COLUMN and row["row_kind"] == "group":
                truth[(COLUMN[row["population"]], row["ethnic_group"])] = int(row["n_children"])
                key = ("All reviews", row["ethnic_group"])
                truth[key] = truth.get(key, 0) + int(row["n_children"])
    return truth


def census_shares() -> dict:
    """The 2011 census shares of the report's groups: public knowledge an attacker downloads from ONS."""
    from scr_workbench.data.census import census_counts

    counts = census_counts()
    return (counts / counts.sum()).to_dict()


def test_attacker_recovers_every_cell_of_the_old_publication_page():
    """The page the issue reported: 9 cells shown as 'c', every one of them recovered exactly."""
    knowledge = Knowledge()
    read_page(FIXTURE.read_text(encoding="utf-8"), knowledge)
    attack = Attack(knowledge, census_shares())
    truth = true_ethnicity()
    assert len(knowledge.hidden) == 9
    assert disclosed(attack.ranges(primary=True), truth)  # margins and the rule alone narrow the small cells
    notes = attack.add_pvalues()
    assert notes == [
        "Serious case reviews: p = 0.019 leaves 1 column(s)",
        "Learning reviews: p = 0.008 leaves 1 column(s)",
    ]
    ranges = attack.ranges()
    assert {key: r for key, r in ranges.items()} == {key: (truth[key], truth[key]) for key in knowledge.hidden}
    assert "4 of 13 (30.8%)" in knowledge.small_counts


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    reports = tmp_path_factory.mktemp("publication")
    summary = run_build(publication=True, reports_dir=reports, jobs=2, live=False, stdout=open("/dev/null", "w"))
    assert summary.exit_code == 0, summary.failed
    return reports / "html"


def test_publication_site_survives_the_attacker(site):
    pages = sorted(p.stem for p in site.glob("*.html"))
    assert pages == ["demographics-age-all", "demographics-ethnicity-all", "demographics-gender-all", "index"]
    knowledge = read_site(site)
    assert knowledge.small_counts == []  # no "k of n" with a count of 1 to 4 anywhere
    # the attacker must have read the pages (a change of markup or wording must not blind it silently):
    # each page's counts table, its sums, its shares and how many of its cells are secondary
    assert knowledge.hidden and knowledge.sums and knowledge.share_bounds
    assert len(knowledge.primaries) == 3
    attack = Attack(knowledge, census_shares())
    attack.add_pvalues()
    truth = true_ethnicity()
    primary = attack.ranges(primary=True)
    assert disclosed(primary, truth) == {}
    # every hidden small ethnicity cell can be anything from 1 to 4 as far as the attacker can tell
    small = [key for key in knowledge.hidden if 1 <= truth.get(key, 0) < THRESHOLD]
    assert small and all(primary[key] == (1, THRESHOLD - 1) for key in small)


def test_every_publication_page_suppresses_and_cites_the_convention(site):
    for page in site.glob("demographics-*.html"):
        text = page.read_text(encoding="utf-8")
        assert "Counts from 1 to 4 are suppressed" in text
        assert "Government Statistical Service" in text


def test_internal_schedule_has_no_publication_page():
    text = (paths.REPORTS_DIR / "schedule.yml").read_text(encoding="utf-8")
    assert "publication" not in text.split("reports:")[1]


def test_publication_refuses_the_internal_schedule(capsys):
    code = build_command(["--publication", "--schedule", str(paths.REPORTS_DIR / "schedule.yml"), "--dry-run"])
    assert code == 2
    assert "publication.yml" in capsys.readouterr().err


def test_build_and_stats_agree_on_the_switch(monkeypatch):
    assert publication.ENV_PUBLICATION_THRESHOLD == disclosure.ENV_PUBLICATION_THRESHOLD
    assert publication.PUBLICATION_THRESHOLD == disclosure.PUBLICATION_THRESHOLD == THRESHOLD
    env = publication.kernel_environment(True)
    monkeypatch.setenv(*next(iter(env.items())))
    assert disclosure.effective_threshold(0) == THRESHOLD
    assert publication.kernel_environment(False) == {}


def test_attacker_flags_small_counts_written_anywhere():
    knowledge = Knowledge()
    read_page(
        "<html><body><p>Of the 13 children, three girls were seen.</p><table><tr><th>a</th><th>b</th></tr>"
        "<tr><td>row</td><td>9 of 12 (75.0%)</td></tr><tr><td>sex stated for 12 of 13</td><td>x</td></tr></table>"
        "<p>babies among SCR children: 4/13 = 30.8%; 30 of the 35; an odds ratio within 1/2 to 2</p>"
        "<img alt='Bar chart: 2 babies'></body></html>",
        knowledge,
    )
    # 12 - 9 = 3 and 13 - 12 = 1 are small counts too; 35 - 30 and the margin "1/2 to 2" are not
    assert sorted(set(knowledge.small_counts)) == [
        "12 of 13",
        "2 babies",
        "4/13",
        "9 of 12",
        "9 of 12 (75.0%)",
        "sex stated for 12 of 13",
        "three girls",
    ]


def test_publication_refuses_a_notebook_outside_the_suppression_path(tmp_path, capsys):
    schedule = tmp_path / "publication.yml"
    schedule.write_text(
        f"notebooks_dir: {paths.PROJ_ROOT / 'notebooks'}\n"
        "reports:\n  - name: abuse-categories\n    notebook: abuse_categories.ipynb\n",
        encoding="utf-8",
    )
    code = build_command(["--publication", "--schedule", str(schedule), "--reports-dir", str(tmp_path), "--dry-run"])
    assert code == 2
    err = capsys.readouterr().err
    assert "abuse-categories (abuse_categories.ipynb)" in err and "demographics.ipynb" in err
