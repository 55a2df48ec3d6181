"""Two codings of the themes, their adjudication, and the inter-coder agreement between them (issue 11).

Three tables hold it, and together they keep both original codings:

- ``raw/second-coding.csv`` (dataset source ``second_coding``): a blind second coding, never edited;
- ``theme_adjudications``: every (item, theme) pair on which the two codings disagree, with
  both codings verbatim and the adjudicator's decision and reason;
- ``theme_codes``: the adjudicated coding the reports use. A pair both coders assigned is
  ``reviewed``; a disputed pair the adjudication kept is ``adjudicated``; one it dropped is absent.

The first coding is therefore ``theme_codes`` without the second coder's accepted codes, plus
the first coder's dropped ones (:func:`first_coding`): those are recorded only in
``theme_adjudications``, so the first coding's size (251 codes, as issue 11 counts them) is
pinned by a test. Agreement is Cohen's kappa over every
(item, theme) pair of the codebook, with a bootstrap over items (:mod:`scr_workbench.stats.agreement`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from scr_workbench.coding.themes import load_coding, load_items
from scr_workbench.data.dataset import Dataset, DatasetError
from scr_workbench.data.tables import TableError, load_table, read_raw_csv, resolve, validate
from scr_workbench.stats.agreement import KappaEstimate, kappa_estimate

PAIR = ["item_id", "theme_id"]
#: Columns of the disagreement table (``theme_adjudications``), in file order.
ADJUDICATION_COLUMNS = [
    "item_id",
    "item_kind",
    "theme_id",
    "first_coding",
    "first_rationale",
    "second_coding",
    "second_rationale",
    "decision",
    "status",
    "reason",
]


def load_second_coding(dataset: Dataset | Path | None = None) -> pd.DataFrame:
    """The blind second coding, validated with the coding's own schema (same columns as ``theme_codes``)."""
    dataset, _ = resolve(dataset)
    try:
        path = dataset.source("second_coding")
    except DatasetError as err:
        raise TableError(f"no second coding to compare with: {err}") from None
    return validate("theme_codes", read_raw_csv(path), path, dataset)


def _pairs(frame: pd.DataFrame) -> set[tuple[str, str]]:
    return set(zip(frame["item_id"], frame["theme_id"], strict=True))


def first_coding(codes: pd.DataFrame, adjudications: pd.DataFrame) -> pd.DataFrame:
    """The first coding as it was before adjudication: item_id, item_kind, theme_id, confidence, rationale.

    ``theme_codes`` less the pairs only the second coder assigned, plus the first coder's
    pairs the adjudication dropped (their confidence and rationale are kept in the adjudication).
    """
    second_only = _pairs(adjudications[adjudications["first_coding"] == "not_coded"])
    kept = codes[[p not in second_only for p in zip(codes["item_id"], codes["theme_id"], strict=True)]]
    dropped = adjudications[(adjudications["first_coding"] != "not_coded") & (adjudications["decision"] == "not_code")]
    restored = dropped.rename(columns={"first_coding": "confidence", "first_rationale": "rationale"})
    columns = ["item_id", "item_kind", "theme_id", "confidence", "rationale"]
    return pd.concat([kept[columns], restored[columns]], ignore_index=True)


def disagreements(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """Every pair exactly one coding assigns, as an open adjudication row (the table to adjudicate)."""
    keys = ["item_id", "item_kind", "theme_id"]
    merged = first[keys + ["confidence", "rationale"]].merge(
        second[keys + ["confidence", "rationale"]], on=keys, how="outer", suffixes=("_first", "_second"), indicator=True
    )
    out = merged[merged["_merge"] != "both"].copy()
    for coder in ("first", "second"):
        out[f"{coder}_coding"] = out[f"confidence_{coder}"].fillna("not_coded")
        out[f"{coder}_rationale"] = out[f"rationale_{coder}"]
    out["decision"], out["status"], out["reason"] = pd.NA, "open", pd.NA
    return out[ADJUDICATION_COLUMNS].sort_values(PAIR, kind="stable").reset_index(drop=True)


def check_adjudications(codes: pd.DataFrame, adjudications: pd.DataFrame, second: pd.DataFrame) -> list[str]:
    """What makes the three tables disagree with each other; empty when they are consistent.

    Every disagreement between the first and the second coding is adjudicated, exactly once,
    with both codings verbatim; ``theme_codes`` holds the pairs both coders assigned
    (``reviewed``) and those the adjudication decided to code (``adjudicated``), and no other.
    """
    problems = []
    first = first_coding(codes, adjudications)
    expected = disagreements(first, second).set_index(PAIR)
    recorded = adjudications.set_index(PAIR)
    for pair in sorted(set(expected.index) - set(recorded.index)):
        problems.append(f"theme_adjudications: no row for the disagreement on item {pair[0]!r}, theme {pair[1]!r}")
    for pair in sorted(set(recorded.index) - set(expected.index)):
        problems.append(
            f"theme_adjudications: item {pair[0]!r}, theme {pair[1]!r} is no disagreement of the two codings"
        )
    for pair in sorted(set(recorded.index) & set(expected.index)):
        for column in ("first_coding", "first_rationale", "second_coding", "second_rationale"):
            want, got = expected.at[pair, column], recorded.at[pair, column]
            if not (pd.isna(want) and pd.isna(got)) and want != got:
                problems.append(
                    f"theme_adjudications: item {pair[0]!r}, theme {pair[1]!r}, column {column!r}: "
                    f"{got!r} is not the coding's {want!r}"
                )
    both = _pairs(first) & _pairs(second)
    coded = _pairs(recorded.reset_index().query("decision == 'code'"))
    for index, row in codes.iterrows():
        pair = (row["item_id"], row["theme_id"])
        status = "reviewed" if pair in both else "adjudicated" if pair in coded else None
        if status is None:
            problems.append(
                f"theme_codes, row {index} (line {index + 2}): item {pair[0]!r}, theme {pair[1]!r} is coded "
                "but the adjudication decided not_code"
            )
        elif row["status"] != status:
            problems.append(
                f"theme_codes, row {index} (line {index + 2}), column 'status': {row['status']!r}, expected {status!r}"
            )
    for pair in sorted(coded - _pairs(codes)):
        problems.append(f"theme_codes: no row for item {pair[0]!r}, theme {pair[1]!r}, which the adjudication codes")
    return problems


@dataclass(frozen=True)
class Codings:
    """The two original codings, the adjudication, the adjudicated coding, and what was coded against."""

    first: pd.DataFrame
    second: pd.DataFrame
    adjudications: pd.DataFrame
    adjudicated: pd.DataFrame
    items: pd.DataFrame
    themes: pd.DataFrame


def load_codings(dataset: Dataset | Path | None = None) -> Codings:
    """Every coding of the dataset, cross-checked; raises TableError naming table, row and column."""
    themes, codes = load_coding(dataset)
    adjudications = load_table("theme_adjudications", dataset)
    second = load_second_coding(dataset)
    problems = check_adjudications(codes, adjudications, second)
    unknown = sorted(set(second["theme_id"]) - set(themes["theme_id"]))
    problems += [f"second coding: theme {t!r} is not in the codebook" for t in unknown]
    if problems:
        raise TableError("the two codings and their adjudication disagree:\n  " + "\n  ".join(problems))
    first = first_coding(codes, adjudications)
    return Codings(first, second, adjudications, codes, load_items(dataset), themes)


def check_codings(dataset: Dataset | Path | None = None) -> None:
    """Cross-check both codings and the adjudication where the dataset has a second coding (else nothing)."""
    if "second_coding" in resolve(dataset)[0].sources:
        load_codings(dataset)


def against_first_coding(coding: pd.DataFrame, dataset: Dataset | Path | None = None, level: float = 0.95):
    """Kappa of a further ``coding`` against the first coding, and the open disagreement table to adjudicate."""
    themes, codes = load_coding(dataset)
    first = first_coding(codes, load_table("theme_adjudications", dataset))
    items = load_items(dataset)
    tables = unit_tables(first, coding, list(items["item_id"]), list(themes["theme_id"]))
    return kappa_estimate(tables.sum(axis=1), level), disagreements(first, coding)


# --- agreement -------------------------------------------------------------------------


def unit_tables(first: pd.DataFrame, second: pd.DataFrame, item_ids: list[str], theme_ids: list[str]) -> np.ndarray:
    """Per item and theme, the 2×2 table of one decision: shape (items, themes, 2, 2).

    Cell ``[0, 0]`` both coders assign the theme, ``[0, 1]`` the first only, ``[1, 0]`` the
    second only, ``[1, 1]`` neither.
    """
    item_at = {item: i for i, item in enumerate(item_ids)}
    theme_at = {theme: j for j, theme in enumerate(theme_ids)}
    tables = np.zeros((len(item_ids), len(theme_ids), 2, 2), dtype=int)
    a, b = _pairs(first), _pairs(second)
    tables[:, :, 1, 1] = 1
    for item, theme in a | b:
        i, j = item_at[item], theme_at[theme]
        tables[i, j, 1, 1] = 0
        tables[i, j, 0 if (item, theme) in a else 1, 0 if (item, theme) in b else 1] = 1
    return tables


def _row(estimate: KappaEstimate, **labels) -> dict:
    return {
        **labels,
        "n_items": estimate.n_units,
        "both": estimate.both,
        "first_only": estimate.first_only,
        "second_only": estimate.second_only,
        "observed_agreement": estimate.observed_agreement,
        "kappa": estimate.kappa,
        "kappa_low": estimate.low,
        "kappa_high": estimate.high,
        "asymptotic_low": estimate.asymptotic_low,
        "asymptotic_high": estimate.asymptotic_high,
    }


@dataclass(frozen=True)
class Reliability:
    """Kappa overall, per kind of item and per theme, each with its bootstrap interval over items."""

    overall: pd.DataFrame
    per_kind: pd.DataFrame
    per_theme: pd.DataFrame
    level: float


def reliability(codings: Codings, level: float = 0.95) -> Reliability:
    """Agreement of the two original codings over every (item, theme) pair of the codebook."""
    items, themes = codings.items, codings.themes
    theme_ids = list(themes["theme_id"])
    tables = unit_tables(codings.first, codings.second, list(items["item_id"]), theme_ids)
    per_item = tables.sum(axis=1)
    overall = pd.DataFrame([_row(kappa_estimate(per_item, level), scope="all items")])
    kinds = [
        _row(kappa_estimate(per_item[(items["item_kind"] == kind).to_numpy()], level), item_kind=kind)
        for kind in dict.fromkeys(items["item_kind"])
    ]
    labels = themes.set_index("theme_id")["label"]
    per_theme = [
        _row(kappa_estimate(tables[:, j], level), theme_id=theme, label=labels[theme])
        for j, theme in enumerate(theme_ids)
    ]
    return Reliability(overall, pd.DataFrame(kinds), pd.DataFrame(per_theme), level)
