"""Which whole counts a rounded percentage can stand for: the test of a stated percentage
against a stated base, and the smallest base that could give it."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def decimals_of(as_printed: str) -> int:
    """Decimal places printed in a figure such as '12.5%' (1) or '30%' (0)."""
    number = as_printed.strip().rstrip("%").strip()
    return len(number.split(".")[1]) if "." in number else 0


def round_half_up(value: float, decimals: int = 0) -> float:
    """Round as a report writer does (0.5 goes up), not banker's rounding."""
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def counts_matching(percent: float, base: int, decimals: int = 0) -> list[int]:
    """Every count k of ``base`` whose share, rounded to ``decimals`` places, equals ``percent``."""
    if base <= 0:
        raise ValueError(f"base must be a positive whole number, got {base!r}")
    return [k for k in range(base + 1) if round_half_up(100 * k / base, decimals) == percent]


def smallest_base(percent: float, decimals: int = 0, limit: int = 10_000) -> tuple[int, int] | None:
    """The smallest base n (with its count k) whose share k/n rounds to ``percent``."""
    for n in range(1, limit + 1):
        ks = counts_matching(percent, n, decimals)
        if ks:
            return n, ks[0]
    return None
