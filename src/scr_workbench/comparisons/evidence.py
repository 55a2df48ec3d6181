"""What the verdict rules look at for one comparison, checked on construction, and the thresholds they use.

The rules themselves (:mod:`~scr_workbench.comparisons.verdicts`) only read an :class:`Evidence`; the
thresholds are module constants so the rules in words can quote them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: Default significance level a p-value is compared with (the registry uses 1 − confidence level).
ALPHA = 0.05
#: Fewer cases than this: no verdict beyond "too few cases to tell".
MIN_N = 5
#: Equivalence margin on the odds-ratio scale: a local share whose odds are between 1/MARGIN and MARGIN times
#: the reference's is not meaningfully different (for small shares about half to double the reference; the
#: odds scale keeps the margin meaningful for large shares such as 75%, which cannot double).
EQUIVALENCE_MARGIN = 2.0
#: Interval method of every local proportion: Clopper–Pearson, the inversion of the exact binomial test.
CI_METHOD = "clopper-pearson"

KINDS = ("proportion", "two_groups", "distribution", "no_local_count")


def odds_ratio(share: float, reference: float) -> float:
    """Odds of ``share`` over the odds of ``reference`` (0 and inf at the ends)."""
    if share <= 0:
        return 0.0
    if share >= 1:
        return math.inf
    return (share / (1 - share)) / (reference / (1 - reference))


@dataclass(frozen=True)
class Evidence:
    """What the verdict rules look at; fractions throughout (0.36, not 36).

    Attributes
    ----------
    kind : {"proportion", "two_groups", "distribution", "no_local_count"}
        One proportion against a reference; two local groups; a distribution against
        population shares; or a national figure with no local count to compare.
    subject, measure, reference : str
        What the local figure describes, what is compared (two groups, distributions) and with what.
    n : int or None
        Number of local cases (for two groups, the smaller group).
    estimate, ci_low, ci_high : float or None
        Local proportion and its Clopper–Pearson interval (kinds "proportion" and "two_groups").
    reference_value : float or None
        Reference proportion or bound (for two groups, the second group's proportion).
    bound_type : {"point", "lower", "upper"}
        How the reference is stated.
    side : {"below", "equal", "above"} or None
        Where the local estimate lies relative to the reference.
    comparable : bool
        False when the local value lies on the uninformative side of a bound.
    p_value, p_label : float or None, str
        The p-value the verdict is judged by (adjusted for multiple testing where the registry adjusts) and
        its name, e.g. "Benjamini–Hochberg-adjusted p".
    p_raw, p_raw_label : float or None, str
        The unadjusted p-value and its name, shown beside the adjusted one; None where there is no adjustment.
    ratio_low, ratio_high : float or None
        Interval of the odds ratio against the reference (two groups: the exact conditional interval). For a
        proportion it is derived from the interval and the reference when not given.
    local_bound : {"exact", "minimum", "maximum"}
        "minimum" when the local count can only under-count the measure, "maximum" the reverse.
    units_differ : str
        Non-empty when the local and reference figures count different units (children against reviews):
        the reason, for the sentence.
    case_mix : str
        Non-empty when a difference between the two groups reflects which cases were reviewed: the reason.
    clustering : str
        Empty when the local cases are independent units (reviews). Otherwise a clause saying how the
        children cluster in reviews.
    p_review_level, review_level : float or None, str
        The same question tested with reviews as the units, and what was counted ("1 of 6 SCRs against 3 of
        6 LRs"); None where the data do not allow it.
    design_effect_p_max : float or None
        The largest p-value over the intraclass correlations tried (never below the exact p); None where not
        computed.
    all_ages_baseline : bool
        True when children are compared with an all-ages census baseline.
    level, alpha : float
        Confidence level of the interval and significance level.
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
    p_raw: float | None = None
    p_raw_label: str = "p"
    ratio_low: float | None = None
    ratio_high: float | None = None
    local_bound: str = "exact"
    units_differ: str = ""
    case_mix: str = ""
    clustering: str = ""
    p_review_level: float | None = None
    review_level: str = ""
    design_effect_p_max: float | None = None
    all_ages_baseline: bool = False
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
        for name in ("p_value", "p_raw", "p_review_level", "design_effect_p_max"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 1:
                raise ValueError(f"{name} must be between 0 and 1, got {value!r}")
        if self.kind != "no_local_count":
            if self.p_value is None and not self.units_differ:
                raise ValueError(f"p_value must be between 0 and 1 for kind {self.kind!r}, got None")
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
        """The judged p-value is below alpha."""
        return self.p_value is not None and self.p_value < self.alpha

    @property
    def covers_reference(self) -> bool:
        """The local interval contains the reference value."""
        return self.ci_low <= self.reference_value <= self.ci_high

    @property
    def margin_interval(self) -> tuple[float, float] | None:
        """Odds-ratio interval against the reference: given, or derived from a proportion's interval."""
        if self.ratio_low is not None and self.ratio_high is not None:
            return self.ratio_low, self.ratio_high
        if self.kind == "proportion" and self.reference_value is not None and 0 < self.reference_value < 1:
            return odds_ratio(self.ci_low, self.reference_value), odds_ratio(self.ci_high, self.reference_value)
        return None

    @property
    def within_margin(self) -> bool:
        """The whole odds-ratio interval lies within 1/EQUIVALENCE_MARGIN to EQUIVALENCE_MARGIN."""
        interval = self.margin_interval
        return interval is not None and 1 / EQUIVALENCE_MARGIN <= interval[0] and interval[1] <= EQUIVALENCE_MARGIN

    @property
    def clustering_reading(self) -> str:
        """How the clustering of children in reviews bears on a significant result: "fails", "holds" or "unmeasured"."""
        if not self.clustering:
            return "holds"
        if self.p_review_level is not None and self.p_review_level >= self.alpha:
            return "fails"
        if self.design_effect_p_max is not None:
            return "fails" if self.design_effect_p_max >= self.alpha else "holds"
        return "holds" if self.p_review_level is not None else "unmeasured"
