"""The attacker of the publication site: what can be worked out about each suppressed count from the HTML alone.

It reads every page of a built site (never the project's data), and collects, at the precision
shown: each counts table (cells, "c" for suppressed, the Total row, the "All reviews" column as
the sum of the others), the shares of the shares tables as bounds ("69.2%" means 68.15% to 69.25%
of the column's total), the number of further (secondary) cells a page says it hides, shown
zeros, the phrases of :data:`PROSE_RULES` and the data-quality verdicts of :data:`VERDICT_RULES`
(which tie cells of one page to another's: the site is one release), and the exact multinomial
p-values of whole-distribution tests against the census. The
public knowledge it adds is the census (ONS QS201EW, public) and the suppression rule: a primary
cell is 1 .. k − 1, a secondary one 0 or at least k.

Integer programming (scipy's HiGHS ``milp``) gives each hidden cell's smallest and largest
value; a p-value is used by enumerating the column vectors the linear constraints allow and
keeping those whose p rounds to the one printed, then requiring the column to be one of them. The
code is independent of ``scr_workbench.stats.disclosure`` on purpose: it is the reference
attacker, not the protector's own audit.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from bs4 import BeautifulSoup
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.special import gammaln

THRESHOLD = 5
#: What the source says of its two age groups (sections 5 and 6): which age bands each holds.
AGE_GROUPS = {
    "babies and pre-school": ["baby", "under four (not a baby)", "four-year-old"],
    "school age and young people": [
        "seven-year-old",
        "school age, exact age not stated",
        "teenager",
        "teenager or young adult",
    ],
}
ALL = "All reviews"
SHARE = re.compile(r"^(\d+(?:\.\d+)?)% \(")
#: A shares table's column heading: "Serious case reviews: % (95% interval)" or ": % of children (…".
SHARE_HEADING = re.compile(r"^(.+?): % (?:of \w+ )?\(")
FURTHER = re.compile(r"(\d+) further cells? (?:are|is) hidden")
#: "k of n", "k of the n", "k/n": a count and its whole; k or n − k of 1 to 4 is a small count.
K_OF_N = re.compile(
    r"\b(\d+) (?:of|out of)(?: the| all| its| their)? (\d+)\b"
    r"|(?<![\w./-])(\d+)/(\d+)(?![\w./-]| (?:to|and) \d)"  # not the margin "1/2 to 2" nor a date "2014-03/2014-04"
)
#: A count of 1 to 4 children in words or digits, anywhere in the text ("4 babies", "three girls").
SMALL_CHILDREN = re.compile(
    r"\b(?:[1-4]|one|two|three|four) (?:children|child|girls?|boys?|bab(?:y|ies)|young (?:people|women|men)|victims?"
    r"|siblings|teenagers?)\b",
    re.IGNORECASE,
)


@dataclass
class Knowledge:
    """Everything the attacker has collected: unknowns, equations, bounds, per-page counts of primaries."""

    known: dict = field(default_factory=dict)  # (population, category) -> shown count
    hidden: list = field(default_factory=list)  # (population, category) shown as "c"
    sums: list = field(default_factory=list)  # (list of keys, total key or int)
    share_bounds: list = field(default_factory=list)  # (key, n, low share, high share)
    primaries: list = field(default_factory=list)  # (keys hidden in one table, how many are primary)
    pvalues: list = field(default_factory=list)  # (population, categories, printed p text)
    small_counts: list = field(default_factory=list)  # "k of n" with k or n - k in 1..4, anywhere
    fixed: list = field(default_factory=list)  # (keys, value): the keys add up to value (prose, verdicts)
    read: list = field(default_factory=list)  # which prose and verdict rules fired, for the test to see

    def hide(self, key):
        if key not in self.hidden:
            self.hidden.append(key)


def _rows(table) -> list[list[str]]:
    return [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])] for tr in table.find_all("tr")]


def _counts_tables(soup):
    """Tables whose rows end with a Total row and whose cells are counts or 'c'."""
    for table in soup.find_all("table"):
        rows = _rows(table)
        if len(rows) > 2 and rows[-1][0] == "Total" and all(re.fullmatch(r"\d+|c", v) for v in rows[-1][1:]):
            body = [r for r in rows[1:] if any(v for v in r[1:])]  # pandas' index-name row is empty
            yield rows[0][1:], body


def read_page(html: str, k: Knowledge, page: str = "") -> None:
    """Add one page's published numbers to ``k``; a ``page`` name keeps its cells apart from other pages' cells.

    Pages are kept apart because their categories are not the same cells ("other" children by
    category of abuse are not "Other" by ethnic group); only what a page prints links its cells.
    """
    soup = BeautifulSoup(html, "html.parser")
    text = soup.get_text(" ", strip=True)
    further = [int(m) for m in FURTHER.findall(text)] or ([0] if "no further cell needs hiding" in text else [])

    def cell(population: str, category: str) -> tuple[str, str]:
        return (f"{page} / {population}" if page else population, category)

    totals = {}
    for t_index, (columns, body) in enumerate(_counts_tables(soup)):
        table_hidden = []
        for row in body:
            for population, value in zip(columns, row[1:], strict=True):
                key = cell(population, row[0])
                if value == "c":
                    k.hide(key)
                    table_hidden.append(key)
                else:
                    k.known[key] = int(value)
        for population in columns:
            k.sums.append(([cell(population, r[0]) for r in body[:-1]], cell(population, "Total")))
            totals[population] = cell(population, "Total")
        if ALL in columns and len(columns) > 1:
            for row in body:
                k.sums.append(([cell(p, row[0]) for p in columns if p != ALL], cell(ALL, row[0])))
        for row in body:
            for population in columns:
                if row[0] in AGE_GROUPS:  # a group is the sum of its bands
                    k.sums.append(([cell(population, band) for band in AGE_GROUPS[row[0]]], cell(population, row[0])))
        if t_index == 0 and further:  # the page's sentence counts the secondary cells of its first table
            k.primaries.append((table_hidden, len(table_hidden) - further[0]))
    for table in soup.find_all("table"):
        rows = _rows(table)
        header = rows[0] if rows else []
        for row in rows[1:]:
            for name, value in zip(header[1:], row[1:], strict=False):
                if (heading := SHARE_HEADING.match(name)) and (m := SHARE.match(value)):
                    population = heading.group(1)
                    share = float(m.group(1))
                    k.share_bounds.append(
                        (cell(population, row[0]), totals.get(population), share - 0.05, share + 0.05)
                    )
            for value in row:
                if small_pairs(value):
                    k.small_counts.append(value)
            if row and (m := re.fullmatch(r"ethnicity_(scr|lr)_overall", row[0])) and row[-2] != "c":
                population = {"scr": "Serious case reviews", "lr": "Learning reviews"}[m.group(1)]
                k.pvalues.append((cell(population, "")[0], row[-2]))
    for figure_text in [img.get("alt", "") for img in soup.find_all("img")] + [text]:
        k.small_counts.extend(small_count_phrases(figure_text))


def small_pairs(text: str, threshold: int = THRESHOLD) -> list[str]:
    """Each "k of n" (or "k/n") in ``text`` whose k or n − k is 1 to threshold − 1: the part or the rest is small."""
    found = []
    for match in K_OF_N.finditer(text):
        a, b = (int(v) for v in (match.group(1, 2) if match.group(1) else match.group(3, 4)))
        if 1 <= a < threshold or 1 <= b - a < threshold:
            found.append(match.group(0))
    return found


def small_count_phrases(text: str) -> list[str]:
    """Every phrase of ``text`` that publishes a count of 1 to 4: "k of n" pairs and small numbers of children."""
    return small_pairs(text) + SMALL_CHILDREN.findall(text)


def read_site(html_dir: Path) -> Knowledge:
    """Every page of the site, then what the prose and the verdicts of any page say of any page's cells."""
    k = Knowledge()
    pages = {path.stem: path.read_text(encoding="utf-8") for path in sorted(Path(html_dir).glob("*.html"))}
    for name, html in pages.items():
        read_page(html, k, page=name)
    for html in pages.values():
        soup = BeautifulSoup(html, "html.parser")
        read_prose(soup.get_text(" ", strip=True), k)
        read_verdicts(soup, k)
    return k


# --- the site as one release: prose and verdicts that constrain cells of any page -----------------------------

AGE_PAGE, SEX_PAGE, ABUSE_PAGE = "demographics-age-all", "demographics-gender-all", "abuse-categories"
SCR, LR = "Serious case reviews", "Learning reviews"


def _cell(page: str, population: str, category: str) -> tuple[str, str]:
    return (f"{page} / {population}", category)


#: Phrases the pages can produce, each with the cells it fixes: (pattern, [(keys, value)], what it says).
PROSE_RULES = [
    (
        re.compile(r"children other than the babies were 'school aged'"),
        [([_cell(AGE_PAGE, SCR, b)], 0) for b in ("under four (not a baby)", "four-year-old")],
        "every SCR child not a baby is of school age: the SCR pre-school bands other than babies are 0",
    ),
    (
        re.compile(r"SCR children in (.+?) are none reported in that band"),
        None,  # the bands named in the phrase are 0: built by _prose_cells
        "the named SCR bands are 0",
    ),
]


def _prose_cells(match: re.Match) -> list:
    bands = re.findall(r"'([^']+)'", match.group(1))
    return [([_cell(AGE_PAGE, SCR, b)], 0) for b in bands]


def read_prose(text: str, k: Knowledge) -> None:
    """Add what each phrase of :data:`PROSE_RULES` found in ``text`` says of the cells."""
    for pattern, cells, what in PROSE_RULES:
        for match in pattern.finditer(text):
            found = _prose_cells(match) if cells is None else cells
            k.fixed.extend(found)
            k.read.append(what)


#: Data-quality checks whose verdict "yes" fixes cells: check id -> (keys that add up to, the other keys).
#: A check of children by sex agrees when the sexes given add up to the stated total: no child is 'not
#: stated'. The SCR babies and school-aged children agree with A.8's categories, on the abuse page.
VERDICT_RULES = {
    "GENDER-SCR": ([_cell(SEX_PAGE, SCR, "not stated")], 0),
    "GENDER-LR": ([_cell(SEX_PAGE, LR, "not stated")], 0),
    "SCR-BABIES": ([_cell(AGE_PAGE, SCR, "baby")], [_cell(ABUSE_PAGE, SCR, "physical abuse")]),
    "SCR-SCHOOL-AGE": (
        [_cell(AGE_PAGE, SCR, band) for band in AGE_GROUPS["school age and young people"]],
        [_cell(ABUSE_PAGE, SCR, c) for c in ("neglect", "sexual abuse", "other")],
    ),
}


def read_verdicts(soup, k: Knowledge) -> None:
    """The data-quality table's verdicts: each "yes" of :data:`VERDICT_RULES` becomes an equation."""
    for table in soup.find_all("table"):
        rows = _rows(table)
        if not rows or rows[0][-1] != "agrees?" or rows[0][0] != "check":
            continue
        for row in rows[1:]:
            rule = VERDICT_RULES.get(row[0])
            if rule is None or row[-1] != "yes":
                continue
            keys, other = rule
            if isinstance(other, int):
                k.fixed.append((keys, other))
            else:
                k.sums.append((keys, other))  # the left keys add up to the right keys: see Attack._linear
            k.read.append(f"verdict {row[0]}")


# --- exact multinomial p-values -------------------------------------------------------------


def _compositions(n: int, parts: int) -> np.ndarray:
    """Every way of putting n children into ``parts`` groups, one row each."""
    rows = [c for c in itertools.combinations(range(n + parts - 1), parts - 1)]
    bars = np.array(rows, dtype=np.int64).reshape(-1, parts - 1)
    padded = np.hstack([np.full((len(bars), 1), -1), bars, np.full((len(bars), 1), n + parts - 1)])
    return np.diff(padded, axis=1) - 1


def exact_p_function(n: int, shares: np.ndarray):
    """p(observed) of the exact multinomial test: the probability of every outcome no more likely."""
    outcomes = _compositions(n, len(shares))
    log_pmf = gammaln(n + 1) - gammaln(outcomes + 1).sum(axis=1) + (outcomes * np.log(shares)).sum(axis=1)
    order = np.sort(log_pmf)
    cumulative = np.cumsum(np.exp(order))

    def p(observed) -> float:
        obs = np.asarray(observed)
        lp = gammaln(n + 1) - gammaln(obs + 1).sum() + (obs * np.log(shares)).sum()
        return float(cumulative[np.searchsorted(order, lp + 1e-7, side="right") - 1])

    return p


def p_matches(p: float, printed: str) -> bool:
    if printed.startswith("<"):
        return p < float(printed.lstrip("< "))
    digits = len(printed.split(".")[1]) if "." in printed else 0
    return round(p, digits) == float(printed) or abs(p - float(printed)) <= 0.5 * 10**-digits


# --- integer programming ---------------------------------------------------------------------


class Attack:
    """The attacker's integer program over the hidden cells."""

    def __init__(self, k: Knowledge, census: dict[str, float] | None = None, cap: int = 1000):
        self.k, self.keys = k, list(k.hidden)
        self.index = {key: i for i, key in enumerate(self.keys)}
        self.n = len(self.keys)
        self.cap = cap
        self.constraints = self._linear()
        self.extra_vars = 0
        self.census = census or {}

    def _vec(self, terms: dict) -> tuple[np.ndarray, float]:
        """Coefficients over the hidden cells and the constant from the known ones."""
        row, constant = np.zeros(self.n), 0.0
        for key, coef in terms.items():
            if key in self.index:
                row[self.index[key]] += coef
            elif key in self.k.known:
                constant += coef * self.k.known[key]
            else:
                return None, None
        return row, constant

    def _linear(self) -> list[tuple[np.ndarray, float, float]]:
        n, out = self.n, []
        for parts, total in self.k.sums:
            terms = {p: 1.0 for p in parts}
            for key in total if isinstance(total, list) else [total]:
                terms[key] = terms.get(key, 0) - 1.0
            row, c = self._vec(terms)
            if row is not None and row.any():
                out.append((row, -c, -c))
        for keys, value in self.k.fixed:
            row, c = self._vec({key: 1.0 for key in keys})
            if row is not None and row.any():
                out.append((row, value - c, value - c))
        for key, total, lo, hi in self.k.share_bounds:
            if key not in self.index or total is None:
                continue
            # 100 x / N in [lo, hi]  <=>  100 x - lo N >= 0 and 100 x - hi N <= 0
            for bound, sign in ((lo, 1), (hi, -1)):
                row, c = self._vec({key: 100.0, total: -bound})
                if row is not None:
                    out.append((sign * row, -sign * c, np.inf))
        del n
        return out

    def _program(self, extra=()):
        n, k = self.n, THRESHOLD
        width = 3 * n + self.extra_vars
        cons = []
        for row, lo, hi in self.constraints:
            cons.append(LinearConstraint(np.concatenate([row, np.zeros(width - n)])[None, :], lo, hi))
        eye, zero = np.eye(n), np.zeros((n, n))
        pad = np.zeros((n, self.extra_vars))
        cons.append(LinearConstraint(np.hstack([eye, -eye, -k * eye, pad]), 0, np.inf))
        cons.append(LinearConstraint(np.hstack([eye, -(k - 1) * eye, -self.cap * eye, pad]), -np.inf, 0))
        cons.append(LinearConstraint(np.hstack([zero, eye, eye, pad]), 0, 1))
        for keys, count in self.k.primaries:
            row = np.zeros(width)
            for key in keys:
                row[n + self.index[key]] = 1
            cons.append(LinearConstraint(row[None, :], count, count))
        cons.extend(extra)
        return cons, width

    def add_pvalues(self, limit: int = 200_000) -> list[str]:
        """Turn each printed whole-distribution p-value into 'the column is one of these vectors'."""
        notes, extra = [], []
        ranges = self.ranges()
        for population, printed in self.k.pvalues:
            groups = [g for g in self.census]
            column = [(population, g) for g in groups]
            total = self.k.known.get((population, "Total"))
            unknown = [c for c in column if c in self.index]
            if total is None or not unknown or any(c not in self.index and c not in self.k.known for c in column):
                continue
            spans = [range(ranges[c][0], ranges[c][1] + 1) for c in unknown]
            if math.prod(len(s) for s in spans) > limit:
                notes.append(f"{population}: too many candidate columns to enumerate")
                continue
            p_of = exact_p_function(total, np.array([self.census[g] for g in groups]))
            rest = total - sum(self.k.known[c] for c in column if c in self.k.known)
            keep = []
            for values in itertools.product(*spans):
                if sum(values) != rest:
                    continue
                full = dict(zip(unknown, values, strict=True))
                observed = [full.get(c, self.k.known.get(c)) for c in column]
                if p_matches(p_of(observed), printed):
                    keep.append(values)
            notes.append(f"{population}: p = {printed} leaves {len(keep)} column(s)")
            extra.append((unknown, keep))
        self._choices = extra
        return notes

    def _choice_constraints(self, width: int) -> list:
        cons = []
        offset = 3 * self.n
        for unknown, keep in getattr(self, "_choices", []):
            sel = list(range(offset, offset + len(keep)))
            offset += len(keep)
            row = np.zeros(width)
            row[sel] = 1
            cons.append(LinearConstraint(row[None, :], 1, 1))
            for j, key in enumerate(unknown):
                row = np.zeros(width)
                row[self.index[key]] = 1
                for s, values in zip(sel, keep, strict=True):
                    row[s] = -values[j]
                cons.append(LinearConstraint(row[None, :], 0, 0))
        return cons

    def ranges(self, primary: bool = False) -> dict:
        """Each hidden cell's (min, max): over everything, or given that the cell is a primary one (None: it cannot)."""
        self.extra_vars = sum(len(keep) for _, keep in getattr(self, "_choices", []))
        cons, width = self._program()
        cons = cons + self._choice_constraints(width)
        out = {}
        for key, i in self.index.items():
            lower = np.zeros(width)
            upper = np.concatenate([np.full(self.n, self.cap), np.ones(width - self.n)])
            if primary:
                lower[self.n + i] = 1
            found = []
            for sign in (1, -1):
                c = np.zeros(width)
                c[i] = sign
                res = milp(c, constraints=cons, integrality=np.ones(width), bounds=Bounds(lower, upper))
                if res.status != 0:
                    break
                found.append(int(round(sign * res.fun)))
            out[key] = tuple(found) if len(found) == 2 else None
        return out

    def range_of(self, keys: list) -> tuple[int, int] | None:
        """The (min, max) of the sum of some hidden cells, over everything published."""
        self.extra_vars = sum(len(keep) for _, keep in getattr(self, "_choices", []))
        cons, width = self._program()
        cons = cons + self._choice_constraints(width)
        lower = np.zeros(width)
        upper = np.concatenate([np.full(self.n, self.cap), np.ones(width - self.n)])
        found = []
        for sign in (1, -1):
            c = np.zeros(width)
            for key in keys:
                c[self.index[key]] = sign
            res = milp(c, constraints=cons, integrality=np.ones(width), bounds=Bounds(lower, upper))
            if res.status != 0:
                return None
            found.append(int(round(sign * res.fun)))
        return tuple(found)


def exposed(attack: Attack, truth: dict) -> dict:
    """Everything the attacker narrows below the rule, scored against the truth (empty when the site holds).

    - a small hidden cell (true 1 .. k − 1) whose range as a primary cell is narrower than 1 .. k − 1;
    - a secondary cell (hidden, true 0 or k or more) recovered exactly;
    - a sum of two or more hidden cells of one line (a row or column of a table, or an equation the
      prose or verdicts give) whose true value is 1 .. k − 1 and which can take fewer values than 1 .. k − 1
      (two primary cells add up to 2 at least, so reaching 1 is not asked).
    """
    found = {("primary", key): r for key, r in disclosed(attack.ranges(primary=True), truth).items()}
    everything = attack.ranges()
    for key, r in everything.items():
        if not 1 <= truth.get(key, 0) < THRESHOLD and r is not None and r[0] == r[1]:
            found[("secondary", key)] = r
    lines = [parts for parts, _ in attack.k.sums] + [t for _, t in attack.k.sums if isinstance(t, list)]
    lines += [keys for keys, _ in attack.k.fixed]
    seen = set()
    for line in lines:
        hidden = sorted({key for key in line if key in attack.index})
        for size in range(2, min(len(hidden), 4) + 1):
            for subset in itertools.combinations(hidden, size):
                if subset in seen or not 1 <= sum(truth.get(key, 0) for key in subset) < THRESHOLD:
                    continue
                seen.add(subset)
                r = attack.range_of(list(subset))
                if r is None or r[1] - r[0] < THRESHOLD - 2:  # fewer values than one suppressed count keeps
                    found[("sum", subset)] = r
    return found


def disclosed(primary_ranges: dict, truth: dict) -> dict:
    """Hidden cells whose true value is small and whose range as a primary cell is narrower than 1 .. k − 1."""
    return {
        key: r
        for key, r in primary_ranges.items()
        if 1 <= truth.get(key, 0) < THRESHOLD and (r is None or r[0] > 1 or r[1] < THRESHOLD - 1)
    }
