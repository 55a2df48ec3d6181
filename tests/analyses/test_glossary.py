"""The glossary: one anchor per term, and reader text linked to it on first use only."""

import re

from scr_workbench.analyses import glossary as G


def test_every_term_has_a_unique_anchor_on_the_page():
    html = G.glossary_html()
    anchors = re.findall(r'id="(term-[a-z0-9-]+)"', html)
    assert len(anchors) == len(set(anchors)) == len(G.TERMS)
    for needed in ("interval", "p-value", "bound", "suppression", "census-baseline", "dfe-rr226"):
        assert any(a.startswith(f"term-{needed}") for a in anchors), needed


def test_first_use_is_linked_once_and_tags_are_left_alone():
    seen: set[str] = set()
    text = G.link_terms("The interval is wide; the interval is wide.", seen)
    assert text.count('href="glossary.html#term-interval"') == 1
    assert G.link_terms("another interval", seen) == "another interval"  # already linked in this section
    tagged = G.link_terms('<a href="x">interval</a>', set())
    assert tagged.count("<a ") == 1
