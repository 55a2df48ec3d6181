"""The 'What has changed' tables against the figures printed in 5.9–6.21."""

import math

import pytest

from reference import clopper_pearson_percent
from scr_workbench.analyses import what_changed


def test_cse_outcomes_by_year_as_printed():
    table = what_changed.cse_outcomes()
    high_risk = table.loc[[i for i in table.index if i.startswith("Young people assessed high risk")][0]]
    # 6.18: "85.7% ... (54% in 2012-13, 45% in 2011-12)"
    assert (high_risk["2011-12"], high_risk["2012-13"], high_risk["2013-14"]) == ("45%", "54%", "85.7%")
    closed = table.loc["CSE cases closed"]
    assert (closed["2012-13"], closed["2013-14"]) == ("35", "42")  # 6.17
    assert list(table.columns[:3]) == ["2011-12", "2012-13", "2013-14"]


def _smallest_base_brute_force(percent, decimals):
    for n in range(1, 1000):
        for k in range(n + 1):
            share = 100 * k / n
            if math.floor(share * 10**decimals + 0.5) / 10**decimals == percent:
                return n, k


def test_smallest_bases_against_brute_force():
    table = what_changed.smallest_bases()
    for measure, r in table.iterrows():
        decimals = 1 if "." in r.stated else 0
        n, k = _smallest_base_brute_force(float(r.stated.rstrip("%")), decimals)
        assert r["smallest possible base"] == n, measure
    rows = table[table.stated == "85.7%"]
    assert (rows["smallest possible base"] == 7).all()  # 6 of 7 = 85.71%
    assert (table.loc[table.stated == "100%", "smallest possible base"] == 1).all()


def test_the_questionnaire_shares_get_no_interval_on_a_borrowed_base():
    table = what_changed.questionnaire()
    aware = table.loc["Workforce aware that DSCB procedures are now online"]
    # 5.10 gives 87% from "the audit"; 5.9 counts 526 questionnaires: the report never links the two
    assert aware["stated"] == "87%" and aware["base (how many answered)"] == "not stated"
    assert aware["questionnaires completed"] == "526 (5.9)"
    assert not any("interval" in column for column in table.columns)


def test_reach_keeps_hedges():
    table = what_changed.reach()
    assert table.loc["Young people reached by 'Chelsea's Choice'", "figure"] == "approximately 5090"  # 6.15
    assert (
        table.loc[
            "Practitioners at multi-agency briefings on the Domestic Violence Risk Identification Matrix", "figure"
        ]
        == "325"
    )


def test_audits_include_the_ones_without_figures():
    table = what_changed.audits()
    assert {"5.13", "5.14", "5.16a", "6.11", "6.23"} <= set(table.index)
    assert table.loc["5.16a", "figures given"] == "no figures given"
    assert (
        "9 (2012-10)" in table.loc["6.11", "figures given"] and "seven (2013-12)" in table.loc["6.11", "figures given"]
    )


def test_yearly_figures_are_dots_with_the_interval_of_their_smallest_base():
    points = what_changed.yearly_points()
    # 6.18: 85.7% cannot come from fewer than 7 young people (6 of 7 = 85.71%); a 100% can be one person
    row = points[points["as_stated"] == "85.7%"].iloc[0]
    assert (row["k"], row["n"], row["base"], bool(row["base_stated"])) == (6, 7, "unknown", False)
    low, high = clopper_pearson_percent(6, 7)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high))
    assert set(points["measure_id"]) == set(what_changed.yearly_measures())
    assert all(points.groupby("measure_id")["period"].nunique() > 1)
    fig, alt = what_changed.cse_outcomes_figure()
    for ax in fig.axes:  # no line joins the years
        styles = [line.get_linestyle() for line in ax.get_lines() if len(line.get_xdata()) > 1]
        assert all(style in ("None", "") for style in styles)
    labels = [t.get_text().split("\n")[-1] for ax in fig.axes for t in ax.texts]
    assert "n ≥ 7" in labels and "17 of 42" in labels and "3 of 42" in labels
    assert "smallest base" in alt and "17 of 42 cases closed" in alt


def test_yearly_figures_use_the_bases_the_data_quality_checks_reconcile():
    """6.17: 42 CSE cases were closed in 2013-14; 40% = 17/42 (40.5%) and 7% = 3/42 (7.1%) reproduce the printed
    figures, so those are their counts. In 2012-13 no whole count of the 35 closed gives 28% or 36% (9/35 = 25.7%,
    10/35 = 28.6%; 12/35 = 34.3%, 13/35 = 37.1%), so the base stays unknown."""
    points = what_changed.yearly_points().set_index(["measure_id", "period"])
    for key, (k, n) in {
        ("cse_closed_risk_removed_or_low", "2013-14"): (17, 42),
        ("cse_escalated_child_protection", "2013-14"): (3, 42),
    }.items():
        row = points.loc[key]
        assert (row["k"], row["n"], row["base"]) == (k, n, "reconciled")
        assert (row["ci_low"], row["ci_high"]) == pytest.approx(clopper_pearson_percent(k, n))
    for key in [("cse_closed_risk_removed_or_low", "2012-13"), ("cse_escalated_child_protection", "2012-13")]:
        assert points.loc[key, "base"] == "unknown"
