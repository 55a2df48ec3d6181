"""The national-findings table against the DFE-RR226 figures as the Derby report prints them."""

import re

import pytest

from reference import clopper_pearson_percent
from scr_workbench.analyses import national_findings as N


def test_hedges_kept_as_bounds():
    figures = N.national_figures("all").set_index("figure_id")
    # 5 after 5g): "Almost two thirds ... nearly 60% ... 42% ... 86% ... just over a fifth"
    assert figures.loc["domestic_violence", ["as_stated", "bound_type"]].tolist() == ["almost two thirds", "upper"]
    assert figures.loc["domestic_violence", "value"] == pytest.approx(200 / 3, abs=0.01)
    assert figures.loc["parental_mental_ill_health", ["as_stated", "bound_type"]].tolist() == ["nearly 60%", "upper"]
    assert figures.loc["parental_substance_misuse", ["as_stated", "bound_type"]].tolist() == ["42%", "point"]
    assert figures.loc["any_parental_risk_factor", ["as_stated", "denominator"]].tolist() == ["86%", "139"]
    assert figures.loc["all_three_parental_risk_factors", ["as_stated", "bound_type"]].tolist() == [
        "just over a fifth",
        "lower",
    ]
    assert figures.loc["neglect", ["as_stated", "bound_type", "denominator"]].tolist() == [
        "at least 60%",
        "lower",
        "139",
    ]
    assert figures.loc["mothers_under_21_first_child", "as_stated"] == "almost 60%"
    assert figures.loc["babies_under_one", ["as_stated", "denominator"]].tolist() == ["36%", "unknown"]
    assert figures.loc["past_neglect_suicide_reviews", "value"] == pytest.approx(100 * 11 / 14, abs=0.01)
    # 3.3: "only 42%", "21%", "the remaining 37%" of cases: 'only' is not a bound
    csc = figures.loc[["csc_receiving_services", "csc_never_known", "csc_closed_or_not_accepted"]]
    assert csc["as_stated"].tolist() == ["42%", "21%", "37%"] and csc["value"].sum() == pytest.approx(100)
    assert len(figures) == 12


@pytest.mark.parametrize(
    "age_group, findings",
    [
        ("babies_preschool", {"RR226-01", "RR226-03", "RR226-04", "RR226-14"}),
        ("school_age", {"RR226-01", "RR226-11"}),
        ("all", {"RR226-01", "RR226-03", "RR226-04", "RR226-11", "RR226-14"}),
    ],
)
def test_age_group_filter(age_group, findings):
    assert set(N.national_figures(age_group)["finding_id"]) == findings  # RR226-01 (3.3) is for all ages


def test_derby_counts_only_for_babies_and_neglect(registry):
    table = N.findings_table(registry, "all")
    counted = table[table["Derby"] != N.no_count()]
    assert set(counted["finding"]) == {"RR226-11", "RR226-14"}
    assert len(counted) == 6  # babies: SCRs, all reviews, SCR children, all children; neglect: SCRs, all reviews
    assert (table.loc[table["Derby"] == N.no_count(), "95% interval"] == "—").all()
    rows = N.comparisons(registry, "all")
    assert rows.loc[rows["figure_id"] == "domestic_violence", "local_k"].isna().all()


def test_babies_row_by_hand(registry):
    table = N.findings_table(registry, "babies_preschool").set_index("comparison")
    row = table.loc["SCRs concerning a baby"]
    low, high = clopper_pearson_percent(3, 6)  # A.1/A.8: three of the six SCRs concerned babies
    assert row["Derby"] == "3 of 6 (50.0%): Derby SCRs (reviews)"
    assert row["95% interval"] == f"{low:.1f}–{high:.1f}%"
    assert row["DFE-RR226"] == "36%"
    assert "SCRs whose category of abuse is neglect" not in table.index  # neglect is a school-age finding


def test_no_count_summary_lists_what_is_missing(registry):
    text = N.no_count_summary(registry, "school_age")
    assert text.startswith("Derby's report gives no count for 4 of the 5 national figures shown")
    assert "past neglect (suicide reviews) (eleven out of fourteen)" in text


def test_verdicts_only_for_counted_figures(registry):
    from markdown_text import shown

    text = shown(N.verdicts_markdown(registry, "school_age"))
    assert "SCRs whose category of abuse is neglect" in text and "no local count" not in text
    assert "_" not in text.replace("_No", "")  # no ids
    # neglect over all reviews: 0.032 under Benjamini–Hochberg, Holm's p over the registry (checked by hand there)
    holm = registry.set_index("comparison_id").loc["neglect_all_reviews", "p_adjusted"]
    assert holm > 0.05 and f"Holm-adjusted p = {holm:.2f}" in text


def test_baby_share_note_quotes_the_reconciliation():
    note = N.baby_share_note()
    assert "30%" in note and "4/13 = 30.8%" in note and "BABY-SHARE" in note


def test_local_echoes_follow_the_theme_coding(tables):
    echoes = N.local_echoes("all")
    points = echoes.loc["RR226-03", "Derby learning points"].split(", ")
    assert {"5g", "5p"} <= set(points)
    quotes = tables["learning_points"].set_index("item_id")["quote"]
    assert "domestic violence" in quotes["5g"].lower()
    assert "substance misuse" in quotes["5p"].lower() and "mental ill health" in quotes["5p"].lower()
    babies = N.local_echoes("babies_preschool")
    ids = [
        i
        for cell in babies[["Derby learning points", "good practice", "what has changed"]].to_numpy().ravel()
        for i in cell.split(", ")
        if i != "none"
    ]
    assert ids and not [i for i in ids if i.removeprefix("GP").removeprefix("CH").startswith("6")]  # section 5 only


def test_echo_quotes_show_each_finding():
    markdown = N.echo_quotes_markdown("school_age")
    text = re.sub(r"\\(.)", r"\1", markdown)  # as the reader sees it: Markdown's backslash escapes undone
    assert "#### RR226-11: neglect" in text and "Neglect was a feature in at least 60%" in text
    assert "**5" not in text  # no section-5 learning point in the school-age view


def test_figure_draws_bounds_as_bands(registry):
    fig, alt = N.findings_figure(registry, "all")
    assert "Neglect a feature: Derby SCRs (cases): Derby 16.7%" in alt
    assert "at least 60% (shaded from 60% to 100%)" in alt
    assert "Domestic violence (no Derby count): no Derby figure, against DFE-RR226, at most 66.7%" in alt
    assert "All three parental factors (no Derby count): no Derby figure, against DFE-RR226, at least 20%" in alt


def test_bad_age_group_named(registry):
    with pytest.raises(ValueError, match=r"age_group must be one of .* got 'teenagers'"):
        N.findings_table(registry, "teenagers")
