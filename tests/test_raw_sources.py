"""The raw sources are present, unchanged, and their hashes are the ones data/raw/README.md records."""

import hashlib
import re

import pytest

from scr_workbench import paths
from scr_workbench.data.dataset import default_dataset

README = paths.RAW_DIR / "README.md"


def recorded_hashes() -> dict[str, str]:
    rows = re.findall(r"^\| `([^`]+)` \|.*\| `([0-9a-f]{64})` \|$", README.read_text(encoding="utf-8"), re.M)
    return dict(rows)


def test_readme_records_a_hash_for_every_raw_file():
    files = {p.name for p in paths.RAW_DIR.iterdir() if p.name != "README.md"}
    assert set(recorded_hashes()) == files


@pytest.mark.parametrize("name", sorted(recorded_hashes()))
def test_raw_file_matches_recorded_sha256(name):
    digest = hashlib.sha256((paths.RAW_DIR / name).read_bytes()).hexdigest()
    assert digest == recorded_hashes()[name], f"{name} has changed since it was recorded; raw sources are never edited"


def test_raw_report_is_the_derby_report():
    text = default_dataset().source("report").read_text(encoding="utf-8")
    assert "This report is dated: 03/03/15" in text
    assert "Appendix 1: Demographic features of local reviews carried out in Derby" in text


#: The second theme coding's SHA-256 as copied from the shared coding folder (issue 11), written
#: here independently of README.md so that an edit of both the file and the README still fails.
SECOND_CODING_SHA256 = "ecd7009d5ace10185e539d32d511d028518a230eb80ec40b8b6f440d5f0dcf82"


def test_second_coding_is_the_shared_copy_byte_for_byte():
    path = default_dataset().source("second_coding")
    assert path.name == "second-coding.csv"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == SECOND_CODING_SHA256
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header == "item_id,item_kind,theme_id,confidence,rationale,coder,status"


def test_census_age_profile_is_the_nhs_digital_excerpt():
    """The excerpt runs from the cell that cites nomis to the list's last row (README: characters 2375–80425)."""
    text = default_dataset().source("census_age_profile").read_text(encoding="utf-8")
    assert len(text) == 80425 - 2375
    assert text.startswith("# DBTITLE 1,Census2011 estimates for ethnic group by age and sex\n")
    assert "https://www.nomisweb.co.uk/census/2011/LC2101EW/view/2092957699" in text
    assert text.endswith("['White','White: Total','1','80 to 84','497416']  \n]\n")


#: DC2101EW for the place as copied from the shared sources folder (issue 19), written here independently of
#: README.md so that an edit of both the file and the README still fails.
DC2101EW_SHA256 = "42c2ca3829b382acb6ab38170944251773d88192d8a73c8ae03abf8927c6353b"


def test_counted_children_table_is_the_nomis_extract():
    path = default_dataset().source("census_children")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == DC2101EW_SHA256
    header, line = path.read_text(encoding="utf-8").splitlines()
    assert header.startswith("date,geography,geography code,Sex: All persons; Age: All categories: Age;")
    assert line.startswith("2011,Derby,E06000015,248752,")
