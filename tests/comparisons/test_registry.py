"""The registry holds every comparison the report makes, with counts and p-values checked against the report's text
and against values computed here independently (binomial sums, brute-force multinomial enumeration, Holm by hand)."""

import inspect
import math

import pandas as pd
import pytest

from reference import benjamini_hochberg, chi2_sf, counted_child_census_shares, fisher_two_sided, holm
from reference import binom_central as two_sided  # equal tails: the test Clopper–Pearson inverts
from reference import binom_pmf as pmf
from reference import clopper_pearson as cp
from reference import multinomial_exact_p as multinomial_p
from scr_workbench.comparisons import sources as registry_module
from scr_workbench.comparisons.registry import COLUMNS, build_registry, format_registry
from scr_workbench.comparisons.verdicts import RULES

# ONS QS201EW, Derby usual residents (copied from the ONS table, not from the curated CSV).
CENSUS = {
    "Asian or Asian British": 31095,
    "Black or Black British": 7320,
    "Dual Heritage": 7232,
    "Other": 3354,
    "White British": 187386,
    "White Other": 2319 + 295 + 9751,
}
# A.6 table as printed in the report.
A6 = {
    "scr": {
        "Asian or Asian British": 0,
        "Black or Black British": 1,
        "Dual Heritage": 3,
        "Other": 0,
        "White British": 9,
        "White Other": 0,
    },
    "lr": {
        "Asian or Asian British": 2,
        "Black or Black British": 2,
        "Dual Heritage": 6,
        "Other": 0,
        "White British": 28,
        "White Other": 2,
    },
    "cse_victims": {
        "Asian or Asian British": 2,
        "Black or Black British": 3,
        "Dual Heritage": 7,
        "Other": 0,
        "White British": 22,
        "White Other": 0,
    },
}


# Children per review, the largest number A.2 and A.8 allow (SCR1-SCR6, LR1-LR6), typed from the report.
# Children per review, summing to the children counted (A.1/A.8: 13 SCR children, the 3 physical-abuse SCRs with
# 4 babies between them, so one of them has two; 40 LR children), not each review's largest number (15 for SCRs).
CLUSTERS = {"scr": [2, 1, 1, 2, 6, 1], "lr": [3, 1, 2, 2, 7, 25]}


def test_cluster_sizes_sum_to_the_children_counted():
    from scr_workbench.comparisons.sources import Sources

    src = Sources()
    assert src.cluster_sizes(src.review_ids("scr")) == CLUSTERS["scr"]
    assert sum(CLUSTERS["scr"]) == 13 and sum(CLUSTERS["lr"]) == 40
    assert sum(src.cluster_sizes(src.review_ids(None))) == 53


def wilson(k, n, level=0.95):
    """The registry's interval now: Clopper–Pearson in percent (bisection on the binomial tails, tests/reference.py)."""
    low, high = cp(k, n, level)
    return 100 * low, 100 * high


@pytest.fixture(scope="module")
def reg(registry):
    return registry


def row(reg, cid):
    hits = reg[reg["comparison_id"] == cid]
    assert len(hits) == 1, f"{cid} missing or duplicated"
    return hits.iloc[0]


def test_columns_and_types(reg):
    assert list(reg.columns) == COLUMNS
    for required in [
        "comparison_id",
        "description",
        "local_population",
        "local_k",
        "local_n",
        "local_value",
        "ci_low",
        "ci_high",
        "ci_method",
        "reference",
        "reference_value",
        "reference_bound_type",
        "reference_denominator",
        "test",
        "p_value",
        "verdict",
        "rule_id",
        "source_refs",
    ]:
        assert required in reg.columns
    assert str(reg["reference_denominator"].dtype) == "Int64"
    assert reg["comparison_id"].is_unique
    assert reg["verdict"].str.len().min() > 30 and reg["source_refs"].str.len().min() > 2


def test_reads_curated_data_through_load_table(monkeypatch):
    seen = []
    real = registry_module.load_table

    def spy(name, *args, **kwargs):
        seen.append(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(registry_module, "load_table", spy)
    build_registry.uncached()  # the cached one may not compute at all
    assert {
        "reviews",
        "age_counts",
        "age_bands",
        "abuse_categories",
        "gender_counts",
        "ethnicity_counts",
        "national_figures",
    } <= set(seen)
    assert "read_csv" not in inspect.getsource(registry_module)


def test_babies_rows_use_the_counts_the_report_supports(reg):
    # A.1: four babies among 13 SCR children, in three physical-abuse SCRs of six; A.2: two LRs with a baby.
    expected = {
        "babies_scr_reviews": (3, 6),
        "babies_all_reviews": (5, 12),
        "babies_scr_children": (4, 13),
        "babies_all_children": (6, 53),
    }
    for cid, (k, n) in expected.items():
        r = row(reg, cid)
        assert (r["local_k"], r["local_n"]) == (k, n)
        assert r["local_value"] == pytest.approx(100 * k / n)
        assert (r["ci_low"], r["ci_high"]) == pytest.approx(wilson(k, n), abs=1e-7)
        assert r["reference_value"] == 36 and r["reference_bound_type"] == "point"
        assert pd.isna(r["reference_denominator"])
        if cid.endswith("_reviews"):
            assert r["p_value"] == pytest.approx(two_sided(k, n, 0.36), rel=1e-9)
        else:  # children against a share of reviews: not tested
            assert pd.isna(r["p_value"])
        assert f"{k} of {n}" in r["description"] or f"{k} of the {n}" in r["description"]
    assert "30%" in row(reg, "babies_scr_children")["description"]
    assert "184" in row(reg, "babies_scr_reviews")["caveats"]


def test_neglect_against_a_lower_bound(reg):
    r = row(reg, "neglect_scr_reviews")
    assert (r["local_k"], r["local_n"]) == (1, 6)
    assert r["reference_bound_type"] == "lower" and r["reference_value"] == 60
    assert r["reference_denominator"] == 139
    assert r["p_value"] == pytest.approx(0.4**6 + 6 * 0.6 * 0.4**5, rel=1e-12)
    assert "reconstructed from a rounded percentage" in r["two_sample_test"]
    assert "larger of the exact binomial and the two-sample Fisher p" in r["p_basis"]
    assert r["p_for_verdict"] == r["p_adjusted"] >= max(r["p_value"], r["two_sample_p"])
    assert r["local_bound"] == "minimum"
    assert r["rule_id"] == "not_shown_beyond_bound"  # after the registry-wide adjustment p = 0.17
    both = row(reg, "neglect_all_reviews")
    # never "lower than" (local counts one category per case); under Holm p = 0.14, so not shown beyond the bound
    assert both["rule_id"] == "not_shown_beyond_bound"
    assert (both["local_k"], both["local_n"]) == (2, 12)
    assert both["p_value"] == pytest.approx(sum(pmf(i, 12, 0.6) for i in range(3)), rel=1e-12)


def test_ethnicity_overall_rows_match_brute_force(reg):
    total = sum(CENSUS.values())
    assert total == 248752
    baselines = {
        "census_all_ages": ([CENSUS[c] / total for c in CENSUS], "all ages (2011)"),
        "ethnicity": ([counted_child_census_shares()[c] for c in CENSUS], "children 0-17 (2011)"),
    }
    for prefix, (shares, baseline) in baselines.items():
        r = row(reg, f"{prefix}_scr_overall")
        assert r["local_n"] == 13 and r["baseline_population"] == baseline
        assert r["p_value"] == pytest.approx(multinomial_p([A6["scr"][c] for c in CENSUS], shares), rel=1e-9)
        assert "Not recorded" in r["description"]
    assert row(reg, "census_all_ages_scr_overall")["reference_denominator"] == 248752
    assert row(reg, "ethnicity_scr_overall")["reference_denominator"] == 56926  # DC2101EW: counted, not estimated
    for pop, n in [("lr", 40), ("cse_victims", 34)]:
        assert row(reg, f"ethnicity_{pop}_overall")["local_n"] == n
        assert row(reg, f"ethnicity_{pop}_overall")["test"].startswith("exact multinomial")


def test_ethnicity_category_rows_against_both_baselines(reg):
    total = sum(CENSUS.values())
    child = counted_child_census_shares()
    for pop, counts in A6.items():
        n = sum(counts.values())
        for prefix, shares in (("census_all_ages", {c: CENSUS[c] / total for c in CENSUS}), ("ethnicity", child)):
            for c in CENSUS:
                r = row(reg, f"{prefix}_{pop}_{c.lower().replace(' ', '_')}")
                assert (r["local_k"], r["local_n"]) == (counts[c], n)
                assert r["reference_value"] == pytest.approx(100 * shares[c])
                assert r["p_value"] == pytest.approx(two_sided(counts[c], n, shares[c]), rel=1e-7)
                assert r["effect"] == pytest.approx((counts[c] / n) / shares[c])


def _primary_tests(reg):
    """The registry's tests, sensitivity rows left out, with the p each is adjusted from."""
    tested = reg[(reg["test"] != "none") & ~reg["comparison_id"].str.startswith("census_all_ages_")]
    unadjusted = tested["p_value"].where(tested["two_sample_p"].isna(), tested[["p_value", "two_sample_p"]].max(axis=1))
    return tested, unadjusted


def test_p_adjusted_is_holm_over_the_registry_by_hand_bh_only_beside_it(reg):
    tested, unadjusted = _primary_tests(reg)
    # 35 before the two babies-by-child rows (different units) left the family and the seven SCR-against-LR
    # category rows and the pooled ethnic-mix test, which the pages printed outside it, joined
    assert len(tested) == 41
    assert list(tested["p_adjusted"]) == pytest.approx(holm(list(unadjusted)), rel=1e-12)
    assert list(tested["p_adjusted_bh"]) == pytest.approx(benjamini_hochberg(list(unadjusted)), rel=1e-12)
    assert (tested["p_for_verdict"] == tested["p_adjusted"]).all()
    # the example: neglect over all reviews, 0.032 under BH, is 0.14 under Holm over 35 tests and more over
    # the 41 the pages now show: not below 0.05 either way
    assert row(reg, "neglect_all_reviews")["p_adjusted"] > 0.14
    assert (reg.loc[reg["test"] == "none", "p_adjusted"].isna()).all()
    assert (reg.loc[reg["test"] != "none", "p_adjusted"].notna()).all()


def test_a_sensitivity_row_is_adjusted_in_place_of_its_primary_row(reg):
    tested, unadjusted = _primary_tests(reg)
    ids = list(tested["comparison_id"])
    swapped = [
        row(reg, "census_all_ages" + cid[len("ethnicity") :])["p_value"] if cid.startswith("ethnicity_") else p
        for cid, p in zip(ids, unadjusted, strict=True)
    ]
    expected = dict(zip(ids, holm(swapped), strict=True))
    r = row(reg, "census_all_ages_lr_dual_heritage")
    assert r["p_adjusted"] == pytest.approx(expected["ethnicity_lr_dual_heritage"], rel=1e-12)


def test_review_level_tests_by_hand(reg):
    # A.8: sexual abuse was the category of 1 of 6 SCR cases and 3 of 6 LR cases (the issue: Fisher p = 0.55).
    assert row(reg, "sexual_abuse_children_scr_vs_lr")["p_review_level"] == pytest.approx(fisher_two_sided(1, 6, 3, 6))
    assert fisher_two_sided(1, 6, 3, 6) == pytest.approx(0.545, abs=0.001)
    # A.1/A.8: the 3 SCRs about babies are the 3 physical-abuse SCRs; none of the 3 school-age SCRs (p = 0.10).
    assert row(reg, "physical_abuse_babies_vs_school_scr")["p_review_level"] == pytest.approx(0.1)
    # A.1/A.2: 3 of 6 SCRs and 3 of 6 LRs (LR1, LR2, LR3 with a four-year-old) have a child under five.
    assert row(reg, "under_five_children_scr_vs_lr")["p_review_level"] == pytest.approx(1.0)
    # the babies counted by child are not tested (children against reviews); their review-level twins are rows
    assert row(reg, "babies_scr_reviews")["p_value"] == pytest.approx(two_sided(3, 6, 0.36), rel=1e-9)
    assert row(reg, "babies_all_reviews")["p_value"] == pytest.approx(two_sided(5, 12, 0.36), rel=1e-9)
    for cid in ["male_scr_vs_lr", "not_white_british_scr_vs_lr", "ethnicity_scr_overall", "babies_scr_reviews"]:
        assert pd.isna(row(reg, cid)["p_review_level"])  # no per-review counts: not applicable


def test_design_effect_by_hand(reg):
    # LR children, White British: 28 of 40 against the counted share; at ICC 1 the design effect is Σm²/Σm
    sizes = CLUSTERS["lr"]
    deff = sum(s * s for s in sizes) / sum(sizes)
    assert deff == pytest.approx(692 / 40)
    r = row(reg, "ethnicity_lr_white_british")
    p0 = r["reference_value"] / 100
    z = (28 - 40 * p0) / math.sqrt(40 * p0 * (1 - p0) * deff)
    assert r["design_effect_p_max"] == pytest.approx(max(r["p_value"], chi2_sf(z * z, 1)), rel=1e-9)
    # the sensitivity table over the whole range, 0.05 to 1, each p by hand
    for icc in (0.05, 0.1, 0.2, 0.3, 0.5, 1.0):
        d = 1 + (deff - 1) * icc
        z_icc = (28 - 40 * p0) / math.sqrt(40 * p0 * (1 - p0) * d)
        assert f"ICC {icc:g}: p {chi2_sf(z_icc * z_icc, 1):.3g}" in r["design_effect_by_icc"]
    # SCR 2 of 13 against LR 33 of 40: an expected count of 4.4 in a quarter of the cells (Cochran's rule fails),
    # so no chi-square correction is made; the review-level test judges the clustering instead
    sexual = row(reg, "sexual_abuse_children_scr_vs_lr")
    assert pd.isna(sexual["design_effect_p_max"]) and pd.notna(sexual["p_review_level"])
    assert sexual["design_effect_by_icc"].startswith("not computed: expected counts too small")
    assert pd.isna(row(reg, "babies_scr_reviews")["design_effect_p_max"])  # reviews are the units: no clustering


def test_verdicts_a_referee_accepts(reg):
    assert row(reg, "babies_all_children")["rule_id"] == "different_units"
    assert row(reg, "babies_all_children")["verdict_label"] == "cannot be compared: different units"
    # a row that is not comparable prints no p-value and takes no place in the adjusted family
    for cid in ("babies_scr_children", "babies_all_children"):
        r = row(reg, cid)
        assert r["test"] == "none" and "p =" not in r["verdict"] and "p <" not in r["verdict"]
        assert all(pd.isna(r[c]) for c in ("p_value", "p_for_verdict", "p_adjusted", "p_review_level"))
    assert row(reg, "male_scr_vs_lr")["rule_id"] == "case_mix"
    sexual = row(reg, "sexual_abuse_children_scr_vs_lr")
    assert (
        sexual["rule_id"] == "clustered_cases" and "counted by review the difference is not shown" in sexual["verdict"]
    )
    # 0/13 against the census share can no longer read "consistent"
    assert row(reg, "ethnicity_scr_asian_or_asian_british")["rule_id"] == "too_wide_to_tell"
    # on the all-ages baseline a difference is suggestive only, never "differs"
    sensitivity = reg[reg["comparison_id"].str.startswith("census_all_ages_")]
    assert not sensitivity["rule_id"].isin(["differs_from_reference", "distribution_differs"]).any()
    assert (reg["verdict_label"].str.len() > 5).all()


def test_gender_uses_a_labelled_reference_line_and_the_known_gap(reg):
    r = row(reg, "gender_scr_male_vs_even")
    assert (r["local_k"], r["local_n"]) == (9, 12)  # A.5: nine male, three female = 12 of 13
    assert "12 of the 13" in r["description"]
    assert r["reference"].startswith("reference line") and "not a population figure" in r["verdict"]
    assert r["p_value"] == pytest.approx(two_sided(9, 12, 0.5), rel=1e-9)
    lr = row(reg, "gender_lr_other_male_vs_even")
    assert (lr["local_k"], lr["local_n"]) == (4, 8)
    within = row(reg, "male_scr_vs_lr")
    assert (within["local_k"], within["local_n"]) == (9, 12)
    assert within["reference_denominator"] == 40 and within["reference_value"] == pytest.approx(10)


def test_within_derby_fisher_values(reg):
    r = row(reg, "under_five_children_scr_vs_lr")
    assert (r["local_k"], r["local_n"], r["reference_denominator"]) == (4, 13, 40)
    # hypergeometric two-sided, margins: 13 SCR, 40 LR, 9 under five
    probs = {a: math.comb(13, a) * math.comb(40, 9 - a) / math.comb(53, 9) for a in range(0, 10)}
    expected = sum(p for p in probs.values() if p <= probs[4] * (1 + 1e-7))
    assert r["p_value"] == pytest.approx(expected, rel=1e-9)
    phys = row(reg, "physical_abuse_babies_vs_school_scr")
    assert phys["p_value"] == pytest.approx(1 / math.comb(13, 4), rel=1e-9)
    assert phys["rule_id"] == "too_few_cases"  # only four babies


def test_no_local_numbers_are_invented(reg):
    gaps = reg[reg["family"] == "no_local_count"]
    ids = set(gaps["comparison_id"])
    for figure in [
        "domestic_violence",
        "parental_mental_ill_health",
        "parental_substance_misuse",
        "any_parental_risk_factor",
        "all_three_parental_risk_factors",
        "mothers_under_21_first_child",
    ]:
        assert f"no_local_{figure}" in ids
    assert gaps["local_k"].isna().all() and gaps["local_n"].isna().all() and gaps["p_value"].isna().all()
    assert (gaps["rule_id"] == "no_local_count").all()
    assert row(reg, "no_local_domestic_violence")["reference_bound_type"] == "upper"


def test_every_verdict_comes_from_a_known_rule(reg):
    assert set(reg["rule_id"]) <= {rule.id for rule in RULES}
    claims = reg[
        reg["rule_id"].isin(
            [
                "differs_from_reference",
                "below_national_bound",
                "above_national_bound",
                "groups_differ",
                "distribution_differs",
            ]
        )
    ]
    # every significant child-level result is tempered: children cluster in reviews
    assert claims.empty or not claims["local_population"].str.contains("children").any()


def test_reproducible_and_level_parameter():
    a, b = build_registry(seed=1, n_sim=1000), build_registry(seed=1, n_sim=1000)
    pd.testing.assert_frame_equal(a, b)
    ninety = build_registry(confidence_level=0.9)
    r = row(ninety, "babies_scr_children")
    assert r["ci_level"] == 0.9
    assert (r["ci_low"], r["ci_high"]) == pytest.approx(wilson(4, 13, 0.9), abs=1e-7)


@pytest.mark.parametrize(
    "kwargs,name",
    [(dict(confidence_level=95), "confidence_level"), (dict(seed=-1), "seed"), (dict(n_sim=0), "n_sim")],
)
def test_bad_parameters_are_named(kwargs, name):
    with pytest.raises(ValueError, match=rf"^{name} "):
        build_registry(**kwargs)


def test_format_registry_shows_every_row(reg):
    text = format_registry(reg)
    for cid in reg["comparison_id"]:
        assert f"[{cid}]" in text
    assert "3/6 = 50.0% (95% CI 11.8–88.2, clopper-pearson)" in text
    assert "Verdict [not_shown_beyond_bound: " in text
    assert "Clustering: review-level p 0.545" in text and "Baseline population: children 0-17 (2011)" in text
    assert text.endswith("\n")


def test_csv_gains_the_referee_columns(capsys):
    import csv
    import io

    from scr_workbench.cli import main

    assert main(["comparisons", "--format", "csv"]) == 0
    rows = {r["comparison_id"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    first = next(iter(rows.values()))
    assert {"p_adjusted", "family", "p_review_level", "design_effect_p_max", "baseline_population"} <= set(first)
    assert rows["ethnicity_scr_overall"]["baseline_population"] == "children 0-17 (2011)"
    assert rows["census_all_ages_scr_overall"]["baseline_population"] == "all ages (2011)"
    assert rows["male_scr_vs_lr"]["p_review_level"] == ""  # no per-review counts of sex: empty, not applicable
    assert float(rows["sexual_abuse_children_scr_vs_lr"]["p_review_level"]) == pytest.approx(6 / 11)
