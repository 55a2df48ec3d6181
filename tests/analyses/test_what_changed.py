"""The 'What has changed' tables against the figures printed in 5.9–6.21."""

import math

import pytest

from reference import wilson as _wilson
from reference import wilson_percent
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


def test_questionnaire_intervals_by_hand():
    table = what_changed.questionnaire()
    aware = table.loc["Workforce aware that DSCB procedures are now online"]
    assert aware["base (inferred)"] == 526 and aware["count implied"] == 458  # 87% of 526 = 457.6
    low, high = _wilson(458, 526)
    assert aware["95% Wilson interval"] == f"{100 * low:.1f}%–{100 * high:.1f}%"


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
    assert (row["k"], row["n"], bool(row["base_stated"])) == (6, 7, False)
    low, high = wilson_percent(6, 7)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high))
    assert set(points["measure_id"]) == set(what_changed.yearly_measures())
    assert all(points.groupby("measure_id")["period"].nunique() > 1)
    fig, alt = what_changed.cse_outcomes_figure()
    for ax in fig.axes:  # no line joins the years
        styles = [line.get_linestyle() for line in ax.get_lines() if len(line.get_xdata()) > 1]
        assert all(style in ("None", "") for style in styles)
    assert "n ≥ 7" in [t.get_text().split("\n")[-1] for ax in fig.axes for t in ax.texts]
    assert "smallest base" in alt
