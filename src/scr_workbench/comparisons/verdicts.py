"""One plain-English sentence per comparison, chosen by written rules a reviewer can read and check.

The rules are data (:data:`RULES`, printable with :func:`rules_table` and, for readers, :func:`rules_in_words`):
each has an id, a short plain-English label (:func:`verdict_label`), the condition in words, the sentence
template and the test that applies it. They are tried in order and the first that applies wins, so the
cautious rules ("cannot be compared", "too few cases", "suggestive only") come before any rule that claims
a difference. What they read is an :class:`~scr_workbench.comparisons.evidence.Evidence`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from scr_workbench.comparisons.evidence import ALPHA, CI_METHOD, EQUIVALENCE_MARGIN, MIN_N, Evidence
from scr_workbench.comparisons.headline_unit import LARGEST_SHARE_LIMIT
from scr_workbench.stats.clustering import ICC_RANGE

__all__ = [
    "ALPHA",
    "EQUIVALENCE_MARGIN",
    "MIN_N",
    "RULES",
    "Evidence",
    "Verdict",
    "decide",
    "format_p",
    "rules_in_words",
    "rules_table",
    "verdict_label",
    "verdicts_markdown",
]

#: How the registry adjusts for multiple testing, in words (the verdicts judge the adjusted p). Holm controls the
#: chance of any false finding under any dependence between the tests; the registry's tests are strongly dependent
#: (CSE victims are mostly learning-review children, the categories come from one multinomial), where
#: Benjamini–Hochberg is not guaranteed, so its figures are only a sensitivity column (``p_adjusted_bh``).
ADJUSTMENT = "Holm"
#: The sensitivity adjustment shown beside it.
SENSITIVITY_ADJUSTMENT = "Benjamini–Hochberg"
_ICC = f"{min(ICC_RANGE):g}–{max(ICC_RANGE):g}"


@dataclass(frozen=True)
class Rule:
    """A verdict rule: ``applies(evidence)`` decides, ``verdict`` is the sentence template, ``label`` the short
    plain-English category a reader sees."""

    id: str
    label: str
    condition: str
    verdict: str
    applies: Callable[[Evidence], bool]


@dataclass(frozen=True)
class Verdict:
    """The sentence chosen for a comparison and the rule that chose it."""

    rule_id: str
    text: str

    @property
    def label(self) -> str:
        return verdict_label(self.rule_id)


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


def _p_words(e: Evidence) -> str:
    """The judged p-value with its name, after the raw one where the registry adjusted it."""
    judged = f"{e.p_label} {_p(e.p_value)}"
    return judged if e.p_raw is None else f"{e.p_raw_label} {_p(e.p_raw)}, {judged}"


def _clustering_words(e: Evidence) -> str:
    """Why clustering tempers a significant result: the review-level test, the design effect, or unmeasured."""
    if e.p_review_level is not None and e.p_review_level >= e.alpha:
        return f"counted by review the difference is not shown ({e.review_level}, p {_p(e.p_review_level)})"
    if e.design_effect_p_max is not None and e.design_effect_p_max >= e.alpha:
        return (
            f"allowing for clustering within reviews it is not shown (p up to {_p(e.design_effect_p_max)[2:]} "
            f"for an intraclass correlation of {_ICC})"
        )
    return "the test treats them as independent, so the evidence is weaker than the p-value suggests"


def _robustness_words(e: Evidence) -> str:
    """For a result that survives clustering: what it survived, as a clause; empty for independent units."""
    if not e.clustering:
        return ""
    parts = []
    if e.p_review_level is not None:
        parts.append(f"counted by review ({e.review_level}, p {_p(e.p_review_level)})")
    if e.design_effect_p_max is not None:
        parts.append(f"allowing for clustering within reviews (p up to {_p(e.design_effect_p_max)[2:]}, ICC {_ICC})")
    return "; it holds " + " and ".join(parts) if parts else ""


def _fields(e: Evidence) -> dict[str, str]:
    """The values a sentence template may use, already formatted."""
    level = f"{100 * e.level:g}%"
    direction = "lower" if e.side == "below" else "higher"
    return dict(
        subject=e.subject,
        reference=e.reference,
        measure=e.measure,
        n=str(e.n),
        estimate=_fraction_as_percent(e.estimate),
        ci=f"{level} CI {_fraction_as_percent(e.ci_low)} to {_fraction_as_percent(e.ci_high)}",
        p=_p_words(e),
        where={"below": "below", "above": "above", "equal": "at", None: "n/a"}[e.side],
        bound_word=e.bound_type,
        may={"lower": "higher", "upper": "lower", "point": ""}[e.bound_type],
        direction=direction,
        direction_cap=direction.capitalize(),
        min_n=str(MIN_N),
        margin=f"{EQUIVALENCE_MARGIN:g}",
        beyond="below" if e.bound_type == "lower" else "above",
        count_kind="a minimum" if e.local_bound == "minimum" else "a maximum",
        reference_value=_fraction_as_percent(e.reference_value),
        clustering=e.clustering,
        clustering_words=_clustering_words(e),
        robust=_robustness_words(e),
        units=e.units_differ,
        case_mix=e.case_mix,
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


def _significant_point(e: Evidence) -> bool:
    return e.kind == "proportion" and e.bound_type == "point" and e.significant


_SIG = f"p < alpha (default {ALPHA}) after the {ADJUSTMENT} adjustment"
_NOT_SIG = f"p >= alpha (default {ALPHA}) after the {ADJUSTMENT} adjustment"
_MARGIN = (
    f"the whole interval of the odds ratio against the reference lies between 1/{EQUIVALENCE_MARGIN:g} and "
    f"{EQUIVALENCE_MARGIN:g} (the equivalence margin)"
)

RULES: list[Rule] = [
    Rule(
        "no_local_count",
        "cannot be compared: no local count",
        "The local report gives no local count for the measure.",
        "Cannot be compared: the {subject} report gives no local count for {reference}.",
        _is("no_local_count"),
    ),
    Rule(
        "different_units",
        "cannot be compared: different units",
        "The local and reference figures count different units (for example children against reviews).",
        "Cannot be compared: different units — {units}; {subject} is {estimate} against {reference}, so no test is "
        "made.",
        lambda e: e.kind != "no_local_count" and bool(e.units_differ),
    ),
    Rule(
        "too_few_cases",
        "too few cases to tell",
        f"Fewer than MIN_N = {MIN_N} local cases (for two groups: in the smaller group).",
        "Too few cases to tell: only {n} cases, fewer than the {min_n} needed before comparing with {reference}.",
        lambda e: e.n is not None and e.n < MIN_N,
    ),
    Rule(
        "bound_on_other_side",
        "cannot be compared: the national figure is only a bound",
        "The reference is a bound and the local value lies on its uninformative side "
        "(above a lower bound, below an upper bound).",
        "Cannot be compared: {subject} ({estimate}) is {where} {reference}, a {bound_word} bound, "
        "and the national value may be {may} still.",
        lambda e: e.kind == "proportion" and e.bound_type != "point" and not e.comparable,
    ),
    Rule(
        "local_count_is_a_bound",
        "cannot be compared: the local count is only a bound",
        f"{_SIG}, but the local count is a minimum and lies below the reference (or a maximum and lies above "
        "it), so the difference may come from how the local figure was counted.",
        "Cannot be compared: {subject} ({estimate}) is {where} {reference} ({p}), but the local count is "
        "{count_kind} of the measure, so the difference may only reflect how it was counted.",
        _narrower_count_blocks,
    ),
    Rule(
        "case_mix",
        "describes which cases were reviewed, not a difference",
        "Two local groups whose difference follows from which cases each kind of review took on (case mix).",
        "Describes case mix, not a difference between the children: {estimate} of {subject} against "
        "{reference_value} of {reference}{in_measure} ({p}), but {case_mix}.",
        lambda e: e.kind == "two_groups" and bool(e.case_mix),
    ),
    Rule(
        "clustered_cases",
        "suggestive only: not robust to clustering in reviews",
        f"{_SIG}, but the cases are children clustered in a few reviews and the difference is not shown when "
        f"counted by review, or when the design effect of an intraclass correlation of {_ICC} is allowed for "
        "(or clustering could not be measured): the conservative reading is taken.",
        "Suggestive only: the test finds {what} different from {reference}{in_measure} ({p}), but {clustering}, "
        "and {clustering_words}.",
        lambda e: e.kind != "no_local_count" and e.significant and e.clustering_reading != "holds",
    ),
    Rule(
        "all_ages_baseline",
        "suggestive only: all-ages baseline",
        f"{_SIG}, but children are compared with an all-ages census baseline, which likely overstates "
        "differences for the Mixed and Asian groups because children are more ethnically diverse than adults.",
        "Suggestive only: {what} differs from {reference}{in_measure} ({p}), but the baseline is all ages: "
        "children are more diverse than adults, so it likely overstates differences for the Mixed and Asian groups.",
        lambda e: e.kind in ("distribution", "proportion") and e.all_ages_baseline and e.significant,
    ),
    Rule(
        "distribution_differs",
        "differs",
        f"Distribution against population shares, {_SIG}.",
        "The {measure} of the {n} {subject} differs from {reference} ({p}){robust}; the category rows show where.",
        lambda e: e.kind == "distribution" and e.significant,
    ),
    Rule(
        "distribution_not_shown_to_differ",
        "too few cases to tell",
        f"Distribution against population shares, {_NOT_SIG}: with so few cases only large departures could "
        "be detected, so this is not evidence of no difference.",
        "Too few cases to tell: the {measure} of the {n} {subject} is not shown to differ from {reference} "
        "({p}), but with so few cases only large departures could be detected.",
        lambda e: e.kind == "distribution" and not e.significant,
    ),
    Rule(
        "groups_differ",
        "differs",
        f"Two local groups, Fisher {_SIG}.",
        "{subject} and {reference} differ in {measure}: {estimate} against {reference_value} ({p}){robust}.",
        lambda e: e.kind == "two_groups" and e.significant,
    ),
    Rule(
        "groups_similar",
        "similar: the data rule out a meaningful difference",
        f"Two local groups, Fisher {_NOT_SIG}, and {_MARGIN}.",
        "Similar: {subject} and {reference} do not differ meaningfully in {measure}: {estimate} against "
        "{reference_value} ({p}); the odds ratio's interval lies within 1/{margin} to {margin}.",
        lambda e: e.kind == "two_groups" and e.within_margin,
    ),
    Rule(
        "groups_not_shown_to_differ",
        "too few cases to tell",
        f"Two local groups, Fisher {_NOT_SIG}, and the odds ratio's interval reaches beyond the equivalence "
        "margin: the data cannot rule out a meaningful difference.",
        "Too few cases to tell: no clear difference in {measure} between {subject} and {reference} "
        "({estimate} against {reference_value}, {p}), but numbers this small cannot rule out a large one.",
        _is("two_groups"),
    ),
    Rule(
        "below_national_bound",
        "lower than the national figure",
        f"Reference is a lower bound, local value below it, one-sided {_SIG}.",
        "Lower than the national figure whatever its exact value: {subject} {estimate} ({ci}) is below "
        "{reference}, a lower bound ({p}){robust}.",
        lambda e: e.kind == "proportion" and e.bound_type == "lower" and e.comparable and e.significant,
    ),
    Rule(
        "above_national_bound",
        "higher than the national figure",
        f"Reference is an upper bound, local value above it, one-sided {_SIG}.",
        "Higher than the national figure whatever its exact value: {subject} {estimate} ({ci}) is above "
        "{reference}, an upper bound ({p}){robust}.",
        lambda e: e.kind == "proportion" and e.bound_type == "upper" and e.comparable and e.significant,
    ),
    Rule(
        "not_shown_beyond_bound",
        "not shown to differ from the national bound",
        f"Reference is a bound, local value on its informative side, one-sided {_NOT_SIG}.",
        "Not shown to be {beyond} {reference}: {subject} {estimate} ({ci}, {p}), and the national value "
        "may lie further from it.",
        lambda e: e.kind == "proportion" and e.bound_type != "point" and e.comparable and not e.significant,
    ),
    Rule(
        "not_shown_after_adjustment",
        "no clear difference once every test is allowed for",
        "Point reference; the interval leaves the reference out (so the unadjusted exact test, which the "
        f"Clopper–Pearson interval inverts, is below {ALPHA}), but {_NOT_SIG}: among this many tests a gap this "
        "size is expected by chance, and the interval is not adjusted for them.",
        "No clear difference from {reference} once every test is allowed for: {subject} is {estimate} ({ci}), "
        "an interval that leaves the reference out, but the adjusted test does not find a difference ({p}).",
        lambda e: e.kind == "proportion" and e.bound_type == "point" and not e.significant and not e.covers_reference,
    ),
    Rule(
        "differs_from_reference",
        "differs",
        f"Point reference, {_SIG}, the interval excluding the reference; the sentence says lower or higher.",
        "{direction_cap} than {reference}: {subject} {estimate} ({ci}, {p}){robust}.",
        _significant_point,
    ),
    Rule(
        "consistent_with_reference",
        "consistent: the data rule out a meaningful difference",
        f"Point reference, {_NOT_SIG}, the interval covering the reference, and {_MARGIN}.",
        "Consistent with {reference}: {subject} {estimate} ({ci}, {p}); the data rule out a difference "
        "beyond the equivalence margin (odds ratio 1/{margin} to {margin}).",
        lambda e: e.kind == "proportion" and not e.significant and e.within_margin,
    ),
    Rule(
        "too_wide_to_tell",
        "too few cases to tell",
        f"Point reference, {_NOT_SIG}, but the interval reaches beyond the equivalence margin "
        f"(odds ratio 1/{EQUIVALENCE_MARGIN:g} to {EQUIVALENCE_MARGIN:g}): the data cannot rule out a "
        "meaningful difference.",
        "Too few cases to tell: {subject} {estimate} ({ci}) is not shown to differ from {reference} ({p}), "
        "but the interval is too wide to rule out a meaningful difference (odds ratio beyond 1/{margin} to "
        "{margin}).",
        _is("proportion"),
    ),
]

_LABELS = {rule.id: rule.label for rule in RULES}


def verdict_label(verdict_id: str) -> str:
    """The short plain-English category of a verdict rule, e.g. ``"too few cases to tell"``."""
    try:
        return _LABELS[verdict_id]
    except KeyError:
        raise ValueError(f"verdict_id must be one of {sorted(_LABELS)}, got {verdict_id!r}") from None


def rules_in_words() -> list[str]:
    """The verdict rules as plain sentences, for every report's technical notes: the method, then each rule."""
    method = [
        f"Every share of a count, in every table, chart, alt text and sentence, carries the same "
        f"{CI_METHOD.replace('-', '–').title()} interval: exact, so it never claims more certainty than the "
        "counts give, which matters at these sizes. A share against a single figure is tested by the exact "
        "binomial test with equal tails, the test this interval inverts, so the two cannot disagree: the "
        "interval leaves a figure out exactly when the unadjusted test is below 0.05. Two groups are compared by "
        "Fisher's exact test, a whole distribution by the exact multinomial test.",
        f"Every p-value of the registry is adjusted for multiple testing across the whole registry "
        f"({ADJUSTMENT}, controlling the chance of any false finding whatever the dependence between the tests, "
        "which share children and categories); verdicts judge the adjusted p, and both are shown. "
        f"The {SENSITIVITY_ADJUSTMENT} figures, not guaranteed under such dependence, are a sensitivity column only.",
        f"'Consistent' needs more than a non-significant test: the interval of the odds ratio against the "
        f"reference must lie within 1/{EQUIVALENCE_MARGIN:g} to {EQUIVALENCE_MARGIN:g} (the equivalence margin), "
        "so that the data rule out a meaningful difference; otherwise the verdict is 'too few cases to tell'.",
        "Where children are counted they cluster in reviews (siblings, groups). A difference found by child must "
        "also be shown counting reviews where the data allow, and must survive a design effect for every "
        f"intraclass correlation within reviews from {_ICC} (no published value was found for children "
        "within a review; at 1 a whole review weighs as a single child does), judged on the same adjusted scale "
        "as the test; "
        "otherwise it is 'suggestive only'. The design effect corrects a chi-square statistic, so it is not "
        "applied where expected counts are small (any below 1, or more than a fifth below 5): there the "
        "review-level test decides, or the clustering is unmeasured and the difference is 'suggestive only'.",
        "A headline counts children only when no single review holds "
        f"{LARGEST_SHARE_LIMIT:.0%} or more of the children it counts: at that share a single family or group "
        "decides the figure's size (its effective number of independent children is at most 4), so the "
        "headline counts reviews instead, or says in the same sentence that most of the children come from a "
        "single review.",
        "Children's ethnicity is compared with the place's children (0–17) as the census counted them (DC2101EW) "
        "where the dataset holds that table, else as estimated from an age profile; against the all-ages "
        "census a difference is 'suggestive only'.",
        "The rules are tried in order and the first that applies gives the verdict, so the cautious rules win:",
    ]
    return method + [f"{i}. {r.label[0].upper() + r.label[1:]}: {r.condition}" for i, r in enumerate(RULES, 1)]


def rules_table() -> pd.DataFrame:
    """The rules in the order they are tried: id, label, condition and sentence template."""
    return pd.DataFrame(
        [(i + 1, r.id, r.label, r.condition, r.verdict) for i, r in enumerate(RULES)],
        columns=["order", "rule_id", "label", "condition", "verdict_template"],
    )


def decide(evidence: Evidence) -> Verdict:
    """The verdict of the first rule (in :data:`RULES` order) that applies to ``evidence``."""
    if not isinstance(evidence, Evidence):
        raise ValueError(f"evidence must be an Evidence, got {type(evidence).__name__}")
    fields = _fields(evidence)
    for rule in RULES:
        if rule.applies(evidence):
            text = rule.verdict.format(**fields)
            return Verdict(rule.id, text[0].upper() + text[1:])
    raise AssertionError(f"no verdict rule applies to {evidence!r}")  # the last rule catches every proportion
