"""The rule that decides which reconciliation figures a publication page may show, on rows written by hand."""

import pandas as pd
import pytest

from scr_workbench.analyses import data_quality_publication as P


def row(topic="gender", description="Children by sex against section 1.2", stated="", derived="", explanation=""):
    return {
        "check_id": "X",
        "topic": topic,
        "description": description,
        "source_refs": "1.2; A.5",
        "stated": stated,
        "derived": derived,
        "agrees": True,
        "explanation": explanation,
    }


@pytest.mark.parametrize(
    "text, counts",
    [
        ("9 male (all) + 3 female (all) = 12", [9, 3, 12]),
        ("one child's sex is not stated", [1]),
        ("section 1.2 and A.8 in 2012-13; LR1=neglect; 40.5% and 7%", []),  # refs, ids, periods, shares
        ("'two thirds' is treated as a fixed national value", []),  # a fraction, not a count
        ("(neglect +1)", [1]),
        ("LR groups of 7 and 25", [7, 25]),
    ],
)
def test_quoted_counts(text, counts):
    assert P.quoted_counts(text) == counts


def test_a_small_part_discloses():
    # the 4 is quoted, and 13 beside 9 gives it away again
    assert P.disclosing(row(stated="13", derived="9 male + 4 female = 13"), 5) == ["quotes 4", "13 against 9"]


def test_a_gap_between_stated_and_derived_discloses():
    # 13 stated beside 12 derived gives away the one child missing, though every part is large.
    gap = row(stated="13", derived="6 male + 6 female = 12")
    assert "13 against 12" in P.disclosing(gap, 5)
    assert P.disclosing(row(stated="12", derived="6 male + 6 female = 12"), 5) == []


def test_a_gap_in_words_in_the_explanation_discloses():
    assert P.disclosing(row(stated="40", derived="40", explanation="one child has no category"), 5) == ["quotes 1"]


def test_shares_disclose_the_rest_of_their_base():
    # 38/42: 4 cases are not in the share, though 38 and 42 are both large.
    assert P.disclosing(row(topic="what changed", stated="90%", derived="38/42 = 90.5%"), 5)
    assert P.disclosing(row(topic="what changed", stated="40%", derived="17/42 = 40.5%"), 5) == []


def test_a_percentage_of_a_base_in_the_description_discloses():
    # 7% of the 42 cases closed is 2.94: about 3 cases.
    described = row(topic="what changed", description="as a share of the 42 cases closed that year", stated="7%")
    assert P.disclosing(described, 5) == ["7% of 42 is 3"]


def test_checks_that_count_no_children_are_shown_whatever_they_quote():
    census = row(topic="census", stated="100%", derived="99.5%", explanation="rounded to one decimal place; 1 group")
    assert P.disclosing(census, 5) == []
    assert P.disclosing(row(stated="13", derived="9 + 3 = 12"), 0) == []


def test_a_new_topic_is_protected_by_default():
    assert P.disclosing(row(topic="a topic added later", stated="3"), 5) == ["quotes 3"]


def test_publishable_checks_withholds_the_three_figures_together():
    checks = pd.DataFrame(
        [row(stated="13", derived="9 + 3 = 12", explanation="one child"), row(stated="40", derived="40")]
    )
    shown = P.publishable_checks(checks, 5)
    assert shown["figures_shown"].tolist() == [False, True]
    assert shown.loc[0, ["stated", "derived", "explanation"]].tolist() == ["withheld (counts under 5)"] * 3
    assert shown.loc[1, ["stated", "derived", "explanation"]].tolist() == ["40", "40", ""]  # empty stays empty
    assert shown[["description", "agrees"]].equals(checks[["description", "agrees"]])
    assert P.publishable_checks(checks, 0) is checks


def test_explanation_is_count_free_when_withheld():
    shown = P.publishable_checks(pd.DataFrame([row(stated="13", derived="12", explanation="one child")]), 5)
    text = P.explanation(shown.iloc[0].to_dict(), 5)
    assert "one child" not in text and "withheld (counts under 5)" in text and "1 to 4" in text


def test_register_keeps_only_notes_without_small_counts():
    register = pd.DataFrame(
        {
            "table": ["reviews", "national_figures", "change_measures"],
            "row": ["SCR1", "x", "y"],
            "what is uncertain": [
                "The 3 physical-abuse SCRs concerned four babies",
                "'two thirds' is a fixed value",
                "Base taken as the 526 questionnaires of 5.9",
            ],
        }
    )
    assert P.publishable_register(register, 5)["row"].tolist() == ["x", "y"]
    assert len(P.publishable_register(register, 0)) == 3


def test_census_point_names_the_groups_when_few_disagree():
    census = pd.DataFrame({"agrees": [True] * 6 + [False]}, index=[f"G{i}" for i in range(6)] + ["White Other"])
    assert P.census_point(census, 0).startswith("6 of the 7 census shares")
    assert P.census_point(census, 5).endswith("except for White Other")
    wide = pd.DataFrame({"agrees": [True] * 7 + [False] * 5}, index=[f"G{i}" for i in range(12)])
    assert P.census_point(wide, 5).startswith("7 of the 12")  # 5 disagreeing is not a small number


def test_an_id_or_description_built_from_a_small_count_is_masked():
    checks = pd.DataFrame(
        [
            {**row(stated="3 reviews", derived="3 reviews"), "check_id": "ETH-3-REVIEWS"},
            {
                **row(description="the 3 reviews of sexual abuse", stated="40", derived="40"),
                "check_id": "CSE-x-2012-13",
            },
            {**row(topic="recommendations", stated="237", derived="30 + 207 = 237"), "check_id": "REC-1"},
        ]
    )
    shown = P.publishable_checks(checks, 5)
    assert shown["check_id"].tolist() == ["ETH-c-REVIEWS", "CSE-x-2012-13", "REC-1"]  # a period is no count
    assert shown["description"].tolist()[1:] == ["withheld (counts under 5)", checks.loc[2, "description"]]


def test_a_withheld_checks_verdict_is_withheld_with_its_figures():
    # three hand-made checks: a withheld one that agrees, a withheld one that does not, a shown one that agrees
    rows = [
        row(stated="13", derived="9 + 4 = 13"),
        row(stated="13", derived="9 + 3 = 12"),
        row(stated="40", derived="40"),
    ]
    rows[1]["agrees"] = False
    checks = P.publishable_checks(pd.DataFrame(rows), 5)
    table = P.verdicts_shown(checks, 5)
    assert table["agrees"].tolist() == ["withheld (counts under 5)", "withheld (counts under 5)", "yes"]
    # the disagreement listed on the page is only one whose verdict is shown: none here
    assert P.listed_checks(checks, 5, agreements=False).empty
    # the headline counts the shown checks only, so shown and total cannot be subtracted to recover a verdict
    assert P.checks_headline(checks, 5) == (
        "**Of the checks whose figures can be shown, 1 agree; the others are findings about the source. The figures "
        "and verdicts of 2 more are withheld (counts under 5).**"
    )
    assert P.verdicts_shown(pd.DataFrame(rows), 0).equals(pd.DataFrame(rows))  # research use: unchanged
    assert P.checks_headline(pd.DataFrame(rows), 0).startswith("**2 of 3 checks agree; 1 disagreements")


@pytest.mark.parametrize(
    "text, published",
    [
        (
            "Can the categories be given to the reviews? (LR5 and LR6 fixed as sexual abuse)",
            "Can the categories be given to the reviews?",
        ),
        ("Children in SCR12 against section 1.2", "Withheld: the check names single reviews."),
        ("Children by sex (A.5) against section 1.2", "Children by sex (A.5) against section 1.2"),  # no id: kept
        ("LR groups of 7 and 25", "LR groups of 7 and 25"),  # "LR" alone names no review
    ],
)
def test_review_identifiers_are_left_out_of_descriptions(text, published):
    assert P.without_review_ids(text) == published
    shown = P.publishable_checks(pd.DataFrame([row(description=text, stated="40", derived="40")]), 5)
    assert shown.loc[0, "description"] == published
