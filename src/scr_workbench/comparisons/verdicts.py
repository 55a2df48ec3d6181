"""One plain-English sentence per comparison, chosen by written rules a reviewer can read and check.

The rules are data (:data:`RULES`, printable with :func:`rules_table`): each has an id, the
condition in words, the sentence template and the test that applies it. They are tried in
order and the first that applies wins, so the cautious rules ("too few cases", "cannot be
compared") come before any rule that claims a difference. The thresholds are module
constants so the documentation can quote them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

#: Default significance level a p-value is compared with (the registry uses 1 − confidence level).
ALPHA = 0.05
#: Fewer cases than this: no verdict beyond "too few cases to tell".
MIN_N = 5
#: A non-significant result whose interval is wider than this (as a fraction, 0.40 = 40
#: percentage points) is reported as "too few cases to tell", not "consistent with".
MAX_WIDTH = 0.40

KINDS = ("proportion", "two_groups", "distribution", "no_local_count")


@dataclass(frozen=True)
class Evidence:
    """What the verdict rules look at; fractions throughout (0.36, not 36).

    Attributes
    ----------
    kind : {"proportion", "two_groups", "distribution", "no_local_count"}
        One proportion against a reference; two local groups; a distribution against
        population shares; or a national figure with no local count to compare.
    subject : str
        What the local figure describes: for a proportion the measure and population, e.g.
        "the board's SCRs concerning a baby"; for two groups or a distribution the (first)
        population, e.g. "SCR children".
    measure : str
        For two groups and distributions, what is compared, e.g. "the share under five" or
        "ethnic mix".
    reference : str
        What it is compared with, in words, e.g. "the national figure (36%)".
    n : int or None
        Number of local cases (for two groups, the smaller group).
    estimate, ci_low, ci_high : float or None
        Local proportion and interval (kind "proportion" and "two_groups").
    reference_value : float or None
        Reference proportion or bound (for two groups, the second group's proportion).
    bound_type : {"point", "lower", "upper"}
        How the reference is stated.
    side : {"below", "equal", "above"} or None
        Where the local estimate lies relative to the reference.
    comparable : bool
        False when the local value lies on the uninformative side of a bound.
    p_value : float or None
        The p-value to judge by (already adjusted for multiple tests where that applies).
    p_label : str
        How to name it in the sentence, e.g. "exact binomial p" or "Holm-adjusted p".
    local_bound : {"exact", "minimum", "maximum"}
        "minimum" when the local count can only under-count the measure (e.g. one category
        of abuse per case, against a national "feature of the case"), "maximum" the reverse.
    clustering : str
        Empty when the local cases are independent units (e.g. reviews). Otherwise a clause
        saying how they cluster, e.g. "the 13 children come from only 6 reviews, 6 of them
        siblings in one": children in one review share a family or a group, which every test
        here treats as independent, so a small p-value overstates the evidence.
    level : float
        Confidence level of the interval, for the sentence.
    alpha : float
        Significance level.
    """

    kind: str
    subject: str
    reference: str
    measure: str = ""
    n: int | None = None
    estimate: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    reference_value: float | None = None
    bound_type: str = "point"
    side: str | None = None
    comparable: bool = True
    p_value: float | None = None
    p_label: str = "p"
    local_bound: str = "exact"
    clustering: str = ""
    level: float = 0.95
    alpha: float = ALPHA

    def __post_init__(self):
        """Refuse evidence the rules could misread (missing p-value, interval or side)."""
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")
        if self.bound_type not in ("point", "lower", "upper"):
            raise ValueError(f"bound_type must be 'point', 'lower' or 'upper', got {self.bound_type!r}")
        if self.local_bound not in ("exact", "minimum", "maximum"):
            raise ValueError(f"local_bound must be 'exact', 'minimum' or 'maximum', got {self.local_bound!r}")
        if self.side not in (None, "below", "equal", "above"):
            raise ValueError(f"side must be 'below', 'equal', 'above' or None, got {self.side!r}")
        if self.kind != "no_local_count":
            if self.p_value is None or not 0 <= self.p_value <= 1:
                raise ValueError(f"p_value must be between 0 and 1 for kind {self.kind!r}, got {self.p_value!r}")
            if self.n is None or self.n < 1:
                raise ValueError(f"n must be a positive count for kind {self.kind!r}, got {self.n!r}")
        if self.kind in ("proportion", "two_groups"):
            missing = [
                name
                for name in ("estimate", "ci_low", "ci_high", "reference_value", "side")
                if getattr(self, name) is None
            ]
            if missing:
                raise ValueError(f"{missing[0]} is required for kind {self.kind!r} (missing: {missing})")

    @property
    def significant(self) -> bool:
        """p-value below alpha."""
        return self.p_value is not None and self.p_value < self.alpha

    @property
    def width(self) -> float:
        """Width of the local interval (fraction), nan when there is none."""
        if self.ci_low is None or self.ci_high is None:
            return math.nan
        return self.ci_high - self.ci_low


@dataclass(frozen=True)
class Rule:
    """A verdict rule: ``applies(evidence)`` decides, ``verdict`` is the sentence template."""

    id: str
    condition: str
    verdict: str
    applies: Callable[[Evidence], bool]


@dataclass(frozen=True)
class Verdict:
    """The sentence chosen for a comparison and the rule that chose it."""

    rule_id: str
    text: str


def _fraction_as_percent(x: float | None) -> str:
    """A fraction (0–1) as a percentage for sentences: whole numbers without decimals. The same rule as
    viz.charts._percent_text, which takes percent and stays apart because viz imports nothing of the package."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    value = 100 * x
    return f"{value:.0f}%" if abs(value - round(value)) < 0.05 else f"{value:.1f}%"


def verdicts_markdown(rows: pd.DataFrame, empty: str = "_No comparison._") -> str:
    """One Markdown bullet per comparison, its id and verdict sentence; ``empty`` where there is none."""
    if rows.empty:
        return empty
    return "\n".join(f"- **{r.comparison_id}**: {r.verdict}" for r in rows.itertuples())


def format_p(p, missing: str = "n/a") -> str:
    """A p-value for tables: '< 0.001', else three decimals; ``missing`` where there is none."""
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return missing
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def _p(p: float | None) -> str:
    """A p-value for sentences: '< 0.001', three decimals below 0.1, two above."""
    if p is None:
        return "n/a"
    return "< 0.001" if p < 0.001 else f"= {p:.3f}" if p < 0.1 else f"= {p:.2f}"


def _informal_fields(e: Evidence) -> dict[str, str]:
    """The values a sentence template may use, already formatted."""
    level = f"{100 * e.level:g}%"
    ci = f"{level} CI {_fraction_as_percent(e.ci_low)} to {_fraction_as_percent(e.ci_high)}"
    where = {"below": "below", "above": "above", "equal": "at", None: "n/a"}[e.side]
    bound_word = {"lower": "lower", "upper": "upper", "point": "point"}[e.bound_type]
    may = {"lower": "higher", "upper": "lower", "point": ""}[e.bound_type]
    direction = "lower" if e.side == "below" else "higher"
    return dict(
        subject=e.subject,
        reference=e.reference,
        measure=e.measure,
        n=str(e.n),
        estimate=_fraction_as_percent(e.estimate),
        ci=ci,
        p=f"{e.p_label} {_p(e.p_value)}",
        where=where,
        bound_word=bound_word,
        may=may,
        direction=direction,
        min_n=str(MIN_N),
        max_width=f"{100 * MAX_WIDTH:g}",
        beyond="below" if e.bound_type == "lower" else "above",
        count_kind="a minimum" if e.local_bound == "minimum" else "a maximum",
        level=level,
        reference_value=_fraction_as_percent(e.reference_value),
        clustering=e.clustering,
        in_measure=f" in {e.measure}" if e.kind == "two_groups" and e.measure else "",
        what=f"the {e.measure} of the {e.subject}" if e.kind == "distribution" and e.measure else e.subject,
    )


def _is(kind: str) -> Callable[[Evidence], bool]:
    """Condition: the evidence is of this kind."""
    return lambda e: e.kind == kind


def _narrower_count_blocks(e: Evidence) -> bool:
    """A significant difference points the way the local count's own bound leaves open."""
    if e.kind != "proportion" or not e.significant:
        return False
    return (e.local_bound == "minimum" and e.side == "below") or (e.local_bound == "maximum" and e.side == "above")


RULES: list[Rule] = [
    Rule(
        "no_local_count",
        "The local report gives no local count for the measure.",
        "Cannot be compared: the {subject} report gives no local count for {reference}.",
        _is("no_local_count"),
    ),
    Rule(
        "too_few_cases",
        f"Fewer than MIN_N = {MIN_N} local cases (for two groups: in the smaller group).",
        "Too few cases to tell: only {n} cases, fewer than the {min_n} needed before comparing with {reference}.",
        lambda e: e.n is not None and e.n < MIN_N,
    ),
    Rule(
        "bound_on_other_side",
        "The reference is a bound and the local value lies on its uninformative side "
        "(above a lower bound, below an upper bound).",
        "Cannot be compared: {subject} ({estimate}) is {where} {reference}, a {bound_word} bound, "
        "and the national value may be {may} still.",
        lambda e: e.kind == "proportion" and e.bound_type != "point" and not e.comparable,
    ),
    Rule(
        "local_count_is_a_bound",
        f"p < alpha (default {ALPHA}), but the local count is a minimum and lies below the reference (or a maximum "
        "and lies above it), so the difference may come from how the local figure was counted.",
        "Cannot be compared: {subject} ({estimate}) is {where} {reference} ({p}), but the local count is "
        "{count_kind} of the measure, so the difference may only reflect how it was counted.",
        _narrower_count_blocks,
    ),
    Rule(
        "clustered_cases",
        f"p < alpha (default {ALPHA}), but the local cases are children clustered in a few reviews (siblings, groups), "
        "which the test treats as independent.",
        "Suggestive only: the test finds {what} different from {reference}{in_measure} ({p}), but {clustering}, "
        "and the test treats them as independent, so the evidence is weaker than the p-value suggests.",
        lambda e: e.kind != "no_local_count" and bool(e.clustering) and e.significant,
    ),
    Rule(
        "distribution_differs",
        f"Distribution against population shares, p < alpha (default {ALPHA}).",
        "The {measure} of the {n} {subject} differs from {reference} ({p}); the category rows show where.",
        lambda e: e.kind == "distribution" and e.significant,
    ),
    Rule(
        "distribution_not_shown_to_differ",
        f"Distribution against population shares, p >= alpha (default {ALPHA}).",
        "The {measure} of the {n} {subject} is not shown to differ from {reference} ({p}); with so few cases "
        "only large departures could be detected.",
        lambda e: e.kind == "distribution" and not e.significant,
    ),
    Rule(
        "groups_differ",
        f"Two local groups, Fisher p < alpha (default {ALPHA}).",
        "{subject} and {reference} differ in {measure}: {estimate} against {reference_value} ({p}).",
        lambda e: e.kind == "two_groups" and e.significant,
    ),
    Rule(
        "groups_not_shown_to_differ",
        f"Two local groups, Fisher p >= alpha (default {ALPHA}).",
        "No clear difference in {measure} between {subject} and {reference}: {estimate} against "
        "{reference_value} ({p}); numbers this small can only reveal large differences.",
        lambda e: e.kind == "two_groups" and not e.significant,
    ),
    Rule(
        "below_national_bound",
        f"Reference is a lower bound, local value below it, one-sided p < alpha (default {ALPHA}).",
        "Lower than the national figure whatever its exact value: {subject} {estimate} ({ci}) is below "
        "{reference}, a lower bound ({p}).",
        lambda e: e.kind == "proportion" and e.bound_type == "lower" and e.comparable and e.significant,
    ),
    Rule(
        "above_national_bound",
        f"Reference is an upper bound, local value above it, one-sided p < alpha (default {ALPHA}).",
        "Higher than the national figure whatever its exact value: {subject} {estimate} ({ci}) is above "
        "{reference}, an upper bound ({p}).",
        lambda e: e.kind == "proportion" and e.bound_type == "upper" and e.comparable and e.significant,
    ),
    Rule(
        "not_shown_beyond_bound",
        f"Reference is a bound, local value on its informative side, one-sided p >= alpha (default {ALPHA}).",
        "Not shown to be {beyond} {reference}: {subject} {estimate} ({ci}, {p}), and the national value "
        "may lie further from it.",
        lambda e: e.kind == "proportion" and e.bound_type != "point" and e.comparable and not e.significant,
    ),
    Rule(
        "differs_from_reference",
        f"Point reference, p < alpha (default {ALPHA}); the sentence says lower or higher from the side.",
        "{direction_cap} than {reference}: {subject} {estimate} ({ci}, {p}).",
        lambda e: e.kind == "proportion" and e.bound_type == "point" and e.significant,
    ),
    Rule(
        "too_wide_to_tell",
        f"Point reference, p >= alpha (default {ALPHA}), interval wider than MAX_WIDTH = {100 * MAX_WIDTH:g} "
        "percentage points.",
        "Too few cases to tell: {subject} {estimate} ({ci}) is not shown to differ from {reference} ({p}), "
        "but the interval is wider than {max_width} percentage points.",
        lambda e: e.kind == "proportion" and not e.significant and e.width > MAX_WIDTH,
    ),
    Rule(
        "consistent_with_reference",
        f"Point reference, p >= alpha (default {ALPHA}), interval no wider than {100 * MAX_WIDTH:g} points and "
        "covering the reference.",
        "Consistent with {reference}: {subject} {estimate} ({ci}, {p}).",
        lambda e: e.kind == "proportion" and not e.significant and e.ci_low <= e.reference_value <= e.ci_high,
    ),
    Rule(
        "test_and_interval_disagree",
        f"Point reference, p >= alpha (default {ALPHA}), but the interval just misses the reference "
        "(the exact test and the interval method differ at the margin).",
        "No clear difference from {reference}: the exact test is not significant ({p}) although the interval "
        "for {subject} ({estimate}, {ci}) just misses it.",
        lambda e: e.kind == "proportion" and not e.significant,
    ),
]


def rules_table() -> pd.DataFrame:
    """The rules in the order they are tried: id, condition and sentence template."""
    return pd.DataFrame(
        [(i + 1, r.id, r.condition, r.verdict) for i, r in enumerate(RULES)],
        columns=["order", "rule_id", "condition", "verdict_template"],
    )


def decide(evidence: Evidence) -> Verdict:
    """The verdict of the first rule (in :data:`RULES` order) that applies to ``evidence``."""
    if not isinstance(evidence, Evidence):
        raise ValueError(f"evidence must be an Evidence, got {type(evidence).__name__}")
    fields = _informal_fields(evidence)
    fields["direction_cap"] = fields["direction"].capitalize()
    for rule in RULES:
        if rule.applies(evidence):
            text = rule.verdict.format(**fields)
            return Verdict(rule.id, text[0].upper() + text[1:])
    raise AssertionError(f"no verdict rule applies to {evidence!r}")  # the last rule catches every proportion
