"""Normalisation removes markup and folds white space, and nothing more."""

import pytest

from scr_workbench.data.source_text import normalise, quote_in_source, source_text


def test_normalise_removes_bold_italic_and_tags():
    assert (
        normalise("A.1 in respect of **four babies** and *italic* <b>Total</b>")
        == "A.1 in respect of four babies and italic Total"
    )


def test_normalise_keeps_escaped_asterisk_and_autolinks():
    assert normalise(r"Other: 1 case \* (1 child)") == "Other: 1 case * (1 child)"
    assert normalise("website – <http://www.derbysab.org.uk/>") == "website – <http://www.derbysab.org.uk/>"


def test_normalise_folds_line_breaks_and_tabs():
    assert normalise("Sexual Abuse:\t3 cases\n\n(33 children)") == "Sexual Abuse: 3 cases (33 children)"


def test_quote_found_across_a_page_break_in_the_source():
    # 5q is split over a page break in the raw Markdown.
    assert quote_in_source("how serious concerns are about neglect and whether suitable progress is being made")


def test_altered_quote_not_found():
    assert not quote_in_source("40 children or young people (seven learning reviews)")


def test_unknown_document_named_in_error():
    with pytest.raises(ValueError, match="unknown source document 'nope'"):
        source_text("nope")
