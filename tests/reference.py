"""Independent reference implementations the tests compare the package against.

Each is written from its textbook definition with the standard library only (no scipy or
statsmodels, which the package itself uses), so agreement is evidence, not tautology.
"""

import math
from statistics import NormalDist

# Relative tolerance when collecting outcomes "no more likely than the observed one".
TIE = 1 + 1e-7


def binom_pmf(i, n, p):
    return math.comb(n, i) * p**i * (1 - p) ** (n - i)


def binom_two_sided(k, n, p):
    """Exact two-sided binomial p: the probability of outcomes no more likely than k."""
    observed = binom_pmf(k, n, p)
    return min(1.0, sum(binom_pmf(i, n, p) for i in range(n + 1) if binom_pmf(i, n, p) <= observed * TIE))


def binom_central(k, n, p):
    """Exact two-sided binomial p with equal tails: twice the smaller tail, at most 1 (the test Clopper–Pearson
    inverts)."""
    lower = sum(binom_pmf(i, n, p) for i in range(k + 1))
    upper = sum(binom_pmf(i, n, p) for i in range(k, n + 1))
    return min(1.0, 2 * min(lower, upper))


def wilson(k, n, level=0.95):
    """Wilson score interval (as fractions) from its formula."""
    z = NormalDist().inv_cdf(1 - (1 - level) / 2)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def wilson_percent(k, n, level=0.95):
    """The Wilson interval in percent, clipped to 0–100 against rounding."""
    low, high = wilson(k, n, level)
    return 100 * max(0.0, low), 100 * min(1.0, high)


def compositions(n, k):
    """Every way of putting n items in k ordered boxes."""
    if k == 1:
        yield (n,)
        return
    for first in range(n + 1):
        for rest in compositions(n - first, k - 1):
            yield (first,) + rest


def multinomial_pmf(counts, shares):
    coef = math.factorial(sum(counts))
    for c in counts:
        coef //= math.factorial(c)
    prob = float(coef)
    for c, s in zip(counts, shares, strict=True):
        prob *= s**c
    return prob


def multinomial_exact_p(observed, shares):
    """Exact multinomial p by brute force: outcomes no more likely than the observed one."""
    p_obs = multinomial_pmf(observed, shares)
    return sum(
        p for p in (multinomial_pmf(o, shares) for o in compositions(sum(observed), len(observed))) if p <= p_obs * TIE
    )


def fisher_two_sided(a, n1, c, n2):
    """Fisher's exact two-sided p from the hypergeometric distribution of the top-left cell."""
    m = a + c
    probs = {
        x: math.comb(n1, x) * math.comb(n2, m - x) / math.comb(n1 + n2, m)
        for x in range(max(0, m - n2), min(n1, m) + 1)
    }
    return min(1.0, sum(p for p in probs.values() if p <= probs[a] * TIE))


def holm(pvalues):
    """Holm's step-down adjustment, written out."""
    order = sorted(range(len(pvalues)), key=lambda i: pvalues[i])
    adjusted, running = [0.0] * len(pvalues), 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(pvalues) - rank) * pvalues[i]))
        adjusted[i] = running
    return adjusted


def benjamini_hochberg(pvalues):
    """Benjamini–Hochberg step-up adjusted p-values, written out: min over j >= rank of m·p(j)/j."""
    m = len(pvalues)
    order = sorted(range(m), key=lambda i: pvalues[i])
    adjusted, running = [0.0] * m, 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, m * pvalues[i] / rank)
        adjusted[i] = running
    return adjusted


def binom_cdf(k, n, p):
    return sum(binom_pmf(i, n, p) for i in range(k + 1))


def clopper_pearson(k, n, level=0.95):
    """Clopper–Pearson interval by bisection on the binomial tails (each tail (1 − level)/2)."""
    alpha = (1 - level) / 2

    def solve(f):  # f increasing in p, find f(p) = 0
        lo, hi = 0.0, 1.0
        for _ in range(200):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if f(mid) < 0 else (lo, mid)
        return (lo + hi) / 2

    low = 0.0 if k == 0 else solve(lambda p: (1 - binom_cdf(k - 1, n, p)) - alpha)
    high = 1.0 if k == n else solve(lambda p: alpha - binom_cdf(k, n, p))
    return low, high


def chi2_sf(x, df):
    """Upper tail of the chi-square distribution for a whole number of degrees of freedom (closed forms)."""
    h = x / 2
    if df % 2 == 0:
        return math.exp(-h) * sum(h**i / math.factorial(i) for i in range(df // 2))
    tail = math.erfc(math.sqrt(h))
    return tail + math.exp(-h) * sum(h ** (i - 0.5) / math.gamma(i + 0.5) for i in range(1, (df + 1) // 2))


def clopper_pearson_percent(k, n, level=0.95):
    """The Clopper–Pearson interval in percent."""
    low, high = clopper_pearson(k, n, level)
    return 100 * low, 100 * high


def counted_child_census_shares():
    """The counted children's baseline by hand: the six child bands of DC2101EW's raw line (all persons) summed per
    report group, read with the csv module by exact column name (not the package's parser)."""
    import csv
    from pathlib import Path

    raw = Path(__file__).resolve().parents[1] / "data" / "raw" / "nomis-census-2011-dc2101ew-derby.csv"
    with raw.open(newline="", encoding="utf-8") as f:
        header, values = list(csv.reader(f))
    cells = dict(zip(header, values, strict=True))
    bands = ("0 to 4", "5 to 7", "8 to 9", "10 to 14", "15", "16 to 17")

    def children(*groups):
        return sum(
            int(cells[f"Sex: All persons; Age: Age {b}; Ethnic Group: {g}; measures: Value"])
            for g in groups
            for b in bands
        )

    counted = {
        "Asian or Asian British": children("Asian/Asian British: Total"),
        "Black or Black British": children("Black/African/Caribbean/Black British: Total"),
        "Dual Heritage": children("Mixed/multiple ethnic group: Total"),
        "Other": children("Other ethnic group: Total"),
        "White British": children("White: English/Welsh/Scottish/Northern Irish/British"),
        "White Other": children("White: Irish", "White: Gypsy or Irish Traveller", "White: Other White"),
    }
    assert sum(counted.values()) == 56926  # 17743 + 9329 + 5654 + 14857 + 3093 + 6250, the all-groups cells
    return {group: value / 56926 for group, value in counted.items()}


def child_census_shares():
    """The children's census baseline by hand: Derby's QS201EW counts (typed from the ONS table) times England's
    share aged 0-17 per group, read from the raw age profile with a regular expression (not the package's parser)."""
    import re
    from pathlib import Path

    raw = Path(__file__).resolve().parents[1] / "data" / "raw"
    text = (raw / "nhsd-census-2011-dc2101ew-england-ethnic-group-by-age.txt").read_text()
    child_bands = {"0 to 4", "5 to 7", "8 to 9", "10 to 14", "15", "16 to 17"}
    totals, children = {}, {}
    for label, age, n in re.findall(r"\['[^']*','([^']*)','[12]','([^']*)','(\d+)'\]", text):
        totals[label] = totals.get(label, 0) + int(n)
        children[label] = children.get(label, 0) + (int(n) if age in child_bands else 0)
    share = {label: children[label] / totals[label] for label in totals}
    estimate = {
        "Asian or Asian British": 31095 * share["Asian/Asian British: Total"],
        "Black or Black British": 7320 * share["Black/African/Caribbean/Black British: Total"],
        "Dual Heritage": 7232 * share["Mixed/multiple ethnic group: Total"],
        "Other": 3354 * share["Other ethnic group: Total"],
        "White British": 187386 * share["White: English/Welsh/Scottish/Northern Irish/British"],
        "White Other": 2319 * share["White: Irish"]
        + 295 * share["White: Gypsy or Irish Traveller"]
        + 9751 * share["White: Other White"],
    }
    return {group: value / sum(estimate.values()) for group, value in estimate.items()}
