"""The publication site is attacked as a reader would attack it, and the attacker is shown to work.

The attacker (tests/attacker.py) reads only the built HTML; the true counts, read here straight
from data/curated/ethnicity_counts.csv, only judge whether what it worked out is a disclosure.
"""

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scr_workbench import paths
from scr_workbench.analyses.demographics import AGE_BAND_LABELS
from scr_workbench.reporting import publication
from scr_workbench.reporting.command import build_command, run_build
from scr_workbench.stats import disclosure
from scr_workbench.stats.disclosure_words import disclosing_phrases

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from abuse_truth import source_counts  # noqa: E402
from attacker import AGE_GROUPS, THRESHOLD, Attack, Knowledge, disclosed, exposed, read_page, read_site  # noqa: E402

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "publication" / "unsafe-ethnicity-all-publication.html"
COLUMN = {"scr": "Serious case reviews", "lr": "Learning reviews"}


def _curated(name: str) -> list[dict]:
    with open(paths.PROJ_ROOT / "data" / "curated" / f"{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _with_all_column(truth: dict, page: str = "") -> dict:
    """Keys (page / population, category) as the attacker names them, with the All column added."""
    named = {}
    for (population, category), n in truth.items():
        for who in (COLUMN[population], "All reviews"):
            key = (f"{page} / {who}" if page else who, category)
            named[key] = named.get(key, 0) + n
    return named


def true_ethnicity(page: str = "") -> dict:
    """(population, group) -> count, from the curated CSV (the source's A.6 table), with the All column added."""
    rows = _curated("ethnicity_counts")
    truth = {
        (r["population"], r["ethnic_group"]): int(r["n_children"])
        for r in rows
        if r["population"] in COLUMN and r["row_kind"] == "group"
    }
    return _with_all_column(truth, page)


#: The page's row for the child A.8 gives no category (the stated total less the categories' sum).
NOT_CATEGORISED = "no category in A.8"


def true_counts() -> dict:
    """Every cell of every counts table of the site, from the curated CSVs, keyed as the attacker keys them.

    Where a source list falls short of the stated number of children (section 1.2), the rest is the
    page's 'not stated' (sex) or 'no category in A.8' (abuse) row. Age bands are named as the page
    names them (``AGE_BAND_LABELS``): a name only, every count is the CSV's.
    """
    truth = true_ethnicity("demographics-ethnicity-all")
    abuse_by_column = source_counts("children", NOT_CATEGORISED)  # tests/abuse_truth.py: the CSV, with the gap row
    truth.update({(f"abuse-categories / {column}", label): n for (label, column), n in abuse_by_column.items()})
    children = {t: abuse_by_column[("Total", COLUMN[t])] for t in COLUMN}
    age = {(review_type, label): 0 for review_type in children for label in AGE_BAND_LABELS.values()}
    sex = {}
    for r in _curated("age_counts"):
        key = (r["review_type"], AGE_BAND_LABELS[r["age_band"]])
        age[key] = age.get(key, 0) + int(r["n_children"])
    for (review_type, band), n in list(age.items()):
        group = next(g for g, bands in AGE_GROUPS.items() if band in bands)
        age[(review_type, group)] = age.get((review_type, group), 0) + n
    for r in _curated("gender_counts"):
        key = (r["review_type"], r["sex"])
        sex[key] = sex.get(key, 0) + int(r["n_children"])
    for review_type, n in children.items():
        sex[(review_type, "not stated")] = n - sum(v for (t, _), v in sex.items() if t == review_type)
    truth.update(_with_all_column(age, "demographics-age-all"))
    truth.update(_with_all_column(sex, "demographics-gender-all"))
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
    return reports  # the site folder itself: the build's own files are beside it, in .publication-work/


#: The pages the publication site holds: each counts table of children, and what the report says of its own quality.
PAGES = [
    "abuse-categories",
    "data-quality",
    "demographics-age-all",
    "demographics-ethnicity-all",
    "demographics-gender-all",
    "glossary",
    "index",
]
#: Pages whose first counts table is suppressed.
TABLE_PAGES = ["abuse-categories", "demographics-age-all", "demographics-ethnicity-all", "demographics-gender-all"]


def test_publication_site_survives_the_attacker(site):
    pages = sorted(p.stem for p in site.glob("*.html"))
    assert pages == PAGES
    knowledge = read_site(site)
    assert knowledge.small_counts == []  # no "k of n", "k/n" or "three girls" with a count of 1 to 4 anywhere
    # the attacker must have read the pages (a change of markup or wording must not blind it silently):
    # each page's counts table, its sums, its shares and the age groups' sums
    assert knowledge.hidden and knowledge.share_bounds
    assert {key[0].split(" / ")[0] for key in knowledge.hidden} == set(TABLE_PAGES)
    assert knowledge.primaries == []  # GSS practice: no page says how many of its cells are secondary
    group_sums = [total for parts, total in knowledge.sums if len(parts) == len(AGE_GROUPS.get(total[1], ()))]
    assert len(group_sums) == 2 * 3  # each age group is the sum of its bands, in three columns
    truth = true_counts()
    assert set(knowledge.hidden) <= set(truth)  # every hidden cell is one the test knows the truth of
    attack = Attack(knowledge, census_shares())
    attack.add_pvalues()
    primary = attack.ranges(primary=True)
    assert disclosed(primary, truth) == {}
    # every hidden small cell can be anything from 1 to 4 as far as the attacker can tell
    small = [key for key in knowledge.hidden if 1 <= truth[key] < THRESHOLD]
    assert {key[0].split(" / ")[0] for key in small} == set(TABLE_PAGES)
    assert all(primary[key] == (1, THRESHOLD - 1) for key in small), {
        key: primary[key] for key in small if primary[key] != (1, THRESHOLD - 1)
    }
    # the whole site at once (prose and verdicts tie pages together): no secondary cell recovered exactly, no
    # small sum of hidden cells narrowed
    assert exposed(attack, truth) == {}


def test_every_publication_page_suppresses_and_cites_the_convention(site):
    for name in [*TABLE_PAGES, "data-quality"]:
        text = (site / f"{name}.html").read_text(encoding="utf-8")
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
        "<p>babies among SCR children: 4/13 = 30.8%; 30 of the 35; an odds ratio within 1/2 to 2; 2014-03/2014-04</p>"
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
        f"notebooks_dir: {paths.PROJ_ROOT / 'notebooks'}\nreports:\n  - name: overview\n    notebook: overview.ipynb\n",
        encoding="utf-8",
    )
    code = build_command(["--publication", "--schedule", str(schedule), "--reports-dir", str(tmp_path), "--dry-run"])
    assert code == 2
    err = capsys.readouterr().err
    assert "overview (overview.ipynb)" in err and "demographics.ipynb" in err


# --- only the site in the site folder ------------------------------------------------------------------------

#: A phrase no source holds, planted in every quote of the tables of children's counts.
QUOTE_MARK = "Zqxplantedquote"
#: The tables whose quotes give the exact counts the publication hides ("nine were male and three were female").
COUNT_TABLES = ("gender_counts", "age_counts", "ethnicity_counts", "abuse_categories")


def _visible_text(page: str) -> str:
    """What a reader of ``page`` sees: its text outside tags, scripts, styles and comments."""
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(page, "html.parser")
    for hidden in soup(["script", "style", "template"]):
        hidden.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    return soup.get_text()


@pytest.fixture(scope="module")
def planted_site(tmp_path_factory):
    """The publication built from a copy of the data whose count tables' quotes end with QUOTE_MARK."""
    import pandas as pd

    root = tmp_path_factory.mktemp("planted-quote")
    data = root / "data"
    shutil.copytree(paths.DATA_DIR, data)
    for table in COUNT_TABLES:
        path = data / "curated" / f"{table}.csv"
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frame["quote"] = [f"{v} {QUOTE_MARK}" if v else v for v in frame["quote"]]
        frame.to_csv(path, index=False)
    site = root / "site"
    env = {**os.environ, paths.ENV_DATA_DIR: str(data)}
    done = subprocess.run(
        [sys.executable, "-m", "scr_workbench", "build", "--publication", "--reports-dir", str(site), "--jobs", "2"],
        cwd=paths.PROJ_ROOT, env=env, capture_output=True, text=True, timeout=1800,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return site, publication.work_dir(site)


def test_the_site_folder_holds_the_pages_and_their_assets_alone(planted_site):
    site, _ = planted_site
    files = [p for p in site.rglob("*") if not p.is_dir()]
    assert files and all(p.suffix in publication.SITE_SUFFIXES for p in files), [
        str(p.relative_to(site)) for p in files if p.suffix not in publication.SITE_SUFFIXES
    ]
    assert not [p for p in site.rglob(".*")]  # no hidden state folder, lock or cache


def test_a_planted_quote_is_nowhere_in_the_site_but_where_a_page_shows_it(planted_site):
    site, work = planted_site
    # the mark reached the build (its result cache, which the old layout kept beside html/), so the test
    # planted where it matters
    held = [p for p in work.rglob("*") if p.is_file() and QUOTE_MARK.encode() in p.read_bytes()]
    assert any(".build" in p.parts for p in held), held
    for path in (p for p in site.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        if path.suffix != ".html":
            assert QUOTE_MARK.encode() not in raw, path.name
            continue
        page = raw.decode("utf-8")
        # every occurrence is text a reader sees, none in an attribute, a comment or a script
        assert page.count(QUOTE_MARK) == _visible_text(page).count(QUOTE_MARK), path.name


def test_every_local_link_of_the_site_resolves(site):
    pages = {p.name: p.read_text(encoding="utf-8") for p in site.glob("*.html")}
    anchors = {name: set(re.findall(r'\bid="([^"]+)"', text)) for name, text in pages.items()}
    links = [(name, href) for name, text in pages.items() for href in re.findall(r'\bhref="([^"]*)"', text)]
    assert any(href.startswith("glossary.html#") for _, href in links)  # the pages do link their terms
    broken = []
    for name, href in links:
        if href.startswith(("http:", "https:", "//")):
            broken.append((name, href, "leaves the site"))
            continue
        target, _, anchor = href.partition("#")
        target = target or name
        if not (site / target).is_file():
            broken.append((name, href, "no such page"))
        elif anchor and target.endswith(".html") and anchor not in anchors[target]:
            broken.append((name, href, "no such anchor"))
    assert broken == []


def test_a_failed_publish_keeps_the_last_site(tmp_path, monkeypatch):
    html = tmp_path / "work" / "html"
    html.mkdir(parents=True)
    (html / "index.html").write_text("new")
    (html / "page.ipynb").write_text("not part of a site")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old")
    assert publication.publish(html, site) == ["index.html"]
    assert (site / "index.html").read_text() == "new" and not (site / "page.ipynb").exists()
    (html / "index.html").write_text("newer")

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(publication.shutil, "copyfile", full_disk)
    with pytest.raises(OSError):
        publication.publish(html, site)
    assert (site / "index.html").read_text() == "new"


# --- cases as well as children; no narrative ---------------------------------------------------------------------


def test_the_phrase_rules_catch_what_the_old_site_said():
    # sentences the site printed before this round (issue 21), written here by hand
    old = (
        "victims of child sexual exploitation in two reviews (A.5). Several SCR children were siblings who died in "
        "a fire (A.5). (LR5 and LR6 fixed as sexual abuse) outside the 2 CSE reviews. A.1 says only that the "
        "serious case reviews' children other than the babies were 'school aged': none reported in that band"
    )
    found = {why for _, why in disclosing_phrases(old, THRESHOLD)}
    assert found == {
        "a count below 5 in words",
        "a review identifier singles out one review",
        "narrative of an incident or a family",
        "says every other cell is 0",
        "says a hidden cell is 0",
    }
    # the rule itself, and counts of 5 or more, are not disclosures
    assert disclosing_phrases("counts from 1 to 4 are suppressed; one of the learning reviews holds 25", 5) == []


def test_no_page_names_a_review_counts_few_reviews_or_tells_a_familys_story(site):
    for page in site.glob("*.html"):
        found = disclosing_phrases(_visible_text(page.read_text(encoding="utf-8")), THRESHOLD)
        if page.name == "glossary.html":  # it defines the words "none reported"; it says nothing of any cell
            found = [(phrase, why) for phrase, why in found if why != "says a hidden cell is 0"]
        assert found == [], page.name


# --- the attacker breaks a site with a protection switched off -------------------------------------------------------


def _attack_copy(site: Path, tmp_path: Path, change) -> tuple[dict, list]:
    """Copy the site, ``change`` one page as if a protection were off, attack the copy; (exposed, rules read)."""
    from bs4 import BeautifulSoup

    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    name, edit = change
    page = copy / f"{name}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    edit(soup)
    page.write_text(str(soup), encoding="utf-8")
    knowledge = read_site(copy)
    attack = Attack(knowledge, census_shares())
    attack.add_pvalues()
    return exposed(attack, true_counts()), knowledge.read


def _verdict_shown(check_id: str, verdict: str):
    """The data-quality table with one check's verdict shown, as before verdicts were withheld with figures."""

    def edit(soup):
        rows = [tr.find_all(["td", "th"]) for tr in soup.find_all("tr")]
        row = next(cells for cells in rows if cells and cells[0].get_text(strip=True) == check_id)
        row[-1].string = verdict

    return "data-quality", edit


def _school_aged_note(soup):
    """The age page with the note it carried before, which says which SCR cells are 0."""
    note = soup.new_tag("p")
    note.string = (
        "A.1 says only that the serious case reviews' children other than the babies were 'school aged': SCR "
        "children in 'seven-year-old' or 'teenager' or 'teenager or young adult' are none reported in that band."
    )
    soup.find("main").append(note)


def test_the_attacker_breaks_the_site_with_the_sex_verdict_shown(site, tmp_path):
    # the true verdict of GENDER-LR is "yes" (the learning reviews' sexes add up): it says LR "not stated" = 0,
    # a cell the sex table hides (secondary), and with it the totals tie LR boys to SCR girls
    not_stated = ("demographics-gender-all / Learning reviews", "not stated")
    knowledge_before = read_site(site)
    assert not_stated in knowledge_before.hidden and "verdict GENDER-LR" not in knowledge_before.read
    found, read = _attack_copy(site, tmp_path, _verdict_shown("GENDER-LR", "yes"))
    assert "verdict GENDER-LR" in read
    assert found.get(("secondary", not_stated)) == (0, 0)


def test_the_attacker_breaks_the_site_with_the_school_aged_note(site, tmp_path):
    found, read = _attack_copy(site, tmp_path, ("demographics-age-all", _school_aged_note))
    assert "the named SCR bands are 0" in read
    pinned = {key for kind, key in found if kind == "secondary"}
    assert ("demographics-age-all / Serious case reviews", "teenager") in pinned


def test_a_publication_build_without_a_folder_plans_the_default_site():
    # run_build(publication=True) from Python, no reports_dir: the site is reports/publication/ and the build's
    # own files go beside it (this once passed None on to the work folder and failed with a TypeError)
    import io

    out = io.StringIO()
    summary = run_build(publication=True, dry_run=True, stdout=out)
    assert "glossary" in summary.planned + summary.skipped
    assert publication.work_dir(publication.PUBLICATION_SITE_DIR) == paths.REPORTS_DIR / ".publication-work"
