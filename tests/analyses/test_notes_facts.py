"""Facts the technical notes state, against the curated reviews table read by hand and the report's sections."""

import csv

from scr_workbench import paths
from scr_workbench.analyses import notes_facts as F


def _reviews():
    with open(paths.DATA_DIR / "curated" / "reviews.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_clustering_caveat_names_the_largest_review_of_each_kind():
    text = F.clustering_caveat()
    for kind, label in (("scr", "serious case reviews"), ("lr", "learning reviews")):
        sizes = [int(r["n_children_min"]) for r in _reviews() if r["review_type"] == kind]
        assert f"one of the {label} holds at least {max(sizes)} of their {sum(sizes)} or more children" in text


def test_sources_name_each_tables_sections():
    assert F.sources_of("gender_counts", "ethnicity_counts") == "gender counts: A.5; ethnicity counts: A.6"
