"""Tests and national comparisons of the categories withheld for publication where they rest on a small count."""

import pandas as pd
import pytest

from abuse_truth import LR, SCR, THRESHOLD, leaks, source_counts
from scr_workbench.analyses import abuse_comparisons as AC
from scr_workbench.analyses import abuse_counts as AK
from scr_workbench.analyses.reader_text import verdicts_markdown
from scr_workbench.stats.disclosure import ENV_PUBLICATION_THRESHOLD


@pytest.fixture(autouse=True)
def _research_environment(monkeypatch):
    monkeypatch.delenv(ENV_PUBLICATION_THRESHOLD, raising=False)


def _expected_withheld(tables, truth, threshold, reviewed=()):
    """Categories whose 2×2 table (k and n − k of SCRs and LRs, from the source) holds a small count or a hidden
    cell of the published table; for ``reviewed`` categories (a review-level test quotes the cases) the 2×2
    table of cases too."""
    cases = source_counts("cases", AK.not_categorised())
    out = set()
    for category in {c for c, _ in truth if c != "Total" and c != AK.not_categorised()}:
        tables_quoted = [truth] + ([cases] if category in reviewed else [])
        for t in tables_quoted:
            k1, k2 = t[(category, SCR)], t[(category, LR)]
            n1, n2 = t[("Total", SCR)], t[("Total", LR)]
            if any(1 <= v < threshold for v in (k1, k2, n1 - k1, n2 - k2)):
                out.add(category)
        if tables.mask.loc[category, SCR] or tables.mask.loc[category, LR]:
            out.add(category)
    return out


@pytest.mark.parametrize("unit, threshold", [("children", THRESHOLD), ("children", 2), ("cases", THRESHOLD)])
def test_fisher_rows_on_hidden_or_small_cells_are_withheld(registry, unit, threshold):
    tables = AK.category_tables(unit, threshold)
    truth = source_counts(unit, AK.not_categorised())
    raw = AC.fisher_rows(registry, unit)
    rows = AC.withhold_fisher(raw, tables)
    # a verdict that leans on the review-level test quotes A.8's cases ("counted by review ... 1 of 6 SCRs")
    reviewed = set(raw.loc[raw["verdict"].str.contains("counted by review"), "category"])
    expected = _expected_withheld(tables, truth, threshold, reviewed)
    assert set(rows.loc[rows["withheld"], "category"]) == expected
    # at 5 every category of the source has a count of 1 to 4 in its table (SCR physical 4, sexual 2, other 1;
    # LR neglect 2)
    if threshold == THRESHOLD:
        assert expected == set(rows["category"])
    table = AC.fisher_table(rows)
    for (_, row), withheld in zip(table.iterrows(), rows["withheld"], strict=True):
        if withheld:
            assert set(row.drop(["verdict"])) == {"c"} and row["verdict"] == "Withheld"
    for r in rows[rows["withheld"]].itertuples():
        assert r.verdict.startswith("Withheld:") and pd.isna(r.p_value) and pd.isna(r.effect) and pd.isna(r.rule_id)
    if rows["withheld"].any():  # Holm's adjustment of a shown row rests on the withheld p-values
        assert rows["p_adjusted"].isna().all()
    assert not leaks(table.to_csv() + verdicts_markdown(rows), threshold)


def test_national_neglect_rows_withheld_on_small_case_counts(registry):
    # the source: neglect is 1 of 6 SCRs, and 1 + 1 = 2 of the 12 reviews
    truth = source_counts("cases", AK.not_categorised())
    scr_k, all_k = truth[("neglect", SCR)], truth[("neglect", SCR)] + truth[("neglect", LR)]
    by_hand = {THRESHOLD: {"neglect_scr_reviews", "neglect_all_reviews"}, 2: {"neglect_scr_reviews"}}
    for threshold, hand in by_hand.items():
        expected = {
            cid
            for cid, k, n in (("neglect_scr_reviews", scr_k, 6), ("neglect_all_reviews", all_k, 12))
            if 1 <= k < threshold or 1 <= n - k < threshold
        }
        rows = AC.withhold_national(AC.national_rows(registry), AK.category_tables("children", threshold))
        assert set(rows.loc[rows["withheld"], "comparison_id"]) == expected == hand
        table = AC.national_table(rows)
        assert not leaks(table.to_csv() + verdicts_markdown(rows), threshold)
        # the national figure is public and stays
        assert set(table["national figure"]) == {"Serious case reviews in which neglect was a feature: at least 60%"}


def test_threshold_zero_withholds_nothing(registry):
    tables = AK.category_tables("children", 0)
    raw = AC.fisher_rows(registry, "children")
    rows = AC.withhold_fisher(raw, tables)
    assert not rows["withheld"].any()
    assert AC.fisher_table(rows).equals(AC.fisher_table(raw))
    assert verdicts_markdown(rows) == verdicts_markdown(raw)
    national = AC.national_rows(registry)
    assert AC.national_table(AC.withhold_national(national, tables)).equals(AC.national_table(national))
    # the source's 4 of 13 SCR children in physical-abuse cases is shown as it is
    assert AC.fisher_table(rows).loc["Children in cases categorised as physical abuse, SCRs against LRs", "SCRs"] == (
        "4 of 13 (30.8%)"
    )


@pytest.mark.parametrize("unit", ["children", "cases"])
def test_each_fisher_row_is_named_by_its_category(registry, unit):
    """Readers tell the rows apart by name: every row names its own category, and no two names are alike."""
    from scr_workbench.analyses.reader_text import comparison_name

    rows = AC.fisher_rows(registry, unit)
    names = [comparison_name(r) for r in rows.to_dict("records")]
    assert len(set(names)) == len(names)
    for name, category in zip(names, rows["category"], strict=True):
        assert category in name
