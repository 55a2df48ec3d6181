"""The data-quality report for publication: which reconciliation figures and uncertainty notes may be shown.

A check's stated figure, derived figure and explanation are shown or withheld together, by one
computed rule (:func:`disclosing`): a check of children or cases shows them only when no count they
quote, no rest of a quoted share's base and no gap between a count and the figure it is set against is
1 to threshold − 1. The check's description and verdict always stay: a disagreement is a finding
about the report. The demographics pages' convention (:data:`~scr_workbench.stats.disclosure.CONVENTION`)
is the one cited.
"""

from __future__ import annotations

import re

import pandas as pd

from scr_workbench.analyses.suppression import small_words
from scr_workbench.data.words import in_words
from scr_workbench.stats.disclosure import CONVENTION

#: Topics whose checks count no child or case: the place's residents in the census (tens of thousands),
#: recommendations, and national shares. Every other topic, including any added later, goes through the rule.
TOPICS_WITHOUT_CHILDREN = {
    "census": "the census (the place's residents)",
    "recommendations": "recommendations",
    "national": "national shares",
}
#: The columns of a reconciliation row that quote its figures: shown or withheld together.
FIGURE_COLUMNS = ("stated", "derived", "explanation")

_PERIOD = re.compile(r"\b\d{4}[-–/]\d{2,4}\b")  # "2012-13", "2014-03/2014-04": dates, not counts
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(%?)(?!\w|\.\d)")
_FRACTION = re.compile(r"(?<![\w.])(\d+)/(\d+)(?![\w.]\d)")
#: Counts the explanations spell out ("one child"), as :func:`in_words` writes them.
_WORD_VALUES = {in_words(n): n for n in range(1, 100) if not in_words(n).isdigit()}
_WORD = re.compile(
    r"\b(" + "|".join(_WORD_VALUES) + r")\b(?!\s*(?:-|–)?\s*(?:thirds?|quarters?|fifths?|halves|half)\b)", re.IGNORECASE
)


def withheld_text(threshold: int) -> str:
    """What a withheld figure shows instead."""
    return f"withheld (counts under {threshold})"


def quoted_counts(text: str) -> list[int]:
    """Whole numbers a text quotes, in digits or words; percentages, section numbers, review ids
    and periods (2012-13) are not counts."""
    text = _PERIOD.sub(" ", str(text))
    digits = [int(n) for n, pct in _NUMBER.findall(text) if not pct and "." not in n]
    words = [_WORD_VALUES[w.lower()] for w in _WORD.findall(text)]
    return digits + words


def quoted_shares(text: str) -> tuple[list[tuple[int, int]], list[float]]:
    """The shares a text quotes: fractions k/n, and percentages."""
    text = _PERIOD.sub(" ", str(text))
    fractions = [(int(k), int(n)) for k, n in _FRACTION.findall(text)]
    percentages = [float(p) for p, pct in _NUMBER.findall(text) if pct]
    return fractions, percentages


def disclosing(row, threshold: int) -> list[str]:
    """Why a reconciliation row's figures would disclose a count of 1 to threshold − 1; empty when they may be shown.

    Rows whose topic counts no child or case (:data:`TOPICS_WITHOUT_CHILDREN`) never do. For the rest,
    with the description (always shown) and the stated figure as what the derived figure and the
    explanation are set against: a quoted count, the rest of a share's base (n − k of k/n, or of a
    percentage of a quoted base) or a gap between a stated and a derived count is 1 to threshold − 1.
    """
    if threshold <= 1 or row["topic"] in TOPICS_WITHOUT_CHILDREN:
        return []

    def small(n: float) -> bool:
        return 1 <= n < threshold

    reasons = []
    figures = " ".join(str(row[c]) for c in FIGURE_COLUMNS)
    counts = quoted_counts(figures)
    reasons += [f"quotes {n}" for n in dict.fromkeys(counts) if small(n)]
    fractions, percentages = quoted_shares(figures)
    reasons += [f"{k}/{n} leaves {n - k}" for k, n in fractions if small(n - k)]
    bases = {n for _, n in fractions} or set(counts + quoted_counts(row["description"]))
    for p in percentages:
        for n in sorted(bases):
            k = int(p * n / 100 + 0.5)
            if small(k) or small(n - k):
                reasons.append(f"{p:g}% of {n} is {k}")
    against = quoted_counts(row["description"]) + quoted_counts(row["stated"])
    derived = quoted_counts(row["derived"]) + quoted_counts(row["explanation"])
    reasons += [f"{a} against {d}" for a in dict.fromkeys(against) for d in dict.fromkeys(derived) if small(abs(a - d))]
    return list(dict.fromkeys(reasons))


def publishable_checks(checks: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """The reconciliation with the figures of every disclosing check replaced by :func:`withheld_text`, and a
    ``figures_shown`` column; unchanged (no new column) at threshold 0. The description and id, always shown,
    are kept unless they quote a small count themselves (none does in the source, but an id such as
    "ETH-34-REVIEWS" is built from a count)."""
    if threshold <= 0:
        return checks
    out = checks.copy()
    shown = [not disclosing(r, threshold) for r in checks.to_dict("records")]
    out["figures_shown"] = shown  # and the verdict with them (see verdicts_shown)
    hidden = ~out["figures_shown"]
    for column in FIGURE_COLUMNS:
        out.loc[hidden, column] = [withheld_text(threshold) if str(v) else v for v in out.loc[hidden, column]]
    people = ~out["topic"].isin(list(TOPICS_WITHOUT_CHILDREN))
    out.loc[people, "check_id"] = [_without_small_counts(i, threshold) for i in out.loc[people, "check_id"]]
    out.loc[people, "description"] = [
        withheld_text(threshold) if any(1 <= n < threshold for n in quoted_counts(d)) else d
        for d in out.loc[people, "description"]
    ]
    out["description"] = [without_review_ids(d) for d in out["description"]]
    return out


#: A review's identifier ("LR5", "SCR 2"): it singles out one review, and with it one child or family.
REVIEW_ID = re.compile(r"\b(?:LR|SCR)\s?\d+\b")


def without_review_ids(text: str) -> str:
    """``text`` without the review identifiers it names: a bracketed aside naming one is dropped, and a text
    that names one outside brackets is replaced by a sentence saying it is withheld."""
    text = str(text)
    if not REVIEW_ID.search(text):
        return text
    text = re.sub(r"\s*\([^()]*\)", lambda m: "" if REVIEW_ID.search(m[0]) else m[0], text).strip()
    return "Withheld: the check names single reviews." if REVIEW_ID.search(text) else text


def verdicts_shown(checks: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """``checks`` (from :func:`publishable_checks`) for the page's table: where the figures are withheld, so is the
    verdict. "Agrees" would say the hidden parts add up to the stated total, an equation about hidden cells, and
    "disagrees" a bound; counted together, the shown verdicts would give the withheld ones away. Unchanged at 0."""
    if threshold <= 0 or "figures_shown" not in checks:
        return checks
    out = checks.copy()
    out["agrees"] = [
        ("yes" if a else "no") if shown else withheld_text(threshold)
        for a, shown in zip(checks["agrees"], checks["figures_shown"], strict=True)
    ]
    return out


def listed_checks(checks: pd.DataFrame, threshold: int, agreements: bool = True) -> pd.DataFrame:
    """The checks the page lists: all of them (``agreements``), or the disagreements whose verdict is shown."""
    if agreements:
        return checks
    shown = checks["figures_shown"] if threshold > 0 and "figures_shown" in checks else True
    return checks[~checks["agrees"].astype(bool) & shown]


def checks_headline(checks: pd.DataFrame, threshold: int) -> str:
    """The reconciliation's one-line summary: how many checks agree; in a version with a threshold, of the
    checks whose verdict is shown only, with the number withheld."""
    if threshold <= 0 or "figures_shown" not in checks:
        agree = int(checks.agrees.sum())
        return (
            f"**{agree} of {len(checks)} checks agree; {len(checks) - agree} disagreements are findings about the "
            "source.**"
        )
    shown = checks[checks["figures_shown"]]
    agree = int(shown.agrees.sum())
    return (
        f"**Of the checks whose figures can be shown, {agree} agree; the others are findings about the source. The "
        f"figures and verdicts of {len(checks) - len(shown)} more are {withheld_text(threshold)}.**"
    )


def _without_small_counts(check_id: str, threshold: int) -> str:
    """A check id with each count of 1 to threshold − 1 in it shown as 'c' (ETH-3-REVIEWS: ETH-c-REVIEWS)."""
    text = str(check_id)
    periods = [m.span() for m in _PERIOD.finditer(text)]
    for match in reversed(list(_NUMBER.finditer(text))):
        in_period = any(a <= match.start() < b for a, b in periods)
        if not in_period and not match[2] and "." not in match[1] and 1 <= int(match[1]) < threshold:
            text = text[: match.start()] + "c" + text[match.end() :]
    return text


def explanation(row, threshold: int) -> str:
    """A disagreement's explanation for the page: its own where the figures are shown, else a count-free one."""
    if threshold <= 0 or row.get("figures_shown", True):
        return str(row["explanation"])
    return (
        f"Explanation {withheld_text(threshold)}: like the figures, it quotes counts from {small_words(threshold)}. "
        "The check stays listed because the report's own figures do not agree."
    )


def publishable_register(register: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """The uncertainty register's rows whose text quotes no count of 1 to threshold − 1 (every row at 0)."""
    if threshold <= 1:
        return register
    keep = [
        not any(1 <= n < threshold for n in quoted_counts(text)) for text in register["what is uncertain"].astype(str)
    ]
    return register[keep]


def withholding_note(checks: pd.DataFrame, register: pd.DataFrame, threshold: int) -> str:
    """What this version withholds and why, by the rule it applies, with the convention it follows."""
    shown = publishable_checks(checks, threshold)
    n_withheld = int((~shown["figures_shown"]).sum())
    kept = publishable_register(register, threshold)
    small = small_words(threshold)  # the words, "1 to 4"
    topics = " and ".join(", ".join(TOPICS_WITHOUT_CHILDREN.values()).rsplit(", ", 1))
    return (
        f"**Counts from {small} are suppressed** (threshold {threshold}), and so is every figure from which one "
        f"follows. Convention: {CONVENTION}.\n\nIn the reconciliation, a check's stated figure, derived figure and "
        f"explanation are shown or withheld together: a check of children or cases shows them only if no count "
        f"they quote (in digits or words) is {small}, no share k/n leaves n − k of {small}, no percentage of a "
        f"base they quote comes to {small} (or {small} short of the base), and no count differs from the stated "
        f"figure or the description's by {small}. Checks of {topics} count no child or case and are shown in "
        f"full. Here {n_withheld} of the {len(checks)} checks have their figures {withheld_text(threshold)}, and "
        "their verdicts with them: that a check agrees says its hidden parts add up to the stated total, and the "
        "whole site is one release, so what the data-quality page says must not complete the tables of the "
        "others. Every check keeps its description. Review identifiers are left out of the descriptions. "
        f"The uncertainty register lists only the {len(kept)} of its {len(register)} items whose text quotes no "
        f"count from {small}; the number of items per table counts notes, not children, and is shown in full."
    )


def census_point(census: pd.DataFrame, threshold: int) -> str:
    """The main point on the census column: "k of n" shares agree, or, where n − k would read as a small count
    in a version with a threshold, the groups that do not."""
    agree, n = int(census.agrees.sum()), len(census)
    if threshold and 1 <= n - agree < threshold:
        return (
            "The census shares the report prints match the official census counts when rounded as printed, "
            f"except for {' and '.join(census.index[~census.agrees.astype(bool)])}"
        )
    return (
        f"{agree} of the {n} census shares the report prints match the official census counts when rounded as printed"
    )
