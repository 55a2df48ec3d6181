"""A proportion k/n with a confidence interval that stays honest at the sizes of one board's reviews (n of 6 to 40).

Only two interval methods are offered: Wilson (score) and Clopper–Pearson (exact,
``"beta"`` in statsmodels). The Wald interval, statsmodels' default, is never used: at
these sizes it undercovers badly and returns impossible limits such as [0, 0] for 0/13. The default is
Clopper–Pearson, the workbench's one interval for a share everywhere: it inverts the equal-tailed exact
binomial test, so a share's interval and its test cannot disagree.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

from statsmodels.stats.proportion import proportion_confint

#: Accepted spellings of each method, mapped to the name stored in results.
_METHOD_ALIASES: dict[str, str] = {
    "wilson": "wilson",
    "beta": "clopper-pearson",
    "clopper-pearson": "clopper-pearson",
    "clopper_pearson": "clopper-pearson",
    "exact": "clopper-pearson",
}
#: The statsmodels ``method`` argument for each stored method name.
_STATSMODELS_METHOD: dict[str, str] = {"wilson": "wilson", "clopper-pearson": "beta"}

#: Methods as they appear in results, for documentation and validation messages.
METHODS: tuple[str, ...] = ("wilson", "clopper-pearson")


@dataclass(frozen=True)
class ProportionCI:
    """A proportion with its confidence interval; all three values are fractions in [0, 1].

    Attributes
    ----------
    estimate, low, high : float
        Point estimate k/n and the interval limits.
    method : str
        ``"wilson"`` or ``"clopper-pearson"``.
    level : float
        Confidence level, e.g. 0.95.
    k, n : int
        Count with the feature and number of cases.
    """

    estimate: float
    low: float
    high: float
    method: str
    level: float
    k: int
    n: int

    @property
    def width(self) -> float:
        """Width of the interval (high − low), as a fraction."""
        return self.high - self.low

    def as_percent(self) -> tuple[float, float, float]:
        """``(estimate, low, high)`` in percent, for tables and charts."""
        return 100 * self.estimate, 100 * self.low, 100 * self.high

    def covers(self, value: float) -> bool:
        """True when ``value`` (a fraction) lies inside the closed interval."""
        return self.low <= value <= self.high


def check_count(value, name: str, minimum: int = 0) -> int:
    """Return ``value`` as an int, or raise ValueError naming ``name`` if it is not a whole number >= minimum.

    Parameters
    ----------
    value : int-like
        The value to check (bools are refused; 3.0 is accepted as 3).
    name : str
        Parameter name used in the error message.
    minimum : int
        Smallest allowed value.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {value!r}")
    if value != value or int(value) != value:  # NaN or fractional
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {value!r}")
    return int(value)


def check_level(level, name: str = "level") -> float:
    """Return ``level`` as a float, or raise ValueError unless 0 < level < 1 (e.g. 0.95, not 95)."""
    if isinstance(level, bool) or not isinstance(level, numbers.Real) or not 0 < level < 1:
        raise ValueError(f"{name} must be a number strictly between 0 and 1 (e.g. 0.95), got {level!r}")
    return float(level)


def check_method(method: str) -> str:
    """Return the stored name of an interval method, or raise ValueError listing the accepted ones."""
    key = str(method).strip().lower()
    if key == "wald" or key == "normal":
        raise ValueError(
            f"method {method!r} is refused: the Wald interval is wrong at small n; "
            f"expected one of {sorted(_METHOD_ALIASES)}"
        )
    if key not in _METHOD_ALIASES:
        raise ValueError(f"method must be one of {sorted(_METHOD_ALIASES)}, got {method!r}")
    return _METHOD_ALIASES[key]


def check_k_n(k, n, k_name: str = "k", n_name: str = "n") -> tuple[int, int]:
    """Validate a count ``k`` out of ``n`` cases (0 <= k <= n, n > 0) and return them as ints.

    ``k_name`` and ``n_name`` are the parameter names used in error messages.
    """
    n = check_count(n, n_name, minimum=1)
    k = check_count(k, k_name, minimum=0)
    if k > n:
        raise ValueError(
            f"{k_name} must be at most {n_name} (0 <= {k_name} <= {n_name}), got {k_name}={k} and {n_name}={n}"
        )
    return k, n


def proportion_ci(k: int, n: int, level: float = 0.95, method: str = "clopper-pearson") -> ProportionCI:
    """Proportion k/n with a Wilson or Clopper–Pearson interval at confidence ``level``.

    Parameters
    ----------
    k : int
        Number of cases with the feature, 0 <= k <= n.
    n : int
        Number of cases, n > 0.
    level : float
        Confidence level, strictly between 0 and 1.
    method : {"wilson", "clopper-pearson"}
        Clopper–Pearson by default; ``"beta"`` and ``"exact"`` are accepted as its names. Wald is refused.

    Returns
    -------
    ProportionCI
        Limits are clipped to [0, 1]; for 0/n the lower limit is exactly 0 and for n/n the
        upper limit exactly 1 (floating-point noise from statsmodels is removed).

    Raises
    ------
    ValueError
        Naming the parameter (k, n, level or method) and what was expected.
    """
    k, n = check_k_n(k, n)
    level = check_level(level)
    stored = check_method(method)
    low, high = proportion_confint(k, n, alpha=1 - level, method=_STATSMODELS_METHOD[stored])
    low, high = float(min(max(low, 0.0), 1.0)), float(min(max(high, 0.0), 1.0))
    if k == 0:
        low = 0.0
    if k == n:
        high = 1.0
    return ProportionCI(estimate=k / n, low=low, high=high, method=stored, level=level, k=k, n=n)


def wilson(k: int, n: int, level: float = 0.95) -> ProportionCI:
    """Wilson score interval for k/n; shorthand for ``proportion_ci(k, n, level, "wilson")``."""
    return proportion_ci(k, n, level, "wilson")


def clopper_pearson(k: int, n: int, level: float = 0.95) -> ProportionCI:
    """Clopper–Pearson (exact) interval for k/n; shorthand for ``proportion_ci(..., "clopper-pearson")``."""
    return proportion_ci(k, n, level, "clopper-pearson")
