"""The SCR-against-LR rows per category of abuse against A.8's counts, with Fisher's p worked out by hand."""

import pandas as pd
import pytest

from reference import fisher_two_sided

# A.8: (SCR, LR) per category, by children and by cases; section 1.2 states 13 SCR and 40 LR children
# (A.8's LR children add up to 39) and six reviews of each kind.
CHILDREN = {"physical_abuse": (4, 4), "sexual_abuse": (2, 33), "neglect": (6, 2), "other": (1, 0)}
CASES = {"physical_abuse": (3, 2), "sexual_abuse": (1, 3), "neglect": (1, 1), "other": (1, 0)}


@pytest.fixture(scope="module")
def rows(registry):
    return registry.set_index("comparison_id")


@pytest.mark.parametrize("category", sorted(CHILDREN))
def test_each_category_is_a_registry_row_in_both_units(rows, category):
    (a, c), (ca, cc) = CHILDREN[category], CASES[category]
    child, case = rows.loc[f"{category}_children_scr_vs_lr"], rows.loc[f"{category}_cases_scr_vs_lr"]
    assert (child["local_k"], child["local_n"], child["reference_denominator"]) == (a, 13, 40)
    assert (case["local_k"], case["local_n"], case["reference_denominator"]) == (ca, 6, 6)
    assert child["p_value"] == pytest.approx(fisher_two_sided(a, 13, c, 40))
    assert case["p_value"] == pytest.approx(fisher_two_sided(ca, 6, cc, 6))
    # children of one case share its category: the child row carries the same question counted by case
    assert child["p_review_level"] == pytest.approx(fisher_two_sided(ca, 6, cc, 6))
    # no design effect by case (the units); by child the 2×2 tables' expected counts are too small for one
    assert pd.isna(case["design_effect_p_max"]) and pd.isna(child["design_effect_p_max"])
    # both are in the one Holm family the verdicts judge
    for r in (child, case):
        assert r["family"] == "within_local" and pd.notna(r["p_adjusted"]) and r["p_adjusted"] >= r["p_value"]
        assert "Holm-adjusted over the registry's" in r["p_basis"]


def test_no_category_the_table_does_not_list(rows):
    assert not any(cid.startswith("emotional_abuse_") for cid in rows.index)  # A.8 lists no emotional abuse
