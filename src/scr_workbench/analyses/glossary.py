"""The glossary: every term of art a report uses, in plain words, and the links from reader text to it.

The terms are data (:data:`TERMS`); the glossary notebook renders them with an anchor each
(``id="term-<slug>"``) and :func:`link_terms` links a term's first use in a report's main points
or conclusions to ``glossary.html#term-<slug>``. Nothing here is particular to one board.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

#: The glossary page's file name in the reports folder.
GLOSSARY_PAGE = "glossary.html"


@dataclass(frozen=True)
class Term:
    """A glossary entry: the term, its plain definition, and the words in reader text that link to it."""

    term: str
    definition: str
    matches: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        """The anchor's suffix: lower case, words joined by hyphens."""
        return re.sub(r"[^a-z0-9]+", "-", self.term.lower()).strip("-")

    @property
    def anchor(self) -> str:
        """The element id of the entry on the glossary page."""
        return f"term-{self.slug}"


TERMS: tuple[Term, ...] = (
    Term(
        "Serious case review (SCR)",
        "A review a Local Safeguarding Children Board had to hold when a child had lost their life or been seriously "
        "harmed, abuse or neglect was known or suspected, and there was cause for concern about how agencies "
        "worked together.",
        ("serious case reviews", "serious case review", "SCRs", "SCR"),
    ),
    Term(
        "Learning review (LR)",
        "A smaller review a board chose to hold when a case did not meet the criteria for a serious case review "
        "but held lessons for practice.",
        ("learning reviews", "learning review", "LRs"),
    ),
    Term(
        "Child sexual exploitation (CSE)",
        "Sexual abuse in which a child or young person is manipulated or coerced into sexual activity in return "
        "for something they need or want, or for the gain of the abuser.",
        ("child sexual exploitation", "CSE"),
    ),
    Term(
        "Interval",
        "The range of values the data are consistent with, at the stated confidence level (95% unless a report "
        "says otherwise). With a handful of children it is wide: the true share could lie anywhere in it.",
        ("interval", "intervals"),
    ),
    Term(
        "p-value",
        "How surprising the local figure would be if it truly matched the figure it is compared with: a small "
        "p-value (below 0.05 for a 95% level) means a difference that chance alone would rarely produce. It says "
        "nothing about how large or how important the difference is.",
        ("p-value", "p-values"),
    ),
    Term(
        "Adjusted p-value (Holm)",
        "When many groups are tested at once, some will look different by chance; the Holm adjustment raises "
        "each p-value to allow for the number of tests.",
        ("Holm-adjusted", "Holm adjustment"),
    ),
    Term(
        "Bound",
        'A national figure stated as a limit rather than a value ("at least 60%", "nearly 60%"). The true '
        "national value lies somewhere beyond it, so a local figure on the open side can never be shown to "
        "differ from it.",
        ("bound", "bounds", "lower bound", "upper bound"),
    ),
    Term(
        "Suppression",
        "Hiding small counts in tables published outside the board (shown as c), with further counts hidden so "
        "that none can be worked back from the totals; done so that no child can be recognised.",
        ("suppression", "suppressed"),
    ),
    Term(
        "Census baseline",
        "The share of each ethnic group among the area's children (aged 0–17) at the 2011 census, used as the "
        "expected share: counted where the board has the census table by age, otherwise estimated, as each page "
        "says. The share among residents of every age is shown only as a check, since it counts adults too.",
        ("census baseline", "census shares", "census share"),
    ),
    Term(
        "Observed and expected",
        "Observed is how many children a group has in the reviews; expected is how many it would have if the "
        "children matched the census shares. A ratio above 1 means more than expected.",
        ("expected",),
    ),
    Term(
        "Clustered children",
        "Children from the same review share a family, a group or a perpetrator, so they are not independent "
        "cases. Tests that count them one by one overstate the evidence; such results are called suggestive only.",
        ("suggestive only", "clustered", "cluster"),
    ),
    Term(
        "Too few cases to tell",
        "The numbers are so small that even a large real difference could not be shown: the comparison neither "
        "confirms nor rules out a difference.",
        ("too few cases to tell", "too few children to tell"),
    ),
    Term(
        "Cannot be compared",
        "The two figures measure different things (different units, a count that can only under-count, or no "
        "local count at all), so no verdict on a difference is given.",
        ("cannot be compared",),
    ),
    Term(
        "Consistent with",
        "The local figure is close enough to the reference, with an interval narrow enough, that no difference "
        "is shown; it does not prove the two are the same.",
        ("consistent with",),
    ),
    Term(
        "Not stated",
        "The report does not give this detail for some children; they are counted apart so that totals still "
        "add up, and are never assumed to belong to any group.",
        ("not stated",),
    ),
    Term(
        "None reported",
        "The report names no child in this group. That differs from a counted zero: the report may simply not "
        "have said.",
        ("none reported",),
    ),
    Term(
        "DFE-RR226",
        "The national study of serious case reviews in England from April 2009 to March 2011 (Brandon and others, "
        '2012, "New learning from serious case reviews"), which the local report quotes.',
        ("DFE-RR226",),
    ),
    Term(
        "Reconciliation",
        "Re-deriving each total the report states from the parts the report gives; a disagreement is a finding "
        "about the report, not a correction of it.",
        ("reconciliation",),
    ),
    Term(
        "Theme",
        "A topic of the coding scheme (for example domestic violence, thresholds) to which each learning point, "
        "good-practice example and change in the report is assigned; counts are of report items, not of children.",
        ("themes", "theme"),
    ),
)


def glossary_html() -> str:
    """The glossary as an HTML definition list, each entry with its anchor."""
    entries = [
        f'<dt id="{t.anchor}">{html.escape(t.term, quote=False)}</dt>\n'
        f"<dd>{html.escape(t.definition, quote=False)}</dd>"
        for t in sorted(TERMS, key=lambda t: t.term.lower())
    ]
    return '<dl class="glossary">\n' + "\n".join(entries) + "\n</dl>"


def link_terms(escaped_text: str, seen: set[str]) -> str:
    """``escaped_text`` (already HTML-escaped) with the first use of each glossary term linked to its entry.

    ``seen`` collects the slugs linked so far, so a term is linked once per section. Matching is on
    whole words, case-insensitive for lower-case matches and exact for abbreviations.
    """
    for term in TERMS:
        if term.slug in seen:
            continue
        for word in sorted(term.matches, key=len, reverse=True):
            flags = 0 if word.isupper() or any(c.isupper() for c in word) else re.IGNORECASE
            pattern = re.compile(rf"(?<![\w<>/=\"#-])({re.escape(html.escape(word, quote=False))})(?![\w-])", flags)
            match = _outside_tags(pattern, escaped_text)
            if match is not None:
                start, end = match.span(1)
                link = f'<a href="{GLOSSARY_PAGE}#{term.anchor}">{escaped_text[start:end]}</a>'
                escaped_text = escaped_text[:start] + link + escaped_text[end:]
                seen.add(term.slug)
                break
    return escaped_text


def _outside_tags(pattern: re.Pattern, text: str):
    """The first match of ``pattern`` that is neither inside a tag nor inside a link already made."""
    for match in pattern.finditer(text):
        before = text[: match.start()]
        inside_tag = before.rfind("<") > before.rfind(">")
        inside_link = before.rfind("<a ") > before.rfind("</a>")
        if not inside_tag and not inside_link:
            return match
    return None
