"""The reader's words: registry rows as plain sentences, the report sections that hold them, humane tables.

Every report opens with "Main points" and ends its body with "What this means", both generated
from the run's results; method detail sits apart in the technical notes. This module turns
results into that text and HTML in one place, so the wording of verdicts (owned by
:mod:`scr_workbench.comparisons.verdicts`) reaches readers through :func:`verdict_label` only,
and :func:`reader_text_problems` can check that no code word slips through.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Sequence

import pandas as pd

from scr_workbench.analyses.glossary import link_terms
from scr_workbench.comparisons.verdicts import RULES, rules_in_words
from scr_workbench.main_points_channel import display_main_points
from scr_workbench.viz.literal import data_text

#: Class of the section that opens every report, and id of the one that closes it (the page styles both).
MAIN_POINTS_CLASS = "main-points"
TECHNICAL_NOTES_ID = "technical-notes"


def percent(value: float, decimals: int | None = None) -> str:
    """A percentage (0–100) for sentences: whole numbers without decimals, else one decimal."""
    if decimals is not None:
        return f"{value:.{decimals}f}%"
    return f"{value:.0f}%" if abs(value - round(value)) < 0.05 else f"{value:.1f}%"


def _given(value) -> bool:
    """True when a registry cell holds a number (not NA, None or NaN)."""
    if value is None or value is pd.NA:
        return False
    try:
        return not math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def verdict_label(row) -> str:
    """The short plain label of a row's verdict ("Too few cases to tell"), in the verdict rules' own words.

    The rules (:data:`scr_workbench.comparisons.verdicts.RULES`) write every verdict sentence as
    "label: detail" when the label is fixed; the label is the part before the colon of the rule's
    template. A rule whose template opens with the numbers has no fixed label, and its sentence's
    first clause is used instead. This is the one place that reads the verdict rules' wording.
    """
    label = fixed_label(row)
    if label is not None:
        return label
    text = str(row["verdict"] if isinstance(row, dict) else row.verdict)
    first = re.split(r":\s|;\s", text, maxsplit=1)[0]
    return first.rstrip(".")


def fixed_label(row) -> str | None:
    """The label of the row's verdict rule ("Suggestive only"), or None when the row names no known rule."""
    rule_id = row.get("rule_id") if isinstance(row, dict) else getattr(row, "rule_id", None)
    rule = next((r for r in RULES if r.id == rule_id), None)
    if rule is None:
        return None
    return rule.label[0].upper() + rule.label[1:]


def short_label(row) -> str:
    """A verdict's label for counting: the fixed label, else the rule's words before its first placeholder."""
    label = fixed_label(row)
    if label is not None:
        return label
    rule_id = row.get("rule_id") if isinstance(row, dict) else getattr(row, "rule_id", None)
    rule = next((r for r in RULES if r.id == rule_id), None)
    words = (rule.verdict.split("{", 1)[0] if rule else "").split()
    while words and words[-1].lower() in ("in", "with", "from", "than", "to", "and", "the", "of"):
        words.pop()
    return " ".join(words) or "a clear difference"


def verdict_tally(rows) -> str:
    """How many comparisons got each verdict label, e.g. "2 suggestive only, 1 too few cases to tell"."""
    from collections import Counter

    labels = Counter(short_label(r) for r in rows)
    return ", ".join(f"{n} {label[0].lower() + label[1:]}" for label, n in sorted(labels.items()))


def _plain(text: str) -> str:
    """Verdict or description text made plain for readers: abbreviations spelled out, code words removed."""
    text = re.sub(r"\b(\d+(?:\.\d+)?%) CI\b", r"\1 interval", text)
    return text.replace(" CI ", " interval ")


def row_sentence(row) -> str:
    """One complete sentence for a registry row: what was compared, its count and interval, and the verdict.

    The sentence is the verdict the rules chose, made plain (intervals named as such); where the
    local figure is a count it is led by "k of n" so the reader sees how few stand behind it.
    """
    get = row.get if isinstance(row, dict) else lambda key, default=None: getattr(row, key, default)
    verdict = _plain(str(get("verdict")))
    k, n = get("local_k"), get("local_n")
    if _given(k) and _given(n):
        verdict = verdict.rstrip(".")
        return f"{verdict}. This rests on {int(k)} of {int(n)} ({get('local_population')})."
    return verdict


def comparison_name(row) -> str:
    """A comparison's name for readers: the head of its description ("SCRs concerning a baby"), never its id."""
    get = row.get if isinstance(row, dict) else lambda key, default=None: getattr(row, key, default)
    description = get("description")
    if isinstance(description, str) and description.strip():
        parts = re.split(r":\s|\.\s", description.strip())
        head = parts[0].rstrip(".")
        if len(head.split()) == 1 and len(parts) > 1:  # "Source: what it says (value)": name it by what it says
            head = parts[1].split(" (")[0].rstrip(".")
        return head[0].upper() + head[1:]
    return humanise(str(get("comparison_id"))).capitalize()


def verdicts_markdown(rows: pd.DataFrame, empty: str = "_No comparison._") -> str:
    """One Markdown bullet per comparison: its name and its verdict in plain words; ``empty`` where there is none."""
    if rows.empty:
        return empty
    return "\n".join(
        f"- **{data_text(comparison_name(r))}**: {data_text(_plain(str(r['verdict'])))}"
        for r in rows.to_dict("records")
    )


def sentence_list(sentences: Iterable[str]) -> list[str]:
    """Sentences with their first letter capitalised and a full stop at the end, empty ones dropped."""
    out = []
    for s in sentences:
        s = " ".join(str(s).split())
        if not s:
            continue
        s = s[0].upper() + s[1:]
        out.append(s if s.endswith((".", "?", "!")) else s + ".")
    return out


def _bullets_html(sentences: Sequence[str], glossary: bool) -> str:
    """An HTML list of escaped sentences, terms of art linked to the glossary on first use when asked."""
    seen: set[str] = set()
    items = []
    for s in sentence_list(sentences):
        text = html.escape(s, quote=False)
        items.append(f"<li>{link_terms(text, seen) if glossary else text}</li>")
    return "<ul>\n" + "\n".join(items) + "\n</ul>"


def main_points_html(points: Sequence[str], glossary: bool = True) -> str:
    """The "Main points" section that opens a report: 3–5 sentences, escaped, glossary terms linked."""
    if not 1 <= len(points) <= 5:
        raise ValueError(f"main points must be 1 to 5 sentences (3 to 5 for a report), got {len(points)}")
    return f'<section class="{MAIN_POINTS_CLASS}">\n<h2>Main points</h2>\n{_bullets_html(points, glossary)}\n</section>'


def show_main_points(points: Sequence[str], glossary: bool = True) -> None:
    """Show the main points to the reader and hand them to the build as data (scr_workbench.main_points_channel)."""
    display_main_points(points, main_points_html(points, glossary))


def meaning_html(points: Sequence[str], glossary: bool = True) -> str:
    """The bullets under "What this means", escaped, glossary terms linked."""
    return f'<section class="what-this-means">\n{_bullets_html(points, glossary)}\n</section>'


#: The class of the verdict rules' block in the technical notes: the board pack prints it once.
VERDICT_RULES_CLASS = "verdict-rules"


def technical_notes_html(
    method: Sequence[str],
    caveats: Sequence[str] = (),
    parameters: dict | None = None,
    rules: bool = True,
) -> str:
    """The technical notes that close a report: method, caveats, the run's parameters and the verdict rules in words.

    ``method`` and ``caveats`` are paragraphs of plain text (escaped here). The page collapses
    the section on screen and prints it after the body.
    """
    parts = [f'<section id="{TECHNICAL_NOTES_ID}">', "<h2>Technical notes</h2>", "<h3>Method</h3>"]
    parts += [f"<p>{html.escape(p, quote=False)}</p>" for p in method]
    if caveats:
        parts += ["<h3>Caveats</h3>", _bullets_html(list(caveats), glossary=False)]
    if parameters:
        parts += ["<h3>This run's settings</h3>", "<ul>"]
        parts += [
            f"<li>{html.escape(humanise(name), quote=False)}: {html.escape(humane_value(value), quote=False)}</li>"
            for name, value in parameters.items()
        ]
        parts.append("</ul>")
    if rules:
        parts += [
            f'<div class="{VERDICT_RULES_CLASS}">',
            "<h3>How each verdict is chosen</h3>",
            *(f"<p>{html.escape(text, quote=False)}</p>" for text in verdict_method_in_words()),
            "<ol>",
        ]
        parts += [f"<li>{html.escape(text, quote=False)}</li>" for text in verdict_rules_in_words()]
        parts += ["</ol>", "</div>"]
    parts.append("</section>")
    return "\n".join(parts)


def _rule_words(text: str) -> str:
    """The verdict rules' words without the code names of their thresholds."""
    text = re.sub(r"\b[A-Z][A-Z_]+ = ", "", text)
    text = text.replace("Fisher p ", "Fisher's exact test p ").replace("one-sided p ", "one-sided test p ")
    text = text.replace("p < alpha", "p-value below the significance level")
    return text.replace("p >= alpha", "p-value at or above the significance level")


def verdict_method_in_words() -> list[str]:
    """How the verdicts judge (intervals, adjustment, margin, clustering), from the verdict rules' own text."""
    return [_rule_words(text) for text in rules_in_words()[: -len(RULES)]]


def verdict_rules_in_words() -> list[str]:
    """Each verdict rule as "Label: when it applies", in the order they are tried."""
    return [_rule_words(f"{rule.label[0].upper() + rule.label[1:]}: {rule.condition}") for rule in RULES]


#: Column names and values readers see instead of the code's (the rest: underscores become spaces).
_HEADERS = {
    "source_ref": "where in the report",
    "source_refs": "where in the report",
    "check_id": "check",
    "theme_id": "theme",
    "item_id": "item",
    "review_id": "review",
    "n_children": "children",
    "n_reviews": "reviews",
    "agrees": "agrees?",
    "p_for_verdict": "p-value judged",
    "national_finding_ids": "national findings",
    "n_local_items": "local items (number)",
    "label": "theme",
}


def humanise(name) -> str:
    """A column or index name for readers: known names translated, others with underscores as spaces."""
    if not isinstance(name, str):
        return "" if name is None else str(name)
    return _HEADERS.get(name, name.replace("_", " "))


def humane_value(value) -> str:
    """A cell value for readers: yes/no for booleans, a dash for missing, "no upper limit" for infinity."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and math.isinf(value):  # e.g. an odds ratio with an empty cell
        return "no upper limit" if value > 0 else "no lower limit"
    if isinstance(value, str):
        return value
    return str(value)


def reader_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with humane headers, index names and values, for showing to readers.

    Where the frame has a ``label`` column, the code ids it names (columns ending in ``_id``) are dropped.
    """
    out = frame.copy()
    if "label" in out.columns:
        out = out.drop(columns=[c for c in out.columns if isinstance(c, str) and c.endswith("_id")])
    out.columns = [humanise(c) for c in out.columns] if not isinstance(out.columns, pd.MultiIndex) else out.columns
    out.index = out.index.set_names([humanise(n) if n else None for n in out.index.names])
    for column in out.columns:
        series = out[column]
        if series.dtype == bool or series.dtype == object or str(series.dtype) in ("boolean", "Int64", "Float64"):
            out[column] = [humane_value(v) for v in series]
        elif series.dtype.kind == "f" and (series.isna().any() or (series.abs() == math.inf).any()):
            out[column] = [humane_value(float(v)) for v in series]
    return out


#: What must never reach a reader: code-style ids, booleans, missing-value markers, infinities, code references.
_PROBLEMS = {
    "a snake_case id": re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b"),
    "a boolean": re.compile(r"\b(?:True|False)\b"),
    "a missing-value marker": re.compile(r"<NA>|\bNaN\b|\bnan\b|\bNone\b|\bNaT\b"),
    "infinity": re.compile(r"\binf\b|\b-inf\b"),
    "a code reference": re.compile(r"scr_workbench|\w+\(\)|\.py\b|`"),
}


def reader_text_problems(text: str) -> list[str]:
    """What in ``text`` a reader should not see, each as "kind: 'match'"; empty when the text is clean."""
    found = []
    for kind, pattern in _PROBLEMS.items():
        found += [f"{kind}: {m.group(0)!r}" for m in pattern.finditer(text)]
    return found
