"""Two-by-two comparisons of two local groups (e.g. SCR against LR children), by Fisher's exact test.

Both groups come from the same small set of reviews, so the comparison uses Fisher's exact
test and the conditional maximum-likelihood odds ratio with its exact interval (the pair
scipy offers), which stay valid when a cell is 0 or the counts are tiny.
"""

from __future__ import annotations

from dataclasses import dataclass

from scipy.stats import fisher_exact
from scipy.stats.contingency import odds_ratio

from scr_workbench.stats.intervals import ProportionCI, check_k_n, check_level, proportion_ci

ALTERNATIVES = ("two-sided", "less", "greater")


@dataclass(frozen=True)
class TwoByTwoResult:
    """Fisher's exact test and odds ratio for a feature in two groups.

    Attributes
    ----------
    table : ((a, b), (c, d))
        Rows are the groups, columns (with feature, without).
    labels : (str, str)
        Names of the two groups, in row order.
    feature : str
        What is counted, e.g. "babies or pre-school children".
    first, second : ProportionCI
        Each group's proportion with its interval.
    odds_ratio, or_low, or_high : float
        Conditional maximum-likelihood odds ratio (first group against second) and its exact
        interval; 0 or inf when a cell is empty, nan when a column is empty.
    p_value : float
        Fisher's exact test p-value.
    alternative : str
        "two-sided", "less" (first group lower) or "greater".
    level : float
        Confidence level of the intervals.
    """

    table: tuple[tuple[int, int], tuple[int, int]]
    labels: tuple[str, str]
    feature: str
    first: ProportionCI
    second: ProportionCI
    odds_ratio: float
    or_low: float
    or_high: float
    p_value: float
    alternative: str
    level: float
    or_method: str = "conditional MLE, exact interval"
    test: str = "Fisher's exact test"

    @property
    def difference(self) -> float:
        """First group's proportion minus the second's, as a fraction."""
        return self.first.estimate - self.second.estimate


def compare_groups(
    k1: int,
    n1: int,
    k2: int,
    n2: int,
    labels: tuple[str, str] = ("first group", "second group"),
    feature: str = "",
    level: float = 0.95,
    alternative: str = "two-sided",
    ci_method: str = "clopper-pearson",
) -> TwoByTwoResult:
    """Compare k1/n1 with k2/n2 by Fisher's exact test and the conditional odds ratio.

    Parameters
    ----------
    k1, n1, k2, n2 : int
        Counts with the feature and group sizes (0 <= k <= n, n > 0).
    labels : (str, str)
        Group names for reports.
    feature : str
        What is counted.
    level : float
        Confidence level for the proportions and the odds ratio.
    alternative : {"two-sided", "less", "greater"}
        Alternative of the test; the odds-ratio interval is always two-sided.
    ci_method : {"wilson", "clopper-pearson"}
        Interval method for each group's proportion.

    Returns
    -------
    TwoByTwoResult
    """
    k1, n1 = check_k_n(k1, n1, "k1", "n1")
    k2, n2 = check_k_n(k2, n2, "k2", "n2")
    level = check_level(level)
    if alternative not in ALTERNATIVES:
        raise ValueError(f"alternative must be one of {ALTERNATIVES}, got {alternative!r}")
    if len(labels) != 2:
        raise ValueError(f"labels must name exactly two groups, got {labels!r}")
    table = ((k1, n1 - k1), (k2, n2 - k2))
    p_value = float(fisher_exact(table, alternative=alternative).pvalue)
    if k1 + k2 == 0 or (n1 - k1) + (n2 - k2) == 0:
        estimate, low, high = float("nan"), float("nan"), float("nan")
    else:
        res = odds_ratio(table, kind="conditional")
        ci = res.confidence_interval(confidence_level=level)
        estimate, low, high = float(res.statistic), float(ci.low), float(ci.high)
    return TwoByTwoResult(
        table=table,
        labels=(str(labels[0]), str(labels[1])),
        feature=feature,
        first=proportion_ci(k1, n1, level, ci_method),
        second=proportion_ci(k2, n2, level, ci_method),
        odds_ratio=estimate,
        or_low=low,
        or_high=high,
        p_value=min(p_value, 1.0),
        alternative=alternative,
        level=level,
    )
