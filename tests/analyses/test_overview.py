"""Overview tables against section 1.2 and the reconstructed reviews."""

from scr_workbench.analyses import overview


def test_headline_figures_match_section_1_2():
    table = overview.headline_figures()
    assert table.loc["Serious case reviews", "children"] == 13 and table.loc["Learning reviews", "children"] == 40
    assert table.loc["All reviews", "reviews"] == 12 and table.loc["All reviews", "children"] == 53
    assert table.loc["Serious case reviews", "recommendations"] == "237"
    assert table.loc["Learning reviews", "recommendations"] == "none stated"
    assert "30 to the Board, 207 to agencies" in table.attrs["note"]


def test_review_summary_one_row_per_review_with_ranges():
    table = overview.review_summary(show_quotes=True)
    assert len(table) == 12
    assert table.loc["SCR1", "children"] == "1–2" and table.loc["LR6", "children"] == "25"
    assert table.loc["LR1", "category of abuse"] == "uncertain"
    assert table.loc["SCR5", "category of abuse"] == "neglect"
    assert table.loc["LR5", "category of abuse"] == "sexual abuse (inferred)"
    assert table.loc["LR2", "source"].startswith("A.2 (2nd item): “One baby")
    assert "source" not in overview.review_summary(show_quotes=False)


def test_source_facts():
    facts = overview.source_facts()
    assert facts.loc["report_date", "value"] == "2015-03-03"  # "This report is dated: 03/03/15"


def test_figure_alt_text_gives_the_stated_totals():
    # 1.2: 13 children in SCRs, 40 in LRs; the SCR bars' lower ends add to only 12.
    _, alt = overview.children_per_review_figure()
    assert "The six serious case reviews considered 13 children in all" in alt
    assert "the six learning reviews considered 40, of whom 25 were in one review (LR6)" in alt
