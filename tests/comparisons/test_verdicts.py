"""Every verdict rule is reached by a case built here, and the cautious rules win over the confident ones."""

import pytest

from scr_workbench.comparisons.verdicts import (
    ALPHA,
    EQUIVALENCE_MARGIN,
    MIN_N,
    RULES,
    Evidence,
    decide,
    rules_in_words,
    rules_table,
    verdict_label,
)


def prop(**kw):
    base = dict(
        kind="proportion",
        subject="Derby's SCRs concerning a baby",
        reference="the national figure (36%)",
        n=400,
        estimate=0.34,
        ci_low=0.29,
        ci_high=0.39,
        reference_value=0.36,
        side="below",
        p_value=0.5,
        p_label="exact binomial p",
    )
    base.update(kw)
    return Evidence(**base)


CASES = {
    "no_local_count": Evidence(
        kind="no_local_count", subject="Derby", reference="parental mental ill health (nearly 60%)"
    ),
    "too_few_cases": prop(n=4, estimate=0.0, ci_low=0.0, ci_high=0.6, p_value=0.001),
    "bound_on_other_side": prop(
        bound_type="lower",
        reference_value=0.2,
        side="above",
        comparable=False,
        estimate=0.8,
        ci_low=0.6,
        ci_high=0.9,
        p_value=0.0001,
        reference="the national figure 'just over a fifth' (20%)",
    ),
    "local_count_is_a_bound": prop(
        bound_type="lower",
        reference_value=0.6,
        estimate=1 / 6,
        ci_low=0.03,
        ci_high=0.56,
        n=6,
        p_value=0.041,
        local_bound="minimum",
    ),
    "clustered_cases": Evidence(
        kind="distribution",
        subject="SCR children",
        measure="ethnic mix",
        reference="Derby's 2011 census",
        n=13,
        p_value=0.019,
        clustering="the 13 children come from only 6 reviews, 6 of them siblings in one",
    ),
    "different_units": prop(
        n=53, estimate=6 / 53, ci_low=0.04, ci_high=0.23, p_value=0.0001, units_differ="children against reviews"
    ),
    "case_mix": Evidence(
        kind="two_groups",
        subject="SCR children",
        reference="LR children",
        measure="the share of boys",
        n=12,
        estimate=0.75,
        ci_low=0.43,
        ci_high=0.95,
        reference_value=0.10,
        side="above",
        p_value=0.00003,
        p_label="Fisher p",
        case_mix="the LR figure is dominated by 2 CSE reviews of 32 girls and young women",
    ),
    "all_ages_baseline": prop(
        estimate=0.23,
        ci_low=0.05,
        ci_high=0.54,
        reference_value=0.029,
        side="above",
        p_value=0.006,
        all_ages_baseline=True,
    ),
    "groups_similar": Evidence(
        kind="two_groups",
        subject="SCR children",
        reference="LR children",
        measure="the share under five",
        n=500,
        estimate=0.31,
        ci_low=0.27,
        ci_high=0.35,
        reference_value=0.30,
        side="above",
        p_value=0.7,
        ratio_low=0.8,
        ratio_high=1.3,
        p_label="Fisher p",
    ),
    "distribution_differs": Evidence(
        kind="distribution",
        subject="SCR children",
        measure="ethnic mix",
        reference="Derby's 2011 census",
        n=13,
        p_value=0.019,
        p_label="exact multinomial p",
    ),
    "distribution_not_shown_to_differ": Evidence(
        kind="distribution",
        subject="LR children",
        measure="ethnic mix",
        reference="Derby's 2011 census",
        n=40,
        p_value=0.2,
    ),
    "groups_differ": Evidence(
        kind="two_groups",
        subject="SCR children",
        reference="LR children",
        measure="the share who are male",
        n=12,
        estimate=0.75,
        ci_low=0.47,
        ci_high=0.91,
        reference_value=0.10,
        side="above",
        p_value=0.00002,
        p_label="Fisher p",
    ),
    "groups_not_shown_to_differ": Evidence(
        kind="two_groups",
        subject="SCR children",
        reference="LR children",
        measure="the share under five",
        n=13,
        estimate=0.31,
        ci_low=0.13,
        ci_high=0.58,
        reference_value=0.125,
        side="above",
        p_value=0.2,
        p_label="Fisher p",
    ),
    "below_national_bound": prop(
        bound_type="lower",
        reference_value=0.6,
        estimate=0.1,
        ci_low=0.04,
        ci_high=0.23,
        p_value=0.0001,
        reference="'at least 60%'",
    ),
    "above_national_bound": prop(
        bound_type="upper",
        reference_value=2 / 3,
        estimate=0.95,
        ci_low=0.84,
        ci_high=0.99,
        side="above",
        p_value=0.0001,
        reference="'almost two thirds'",
    ),
    "not_shown_beyond_bound": prop(
        bound_type="lower",
        reference_value=0.6,
        estimate=0.5,
        ci_low=0.35,
        ci_high=0.65,
        p_value=0.13,
        reference="'at least 60%'",
    ),
    "differs_from_reference": prop(estimate=0.10, ci_low=0.04, ci_high=0.23, p_value=0.0003),
    "too_wide_to_tell": prop(n=6, estimate=0.5, ci_low=0.19, ci_high=0.81, side="above", p_value=0.67),
    "consistent_with_reference": prop(),
    # the interval leaves 36% out, but the adjusted p does not reach 0.05
    "not_shown_after_adjustment": prop(estimate=0.22, ci_low=0.12, ci_high=0.355, p_value=0.07),
}


def test_every_rule_has_a_case():
    assert set(CASES) == {rule.id for rule in RULES}


@pytest.mark.parametrize("rule_id", list(CASES))
def test_each_case_reaches_its_rule(rule_id):
    assert decide(CASES[rule_id]).rule_id == rule_id


def test_sentences_say_what_the_numbers_allow():
    text = {rule_id: decide(e).text for rule_id, e in CASES.items()}
    assert text["no_local_count"].startswith("Cannot be compared: the Derby report gives no local count")
    assert text["different_units"].startswith("Cannot be compared: different units — children against reviews")
    assert text["too_few_cases"].startswith("Too few cases to tell: only 4 cases")
    assert "may be higher still" in text["bound_on_other_side"]
    assert text["bound_on_other_side"].startswith("Cannot be compared")
    assert "a minimum of the measure" in text["local_count_is_a_bound"]
    assert "lower than" not in text["local_count_is_a_bound"].lower()
    assert text["case_mix"].startswith("Describes case mix, not a difference between the children: 75% of SCR")
    assert text["case_mix"].endswith("dominated by 2 CSE reviews of 32 girls and young women.")
    assert (
        text["all_ages_baseline"].startswith("Suggestive only:")
        and "the baseline is all ages" in text["all_ages_baseline"]
    )
    assert text["distribution_differs"] == (
        "The ethnic mix of the 13 SCR children differs from Derby's 2011 census (exact multinomial p = 0.019); "
        "the category rows show where."
    )
    assert text["distribution_not_shown_to_differ"].startswith(
        "Too few cases to tell: the ethnic mix of the 40 LR children is not shown to differ"
    )
    assert text["groups_differ"] == (
        "SCR children and LR children differ in the share who are male: 75% against 10% (Fisher p < 0.001)."
    )
    assert text["groups_similar"].startswith("Similar: SCR children and LR children do not differ meaningfully")
    assert text["groups_not_shown_to_differ"].startswith("Too few cases to tell: no clear difference in the share")
    assert text["below_national_bound"] == (
        "Lower than the national figure whatever its exact value: Derby's SCRs concerning a baby 10% "
        "(95% CI 4% to 23%) is below 'at least 60%', a lower bound (exact binomial p < 0.001)."
    )
    assert text["above_national_bound"].startswith("Higher than the national figure whatever its exact value")
    assert text["not_shown_beyond_bound"].startswith("Not shown to be below 'at least 60%'")
    assert text["differs_from_reference"] == (
        "Lower than the national figure (36%): Derby's SCRs concerning a baby 10% (95% CI 4% to 23%, "
        "exact binomial p < 0.001)."
    )
    assert text["too_wide_to_tell"].startswith("Too few cases to tell")
    assert "too wide to rule out a meaningful difference (odds ratio beyond 1/2 to 2)" in text["too_wide_to_tell"]
    assert text["consistent_with_reference"] == (
        "Consistent with the national figure (36%): Derby's SCRs concerning a baby 34% (95% CI 29% to 39%, "
        "exact binomial p = 0.50); the data rule out a difference beyond the equivalence margin (odds ratio 1/2 to 2)."
    )
    assert text["not_shown_after_adjustment"].startswith(
        "No clear difference from the national figure (36%) once every"
    )
    assert text["clustered_cases"] == (
        "Suggestive only: the test finds the ethnic mix of the SCR children different from Derby's 2011 census "
        "(p = 0.019), but the 13 children come from only 6 reviews, 6 of them siblings in one, and the test "
        "treats them as independent, so the evidence is weaker than the p-value suggests."
    )


def test_the_issue_cases_no_longer_read_consistent():
    """0/13 against 12.5% and 1/13 against 2.9% (ratio interval 0.07–12.2) cannot rule out a meaningful difference:
    Clopper–Pearson limits by hand from the beta quantiles are 0–24.7% and 0.19–36.0%."""
    zero = prop(n=13, estimate=0.0, ci_low=0.0, ci_high=0.247, reference_value=0.125, side="below", p_value=0.39)
    one = prop(n=13, estimate=1 / 13, ci_low=0.0019, ci_high=0.360, reference_value=0.029, side="above", p_value=0.32)
    assert decide(zero).rule_id == decide(one).rule_id == "too_wide_to_tell"


def test_adjusted_p_is_shown_with_the_raw_one():
    e = prop(p_raw=0.2, p_raw_label="exact binomial p", p_value=0.34, p_label="Benjamini–Hochberg-adjusted p")
    assert "(95% CI 29% to 39%, exact binomial p = 0.20, Benjamini–Hochberg-adjusted p = 0.34)" in decide(e).text


def test_clustering_takes_the_conservative_reading():
    base = dict(kind="two_groups", subject="SCR children", reference="LR children", measure="sexual abuse", n=13)
    base.update(estimate=0.15, ci_low=0.02, ci_high=0.45, reference_value=0.83, side="below", p_value=0.0006)
    base.update(clustering="the 53 children come from only 12 reviews")
    by_review = Evidence(**base, p_review_level=0.55, review_level="1 of 6 SCRs against 3 of 6 LRs")
    assert decide(by_review).rule_id == "clustered_cases"
    assert (
        "counted by review the difference is not shown (1 of 6 SCRs against 3 of 6 LRs, p = 0.55)"
        in decide(by_review).text
    )
    deff = Evidence(**base, design_effect_p_max=0.21)
    assert decide(deff).rule_id == "clustered_cases"
    assert "p up to 0.21 for an intraclass correlation of 0.05–1" in decide(deff).text  # the range runs to 1
    holds = Evidence(**base, p_review_level=0.01, review_level="0 of 6 against 6 of 6", design_effect_p_max=0.02)
    assert decide(holds).rule_id == "groups_differ"
    assert (
        "; it holds counted by review (0 of 6 against 6 of 6, p = 0.010) and allowing for clustering"
        in decide(holds).text
    )
    assert decide(Evidence(**base)).rule_id == "clustered_cases"  # unmeasured clustering: suggestive only


def test_every_rule_has_a_plain_label_and_the_rules_read_as_sentences():
    assert verdict_label("too_wide_to_tell") == "too few cases to tell"
    assert verdict_label("different_units") == "cannot be compared: different units"
    assert all(verdict_label(rule.id) for rule in RULES)
    words = rules_in_words()
    assert len(words) > len(RULES) and all(w.endswith((".", ":")) or w[-1].isalnum() for w in words)
    assert any("Benjamini–Hochberg" in w for w in words) and any("Clopper–Pearson" in w for w in words)
    assert words[-1].startswith(f"{len(RULES)}. ")
    with pytest.raises(ValueError, match="^verdict_id must be one of"):
        verdict_label("looks_fine")


def test_higher_direction_and_single_sentence():
    e = prop(estimate=0.8, ci_low=0.6, ci_high=0.9, side="above", p_value=0.001)
    v = decide(e)
    assert v.rule_id == "differs_from_reference" and v.text.startswith("Higher than")
    for case in CASES.values():
        sentence = decide(case).text
        assert sentence.endswith(".") and sentence.count(". ") == 0


def test_cautious_rules_come_first():
    # significant, but too few cases: no claim of a difference
    assert decide(prop(n=3, estimate=0.0, ci_low=0, ci_high=0.7, p_value=0.01)).rule_id == "too_few_cases"
    # significant, but on the uninformative side of a bound
    e = prop(
        bound_type="upper",
        reference_value=0.6,
        side="below",
        comparable=False,
        estimate=0.05,
        ci_low=0.01,
        ci_high=0.2,
        p_value=0.00001,
    )
    assert decide(e).rule_id == "bound_on_other_side"
    assert "may be lower still" in decide(e).text
    # a minimum local count that lies ABOVE the reference can still be called higher
    e = prop(local_bound="minimum", estimate=0.9, ci_low=0.7, ci_high=0.97, side="above", p_value=0.001)
    assert decide(e).rule_id == "differs_from_reference"
    # a maximum local count above the reference cannot
    e = prop(local_bound="maximum", estimate=0.9, ci_low=0.7, ci_high=0.97, side="above", p_value=0.001)
    assert decide(e).rule_id == "local_count_is_a_bound"
    assert "a maximum" in decide(e).text


def test_clustering_only_tempers_a_significant_result():
    quiet = prop(clustering="the children come from 6 reviews")
    assert decide(quiet).rule_id == "consistent_with_reference"
    loud = prop(estimate=0.1, ci_low=0.04, ci_high=0.23, p_value=0.001, clustering="the children come from 6 reviews")
    assert decide(loud).rule_id == "clustered_cases"
    # a minimum count below the reference is refused before clustering is considered
    both = prop(estimate=0.1, ci_low=0.04, ci_high=0.23, p_value=0.001, local_bound="minimum", clustering="x")
    assert decide(both).rule_id == "local_count_is_a_bound"


def test_thresholds_are_at_their_edges():
    assert decide(prop(n=MIN_N, p_value=0.5)).rule_id != "too_few_cases"
    assert decide(prop(n=MIN_N - 1, p_value=0.5)).rule_id == "too_few_cases"
    assert decide(prop(p_value=ALPHA)).rule_id == "consistent_with_reference"  # p = alpha is not significant
    significant = prop(p_value=ALPHA * 0.999, estimate=0.2, ci_low=0.15, ci_high=0.3)
    assert decide(significant).rule_id == "differs_from_reference"
    # odds ratio of the interval's ends against 50%: p / (1 - p) at the margin 1/2 and 2 is 1/3 and 2/3
    edge_low, edge_high = 1 / (1 + EQUIVALENCE_MARGIN), EQUIVALENCE_MARGIN / (1 + EQUIVALENCE_MARGIN)
    half = dict(reference_value=0.5, estimate=0.5, side="equal")
    assert decide(prop(ci_low=edge_low + 1e-6, ci_high=edge_high - 1e-6, **half)).rule_id == "consistent_with_reference"
    assert decide(prop(ci_low=edge_low - 1e-3, ci_high=edge_high - 1e-6, **half)).rule_id == "too_wide_to_tell"


def test_rules_table_lists_every_rule_in_order():
    table = rules_table()
    assert list(table["rule_id"]) == [rule.id for rule in RULES]
    assert list(table["order"]) == list(range(1, len(RULES) + 1))
    assert table["condition"].str.len().min() > 20
    assert set(table.columns) == {"order", "rule_id", "label", "condition", "verdict_template"}


@pytest.mark.parametrize(
    "kwargs,name",
    [
        (dict(kind="guess"), "kind"),
        (dict(bound_type="about"), "bound_type"),
        (dict(local_bound="rough"), "local_bound"),
        (dict(side="left"), "side"),
        (dict(p_value=1.5), "p_value"),
        (dict(p_value=None), "p_value"),
        (dict(n=0), "n"),
        (dict(estimate=None), "estimate"),
    ],
)
def test_bad_evidence_names_the_field(kwargs, name):
    with pytest.raises(ValueError, match=rf"^{name} "):
        prop(**kwargs)


def test_decide_refuses_other_objects():
    with pytest.raises(ValueError, match="^evidence "):
        decide({"kind": "proportion"})
