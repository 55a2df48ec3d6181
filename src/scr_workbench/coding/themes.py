"""Theme coding of the board's learning against the national findings of DFE-RR226 (issue 5).

The codebook (``themes``) and the coding (``theme_codes``) are curated tables, coded by
reading each item; this module only loads, checks and summarises them:

- :func:`load_coding` loads both tables with :func:`scr_workbench.data.tables.load_table` and
  checks what a single-table schema cannot: every code names a theme of the codebook and
  an item that exists, and each theme's ``national_finding_ids`` are exactly the national
  findings coded to it.
- :func:`theme_source_matrix` counts coded items per theme and source (the board's learning
  points by age group, good practice, changes, national findings).
- :func:`national_without_local` and :func:`local_without_national` list the gaps both ways.
- :func:`theme_quotes` gives a theme's items, quoted with their references.

The rule-based suggester and its agreement with the coding live in
:mod:`scr_workbench.coding.suggester`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from scr_workbench.data.choices import check_choice
from scr_workbench.data.dataset import Dataset, default_dataset
from scr_workbench.data.tables import TableError, load_table
from scr_workbench.viz.literal import data_text

#: Values the ``age_group`` filter accepts; "all" keeps every item.
AGE_GROUPS = ("babies_preschool", "school_age", "all")

#: Columns of the theme-by-source matrix, in display order (labels: :func:`source_labels`).
SOURCES: tuple[str, ...] = (
    "learning_babies_preschool",
    "learning_school_age",
    "good_practice",
    "changes",
    "national_findings",
)
_AGE_WORDS = {"babies_preschool": "babies & pre-school", "school_age": "school age"}
#: Short column labels for the heatmap.
SHORT_SOURCES: dict[str, str] = {
    "learning_babies_preschool": "Learning:\nbabies &\npre-school",
    "learning_school_age": "Learning:\nschool age",
    "good_practice": "Good\npractice",
    "changes": "What has\nchanged",
    "national_findings": "National\nfindings\n(DFE-RR226)",
}
#: Kinds of item that are the board's own learning (the rest are national findings).
LOCAL_KINDS = ("learning_point", "good_practice", "change")

#: Where each kind of item comes from: table, id column.
_ITEM_TABLES = {
    "learning_point": ("learning_points", "item_id"),
    "good_practice": ("good_practice", "item_id"),
    "change": ("changes", "item_id"),
    "national_finding": ("national_findings", "finding_id"),
}


# --- loading ---------------------------------------------------------------------------


def load_items(directory: Dataset | Path | None = None) -> pd.DataFrame:
    """Every codable item in one frame: item_id, item_kind, age_group, source_ref, heading, quote, source.

    ``heading`` is the bullet heading of a change paragraph (empty otherwise); ``source`` is
    the matrix column the item counts in (see :data:`SOURCES`).
    """
    frames = []
    for kind, (table, id_column) in _ITEM_TABLES.items():
        df = load_table(table, directory)
        frame = pd.DataFrame(
            {
                "item_id": df[id_column].astype(str),
                "item_kind": kind,
                "age_group": df["age_group"].astype(str),
                "source_ref": df["source_ref"].astype(str),
                "heading": df["heading"].astype(str) if "heading" in df else "",
                "quote": df["quote"].astype(str),
            }
        )
        frames.append(frame)
    items = pd.concat(frames, ignore_index=True)
    items["source"] = [_source_of(k, a) for k, a in zip(items["item_kind"], items["age_group"], strict=True)]
    return items


def _source_of(kind: str, age_group: str) -> str:
    if kind == "learning_point":
        return f"learning_{age_group}"
    return {"good_practice": "good_practice", "change": "changes", "national_finding": "national_findings"}[kind]


def _span(ids: pd.Series) -> str:
    """First–last of item ids in numeric order ("5.1–6.7", "5 a–s")."""
    key = [tuple(int(n) if n.isdigit() else n for n in re.findall(r"\d+|[a-z]", i)) for i in ids]
    ordered = [i for _, i in sorted(zip(key, ids, strict=True))]
    return ordered[0] if len(ordered) == 1 else f"{ordered[0]}–{ordered[-1]}"


def source_labels(items: pd.DataFrame | None = None, dataset: Dataset | None = None) -> dict[str, str]:
    """Display labels of the matrix columns, with the place and the item ranges the items span."""
    dataset = dataset or default_dataset()
    items = load_items(dataset) if items is None else items
    labels = {}
    for age_group, words in _AGE_WORDS.items():
        ids = items.loc[items["source"] == f"learning_{age_group}", "item_id"]
        sections = sorted({i.rstrip("abcdefghijklmnopqrstuvwxyz") for i in ids}, key=int)
        letters = _span(ids.str[-1]) if len(ids) else ""
        labels[f"learning_{age_group}"] = f"{dataset.place} learning points: {words} ({'/'.join(sections)} {letters})"
    practice = items.loc[items["source"] == "good_practice", "item_id"].str.removeprefix("GP")
    labels["good_practice"] = f"{dataset.place} good practice ({_span(practice)})"
    labels["changes"] = f"What has changed in {dataset.place}"
    labels["national_findings"] = "National findings (DFE-RR226)"
    return labels


def _split_ids(value) -> list[str]:
    return [] if pd.isna(value) or not str(value).strip() else str(value).split(";")


def load_coding(directory: Dataset | Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The codebook and the coding, validated and cross-checked; raises TableError naming table and column.

    Checks beyond each table's schema: every ``theme_codes.theme_id`` is a theme of the
    codebook; every ``theme_codes.item_id`` exists in the table its ``item_kind`` names;
    every ``themes.national_finding_ids`` entry is a national finding, and equals the set of
    national findings coded to the theme.
    """
    themes = load_table("themes", directory)
    codes = load_table("theme_codes", directory)
    items = load_items(directory)
    problems: list[str] = []

    def where(table: str, index: int, column: str) -> str:
        return f"table {table!r}, row {index} (line {index + 2}), column {column!r}"

    known_themes = set(themes["theme_id"])
    for index, value in codes["theme_id"].items():
        if value not in known_themes:
            problems.append(f"{where('theme_codes', index, 'theme_id')}: {value!r} is not a theme_id of table 'themes'")
    known_items = set(zip(items["item_id"], items["item_kind"], strict=True))
    for index, (item, kind) in enumerate(zip(codes["item_id"], codes["item_kind"], strict=True)):
        if (item, kind) not in known_items:
            table = _ITEM_TABLES[kind][0]
            problems.append(
                f"{where('theme_codes', codes.index[index], 'item_id')}: {item!r} is not an item of table {table!r}"
            )
    findings = set(items.loc[items["item_kind"] == "national_finding", "item_id"])
    coded_national = codes[codes["item_kind"] == "national_finding"].groupby("theme_id")["item_id"].apply(set).to_dict()
    for index, row in themes.iterrows():
        listed = set(_split_ids(row["national_finding_ids"]))
        unknown = sorted(listed - findings)
        if unknown:
            problems.append(
                f"{where('themes', index, 'national_finding_ids')}: {', '.join(unknown)} "
                "not a finding_id of table 'national_findings'"
            )
        coded = coded_national.get(row["theme_id"], set())
        if listed != coded:
            problems.append(
                f"{where('themes', index, 'national_finding_ids')}: lists {sorted(listed)} for "
                f"{row['theme_id']!r} but theme_codes codes {sorted(coded)} to it"
            )
    if problems:
        raise TableError("theme coding is inconsistent:\n  " + "\n  ".join(problems))
    return themes, codes


def _filter_age(items: pd.DataFrame, age_group: str) -> pd.DataFrame:
    """Items of one age group; national findings for all ages stay in every group."""
    check_choice(age_group, "age_group", AGE_GROUPS)
    if age_group == "all":
        return items
    return items[items["age_group"].isin([age_group, "all"])]


# --- the matrix ------------------------------------------------------------------------


def theme_source_matrix(
    codes: pd.DataFrame,
    items: pd.DataFrame,
    themes: pd.DataFrame,
    age_group: str = "all",
    min_mentions: int = 1,
    theme: str = "all",
) -> pd.DataFrame:
    """Items coded to each theme, by source: rows themes (codebook order), columns :data:`SOURCES`.

    ``age_group`` keeps the items of that group (plus national findings for all ages) and
    drops the learning-point column of the other group; ``min_mentions`` keeps themes
    whose row total is at least that; ``theme`` keeps one theme_id ("all" keeps every theme).
    Cells count distinct items.
    """
    kept = _filter_age(items, age_group)
    columns = [s for s in SOURCES if s in set(kept["source"])]
    coded = codes.merge(kept[["item_id", "item_kind", "source"]], on=["item_id", "item_kind"], how="inner")
    matrix = (
        pd.crosstab(coded["theme_id"], coded["source"])
        .reindex(index=themes["theme_id"], columns=columns, fill_value=0)
        .fillna(0)
        .astype(int)
    )
    matrix.index.name, matrix.columns.name = "theme_id", "source"
    if theme != "all":
        matrix = matrix.loc[[theme]]
    return matrix[matrix.sum(axis=1) >= min_mentions]


def labelled(matrix: pd.DataFrame, themes: pd.DataFrame) -> pd.DataFrame:
    """The matrix with theme labels as rows and source labels as columns, for display."""
    labels = themes.set_index("theme_id")["label"]
    out = matrix.rename(index=labels, columns=source_labels())
    out.index.name, out.columns.name = "theme", "source"
    return out


# --- gaps both ways --------------------------------------------------------------------


def theme_overview(
    codes: pd.DataFrame, items: pd.DataFrame, themes: pd.DataFrame, age_group: str = "all", explicit_only: bool = False
) -> pd.DataFrame:
    """Per theme: its national findings, and how many local and national items carry it.

    ``explicit_only`` counts only codes whose confidence is 'explicit' (the item names the
    theme), leaving out the coder's interpretive readings.
    """
    kept = _filter_age(items, age_group)
    used = codes if not explicit_only else codes[codes["confidence"] == "explicit"]
    coded = used.merge(kept[["item_id", "item_kind"]], on=["item_id", "item_kind"], how="inner")
    local = coded[coded["item_kind"].isin(LOCAL_KINDS)]
    national = coded[coded["item_kind"] == "national_finding"]
    out = themes[["theme_id", "label", "national_finding_ids"]].copy()
    out["national_finding_ids"] = out["national_finding_ids"].fillna("")
    out["n_local_items"] = out["theme_id"].map(local.groupby("theme_id")["item_id"].nunique()).fillna(0).astype(int)
    out["local_items"] = out["theme_id"].map(local.groupby("theme_id")["item_id"].agg(", ".join)).fillna("")
    out["n_national_findings"] = (
        out["theme_id"].map(national.groupby("theme_id")["item_id"].nunique()).fillna(0).astype(int)
    )
    return out.reset_index(drop=True)


def national_without_local(
    codes: pd.DataFrame, items: pd.DataFrame, themes: pd.DataFrame, age_group: str = "all", explicit_only: bool = False
) -> pd.DataFrame:
    """Themes of national findings (in the age group) that no local learning point, good practice or change carries."""
    o = theme_overview(codes, items, themes, age_group, explicit_only)
    return o[(o["n_national_findings"] > 0) & (o["n_local_items"] == 0)][
        ["theme_id", "label", "national_finding_ids"]
    ].reset_index(drop=True)


def national_echoed(
    codes: pd.DataFrame, items: pd.DataFrame, themes: pd.DataFrame, age_group: str = "all", explicit_only: bool = False
) -> pd.DataFrame:
    """Themes of national findings (in the age group) that the board's items also carry, with those items."""
    o = theme_overview(codes, items, themes, age_group, explicit_only)
    return o[(o["n_national_findings"] > 0) & (o["n_local_items"] > 0)][
        ["theme_id", "label", "national_finding_ids", "n_local_items", "local_items"]
    ].reset_index(drop=True)


def local_without_national(
    codes: pd.DataFrame, items: pd.DataFrame, themes: pd.DataFrame, age_group: str = "all", explicit_only: bool = False
) -> pd.DataFrame:
    """Themes the board's items carry (in the age group) that no national finding in the report corresponds to."""
    o = theme_overview(codes, items, themes, age_group, explicit_only)
    return o[(o["national_finding_ids"] == "") & (o["n_local_items"] > 0)][
        ["theme_id", "label", "n_local_items", "local_items"]
    ].reset_index(drop=True)


# --- quotes ----------------------------------------------------------------------------

_KIND_LABELS = {
    "learning_point": "learning point",
    "good_practice": "good practice",
    "change": "what has changed",
    "national_finding": "national finding (DFE-RR226)",
}


def theme_quotes(theme: str, codes: pd.DataFrame, items: pd.DataFrame, age_group: str = "all") -> pd.DataFrame:
    """The items coded to ``theme``, in source order, with reference, quote, confidence and rationale."""
    kept = _filter_age(items, age_group).reset_index(drop=True)
    kept["order"] = range(len(kept))
    chosen = codes[codes["theme_id"] == theme]
    if chosen.empty and theme not in set(codes["theme_id"]):
        raise ValueError(f"theme {theme!r} has no codes; is it a theme_id of the codebook?")
    out = chosen.merge(kept, on=["item_id", "item_kind"], how="inner").sort_values("order")
    return out[
        ["item_id", "item_kind", "age_group", "source_ref", "heading", "quote", "confidence", "rationale"]
    ].reset_index(drop=True)


def quotes_markdown(
    theme_ids: list[str], codes: pd.DataFrame, items: pd.DataFrame, themes: pd.DataFrame, age_group: str = "all"
) -> str:
    """Markdown listing each theme's items quoted with their references (for a notebook); curated text literal."""
    labels = themes.set_index("theme_id")["label"]
    parts = []
    for theme in theme_ids:
        rows = theme_quotes(theme, codes, items, age_group)
        parts.append(f"#### {data_text(labels[theme])}: {len(rows)} item{'s' if len(rows) != 1 else ''}\n")
        for r in rows.itertuples():
            where = data_text(r.source_ref) + (f", under “{data_text(r.heading)}”" if r.heading else "")
            mark = "" if r.confidence == "explicit" else " *(interpretive: " + data_text(r.rationale.rstrip(".")) + ")*"
            parts.append(
                f"- **{data_text(r.item_id)}** ({_KIND_LABELS[r.item_kind]}, {where}): “{data_text(r.quote)}”{mark}"
            )
        parts.append("")
    return "\n".join(parts)
