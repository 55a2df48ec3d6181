"""The categories charts leave suppressed bars out and say so without a count; withheld comparisons are not drawn."""

import pandas as pd
import pytest

from abuse_truth import LR, SCR, THRESHOLD, leaks, source_counts
from scr_workbench.analyses import abuse_comparisons as AC
from scr_workbench.analyses import abuse_counts as AK
from scr_workbench.analyses import abuse_figures as AF
from scr_workbench.stats.disclosure import ENV_PUBLICATION_THRESHOLD


@pytest.fixture(autouse=True)
def _research_environment(monkeypatch):
    monkeypatch.delenv(ENV_PUBLICATION_THRESHOLD, raising=False)


def test_suppressed_bars_are_not_drawn_and_the_alt_text_names_them():
    counts = AK.category_counts("children")
    mask = pd.DataFrame(False, index=counts.index, columns=counts.columns)
    mask.loc["neglect", LR] = True  # the source's 2 of 40 LR children in neglect cases
    truth = source_counts("children", AK.not_categorised())
    assert truth[("neglect", LR)] == 2
    fig, alt = AF.category_figure("children", 0.95, mask)
    bars = [p for p in fig.axes[0].patches if p.get_width() > 0 or p.get_height() > 0]
    categories = len(counts.index) - 1
    assert len(bars) == 2 * categories - 1
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert "2 of 40" not in labels and "6 of 13" in labels
    assert "neglect: SCR 6 of 13 (46%" in alt and "LR suppressed" in alt and "2 of 40" not in alt
    assert alt.endswith("Suppressed counts are not drawn.")


def test_a_hidden_top_category_is_not_named_in_the_title():
    counts = AK.category_counts("children")
    mask = pd.DataFrame(False, index=counts.index, columns=counts.columns)
    mask.loc["neglect", SCR] = True  # neglect, 6 of 13, is the SCRs' most common category
    title = AF._category_title("children", mask)
    assert "neglect" not in title and "sexual abuse" in title


def test_everything_suppressed_leaves_no_chart(registry):
    tables = AK.category_tables("children", THRESHOLD)
    everything = tables.mask.copy()
    everything.loc[everything.index != "Total"] = True
    assert AF.category_figure("children", 0.95, everything) is None
    national = AC.withhold_national(AC.national_rows(registry), tables)
    assert AF.neglect_figure(national) is None  # 1 of 6 and 2 of 12 cases are small at 5


def test_a_chart_of_zeros_alone_is_withheld():
    # at 5 the SCR and LR cells left shown are the two true zeros (LR 'other', SCR without a category)
    tables = AK.category_tables("children", THRESHOLD)
    truth = source_counts("children", AK.not_categorised())
    shown = [truth[cell] for cell, hidden in tables.mask.drop("Total")[[SCR, LR]].stack().items() if not hidden]
    assert shown and set(shown) == {0}
    assert AF.category_figure("children", 0.95, tables.mask) is None


def test_chart_at_two_draws_only_the_cells_shown():
    tables = AK.category_tables("children", 2)
    truth = source_counts("children", AK.not_categorised())
    fig, alt = AF.category_figure("children", 0.95, tables.mask)
    assert not leaks(alt, 2)
    for (category, column), hidden in tables.mask.drop("Total")[[SCR, LR]].stack().items():
        k, n = truth[(category, column)], truth[("Total", column)]
        assert (f"{category}: " in alt) and (f"{k} of {n}" in alt) != hidden  # shown cells described, hidden not


def test_neglect_chart_keeps_only_the_rows_shown(registry):
    tables = AK.category_tables("children", 2)
    national = AC.withhold_national(AC.national_rows(registry), tables)
    fig, alt = AF.neglect_figure(national)
    # the SCR row (1 of 6) is withheld; all reviews (2 of 12) stays
    assert "2 of 12" in alt and "1 of 6" not in alt and not leaks(alt, 2)


def test_threshold_zero_draws_what_it_drew(registry):
    mask = AK.category_tables("children", 0).mask
    assert AF.category_figure("children", 0.95, mask)[1] == AF.category_figure("children", 0.95)[1]
    rows = AC.withhold_national(AC.national_rows(registry), AK.category_tables("children", 0))
    assert AF.neglect_figure(rows)[1] == AF.neglect_figure(AC.national_rows(registry))[1]
