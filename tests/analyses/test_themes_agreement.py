"""The reliability section's text and tables against counts made by hand from the raw CSVs."""

import csv
import dataclasses

import pytest

from scr_workbench import paths
from scr_workbench.analyses import themes_agreement as A

CURATED = paths.DATA_DIR / "curated"


def rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def hand_kappa(a, b, c, d):
    n = a + b + c + d
    po, pe = (a + d) / n, ((a + b) * (a + c) + (c + d) * (b + d)) / n**2
    return (po - pe) / (1 - pe)


@pytest.fixture(scope="module")
def agreement():
    return A.theme_agreement()


@pytest.fixture(scope="module")
def hand():
    second = {(r["item_id"], r["theme_id"]) for r in rows(paths.RAW_DIR / "second-coding.csv")}
    first = {(r["item_id"], r["theme_id"]) for r in rows(CURATED / "theme_codes.csv") if r["coder"] == "issue5"}
    first |= {
        (r["item_id"], r["theme_id"])
        for r in rows(CURATED / "theme_adjudications.csv")
        if r["first_coding"] != "not_coded"
    }
    return first, second, [r["theme_id"] for r in rows(CURATED / "themes.csv")]


def test_summary_states_the_hand_computed_agreement(agreement, hand):
    first, second, themes = hand
    a, b, c = len(first & second), len(first - second), len(second - first)
    text = A.summary_markdown(agreement)
    kappa = hand_kappa(a, b, c, 103 * len(themes) - a - b - c)
    assert f"**Cohen's kappa {kappa:.2f} (95% interval" in text
    assert f"both assigned {a} codes; the first coder alone {b}, the second alone {c}" in text
    assert f"All {b + c} disagreements were adjudicated" in text
    assert f"{103 * len(themes):,} item–theme pairs" in text


def test_least_reliable_themes_are_those_with_the_lowest_hand_kappa(agreement, hand):
    first, second, themes = hand
    kappas = {}
    for theme in themes:
        a = sum(1 for p in first & second if p[1] == theme)
        b = sum(1 for p in first - second if p[1] == theme)
        c = sum(1 for p in second - first if p[1] == theme)
        if b + c:
            kappas[theme] = hand_kappa(a, b, c, 103 - a - b - c)
    least = A.least_reliable(agreement)
    assert list(least["kappa"]) == pytest.approx(sorted(kappas.values()))
    assert set(least["theme_id"]) == set(kappas)
    lowest = min(kappas, key=kappas.get)
    labels = {r["theme_id"]: r["label"] for r in rows(CURATED / "themes.csv")}
    assert f"- **{labels[lowest]}**: kappa {kappas[lowest]:.2f}" in A.summary_markdown(agreement)
    assert len(A.theme_table(agreement)) == len(kappas)


def test_the_upper_bound_caveat_is_the_readme_s(agreement):
    readme = (paths.RAW_DIR / "second-coding-readme.md").read_text(encoding="utf-8")
    assert "upper bound" in " ".join(readme.split())
    assert "upper bound on what two independent practitioners would reach" in A.summary_markdown(agreement)


def test_the_caveat_sentence_replaces_one_coder(agreement, hand):
    first, second, _ = hand
    sentence = A.coding_caveat(agreement)
    assert f"their {len(first ^ second)} disagreements were adjudicated" in sentence
    assert "upper bound" in sentence and A.coding_caveat(None) == A.NO_SECOND_CODING


def test_every_disagreement_is_in_the_adjudication_table(agreement, hand):
    first, second, _ = hand
    table = A.adjudication_table(agreement)
    labels = {r["theme_id"]: r["label"] for r in rows(CURATED / "themes.csv")}
    assert set(table.index) == {(item, labels[theme]) for item, theme in first ^ second}
    assert table["reason"].str.len().min() > 40


@pytest.mark.parametrize(
    ("low", "high", "words"),
    [
        (0.94, 0.98, "lies in the band Landis and Koch call “almost perfect”"),
        (0.31, 1.0, "runs from “fair” to “almost perfect”"),
        (-0.1, 0.15, "runs from “poor” to “slight”"),
        (0.45, 0.6, "lies in the band Landis and Koch call “moderate”"),
    ],
)
def test_landis_koch_bands(low, high, words):
    assert words in A.landis_koch(low, high)


def test_theme_labels_are_escaped(agreement):
    per_theme = agreement.reliability.per_theme.copy()
    per_theme.loc[per_theme["theme_id"] == A.least_reliable(agreement)["theme_id"][0], "label"] = "<b>x</b>"
    changed = dataclasses.replace(
        agreement, reliability=dataclasses.replace(agreement.reliability, per_theme=per_theme)
    )
    text = A.summary_markdown(changed)
    assert "&lt;b&gt;x&lt;/b&gt;" in text and "<b>" not in text


def test_a_board_without_second_coding_says_so(monkeypatch):
    from scr_workbench.data import dataset

    synthetic = dataset.Dataset.load(paths.PROJ_ROOT / "tests" / "fixtures" / "datasets" / "northvale")
    monkeypatch.setattr(A, "default_dataset", lambda: synthetic)
    assert A.theme_agreement.uncached() is None
    assert "no second coding" in A.summary_markdown(None)
