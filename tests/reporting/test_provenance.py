"""Every curated row is traceable to the source, and every figure of the source to a row.

Checked against the raw text, not against the code: quotes must stand verbatim in the
source (after folding white space and markup), the figures in a row must appear in its
quote, and every number printed in the report's body must lie inside some curated quote.
"""

import re

import pandas as pd
import pytest

from scr_workbench.data.schemas import TABLES
from scr_workbench.data.source_text import quote_in_source, source_text

QUOTED_TABLES = [name for name, spec in TABLES.items() if "quote" in spec.schema.columns]

# Numbers written in words in the report, and the hedged fractions of DFE-RR226.
WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "six": 6,
    "seven": 7,
    "nine": 9,
    "eleven": 11,
    "fourteen": 14,
    "twenty five": 25,
    "a fifth": 20,
    "two thirds": 66.67,
}


def _documents(name: str, frame: pd.DataFrame) -> pd.Series:
    if "source_doc" in frame:
        return frame["source_doc"]
    return pd.Series(TABLES[name].source_doc, index=frame.index)


@pytest.mark.parametrize("name", QUOTED_TABLES)
def test_every_quote_stands_verbatim_in_its_source(tables, name):
    frame = tables[name]
    documents = _documents(name, frame)
    missing = [(i, q[:60]) for i, q in frame["quote"].items() if not quote_in_source(q, documents[i])]
    assert not missing, f"{name}: quotes not found in the source: {missing}"


def test_denominator_quotes_stand_in_their_source(tables):
    f = tables["national_figures"].dropna(subset=["denominator_quote"])
    assert len(f) >= 2
    for r in f.itertuples():
        assert quote_in_source(r.denominator_quote, r.denominator_source), r.figure_id
        assert re.search(rf"\b{int(r.denominator)}\b", r.denominator_quote), r.figure_id


def _appears(value, text: str) -> bool:
    """A figure appears in text as digits (12.5, 30) or as the words the report uses."""
    number = f"{float(value):g}"
    if re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", text):
        return True
    return any(re.search(rf"\b{w}\b", text, re.I) and abs(v - float(value)) < 0.01 for w, v in WORDS.items())


COUNT_COLUMNS = ["n_reviews", "n_children", "n_recommendations", "n_cases", "count", "percent", "numerator"]


@pytest.mark.parametrize(
    "name", [n for n in QUOTED_TABLES if set(COUNT_COLUMNS) & set(TABLES[n].schema.columns) and n != "reviews"]
)
def test_every_figure_in_a_row_appears_in_its_quote(tables, name):
    frame = tables[name]
    problems = []
    for i, row in frame.iterrows():
        for column in COUNT_COLUMNS:
            if column in frame and pd.notna(row[column]) and not _appears(row[column], row["quote"]):
                problems.append((i, column, row[column]))
    assert not problems, f"{name}: figures missing from their quotes: {problems}"


@pytest.mark.parametrize("name", ["national_figures", "change_measures"])
def test_measured_values_appear_as_stated_and_agree_with_it(tables, name):
    for r in tables[name].itertuples():
        assert r.as_stated in r.quote, (r.figure_id if name == "national_figures" else r.measure_id, r.as_stated)
        stated = r.as_stated.rstrip("%")
        value = WORDS.get(stated, None) if not re.fullmatch(r"[\d.]+", stated) else float(stated)
        if stated == "eleven out of fourteen":
            value = round(100 * 11 / 14, 2)
        assert value is not None and abs(float(value) - r.value) < 0.01, (stated, r.value)


def test_hedges_appear_in_quotes(tables):
    for r in tables["national_figures"].dropna(subset=["hedge"]).itertuples():
        assert r.hedge.lower() in r.quote.lower(), (r.figure_id, r.hedge)


def test_hedge_and_bound_type_agree(tables):
    expected = {"almost": "upper", "nearly": "upper", "at least": "lower", "just over": "lower"}
    f = tables["national_figures"]
    for hedge, bound in expected.items():
        rows = f[f["hedge"].str.lower() == hedge]
        assert not rows.empty, hedge
        assert (rows["bound_type"] == bound).all(), hedge
    assert (f.loc[f["hedge"].isna(), "bound_type"] == "point").all()


def test_review_evidence_quotes_support_their_reviews(tables):
    evidence, reviews = tables["review_evidence"], tables["reviews"].set_index("review_id")
    for rid, group in evidence.groupby("review_id"):
        assert quote_in_source(reviews.loc[rid, "quote"])
        assert all(quote_in_source(q) for q in group["quote"])
    # Every learning review's size is stated in A.2 in words.
    for rid in ["LR1", "LR2", "LR3", "LR4", "LR5", "LR6"]:
        assert rid in set(evidence.loc[evidence.field == "n_children", "review_id"])


PARAGRAPH_NUMBER = re.compile(r"^(?:[1-6]\.\d{1,2}|A\.\d)$")


def _number_positions(text: str):
    for m in re.finditer(r"(?<![\w./])(\d+(?:[./]\d+)*)(?![\w])", text):
        yield m.group(1), m.start(), m.end()


def test_every_number_in_the_report_body_lies_inside_a_curated_quote(tables):
    """The other way round: pick any figure in the report and a curated row quotes it."""
    text = source_text("derby_report")
    body_start = text.index("1.1 This report sets out")
    spans = []
    for name in QUOTED_TABLES:
        frame = tables[name]
        documents = _documents(name, frame)
        texts = list(frame["quote"].items()) + (list(frame["heading"].items()) if "heading" in frame else [])
        for i, quote in texts:
            if documents[i] != "derby_report":
                continue
            start = text.find(quote)
            while start != -1:
                spans.append((start, start + len(quote)))
                start = text.find(quote, start + 1)
    uncovered = []
    for number, start, end in _number_positions(text):
        if start < body_start:
            continue  # the contents page's page numbers
        following, preceding = text[end : end + 3], text[max(0, start - 9) : start]
        if PARAGRAPH_NUMBER.match(number) and re.match(r" [A-Z]", following):
            continue  # a paragraph number, kept as source_ref
        if re.match(r"\. [A-Z]", following) or re.search(r"(#+ |Appendix )$", preceding):
            continue  # a section number in a heading, or a paragraph number lost in conversion ("5.")
        if not any(a <= start and end <= b for a, b in spans):
            uncovered.append((number, text[max(0, start - 40) : end + 20]))
    assert not uncovered, f"numbers in the report with no curated quote: {uncovered}"


def test_change_headings_stand_verbatim_in_the_source(tables):
    missing = [h for h in tables["changes"]["heading"].unique() if not quote_in_source(h)]
    assert not missing


def test_derived_paragraph_references_follow_the_last_printed_number(tables):
    """Lost paragraph numbers get the previous printed number plus a letter, in order."""
    changes = tables["changes"]
    derived = changes[changes["ref_derived"]]
    assert list(derived["source_ref"]) == ["5.16a", "5.16b", "5.16c", "5.16d"]
    text = source_text()
    positions = [text.index(q) for q in changes["quote"]]
    assert positions == sorted(positions), "changes must be in the order of the report"
    assert text.index(derived["quote"].iloc[0]) > text.index(changes.set_index("source_ref").loc["5.16", "quote"])
