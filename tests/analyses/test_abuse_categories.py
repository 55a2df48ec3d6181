"""The abuse-categories tables against A.8 and section 1.2, with Fisher and binomial p-values worked out by hand."""

import math

import pytest

from abuse_truth import THRESHOLD, leaks, source_counts
from reference import clopper_pearson_percent, fisher_two_sided, holm
from scr_workbench.analyses import abuse_categories as A
from scr_workbench.analyses import main_points as MP
from scr_workbench.stats.disclosure import ENV_PUBLICATION_THRESHOLD


def test_children_per_category_as_a8_lists_them():
    table = A.category_counts("children")
    # A.8 SCRs: physical 4, sexual 2, neglect 6, other 1; LRs: sexual 33, physical 4, neglect 2
    assert table.loc["physical abuse"].tolist() == [4, 4, 8]
    assert table.loc["sexual abuse"].tolist() == [2, 33, 35]
    assert table.loc["neglect"].tolist() == [6, 2, 8]
    assert table.loc["other"].tolist() == [1, 0, 1]
    # 1.2 says 40 LR children; A.8 holds 33 + 4 + 2 = 39
    assert table.loc[A.not_categorised()].tolist() == [0, 40 - 39, 1]
    assert table.loc["Total"].tolist() == [13, 40, 53]
    assert "emotional abuse" not in table.index  # A.8 lists none


def test_cases_per_category_have_no_gap():
    table = A.category_counts("cases")
    assert table.loc["physical abuse"].tolist() == [3, 2, 5]
    assert table.loc["sexual abuse"].tolist() == [1, 3, 4]
    assert table.loc["neglect"].tolist() == [1, 1, 2]
    assert table.loc["Total"].tolist() == [6, 6, 12]
    assert A.not_categorised() not in table.index


def test_shares_are_of_the_section_12_totals():
    long = A.share_intervals("children").set_index(["category", "population"])
    row = long.loc[("sexual abuse", "Learning reviews")]
    assert (row.k, row.n) == (33, 40) and row.share == pytest.approx(82.5)
    text = A.shares_table("cases").loc["neglect", "Serious case reviews: % of cases (95% interval)"]
    low, high = clopper_pearson_percent(1, 6)  # 1 of 6; Clopper–Pearson as the registry prints it
    assert text.startswith(f"16.7% ({low:.1f}–{high:.1f}")


def test_fisher_rows_children_by_hand(registry):
    rows = A.fisher_rows(registry, "children").set_index("comparison_id")
    assert list(rows.index) == [
        "physical_abuse_children_scr_vs_lr",
        "sexual_abuse_children_scr_vs_lr",
        "neglect_children_scr_vs_lr",
        "other_children_scr_vs_lr",
    ]
    hand = {
        "physical_abuse_children_scr_vs_lr": fisher_two_sided(4, 13, 4, 40),
        "sexual_abuse_children_scr_vs_lr": fisher_two_sided(2, 13, 33, 40),
        "neglect_children_scr_vs_lr": fisher_two_sided(6, 13, 2, 40),
        "other_children_scr_vs_lr": fisher_two_sided(1, 13, 0, 40),
    }
    for cid, p in hand.items():
        assert rows.loc[cid, "p_value"] == pytest.approx(p), cid
    # one Holm family for every test a page shows: the registry's primary tests, adjusted by hand
    tested = registry[(registry["test"] != "none") & ~registry["comparison_id"].str.startswith("census_all_ages_")]
    judged = tested["p_value"].where(tested["two_sample_p"].isna(), tested[["p_value", "two_sample_p"]].max(axis=1))
    holm_by_id = dict(zip(tested["comparison_id"], holm(list(judged)), strict=True))
    for cid in hand:
        assert rows.loc[cid, "p_adjusted"] == pytest.approx(holm_by_id[cid]), cid
    assert rows.loc["other_children_scr_vs_lr", "effect"] == math.inf  # no LR child in 'other'
    # neglect: p = 0.0016 is not below 0.05 once adjusted over every test the site shows (about 0.06)
    assert rows.loc["neglect_children_scr_vs_lr", "p_adjusted"] > 0.05
    assert rows.loc["neglect_children_scr_vs_lr", "rule_id"] == "groups_not_shown_to_differ"


def test_fisher_rows_cases_by_hand(registry):
    rows = A.fisher_rows(registry, "cases").set_index("comparison_id")
    assert rows.loc["physical_abuse_cases_scr_vs_lr", "p_value"] == pytest.approx(fisher_two_sided(3, 6, 2, 6))
    assert rows.loc["sexual_abuse_cases_scr_vs_lr", "p_value"] == pytest.approx(fisher_two_sided(1, 6, 3, 6))
    assert set(rows["rule_id"]) == {"groups_not_shown_to_differ"}  # six reviews each: nothing shows
    assert rows["clustering"].isna().all() if "clustering" in rows else True
    assert rows["design_effect_p_max"].isna().all()  # cases are the units: no clustering to allow for


def test_national_neglect_is_a_lower_bound_of_139():
    fig = A.national_neglect()
    assert fig["as stated"] == "at least 60%"
    assert fig["denominator"] == "139 reviews"
    assert fig["bound"].startswith("lower bound")


def test_national_rows_on_cases(registry):
    rows = A.national_rows(registry).set_index("comparison_id")
    assert (rows.loc["neglect_scr_reviews", "local_k"], rows.loc["neglect_scr_reviews", "local_n"]) == (1, 6)
    assert (rows.loc["neglect_all_reviews", "local_k"], rows.loc["neglect_all_reviews", "local_n"]) == (2, 12)
    # one-sided binomial against the 60% bound: P(X <= 1 | 6, 0.6) = 0.4^6 + 6 * 0.6 * 0.4^5
    assert rows.loc["neglect_scr_reviews", "p_value"] == pytest.approx(0.4**6 + 6 * 0.6 * 0.4**5)
    assert set(rows["local_bound"]) == {"minimum"}
    # SCRs alone: not shown below the bound once adjusted across the registry; all reviews: a minimum count
    assert rows.loc["neglect_scr_reviews", "rule_id"] == "not_shown_beyond_bound"
    assert rows.loc["neglect_all_reviews", "rule_id"] == "not_shown_beyond_bound"  # Holm p = 0.14
    table = A.national_table(rows.reset_index())
    assert table.loc["SCRs whose category of abuse is neglect", "Derby (cases)"] == "1 of 6 (16.7%)"
    # the rules' labels, not their ids
    assert set(table["verdict"]) == {"Not shown to differ from the national bound"}


def test_caveats_name_a7_and_the_missing_child():
    text = " ".join(A.caveats())
    assert "not beneficial to compare with national trends" in text  # A.7
    assert "39 of the 40" in text and "CAT-CHILDREN-LR" in text
    assert "one category per case" in text and "was a feature" in text


def test_figures_carry_their_numbers_in_alt_text(registry):
    fig, alt = A.category_figure("children")
    assert "neglect: SCR 6 of 13 (46%" in alt and "LR 2 of 40 (5%" in alt
    fig, alt = A.neglect_figure(A.national_rows(registry))
    assert "at least 60% (shaded from 60% to 100%)" in alt and "1 of 6" in alt


def test_bad_unit_named():
    with pytest.raises(ValueError, match=r"unit must be one of \['children', 'cases'\], got 'people'"):
        A.category_counts("people")


# --- publication: suppression of small counts ------------------------------------------


@pytest.fixture
def research(monkeypatch):
    """No publication build around the test: the threshold is the one it passes."""
    monkeypatch.delenv(ENV_PUBLICATION_THRESHOLD, raising=False)


def test_caveats_quote_no_small_count_when_suppressed(research):
    text = " ".join(A.caveats(THRESHOLD))
    assert not leaks(text)
    assert "39 of the 40" not in text and "SCR6" not in text and "1 child" not in text
    # what the caveats say stays: the reconciliation, the one-category counting, the A.7 caveat
    assert "CAT-CHILDREN-LR" in text and "CAT-ASSIGN-LR" in text and "one category per case" in text
    assert "not beneficial to compare with national trends" in text
    assert A.caveats(0) == A.caveats()  # the research report is unchanged
    assert "The SCR 'other' case" in " ".join(A.caveats(0))


@pytest.mark.parametrize("unit", ["children", "cases"])
def test_main_points_quote_no_suppressed_count(research, unit):
    points = MP.abuse_categories(unit, 0.95, THRESHOLD)
    text = " ".join(points.main + points.meaning)
    assert not leaks(text)
    # no small count of the source appears as "k of n" over its column's total
    truth = source_counts(unit, A.not_categorised())
    for (_, column), v in truth.items():
        if 1 <= v < THRESHOLD:
            assert f"{v} of {truth[('Total', column)]}" not in text
    assert f"Counts under {THRESHOLD} are hidden" in text
    assert 3 <= len(points.main) <= 5


def test_main_points_at_zero_quote_the_source(research):
    # the source: 6 of 13 SCR children in neglect cases, all in one case ("Neglect: 1 case (6 children)", A.8);
    # 33 of 40 LR children in sexual-abuse cases, 25 of them in one review (LR6) and 3 of the 6 LR cases
    text = " ".join(MP.abuse_categories("children", 0.95, 0).main)
    assert "neglect covers 6 of 13 children, all in one review; by review, 1 of 6" in text
    assert "sexual abuse covers 33 of 40 children, 25 of them in one review; by review, 3 of 6" in text
    assert "hidden" not in text


def _outputs_text(nb) -> list[str]:
    """Every text a reader sees from the executed notebook: plain, markdown, HTML outputs and figures' alt text."""
    from bs4 import BeautifulSoup

    from markdown_text import shown

    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            if "text/plain" in data:
                out.append("".join(data["text/plain"]))
            if "text/markdown" in data:
                out.append(shown("".join(data["text/markdown"])))
            if "text/html" in data:
                out.append(BeautifulSoup("".join(data["text/html"]), "html.parser").get_text(" ", strip=True))
            out.append(str(o.get("metadata", {}).get("image/png", {}).get("alt", "")))
    return out


def test_published_report_leaks_no_small_count(tmp_path, monkeypatch):
    """The whole report run as the publication build runs it (its default suppress_below, the build's variable)."""
    import papermill

    from scr_workbench import paths

    monkeypatch.setenv(ENV_PUBLICATION_THRESHOLD, str(THRESHOLD))
    nb = papermill.execute_notebook(
        str(paths.NOTEBOOKS_DIR / "abuse_categories.ipynb"),
        str(tmp_path / "out.ipynb"),
        kernel_name="python3",
        cwd=str(tmp_path),
        progress_bar=False,
        log_output=False,
    )
    texts = _outputs_text(nb)
    whole = "\n".join(texts)
    assert not leaks(whole), leaks(whole)
    assert "Counts from 1 to 4 are suppressed" in whole and "Government Statistical Service" in whole
    assert "further cell" not in whole  # GSS practice: the number of secondary cells is not stated
    assert "Withheld: the test's table holds a count suppressed" in whole
    alts = [
        o["metadata"]["image/png"]["alt"]
        for c in nb.cells
        for o in c.get("outputs", [])
        if "image/png" in o.get("data", {})
    ]
    assert not [alt for alt in alts if leaks(alt)]
    assert "The chart is withheld" in whole  # at 5 it would draw only zeros
    # no row of a shown table (category label, then its cells) holds a bare count of 1 to 4
    labels = {c for c, _ in source_counts("children", A.not_categorised())}
    for line in whole.splitlines():
        label = next((c for c in labels if line.startswith(c + " ")), None)
        if label:
            cells = line[len(label) :].split()
            assert not [v for v in cells if v in {"1", "2", "3", "4"}], line
