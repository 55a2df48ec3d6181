"""The demographics tables against the report's own numbers (A.1, A.2, A.5, A.6, QS201EW), worked out by hand."""

import math
import re

import pandas as pd
import pytest

from reference import clopper_pearson_percent, counted_child_census_shares
from reference import clopper_pearson_percent as wilson  # the one interval site-wide: Clopper–Pearson
from scr_workbench.analyses import demographic_comparisons as DC
from scr_workbench.analyses import demographic_figures as DF
from scr_workbench.analyses import demographics as D


def binomial_two_sided(k, n, p):
    """Exact two-sided binomial p with equal tails: twice the smaller tail (the test Clopper–Pearson inverts)."""
    probs = [math.comb(n, x) * p**x * (1 - p) ** (n - x) for x in range(n + 1)]
    return min(1.0, 2 * min(sum(probs[: k + 1]), sum(probs[k:])))


# --- local counts ------------------------------------------------------------------------


def test_age_bands_as_a1_and_a2_word_them():
    scr = D.counts_table("scr", "age")["Serious case reviews"]
    # A.1: "four babies ... and of 9 school aged children"
    assert (scr["baby"], scr["school age, exact age not stated"], scr["Total"]) == (4, 9, 13)
    lr = D.counts_table("lr", "age")["Learning reviews"]
    # A.2: one baby and two under four; one baby; a four and a seven year old; two school aged; 7; 25
    assert lr.to_dict() == {
        "baby": 2,
        "under four (not a baby)": 2,
        "four-year-old": 1,
        "seven-year-old": 1,
        "school age, exact age not stated": 2,
        "teenager": 7,
        "teenager or young adult": 25,
        "Total": 40,
    }


def test_age_groups_add_bands():
    groups = D.age_group_table("all")
    pre, school = D.AGE_GROUP_LABELS["babies_preschool"], D.AGE_GROUP_LABELS["school_age"]
    assert groups.loc[pre].tolist() == [4, 1 + 2 + 1 + 1, 9]  # SCR babies; LR two babies, two under four, one four
    assert groups.loc[school].tolist() == [9, 1 + 2 + 7 + 25, 44]
    assert groups.loc["Total"].tolist() == [13, 40, 53]


def test_gender_all_reviews_shows_the_missing_scr_child_as_not_stated():
    table = D.counts_table("all", "gender")
    # A.5: SCR nine male, three female (12 of 13); LR 32 female CSE victims, four female, four male
    assert table.loc["male"].tolist() == [9, 4, 13]
    assert table.loc["female"].tolist() == [3, 32 + 4, 39]
    assert table.loc[D.NOT_STATED].tolist() == [13 - 12, 0, 1]
    assert table.loc["Total"].tolist() == [13, 40, 53]


def test_ethnicity_all_reviews_adds_the_a6_columns():
    table = D.counts_table("all", "ethnicity")
    assert table.loc["White British"].tolist() == [9, 28, 37]
    assert table.loc["Dual Heritage"].tolist() == [3, 6, 9]
    assert table.loc["White Other"].tolist() == [0, 2, 2]
    assert table.loc["Total"].tolist() == [13, 40, 53]
    assert list(table.columns) == ["Serious case reviews", "Learning reviews", "All reviews"]


def test_single_review_type_has_one_column():
    assert list(D.counts_table("lr", "ethnicity").columns) == ["Learning reviews"]


@pytest.mark.parametrize("level", [0.95, 0.8])
def test_shares_carry_the_clopper_pearson_intervals(level):
    long = D.share_intervals(D.counts_table("scr", "ethnicity"), level).set_index("category")
    row = long.loc["Dual Heritage"]
    low, high = wilson(3, 13, level)
    assert (row.k, row.n) == (3, 13)
    assert row.share == pytest.approx(100 * 3 / 13)
    assert (row.ci_low, row.ci_high) == (pytest.approx(low), pytest.approx(high))
    zero = long.loc["Asian or Asian British"]
    assert zero.ci_low == 0 and zero.ci_high == pytest.approx(wilson(0, 13, level)[1])


def test_shares_table_text_and_hidden_cells():
    counts = D.counts_table("scr", "gender")
    mask = (counts > 0) & (counts < 5)  # the small cells only (the audit would hide "male" too: 13 - 9 = 4)
    table = D.shares_table(counts, 0.95, mask)
    column = "Serious case reviews: % (95% interval)"
    low, high = wilson(9, 13)
    assert table.loc["male", column] == f"{100 * 9 / 13:.1f}% ({low:.1f}–{high:.1f})"
    assert table.loc["female", column] == "c" and table.loc[D.NOT_STATED, column] == "c"


# --- suppression -------------------------------------------------------------------------


def test_suppression_off_hides_nothing():
    tables = D.local_tables("all", "ethnicity", 0)
    assert not tables.mask.to_numpy().any()
    assert tables.shown.loc["Black or Black British", "Serious case reviews"] == "1"
    assert "Every count is shown" in D.suppression_sentence(tables)


def test_suppression_at_five_hides_small_scr_sexes():
    tables = D.local_tables("scr", "gender", 5)
    shown = tables.shown["Serious case reviews"]
    # 3 female and 1 not stated are small; hidden alone they add to 13 - 9 = 4, and each being at least 1
    # the other is at most 3: narrower than 1..4, so male is hidden too
    assert shown.to_dict() == {"male": "c", "female": "c", D.NOT_STATED: "c", "Total": "13"}
    sentence = D.suppression_sentence(tables)
    assert "Counts from 1 to 4 are suppressed" in sentence and "further cell" not in sentence


def test_age_groups_hidden_with_any_hidden_band():
    # At threshold 2 only the LR four-year-old and seven-year-old (1 each) are small. The band table
    # leaves each anywhere in 0..2; a published pre-school group of 5 = 2 babies + 2 under four + the
    # four-year-old would pin it to 1, so both groups must be hidden.
    tables = D.local_tables("lr", "age", 2)
    assert tables.mask.loc["four-year-old", "Learning reviews"]
    assert tables.mask.loc["seven-year-old", "Learning reviews"]
    assert tables.groups_mask["Learning reviews"].drop("Total").all()
    assert tables.groups_shown.loc["Total", "Learning reviews"] == "40"


def test_is_hidden_outside_the_shown_table_uses_the_primary_rule():
    tables = D.local_tables("scr", "gender", 5)
    assert tables.is_hidden("lr", "gender", "male")  # 4 LR boys, not in the SCR-only table
    assert not tables.is_hidden("lr", "gender", "female")  # 36


# --- baselines -----------------------------------------------------------------------------


@pytest.mark.parametrize("review_type", D.REVIEW_TYPES)
def test_only_two_baselines_exist(review_type):
    available = {
        (dim, base) for dim in D.DIMENSIONS for base in D.BASELINES if DC.baseline(review_type, dim, base).available
    }
    expected = {("ethnicity", "census")} | ({("age", "national")} if review_type != "lr" else set())
    assert available == expected


def test_missing_baselines_said_plainly(tables):
    text = DC.baseline("all", "ethnicity", "national").statement
    assert text == "DFE-RR226 as quoted in the report gives no national figure for ethnicity: no comparison is made."
    assert "no national figure for sex" in DC.baseline("scr", "gender", "national").statement
    # the census counts children by sex and age (DC2101EW): the sentences say so and why no comparison is made
    boys, girls = (_dc2101ew_children(sex) for sex in ("Males", "Females"))
    assert boys + girls == 56926  # the all-persons children, as the counted baseline sums them
    sex = DC.baseline("lr", "gender", "census").statement
    assert f"{100 * boys / (boys + girls):.1f}% boys (DC2101EW)" in sex and "even split" in sex
    age = DC.baseline("all", "age", "census").statement
    # school age 5–17, teenager 13–19 and 'teenager or young adult' (no upper age) cross the census's bands
    assert "3 of the report's age bands cross them" in age and "0 to 4, 5 to 7, 8 to 9, 10 to 14, 15, 16 to 17" in age
    ethnicity = DC.baseline("all", "ethnicity", "census").statement
    assert "children aged 0–17" in ethnicity and "DC2101EW" in ethnicity and "(all ages)" not in ethnicity
    # and the data agree: no national figure mentions ethnicity or sex
    measures = " ".join(tables["national_figures"]["measure"]).lower()
    assert not any(word in measures for word in ("ethnic", "white", "male", "female", "boys", "girls", "sex"))


def _dc2101ew_children(sex: str) -> int:
    """Children 0–17 of one sex, all ethnic groups, summed by hand from DC2101EW's raw line (the csv module)."""
    import csv
    from pathlib import Path

    raw = Path(__file__).resolve().parents[2] / "data" / "raw" / "nomis-census-2011-dc2101ew-derby.csv"
    with raw.open(newline="", encoding="utf-8") as f:
        header, values = list(csv.reader(f))
    cells = dict(zip(header, values, strict=True))
    bands = ("0 to 4", "5 to 7", "8 to 9", "10 to 14", "15", "16 to 17")
    return sum(
        int(cells[f"Sex: {sex}; Age: Age {b}; Ethnic Group: All categories: Ethnic group; measures: Value"])
        for b in bands
    )


def test_no_age_baseline_for_learning_reviews_cites_the_figure_from_the_source():
    text = DC.baseline("lr", "age", "national").statement
    assert "{" not in text and "}" not in text  # every placeholder filled in
    # A.4 of the source: "36% of SCRs concerned a baby under one year of age" (DFE-RR226).
    assert "36%" in text and "(A.4)" in text


def test_no_rows_where_no_baseline(registry):
    for dim, base, rt in [("ethnicity", "national", "all"), ("gender", "census", "scr"), ("age", "national", "lr")]:
        assert DC.comparison_rows(registry, rt, dim, base).empty
        assert DF.comparison_figure(rt, dim, base, DC.comparison_rows(registry, rt, dim, base)) is None


def test_babies_against_the_national_36_percent(registry):
    rows = DC.comparison_rows(registry, "scr", "age", "national").set_index("comparison_id")
    # A.8: the three physical-abuse SCRs concern the four babies: 3 of 6 SCRs, 4 of 13 children
    assert (rows.loc["babies_scr_reviews", "local_k"], rows.loc["babies_scr_reviews", "local_n"]) == (3, 6)
    assert (rows.loc["babies_scr_children", "local_k"], rows.loc["babies_scr_children", "local_n"]) == (4, 13)
    assert rows.loc["babies_scr_reviews", "p_value"] == pytest.approx(binomial_two_sided(3, 6, 0.36))
    assert rows.loc["babies_scr_reviews", "reference_value"] == pytest.approx(36)
    table = DC.comparison_table(rows.reset_index())
    low, high = clopper_pearson_percent(3, 6)  # the registry's intervals are Clopper–Pearson
    assert table.loc["SCRs concerning a baby", "Derby"] == "3 of 6 (50.0%)"
    assert table.loc["SCRs concerning a baby", "95% interval"] == f"{low:.1f}–{high:.1f}%"


def test_ethnicity_rows_follow_the_review_type(registry):
    scr = DC.comparison_rows(registry, "scr", "ethnicity", "census")
    assert scr["comparison_id"].str.startswith("ethnicity_scr_").all() and len(scr) == 7  # overall + 6 groups
    pooled = DC.comparison_rows(registry, "all", "ethnicity", "census")
    assert list(pooled["comparison_id"]) == [
        "ethnicity_all_overall",
        "ethnicity_scr_overall",
        "ethnicity_lr_overall",
    ]


def test_pooled_ethnicity_uses_the_a6_sums_and_census_shares(registry):
    fit = DC.ethnicity_fit("all")
    observed = dict(zip(fit.categories, fit.observed, strict=True))
    assert observed == {
        "Asian or Asian British": 2,
        "Black or Black British": 3,
        "Dual Heritage": 9,
        "Other": 0,
        "White British": 37,
        "White Other": 2,
    }  # 'Not recorded' dropped: no census group
    expected = dict(zip(fit.categories, fit.expected, strict=True))
    # the registry's baseline: the place's children counted (DC2101EW cells summed by hand)
    shares = counted_child_census_shares()
    assert expected["Dual Heritage"] == pytest.approx(53 * shares["Dual Heritage"])
    assert expected["White British"] == pytest.approx(53 * shares["White British"])
    # the pooled test is a registry row, adjusted with every other test a page prints
    row = registry.set_index("comparison_id").loc["ethnicity_all_overall"]
    assert row["local_n"] == 53 and row["baseline_population"] == "children 0-17 (2011)"
    assert row["p_value"] == pytest.approx(fit.p_value) and row["p_adjusted"] > row["p_value"]
    # 53 children in 12 reviews: p = 0.005 before adjustment, not below 0.05 after it; no difference is claimed
    assert row["p_value"] < 0.05 < row["p_adjusted"]
    assert row["rule_id"] == "distribution_not_shown_to_differ"


def test_ratios_table_hides_suppressed_groups():
    table = DC.ratios_table("scr", 0.95, ["Dual Heritage"])
    assert table.loc["Dual Heritage", "observed"] == "c"
    assert table.loc["White British", "observed"] == "9"
    assert table.loc["White British", "expected"] == f"{13 * counted_child_census_shares()['White British']:.1f}"


# --- withholding comparisons -----------------------------------------------------------


def test_withhold_follows_the_table_cells(registry):
    tables = D.local_tables("scr", "ethnicity", 5)
    rows = DC.withhold(DC.comparison_rows(registry, "scr", "ethnicity", "census"), tables).set_index("comparison_id")
    # Black 1 and Dual Heritage 3 are hidden, and White British 9 with them (13 - 9 = 4 would bound them);
    # the zeros Other and White Other are published
    assert rows.loc["ethnicity_scr_black_or_black_british", "withheld"]
    assert rows.loc["ethnicity_scr_dual_heritage", "withheld"]
    assert rows.loc["ethnicity_scr_white_british", "withheld"]
    assert not rows.loc["ethnicity_scr_other", "withheld"]
    # the whole-mix p-value is a function of the hidden counts: withheld (the attack used it)
    assert rows.loc["ethnicity_scr_overall", "withheld"]
    hidden = rows.loc["ethnicity_scr_dual_heritage"]
    assert hidden["verdict"].startswith("Withheld") and "(too few cases to tell)" in hidden["verdict"]
    # the census share stays public: the children's baseline (counted, DC2101EW: 3743 of 56926 = 6.58%),
    # no longer the all-ages 7232 of 248752
    assert hidden["reference_value"] == pytest.approx(100 * 3743 / 56926)


def test_withhold_catches_counts_that_would_undo_suppression(registry):
    # At threshold 2 the LR pre-school group is hidden (see above): the row '5 of 40 LR children were
    # babies or pre-school' would pin the hidden four-year-old, so it is withheld although 5 is not small.
    tables = D.local_tables("lr", "age", 2)
    rows = DC.withhold(DC.within_rows(registry, "lr", "age"), tables).set_index("comparison_id")
    assert rows.loc["under_five_children_scr_vs_lr", "withheld"]
    assert not rows.loc["babies_reviews_scr_vs_lr", "withheld"]  # 3 of 6 and 2 of 6 reviews: not below 2
    # '9 of 12' SCR boys gives away the one child whose sex is not stated
    sexes = DC.withhold(DC.within_rows(registry, "scr", "gender"), D.local_tables("scr", "gender", 2))
    assert sexes.set_index("comparison_id").loc["gender_scr_male_vs_even", "withheld"]


def test_withheld_row_descriptions_quote_no_count(registry):
    # The source gives the sex of 12 of its 13 SCR children (A.5: "nine were male and three were
    # female"); "sex stated for 12 of 13" beside a suppressed 'not stated' cell would give the 1 away.
    rows = DC.withhold(DC.within_rows(registry, "all", "gender"), D.local_tables("all", "gender", 5))
    row = rows.set_index("comparison_id").loc["male_scr_vs_lr"]
    assert row["withheld"]
    assert not re.search(r"\d", row["description"])
    assert row["description"].startswith("Boys among SCR children")


def test_nothing_withheld_when_suppression_is_off(registry):
    rows = DC.withhold(DC.within_rows(registry, "all", "gender"), D.local_tables("all", "gender", 0))
    assert not rows["withheld"].any()
    assert rows.set_index("comparison_id").loc["male_scr_vs_lr", "local_k"] == 9


# --- notes and figures ---------------------------------------------------------------------


def test_age_notes_say_a3_is_missing():
    notes = " ".join(D.dimension_notes("age"))
    assert "A.3" in notes and "missing" in notes
    assert "Some of the 25 were young adults" in notes


def test_notes_quote_no_count_when_suppressing():
    assert "1 is shown as 'not stated'" in " ".join(D.dimension_notes("gender"))  # 13 - (9 + 3)
    for dimension in D.DIMENSIONS:
        notes = re.sub(r"A\.\d|1\.2|18\+", "", " ".join(D.dimension_notes(dimension, threshold=5)))
        assert set(re.findall(r"\d+", notes)) <= {"0"}, (dimension, notes)  # references and zeros only


def test_distribution_figure_alt_text_keeps_suppressed_counts_out():
    tables = D.local_tables("scr", "gender", 5)
    fig, alt = DF.distribution_figure(tables.counts, tables.mask, title="Sex")
    assert "male suppressed" in alt and "female suppressed" in alt and "female 3" not in alt and "9" not in alt
    fig, alt = DF.distribution_figure(D.counts_table("all", "gender"), title="Sex")
    assert "female 39 (3 in serious case reviews, 36 in learning reviews)" in alt


def test_comparison_figure_for_census_drops_hidden_groups():
    fig, alt = DF.comparison_figure("scr", "ethnicity", "census", None, 0.95, ["Dual Heritage"])
    assert "Dual Heritage 3 observed" not in alt and "White British 9 observed" in alt


@pytest.mark.parametrize(
    "call",
    [
        lambda: D.counts_table("both", "age"),
        lambda: D.counts_table("all", "sex"),
        lambda: DC.baseline("all", "age", "ons"),
    ],
)
def test_bad_arguments_named(call):
    with pytest.raises(ValueError, match=r"(review_type|dimension|baseline) must be one of"):
        call()


def test_none_reported_is_told_apart_from_a_counted_zero():
    # A.1 gives the SCR children as four babies and nine "school aged": a finer school-age band has no figure
    # ("none reported"), while "under four" is a counted zero (13 = 4 babies + 9 school-age children).
    counts = D.counts_table("scr", "age")
    mask = D.unreported_mask(counts, "scr", "age")
    column = counts.columns[0]
    assert mask.loc["seven-year-old", column] and mask.loc["teenager", column]
    assert not mask.loc["under four (not a baby)", column] and not mask.loc["baby", column]
    fig, alt = DF.distribution_figure(counts, title="Ages", unreported=mask)
    assert "teenager none reported" in alt and "under four (not a baby) 0" in alt
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts.count(D.NONE_REPORTED) == int(mask[column].sum())
    assert not D.unreported_mask(D.counts_table("scr", "gender"), "scr", "gender").to_numpy().any()


def test_distribution_title_states_the_largest_group_unless_it_is_suppressed():
    counts = D.counts_table("scr", "ethnicity")
    column = counts.columns[-1]
    body = counts[column].drop(D.TOTAL)
    top, k, n = body.idxmax(), int(body.max()), int(counts.loc[D.TOTAL, column])
    plain = pd.DataFrame(False, index=counts.index, columns=counts.columns)
    title = DF.distribution_title(counts, plain, "SCRs", "ethnic group")
    assert title.startswith(f"{top}: {k} of the {n} children")
    hidden = plain.copy()
    hidden.loc[top, column] = True
    assert DF.distribution_title(counts, hidden, "SCRs", "ethnic group") == "Children of SCRs by ethnic group"


def test_a_row_that_is_not_tested_shows_no_p_value_and_no_suppression_mark(registry):
    """Babies by child against a share of SCRs count different units: the table says 'no test' in the p column (it
    showed 'c', the suppression mark, and before that a p-value), while a withheld row keeps 'c'."""
    rows = DC.comparison_rows(registry, "all", "age", "national")
    table = DC.comparison_table(rows.assign(withheld=False))
    untested = table.iloc[list(rows["comparison_id"]).index("babies_all_children")]
    tested = table.iloc[list(rows["comparison_id"]).index("babies_all_reviews")]
    assert "no test" in list(untested) and "c" not in list(untested)
    assert "no test" not in list(tested)
    hidden = DC.comparison_table(rows.assign(withheld=rows["comparison_id"] == "babies_all_children"))
    assert list(hidden.iloc[list(rows["comparison_id"]).index("babies_all_children")]).count("c") >= 3
