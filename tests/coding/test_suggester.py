"""The keyword suggester: its rules, and its agreement with the coding against a hand computation."""

import numpy as np
import pytest

from scr_workbench.coding import suggester as S
from scr_workbench.data.tables import load_table

#: Lower bound pinned on the suggester-against-coding kappa (0.891 when the coding was committed).
KAPPA_FLOOR = 0.85


@pytest.fixture(scope="module")
def agreement(coding):
    themes, codes, items = coding
    return S.agreement(codes, items, themes)


def test_suggester_rules_fire_on_their_words_and_need_every_part_of_a_tuple():
    assert "bruising_non_mobile_babies" in S.suggest("Bruising in a non-mobile baby needs explaining.")
    assert "bruising_non_mobile_babies" not in S.suggest("Bruising in a child.")
    assert S.suggest("Use a professional interpreter, not family members.") == ["interpreters_and_identity"]
    assert set(S.RULES) == set(load_table("themes")["theme_id"])


def test_agreement_table_covers_every_item_theme_pair(coding, agreement):
    themes, codes, items = coding
    assert agreement.n_pairs == len(items) * len(themes)
    assert agreement.table[0].sum() == len(codes)
    assert (
        agreement.per_theme[["both", "coded_only", "suggested_only", "neither"]].to_numpy().sum() == agreement.n_pairs
    )


def _hand_kappa(table):
    (a, b), (c, d) = table
    n = a + b + c + d
    observed = (a + d) / n
    expected = ((a + b) * (a + c) + (c + d) * (b + d)) / n**2
    return (observed - expected) / (1 - expected)


def test_kappa_is_reported_equals_a_hand_computation_and_stays_above_its_floor(agreement):
    assert agreement.kappa == pytest.approx(_hand_kappa(agreement.table), abs=1e-12)
    assert agreement.kappa >= KAPPA_FLOOR, f"suggester-coding kappa fell to {agreement.kappa:.3f}"
    for row in agreement.per_theme.itertuples():
        table = np.array([[row.both, row.coded_only], [row.suggested_only, row.neither]])
        if row.coded_only + row.suggested_only:
            assert row.kappa == pytest.approx(_hand_kappa(table), abs=1e-12), row.theme_id


def test_kappa_of_a_known_table_and_undefined_kappa():
    assert S.kappa(np.array([[20, 5], [10, 15]])) == pytest.approx(0.4)
    assert np.isnan(S.kappa(np.array([[0, 0], [0, 103]])))
