"""Who the children in the board's reviews were (age, sex, ethnicity): the local tables of the demographics report.

- :func:`counts_table` — children per category of one dimension, for serious case reviews,
  learning reviews, or both with an "All reviews" column, with a ``Total`` row. A child
  whose category the report does not give is counted as "not stated" (one SCR child's sex),
  so every column adds up to the children the report states.
- :func:`suppressed_counts` — the same table after small-number suppression
  (:func:`scr_workbench.stats.disclosure.suppress`); a threshold of 0 switches it off.
  :func:`local_tables` bundles counts, display and mask for a run, with the report's two age
  groups for "age", suppressed by :func:`age_group_mask` so the two tables together give
  nothing away.
- :func:`share_intervals` / :func:`shares_table` — each category's share with its Clopper–Pearson
  interval (:func:`scr_workbench.stats.intervals.proportion_ci`), suppressed cells hidden.

The baselines and comparisons are in :mod:`scr_workbench.analyses.demographic_comparisons`, the
figures in :mod:`scr_workbench.analyses.demographic_figures`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from scr_workbench.analyses.suppression import TOTAL, TOTAL_LABELS, suppressed_counts  # noqa: F401 (module API)
from scr_workbench.analyses.suppression import suppression_sentence as shared_sentence
from scr_workbench.comparisons.evidence import CI_METHOD
from scr_workbench.data.census import census_counts
from scr_workbench.data.choices import check_choice
from scr_workbench.data.dataset import default_dataset
from scr_workbench.data.schemas import REVIEW_TYPE_LABELS
from scr_workbench.data.stated_counts import stated
from scr_workbench.data.tables import cited_sections, load_table
from scr_workbench.data.words import in_words
from scr_workbench.stats.disclosure import effective_threshold
from scr_workbench.stats.intervals import check_count, check_level, proportion_ci

REVIEW_TYPES: tuple[str, ...] = ("scr", "lr", "all")
DIMENSIONS: tuple[str, ...] = ("age", "gender", "ethnicity")
BASELINES: tuple[str, ...] = ("census", "national")

NOT_STATED = "not stated"
#: How a chart labels a category the report gives no figure for (a 0 that is not a count).
NONE_REPORTED = "none reported"

AGE_BAND_LABELS: dict[str, str] = {
    "baby": "baby",
    "under_four": "under four (not a baby)",
    "age_4": "four-year-old",
    "age_7": "seven-year-old",
    "school_age": "school age, exact age not stated",
    "teenager": "teenager",
    "teenager_or_young_adult": "teenager or young adult",
}
AGE_GROUP_LABELS: dict[str, str] = {
    "babies_preschool": "babies and pre-school",
    "school_age": "school age and young people",
}


def review_types_of(review_type: str) -> list[str]:
    """The kinds of review a review_type covers."""
    return ["scr", "lr"] if check_choice(review_type, "review_type", REVIEW_TYPES) == "all" else [review_type]


def population_column(review_type: str) -> str:
    """The column of :func:`counts_table` holding the chosen population (the total column for "all")."""
    return REVIEW_TYPE_LABELS[check_choice(review_type, "review_type", REVIEW_TYPES)]


# --- local counts ----------------------------------------------------------------------


def stated_children(review_type: str) -> int:
    """Children of one kind of review as the report states them (dataset.yml references: stated_counts)."""
    return stated("children", review_type)


def _age_band_counts(review_type: str) -> pd.Series:
    ages, bands = load_table("age_counts"), load_table("age_bands")
    counts = ages[ages["review_type"] == review_type].groupby("age_band")["n_children"].sum()
    return counts.reindex(bands["age_band"], fill_value=0).rename(index=AGE_BAND_LABELS).astype(int)


def _unreported_bands(review_type: str) -> list[str]:
    """Age bands whose 0 means "none reported", not "none": the report puts the review type's children of that
    age group only in the catch-all school-age band, so a finer band of the same group has no row at all."""
    ages, bands = load_table("age_counts"), load_table("age_bands").set_index("age_band")
    rows = ages[ages["review_type"] == review_type]
    if "school_age" not in bands.index or not (rows["age_band"] == "school_age").any():
        return []
    group = bands.loc["school_age", "age_group"]
    present = set(rows["age_band"])
    return [b for b in bands.index if b != "school_age" and bands.loc[b, "age_group"] == group and b not in present]


def unreported_mask(counts: pd.DataFrame, review_type: str, dimension: str) -> pd.DataFrame:
    """True where a 0 in ``counts`` means the report gives no figure ("none reported"), not a counted zero."""
    mask = pd.DataFrame(False, index=counts.index, columns=counts.columns)
    if dimension != "age":
        return mask
    for kind in review_types_of(review_type):
        column = REVIEW_TYPE_LABELS[kind]
        for band in _unreported_bands(kind):
            label = AGE_BAND_LABELS[band]
            if label in mask.index and column in mask.columns and counts.loc[label, column] == 0:
                mask.loc[label, column] = True
    if review_type == "all":  # a total is unreported only when each part is
        parts = [REVIEW_TYPE_LABELS[k] for k in review_types_of(review_type)]
        mask[REVIEW_TYPE_LABELS["all"]] = mask[parts].all(axis=1)
    return mask


def _gender_counts(review_type: str) -> pd.Series:
    gender = load_table("gender_counts")
    sexes = gender[gender["review_type"] == review_type].groupby("sex")["n_children"].sum()
    counts = sexes.reindex(["male", "female"], fill_value=0).astype(int)
    counts[NOT_STATED] = stated_children(review_type) - int(counts.sum())
    if counts[NOT_STATED] < 0:
        raise ValueError(
            f"gender_counts: {review_type} sexes add to more than the {stated_children(review_type)} "
            "children the report states"
        )
    return counts


def _ethnicity_counts(review_type: str) -> pd.Series:
    eth = load_table("ethnicity_counts")
    table = eth[eth["population"] == review_type]
    groups = table[table["row_kind"] == "group"].set_index("ethnic_group")["n_children"].astype(int)
    total = int(table.loc[table["row_kind"] == "total", "n_children"].iloc[0])
    if int(groups.sum()) != total:
        raise ValueError(f"ethnicity_counts: {review_type} groups add to {groups.sum()}, not the stated {total}")
    return groups


_COUNTERS = {"age": _age_band_counts, "gender": _gender_counts, "ethnicity": _ethnicity_counts}


def _assemble(columns: dict[str, pd.Series], review_type: str) -> pd.DataFrame:
    table = (
        pd.DataFrame({REVIEW_TYPE_LABELS[t]: columns[t] for t in review_types_of(review_type)}).fillna(0).astype(int)
    )
    if review_type == "all":
        table[REVIEW_TYPE_LABELS["all"]] = table.sum(axis=1)
    table.loc[TOTAL] = table.sum(axis=0)
    table.index.name = "category"
    return table


def counts_table(review_type: str, dimension: str) -> pd.DataFrame:
    """Children per category of ``dimension`` ("age": age band), one column per kind of review, and a Total row.

    With ``review_type="all"`` the table has a column per kind of review and an "All reviews"
    column adding them. Categories follow the curated tables' order (age bands as in
    ``age_bands``, ethnic groups as in the report's table, sex male, female, not stated).
    """
    counter = _COUNTERS[check_choice(dimension, "dimension", DIMENSIONS)]
    return _assemble({t: counter(t) for t in review_types_of(review_type)}, review_type)


def age_group_table(review_type: str) -> pd.DataFrame:
    """Children per report age group (babies and pre-school; school age), from the age bands."""
    bands = load_table("age_bands").set_index("age_band")["age_group"]
    ages = load_table("age_counts")
    columns = {}
    for t in review_types_of(review_type):
        rows = ages[ages["review_type"] == t]
        columns[t] = (
            rows.groupby(rows["age_band"].map(bands))["n_children"]
            .sum()
            .reindex(list(AGE_GROUP_LABELS), fill_value=0)
            .rename(index=AGE_GROUP_LABELS)
            .astype(int)
        )
    return _assemble(columns, review_type)


def age_group_mask(band_mask: pd.DataFrame) -> pd.DataFrame:
    """Suppression of the age-group table that gives nothing away beyond the (suppressed) age-band table.

    An age group's count is the sum of its bands, so a group is hidden whenever any of its
    bands is hidden in the same column (the Total row is the band table's). Every group count
    then left visible is a sum of published band counts, and every equation the group table
    adds follows from the band table's own: suppressing the group table separately could
    instead pin a hidden band (a group of 5 made of a hidden 1 and two published twos).
    """
    bands = load_table("age_bands").set_index("age_band")["age_group"].rename(index=AGE_BAND_LABELS)
    body = band_mask.drop(TOTAL)
    groups = body.groupby(body.index.map(bands)).any().reindex(list(AGE_GROUP_LABELS)).rename(index=AGE_GROUP_LABELS)
    groups.loc[TOTAL] = band_mask.loc[TOTAL]
    groups.index.name = band_mask.index.name
    return groups.astype(bool)


def masked_display(counts: pd.DataFrame, mask: pd.DataFrame, symbol: str = "c") -> pd.DataFrame:
    """Counts as text with the cells of ``mask`` shown as ``symbol``."""
    return counts.astype(str).mask(mask, symbol)


@dataclass(frozen=True)
class LocalTables:
    """The local tables of one run: counts, what is shown, and the suppression mask (age groups for "age")."""

    review_type: str
    dimension: str
    threshold: int
    counts: pd.DataFrame
    shown: pd.DataFrame
    mask: pd.DataFrame
    groups: pd.DataFrame | None = None
    groups_shown: pd.DataFrame | None = None
    groups_mask: pd.DataFrame | None = None

    @property
    def hidden_categories(self) -> list[str]:
        """Categories whose count for the chosen population is suppressed."""
        column = population_column(self.review_type)
        return [c for c in self.mask.index.drop(TOTAL) if self.mask.loc[c, column]]

    def is_hidden(self, review_type: str, table: str, category: str) -> bool:
        """Whether one count is hidden: looked up in the shown tables, else judged by the primary rule.

        ``table`` is a dimension or "age_group". A count outside the shown tables (an LR count
        when only SCRs are shown) is hidden when it is small (1 .. threshold − 1).
        """
        if self.threshold == 0:
            return False
        column = REVIEW_TYPE_LABELS[review_type]
        shown = {self.dimension: self.mask}
        if self.groups_mask is not None:
            shown["age_group"] = self.groups_mask
        if table in shown and column in shown[table].columns:
            return bool(shown[table].loc[category, column])
        counts = age_group_table("all") if table == "age_group" else counts_table("all", table)
        return 1 <= int(counts.loc[category, column]) < self.threshold


def local_tables(review_type: str, dimension: str, threshold: int = 0, symbol: str = "c") -> LocalTables:
    """Counts of the chosen population and dimension, suppressed at ``threshold`` (0 = off), with age
    groups for "age"; the publication build raises the threshold
    (:func:`~scr_workbench.stats.disclosure.effective_threshold`)."""
    threshold = effective_threshold(threshold)
    counts = counts_table(review_type, dimension)
    # The age groups are sums of bands the audit of the band table does not see; the greedy pattern,
    # which hides more, is the one the attacker test has shown to protect them (tests/reporting/test_publication.py).
    shown, mask = suppressed_counts(counts, threshold, symbol, fewest_secondary=dimension != "age")
    if dimension != "age":
        return LocalTables(review_type, dimension, threshold, counts, shown, mask)
    groups = age_group_table(review_type)
    groups_mask = age_group_mask(mask)
    return LocalTables(
        review_type,
        dimension,
        threshold,
        counts,
        shown,
        mask,
        groups,
        masked_display(groups, groups_mask, symbol),
        groups_mask,
    )


def suppression_sentence(tables: LocalTables, symbol: str = "c") -> str:
    """What is suppressed, how, by which convention, and what else is withheld (the attacker is told all this)."""
    return shared_sentence(tables.counts, tables.mask, tables.threshold, symbol)


def share_intervals(counts: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """Each category's share of its column, with the registry's Clopper–Pearson interval (one interval method
    site-wide): one row per category and column, percent."""
    level = check_level(level, "confidence_level")
    rows = []
    for column in counts.columns:
        n = int(counts.loc[TOTAL, column])
        for category in counts.index.drop(TOTAL):
            ci = proportion_ci(int(counts.loc[category, column]), n, level, CI_METHOD)
            est, low, high = ci.as_percent()
            rows.append((category, column, ci.k, n, est, low, high))
    return pd.DataFrame(rows, columns=["category", "population", "k", "n", "share", "ci_low", "ci_high"])


def shares_table(
    counts: pd.DataFrame, level: float = 0.95, mask: pd.DataFrame | None = None, symbol: str = "c"
) -> pd.DataFrame:
    """Shares as text, "30.8% (12.7–57.6)", one column per population; cells hidden in ``mask`` show ``symbol``."""
    long = share_intervals(counts, level)
    text = [f"{r.share:.1f}% ({r.ci_low:.1f}–{r.ci_high:.1f})" for r in long.itertuples()]
    if mask is not None:
        text = [
            symbol if bool(mask.loc[r.category, r.population]) else t
            for r, t in zip(long.itertuples(), text, strict=True)
        ]
    long["text"] = text
    table = long.pivot(index="category", columns="population", values="text")
    table = table.reindex(index=counts.index.drop(TOTAL), columns=counts.columns)
    table.columns = [f"{c}: % ({100 * check_level(level):g}% interval)" for c in table.columns]
    table.index.name = "category"
    return table


@dataclass(frozen=True)
class _CseGirls:
    """The learning reviews' victims of child sexual abuse by sex, as the sex table gives them."""

    girls: int
    reviews: int
    other_female: int
    other_male: int
    most: bool


def _cse_girls() -> _CseGirls:
    g = load_table("gender_counts").query("review_type == 'lr'").groupby(["review_subset", "sex"])["n_children"].sum()
    reviews = load_table("reviews").query("review_type == 'lr' and abuse_category == 'sexual_abuse'")
    girls = int(g.get(("cse_reviews", "female"), 0))
    return _CseGirls(
        girls,
        len(reviews),
        int(g.get(("other_reviews", "female"), 0)),
        int(g.get(("other_reviews", "male"), 0)),
        girls > int(g.sum()) / 2,
    )


@dataclass(frozen=True)
class _Siblings:
    n: int
    outcome: str  # " who died in ..." where the reviews table says, else ""


def _siblings_note() -> _Siblings | None:
    """The largest group of siblings in one serious case review, with what happened to them where stated."""
    scr = load_table("reviews").query("review_type == 'scr' and family_grouping == 'siblings'")
    if scr.empty:
        return None
    r = scr.loc[scr["n_children_max"].idxmax()]
    outcome = "" if r["outcome"] in ("not stated", "uncertain") else f" who {r['outcome']}"
    return _Siblings(int(r["n_children_max"]), outcome)


def dimension_notes(dimension: str, threshold: int = 0) -> list[str]:
    """What the report leaves open about ``dimension``.

    With suppression off the notes quote the curated tables' numbers; with it on
    (``threshold`` > 0) they say the same without quoting any count, so the notes cannot
    give away a suppressed cell.
    """
    check_choice(dimension, "dimension", DIMENSIONS)
    quote = check_count(threshold, "threshold", minimum=0) == 0
    if dimension == "age":
        return _age_notes(quote)
    if dimension == "gender":
        sex_ref, stated_ref = cited_sections("gender_counts"), default_dataset().reference("stated_counts")
        g, cse, siblings = _gender_counts("scr"), _cse_girls(), _siblings_note()
        if not quote:
            return [
                f"{sex_ref} does not give the sex of every SCR child; those it leaves out are shown as "
                f"'{NOT_STATED}' (section {stated_ref}'s total minus {sex_ref}'s).",
                # Published: no number of reviews (a count of cases, suppressed like children) and nothing
                # that describes a family or what happened to it.
                *(
                    [
                        f"Most learning-review children were girls and young women, victims of child sexual "
                        f"exploitation ({sex_ref})."
                    ]
                    if cse.most
                    else []
                ),
                *(
                    [
                        "Children in the same serious case review can be brothers and sisters, so they are not "
                        "independent."
                    ]
                    if siblings
                    else []
                ),
            ]
        return [
            f"{sex_ref} gives the sex of {int(g['male'] + g['female'])} of the {stated_children('scr')} SCR children "
            f"({int(g['male'])} male, {int(g['female'])} female); the remaining {int(g[NOT_STATED])} is shown as "
            f"'{NOT_STATED}' (section {stated_ref}'s {stated_children('scr')} minus {sex_ref}'s "
            f"{int(g['male'] + g['female'])}).",
            *(
                [
                    f"Of the learning-review children, {cse.girls} are female victims of child sexual abuse in "
                    f"{in_words(cse.reviews)} reviews ({sex_ref}); the other learning reviews held {cse.other_female} "
                    f"female and {cse.other_male} male children."
                ]
                if cse.girls
                else []
            ),
            *(
                [
                    f"{in_words(siblings.n).capitalize()} of the SCR children were siblings{siblings.outcome} "
                    f"({sex_ref}): children in one review are not independent observations."
                ]
                if siblings
                else []
            ),
        ]
    return _ethnicity_notes()


def _age_notes(quote: bool) -> list[str]:
    """What the report leaves open about ages, with the sections named from the curated rows, not typed here."""
    bands = load_table("age_bands").set_index("age_band")
    ages = load_table("age_counts")
    facts = load_table("report_facts").set_index("fact_id")
    ref_of = {  # the section each band's rows cite, for the sentences below
        band: str(rows["source_ref"].iloc[0]).split()[0] for band, rows in ages.groupby("age_band", sort=False)
    }
    notes = []
    if "ages_table_missing" in facts.index:
        missing = facts.loc["ages_table_missing"]
        notes.append(
            f"{missing['source_ref']}'s table of ages ('{missing['value']}') was an image in the original report "
            f"and is missing from the text: ages are known only as {cited_sections('age_counts')} word them, so "
            "each child is counted once, in the most specific band the text gives."
        )
    scr_bands = set(ages.loc[ages["review_type"] == "scr", "age_band"])
    # Published (quote off), the note is left out: "the others were school aged" says which hidden
    # SCR cells are 0, and the totals then give the rest away.
    if "school_age" in scr_bands and quote:
        unreported = [AGE_BAND_LABELS[b] for b in _unreported_bands("scr")]  # within the school-age group
        notes.append(
            f"{ref_of['school_age']} says only that the serious case reviews' children other than the babies were "
            "'school aged'"
            + (
                f": SCR children in {' or '.join(repr(b) for b in unreported)} are none reported in that band, "
                "not none of that age."
                if unreported
                else "."
            )
        )
    for band in ("baby", "teenager_or_young_adult", "age_4"):
        if band in bands.index and isinstance(bands.loc[band, "note"], str):
            note = bands.loc[band, "note"]
            if band == "teenager_or_young_adult" and not quote:
                note = "some of the group were adults (18+); how many is not stated."
            notes.append(f"{AGE_BAND_LABELS[band][0].upper() + AGE_BAND_LABELS[band][1:]}: {note}")
    return notes


def _ethnicity_notes() -> list[str]:
    """What the ethnicity table itself says, which groups hold no children, and the CSE column, from the tables."""
    section, eth = cited_sections("ethnicity_counts"), load_table("ethnicity_counts")
    facts = load_table("report_facts").set_index("fact_id")
    groups = eth[(eth["row_kind"] == "group") & eth["population"].isin(["scr", "lr"])]
    held = groups.groupby("ethnic_group", sort=False)["n_children"].sum()
    empty, census = [g for g, n in held.items() if n == 0], census_counts().index
    notes = (
        [
            f"{facts.loc['ethnicity_too_small', 'source_ref']} itself says 'the figures are "
            f"{facts.loc['ethnicity_too_small', 'value']}'."
        ]
        if "ethnicity_too_small" in facts.index
        else []
    )
    if empty:
        missing = [g for g in empty if g not in census]
        notes.append(
            " and ".join(f"'{g}'" for g in empty) + f" hold{'s' if len(empty) == 1 else ''} no children in "
            "either kind of review"
            + "".join(f"; the census has no '{g}' group, so the census comparison drops it" for g in missing)
            + "."
        )
    if (eth["population"] == "cse_victims").any():
        notes.append(
            f"{section} also gives the CSE victims (SCR and LR together); they overlap both columns and are "
            "not shown here (the registry compares them with the census as a population of their own)."
        )
    return notes
