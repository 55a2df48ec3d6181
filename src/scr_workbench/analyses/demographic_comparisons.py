"""The baselines the board's demographics can be set against, and the comparisons with them.

- :func:`baseline` — whether the chosen baseline exists for the dimension and, if not, a
  sentence saying so. Only two do: the 2011 census for ethnicity, and DFE-RR226's share of
  SCRs concerning a baby for age. Nothing else is invented.
- :func:`comparison_rows` — the comparisons, taken from the registry
  (:func:`scr_workbench.comparisons.registry.build_registry`) so the numbers agree with every other
  report and every printed p-value is in its one Holm family (the pooled test of SCR and LR
  children against the census is its row ``ethnicity_all_overall``).
- :func:`withhold` — blanks comparisons that rest on a suppressed count, for publication.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from scr_workbench.analyses.demographics import (
    AGE_GROUP_LABELS,
    BASELINES,
    DIMENSIONS,
    NOT_STATED,
    REVIEW_TYPES,
    TOTAL,
    LocalTables,
    counts_table,
    population_column,
    review_types_of,
)
from scr_workbench.analyses.reader_text import (
    comparison_name,
    verdict_label,
    verdicts_markdown,  # noqa: F401 (notebook API)
)
from scr_workbench.analyses.suppression import WITHHELD_COLUMNS
from scr_workbench.cache import data_cached
from scr_workbench.comparisons.columns import MONTE_CARLO_SEED, slug
from scr_workbench.comparisons.row_builders import WITHIN
from scr_workbench.comparisons.sources import Sources
from scr_workbench.comparisons.verdicts import format_p
from scr_workbench.data.census_age_profile import CHILD_AGE_BANDS
from scr_workbench.data.census_children import counted_children_by_sex, has_counted_children
from scr_workbench.data.choices import check_choice
from scr_workbench.data.dataset import default_dataset
from scr_workbench.data.tables import cited_sections, load_table
from scr_workbench.stats.goodness_of_fit import GoodnessOfFitResult, goodness_of_fit
from scr_workbench.stats.intervals import check_level

#: Monte-Carlo settings of the goodness-of-fit test: the registry's defaults (only used if a
#: case were too large to enumerate; every case here is enumerated exactly).
N_SIM = 100_000

#: The registry's comparisons against each baseline, by dimension and review type.
_BASELINE_ROWS: dict[tuple[str, str, str], list[str]] = {
    ("age", "national", "scr"): ["babies_scr_reviews", "babies_scr_children"],
    ("age", "national", "all"): ["babies_all_reviews", "babies_all_children"],
}
#: Registry rows comparing local groups with each other (and the sex reference line), by dimension.
_WITHIN_ROWS: dict[str, list[str]] = {
    "age": ["babies_reviews_scr_vs_lr", "under_five_children_scr_vs_lr"],
    "gender": ["male_scr_vs_lr"],
    "ethnicity": ["not_white_british_scr_vs_lr"],
}
_REFERENCE_LINE_ROWS: dict[str, list[str]] = {
    "scr": ["gender_scr_male_vs_even"],
    "lr": ["gender_lr_other_male_vs_even"],
    "all": ["gender_scr_male_vs_even", "gender_lr_other_male_vs_even"],
}


@dataclass(frozen=True)
class Baseline:
    """Whether a baseline exists for a dimension and review type, and what to say about it."""

    available: bool
    statement: str


def _babies_figure() -> tuple[str, str, bool]:
    """DFE-RR226's share of SCRs concerning a baby as the report states it, where it states it, and whether its
    denominator is known."""
    fig = load_table("national_figures").set_index("figure_id").loc["babies_under_one"]
    return str(fig["as_stated"]), str(fig["source_ref"]), not pd.isna(fig["denominator"])


def _no_census_baseline(dimension: str, place: str) -> str:
    """Why age or sex is not set against the census, from what the project's census tables hold."""
    what = "age" if dimension == "age" else "sex"
    if not has_counted_children():
        return (
            f"The project's data hold no census {what} distribution for {place} (its only census "
            f"table, QS201EW, gives ethnic group): no comparison is made."
        )
    if dimension == "gender":
        sexes = counted_children_by_sex()
        boys = 100 * sexes["Males"] / sum(sexes.values())
        return (
            f"No census comparison is made for sex: the census counts {place}'s children aged 0–17 as {boys:.1f}% "
            "boys (DC2101EW); sex is compared with an even split instead, a reference line."
        )
    crossing = [
        str(r.description)
        for r in load_table("age_bands").itertuples()
        if pd.isna(r.max_age_years) or not _within_one_census_band(int(r.min_age_years), int(r.max_age_years))
    ]
    return (
        f"No census comparison is made for age: the census counts {place}'s children in bands of "
        f"{', '.join(CHILD_AGE_BANDS)} years (DC2101EW), and {len(crossing)} of the report's age bands cross "
        f"them or reach past 17 ({'; '.join(crossing)}), so the reviews' children cannot be counted in the "
        "census's bands."
    )


def _within_one_census_band(low: int, high: int) -> bool:
    """Whether ages ``low``–``high`` fall inside one of the census's child age bands."""
    for band in CHILD_AGE_BANDS:
        ends = [int(x) for x in band.split(" to ")]
        if ends[0] <= low and high <= ends[-1]:
            return True
    return False


def baseline(review_type: str, dimension: str, name: str) -> Baseline:
    """The baseline ``name`` ("census" or "national") for ``dimension``, or a sentence saying plainly
    why there is none."""
    check_choice(review_type, "review_type", REVIEW_TYPES)
    check_choice(dimension, "dimension", DIMENSIONS)
    check_choice(name, "baseline", BASELINES)
    place = default_dataset().place
    if name == "census":
        if dimension == "ethnicity":
            groups = f"on the report's {cited_sections('ethnicity_counts')} groups"
            if has_counted_children():
                return Baseline(
                    True,
                    f"Baseline: {place}'s children aged 0–17 by ethnic group, counted in the ONS 2011 Census "
                    f"(table DC2101EW), {groups}; {place}'s residents of all ages (QS201EW) are a sensitivity check.",
                )
            return Baseline(
                True,
                f"Baseline: {place}'s usual residents by ethnic group, ONS 2011 Census QS201EW (all ages), {groups}.",
            )
        return Baseline(False, _no_census_baseline(dimension, place))
    if dimension == "age":
        babies, ref, known = _babies_figure()
        if review_type == "lr":
            return Baseline(
                False,
                f"DFE-RR226's only age figure, {babies} of serious case reviews concerning a baby "
                f"under one ({ref}), is a share of SCRs; learning reviews are not SCRs, so no "
                "comparison is made for them alone (review_type 'all' shows the registry's "
                "comparisons of all reviews, with that caveat).",
            )
        return Baseline(
            True,
            f"Baseline: DFE-RR226, {babies} of serious case reviews concerned a baby under one year "
            f"of age ({ref}); its denominator is {'stated' if known else 'not stated'}. It is DFE-RR226's only age "
            "figure in the report.",
        )
    what = "sex" if dimension == "gender" else "ethnicity"
    return Baseline(
        False, f"DFE-RR226 as quoted in the report gives no national figure for {what}: no comparison is made."
    )


def ethnicity_observed(review_type: str) -> dict[str, int]:
    """Children per ethnic group of the report's table for the population (SCR and LR added for "all"), in its order."""
    counts = counts_table(review_type, "ethnicity")
    return counts[population_column(review_type)].drop(TOTAL).astype(int).to_dict()


@data_cached
def ethnicity_fit(review_type: str, level: float = 0.95) -> GoodnessOfFitResult:
    """The exact multinomial test against the census, with the registry's inputs (same counts, same shares: the
    baseline its verdicts stand on, the place's children where the data give a census age profile).

    Cached once per data hash (:mod:`scr_workbench.cache`): enumerating 53 children's outcomes takes half a
    second, in every report that shows it.
    """
    _, counts = Sources().census_baselines[0]
    return goodness_of_fit(
        ethnicity_observed(review_type),
        counts.to_dict(),
        level=check_level(level),
        n_sim=N_SIM,
        seed=MONTE_CARLO_SEED,
    )


def ratios_table(
    review_type: str, level: float = 0.95, hidden_categories: list[str] | tuple[str, ...] = (), symbol: str = "c"
) -> pd.DataFrame:
    """Observed against expected children per ethnic group (census shares × n), with the ratio's exact interval.

    The ratio is observed/expected; its interval is the Clopper–Pearson interval of the share
    divided by the census share (:func:`scr_workbench.stats.goodness_of_fit.observed_expected_ratios`).
    Groups in ``hidden_categories`` show ``symbol``.
    """
    level = check_level(level, "confidence_level")
    gof = ethnicity_fit(review_type, level)
    rows = []
    for r in gof.ratios:
        if r.category in set(hidden_categories):
            rows.append((r.category, symbol, f"{r.expected:.1f}", f"{100 * r.share:.1f}%", symbol, symbol))
        else:
            rows.append(
                (
                    r.category,
                    str(r.observed),
                    f"{r.expected:.1f}",
                    f"{100 * r.share:.1f}%",
                    f"{r.ratio:.2f}",
                    f"{r.low:.2f}–{r.high:.2f}",
                )
            )
    return pd.DataFrame(
        rows,
        columns=[
            "ethnic group",
            "observed",
            "expected",
            "census share",
            "observed/expected",
            f"{100 * level:g}% interval",
        ],
    ).set_index("ethnic group")


def clustering_clause(review_type: str, n_children: int) -> str:
    """How few reviews the children come from (the registry's wording), for the verdicts."""
    src = Sources()
    ids = [i for t in review_types_of(review_type) for i in src.review_ids(t)]
    return src.clustering(ids, n_children, "children")


def comparison_rows(
    registry: pd.DataFrame, review_type: str, dimension: str, baseline_name: str, level: float = 0.95
) -> pd.DataFrame:
    """The comparisons against the chosen baseline: registry rows, or none where :func:`baseline` has none.

    Ethnicity against the census: the registry's overall and per-group rows for SCR or LR
    children; for "all", the pooled test (``ethnicity_all_overall``) followed by the
    registry's overall SCR and LR rows. Age against DFE-RR226: the registry's baby rows.
    """
    if not baseline(review_type, dimension, baseline_name).available:
        return registry.iloc[0:0]
    ids = registry["comparison_id"]
    if dimension == "ethnicity":
        if review_type == "all":
            wanted = ["ethnicity_all_overall", "ethnicity_scr_overall", "ethnicity_lr_overall"]
            return registry.set_index("comparison_id").loc[wanted].reset_index()
        return registry[ids.str.startswith(f"ethnicity_{review_type}_")].reset_index(drop=True)
    wanted = _BASELINE_ROWS[(dimension, baseline_name, review_type)]
    return registry.set_index("comparison_id").loc[wanted].reset_index()


def within_rows(registry: pd.DataFrame, review_type: str, dimension: str) -> pd.DataFrame:
    """Registry rows comparing the board's own groups for the dimension (and, for sex, the 50% reference line)."""
    check_choice(review_type, "review_type", REVIEW_TYPES)
    wanted = list(_WITHIN_ROWS[check_choice(dimension, "dimension", DIMENSIONS)])
    if dimension == "gender":
        wanted += _REFERENCE_LINE_ROWS[review_type]
    return registry.set_index("comparison_id").loc[wanted].reset_index()


def _reference_count(row) -> tuple[int, int] | None:
    """The second group's count and size of a within-board row (both are published in it)."""
    if row["family"] != WITHIN or pd.isna(row["reference_denominator"]):
        return None
    n2 = int(row["reference_denominator"])
    return int(round(row["reference_value"] * n2 / 100)), n2


#: Counts each registry row publishes besides k and n − k: (review type, table, category).
#: A row stating "9 of 12" SCR children also gives away the one whose sex is not stated.
ROW_CELLS: dict[str, list[tuple[str, str, str]]] = {
    "babies_scr_children": [("scr", "age", "baby")],
    "babies_all_children": [("all", "age", "baby")],
    "under_five_children_scr_vs_lr": [
        ("scr", "age_group", AGE_GROUP_LABELS["babies_preschool"]),
        ("lr", "age_group", AGE_GROUP_LABELS["babies_preschool"]),
    ],
    "male_scr_vs_lr": [("scr", "gender", "male"), ("scr", "gender", NOT_STATED), ("lr", "gender", "male")],
    "gender_scr_male_vs_even": [("scr", "gender", "male"), ("scr", "gender", NOT_STATED)],
    "gender_lr_other_male_vs_even": [("lr", "gender", "male")],
    "not_white_british_scr_vs_lr": [("scr", "ethnicity", "White British"), ("lr", "ethnicity", "White British")],
}


def _row_cells(comparison_id: str) -> list[tuple[str, str, str]]:
    """The table cells a registry row publishes: ROW_CELLS, or the ethnic group of a per-group census row."""
    if comparison_id in ROW_CELLS:
        return ROW_CELLS[comparison_id]
    match = re.fullmatch(r"ethnicity_(scr|lr)_(.+)", comparison_id)
    if match and match.group(2) != "overall":
        groups = [g for g in counts_table("all", "ethnicity").index.drop(TOTAL) if slug(g) == match.group(2)]
        return [(match.group(1), "ethnicity", g) for g in groups]
    return []


def _whole_distribution_hidden(comparison_id: str, tables: LocalTables) -> bool:
    """Whether a test of a whole distribution rests on a suppressed count: its p-value narrows the hidden cells.

    The population is read from the row id (``ethnicity_scr_overall``); a row whose population
    cannot be read is treated as resting on a hidden count.
    """
    match = re.fullmatch(r"ethnicity_(scr|lr|all)_overall", comparison_id)
    if not match:
        return True
    review_types = ["scr", "lr"] if match.group(1) == "all" else [match.group(1)]
    categories = counts_table("all", "ethnicity").index.drop(TOTAL)
    return any(tables.is_hidden(t, "ethnicity", c) for t in [*review_types, match.group(1)] for c in categories)


def _without_counts(description: str) -> str:
    """A row's description with every bracketed aside that quotes a number left out."""
    return re.sub(r"\s*\([^()]*\d[^()]*\)", "", str(description))


def withhold(rows: pd.DataFrame, tables: LocalTables) -> pd.DataFrame:
    """Rows with the figures of every comparison that rests on a suppressed count blanked.

    A row whose published counts are cells of the local tables (:data:`ROW_CELLS`, or an ethnic
    group's own census row) is withheld when any of those cells is hidden there — primary or
    secondary suppression — so the row cannot undo the table's protection; a cell outside the
    shown tables is judged by the primary rule. Every row is also withheld when a count it
    publishes — k, n − k, and for two local groups the second group's too — lies in
    1 .. threshold − 1 (the primary rule of :func:`~scr_workbench.stats.disclosure.suppress`): "4 of
    13" is a small count even when it is a sum of others. A test of a whole distribution quotes
    only its total and a p-value, but the p-value is a function of every count (an attacker
    enumerates the tables that give it), so it is withheld when any count of its population is
    hidden. A withheld row's verdict sentence quotes its figures, so only its rule id is kept; a
    national or census reference is public and stays. A ``withheld`` column marks the blanked
    rows; a withheld row's description loses any bracketed aside quoting a number. Nothing is
    withheld when suppression is off.
    """
    threshold = tables.threshold
    out = rows.copy()
    withheld = []
    for _, r in out.iterrows():
        comparison_id = str(r["comparison_id"])
        if pd.isna(r["local_k"]) and r["family"] != WITHIN:
            withheld.append(threshold > 0 and _whole_distribution_hidden(comparison_id, tables))
            continue
        cells = _row_cells(comparison_id)
        hide = any(tables.is_hidden(*cell) for cell in cells)
        counts = []
        if not pd.isna(r["local_k"]):
            counts += [int(r["local_k"]), int(r["local_n"]) - int(r["local_k"])]
        second = _reference_count(r)
        if second:
            counts += [second[0], second[1] - second[0]]
        hide = hide or any(1 <= c < threshold for c in counts)
        withheld.append(threshold > 0 and hide)
    out["withheld"] = withheld
    out["whole_distribution"] = out["local_k"].isna() & (out["family"] != WITHIN)
    second_group = out["withheld"] & (out["family"] == WITHIN)
    for column in [*WITHHELD_COLUMNS, "reference_label"]:
        out[column] = out[column].astype("object")
        # a national or census reference is public; a second local group's share gives its count away
        hide = second_group if column in ("reference_value", "reference_label") else out["withheld"]
        out.loc[hide, column] = pd.NA
    # a description may quote its counts ("sex stated for 12 of 13" gives away the one child not stated)
    out.loc[out["withheld"], "description"] = out.loc[out["withheld"], "description"].map(_without_counts)
    labels = [verdict_label(r).lower() for r in out[out["withheld"]].to_dict("records")]
    out.loc[out["withheld"], "verdict"] = [
        f"Withheld: the verdict quotes a count suppressed for publication ({label})." for label in labels
    ]
    return out


def reference_text(row) -> str:
    """The reference value as stated: a point, or 'at least'/'at most' for a bound."""
    if pd.isna(row["reference_value"]):
        return "c" if row.get("withheld", False) else "census shares (all groups)"
    word = {"point": "", "lower": "at least ", "upper": "at most "}[row["reference_bound_type"]]
    return f"{word}{float(row['reference_value']):.1f}%"


def comparison_table(rows: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """Comparisons for display: the local figure and interval, the reference, the p-value judged, the rule."""
    level = check_level(level, "confidence_level")
    withheld = rows["withheld"] if "withheld" in rows else pd.Series(False, index=rows.index)
    whole = rows["whole_distribution"] if "whole_distribution" in rows else rows["local_k"].isna()
    out = []
    for (_, r), hide, whole_distribution in zip(rows.iterrows(), withheld, whole, strict=True):
        if whole_distribution:
            local, interval = f"n = {int(r['local_n'])}", "—"
        elif hide:  # n too: "n = 12" of 13 children would give the one whose sex is not stated away
            local, interval = "c", "c"
        else:
            local = f"{int(r['local_k'])} of {int(r['local_n'])} ({float(r['local_value']):.1f}%)"
            interval = f"{float(r['ci_low']):.1f}–{float(r['ci_high']):.1f}%"
        label = r["reference"] if pd.isna(r["reference_label"]) else f"{r['reference']} — {r['reference_label']}"
        out.append(
            (
                comparison_name(r.to_dict()),
                local,
                interval,
                reference_text(r),
                label,
                "c" if hide else "no test" if r["test"] == "none" else format_p(r["p_for_verdict"]),
                verdict_label(r.to_dict()),
            )
        )
    return pd.DataFrame(
        out,
        columns=[
            "comparison",
            default_dataset().place,
            f"{100 * level:g}% interval",
            "reference value",
            "reference",
            "p-value judged",
            "verdict",
        ],
    ).set_index("comparison")
