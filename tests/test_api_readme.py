"""The README's worked example runs, prints what the README shows, and its numbers match a hand calculation.

The hand calculation reads the curated CSVs with the csv module (not the package's loaders) and computes
the Clopper–Pearson interval (tests/reference.py, by bisection on the binomial tails), Fisher's exact test
and the conditional odds ratio from their formulas (math.comb), so
neither the tables' loading nor scipy/statsmodels is what checks itself.
"""

import contextlib
import csv
import io
import math
import re

import pytest

from scr_workbench import paths

README = (paths.PROJ_ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README[README.index("<!-- worked example") : README.index("<!-- end of worked example -->")]
CODE = re.search(r"```python\n(.*?)```", SECTION, re.S).group(1)
SHOWN = re.search(r"```text\n(.*?)```", SECTION, re.S).group(1)
CURATED = paths.PROJ_ROOT / "data" / "curated"


def _rows(name: str) -> list[dict[str, str]]:
    with open(CURATED / f"{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _hand_counts() -> dict[str, dict[str, tuple[int, int]]]:
    """Babies (bands whose oldest age is under one) by review type: children from age_counts, reviews from reviews."""
    under_one = {r["age_band"] for r in _rows("age_bands") if r["max_age_years"] and int(r["max_age_years"]) < 1}
    counts = {}
    for review_type in ("scr", "lr"):
        ages = [r for r in _rows("age_counts") if r["review_type"] == review_type]
        reviews = [r for r in _rows("reviews") if r["review_type"] == review_type]
        counts[review_type] = {
            "children": (
                sum(int(r["n_children"]) for r in ages if r["age_band"] in under_one),
                sum(int(r["n_children"]) for r in ages),
            ),
            "reviews": (sum(bool(under_one & set(r["age_bands"].split(";"))) for r in reviews), len(reviews)),
        }
    return counts


def _clopper_pearson(k: int, n: int) -> tuple[float, float, float]:
    from reference import clopper_pearson

    low, high = clopper_pearson(k, n)
    return 100 * k / n, 100 * low, 100 * high


def _noncentral(table, psi: float) -> dict[int, float]:
    """Distribution of the top-left cell given the margins, at odds ratio psi (Fisher's noncentral hypergeometric)."""
    (a, b), (c, d) = table
    row, col, total = a + b, a + c, a + b + c + d
    support = range(max(0, col - (total - row)), min(row, col) + 1)
    weights = {x: math.comb(row, x) * math.comb(total - row, col - x) * psi**x for x in support}
    return {x: w / sum(weights.values()) for x, w in weights.items()}


def _central_p(table) -> float:
    dist, a = _noncentral(table, 1.0), table[0][0]
    return min(1.0, 2 * min(sum(p for x, p in dist.items() if x >= a), sum(p for x, p in dist.items() if x <= a)))


@pytest.fixture(scope="module")
def example():
    namespace, out = {}, io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(CODE, "README.md worked example", "exec"), namespace)
    return namespace, out.getvalue()


def test_the_example_prints_what_the_readme_shows(example):
    _, printed = example
    assert printed == SHOWN


def test_the_counts_are_the_curated_tables(example):
    result = example[0]["under_one"]
    hand = _hand_counts()
    assert hand["scr"]["children"] == (4, 13)  # A.1: four babies of the 13 SCR children
    for review_type, name in (("scr", "serious case reviews"), ("lr", "learning reviews")):
        for unit in ("children", "reviews"):
            row = result.table.loc[name]
            assert (row[f"{unit}_with"], row[unit]) == hand[review_type][unit], (review_type, unit)


def test_the_shares_and_intervals_are_clopper_pearsons(example):
    result, hand = example[0]["under_one"], _hand_counts()
    for review_type, name in (("scr", "serious case reviews"), ("lr", "learning reviews")):
        for unit in ("children", "reviews"):
            pct, low, high = _clopper_pearson(*hand[review_type][unit])
            row = result.table.loc[name]
            assert (row[f"{unit}_pct"], row[f"{unit}_low"], row[f"{unit}_high"]) == pytest.approx((pct, low, high))
            assert f"{pct:.0f}% ({low:.0f} to {high:.0f})" in SHOWN
    scr = example[0]["scr"]
    assert 100 * scr.low == pytest.approx(_clopper_pearson(4, 13)[1]) and 100 * scr.high == pytest.approx(
        _clopper_pearson(4, 13)[2]
    )


@pytest.mark.parametrize("unit", ["children", "reviews"])
def test_the_comparison_is_fishers_test_and_the_conditional_odds_ratio(example, unit):
    result, hand = example[0]["under_one"], _hand_counts()
    (k1, n1), (k2, n2) = hand["scr"][unit], hand["lr"][unit]
    table = ((k1, n1 - k1), (k2, n2 - k2))
    comparison = getattr(result, unit)
    assert comparison.table == table
    p = _central_p(table)
    assert getattr(result, f"{unit}_p") == pytest.approx(p)
    assert f"By {unit}: odds ratio {comparison.odds_ratio:.2f}" in SHOWN and f"p = {p:.3f}" in SHOWN
    # The conditional MLE makes the expected top-left cell equal the observed one; each exact limit leaves
    # 2.5% in its tail. Checked on the distribution itself, not on the numbers scipy returned.
    mean = sum(x * q for x, q in _noncentral(table, comparison.odds_ratio).items())
    assert mean == pytest.approx(k1, rel=1e-4)
    upper_tail = sum(q for x, q in _noncentral(table, comparison.or_low).items() if x >= k1)
    lower_tail = sum(q for x, q in _noncentral(table, comparison.or_high).items() if x <= k1)
    assert (upper_tail, lower_tail) == pytest.approx((0.025, 0.025), abs=1e-4)


def test_the_central_p_and_the_interval_agree_where_the_usual_p_does_not(example):
    namespace, _ = example
    result, both = namespace["under_one"], namespace["both"]
    assert both.table == result.children.table and both.p_value == pytest.approx(result.children.p_value)
    assert both.p_value < 0.05 < result.children_p  # the README's warning, on these very numbers
    assert both.or_low < 1
    assert f"({both.p_value:.3f} here)" in README  # the prose after the example
