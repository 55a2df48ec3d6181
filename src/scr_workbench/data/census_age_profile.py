"""The children's ethnic mix of the place in 2011, estimated from its all-ages census counts and a census age profile.

Children are more ethnically diverse than adults, so the place's all-ages census shares
(QS201EW) are the wrong baseline for the ethnicity of children in reviews. No public copy of
the local table by age (DC2101EW for one local authority) is in the project; the dataset may
instead give the census age profile of each ethnic group for a wider area (``sources:
census_age_profile``, England in the project's data). The method is indirect age
standardisation: the children (0–17) of ethnic group *g* in the place are estimated as the
place's residents of group *g* (all ages) times the share of the wider area's group *g* aged
0–17. It assumes each group's age structure in the place is the wider area's.
"""

from __future__ import annotations

import ast

import pandas as pd

from scr_workbench.data.census import census_counts
from scr_workbench.data.dataset import Dataset, default_dataset
from scr_workbench.data.tables import load_table

#: The census age bands (DC2101EW) that make up children aged 0–17.
CHILD_AGE_BANDS = ("0 to 4", "5 to 7", "8 to 9", "10 to 14", "15", "16 to 17")
#: Where the profile's list of rows starts in the source file.
LIST_START = "Population_Data = "
#: The profile's label for a QS201EW group row is "<group>: Total"; ONS spells a few groups differently there.
GROUP_ALIASES = {"Mixed/multiple ethnic groups": "Mixed/multiple ethnic group"}
#: Labels some extracts give that the 2011 classification files elsewhere (Chinese is Asian/Asian British in 2011).
RELABEL = {"Other ethnic group: Chinese": "Asian/Asian British: Chinese"}
#: Label of the age band breakdown of the profile, for captions and the registry's baseline column.
CHILD_BASELINE = "children 0-17 (2011)"
ALL_AGES_BASELINE = "all ages (2011)"


def has_age_profile(dataset: Dataset | None = None) -> bool:
    """Whether the dataset gives a census age profile (``sources: census_age_profile``)."""
    return "census_age_profile" in (dataset or default_dataset()).sources


def age_profile(dataset: Dataset | None = None) -> pd.DataFrame:
    """The census age profile, one row per ethnic group, sex and age band, checked against its own totals.

    Returns columns ``ethnic_group`` (the ONS label, e.g. "White: Irish" or "Asian/Asian British: Total";
    labels in :data:`RELABEL` moved to their 2011 group),
    ``sex``, ``age_band`` and ``count``. Raises ValueError naming the file when it cannot be read or a
    group total is not the sum of its groups.
    """
    dataset = dataset or default_dataset()
    path = dataset.source("census_age_profile")
    text = path.read_text(encoding="utf-8")
    start = text.find(LIST_START)
    if start < 0:
        raise ValueError(f"{path.name}: no '{LIST_START}[' list of rows found")
    try:
        rows = ast.literal_eval(text[start + len(LIST_START) :].strip())
    except (SyntaxError, ValueError) as err:
        raise ValueError(f"{path.name}: the list after '{LIST_START}' is not a list of rows ({err})") from None
    if not all(isinstance(r, list) and len(r) == 5 and str(r[4]).isdigit() for r in rows):
        raise ValueError(f"{path.name}: every row must be [short name, label, sex, age band, count as digits]")
    frame = pd.DataFrame(
        [(RELABEL.get(label, label), sex, age, int(count)) for _, label, sex, age, count in rows],
        columns=["ethnic_group", "sex", "age_band", "count"],
    )
    _check_totals(frame, path.name)
    return frame


def _check_totals(frame: pd.DataFrame, name: str) -> None:
    """Every "<group>: Total" equals the sum of that group's rows, for each sex and age band."""
    if frame.duplicated(["ethnic_group", "sex", "age_band"]).any():
        raise ValueError(f"{name}: an ethnic group, sex and age band appears twice")
    parent, part = frame["ethnic_group"].str.extract(r"^(.*): (.*)$").T.to_numpy()
    totals = part == "Total"
    keys = ["sex", "age_band"]
    for group in sorted(set(parent[totals])):
        summed = frame[(parent == group) & ~totals].groupby(keys)["count"].sum()
        total = frame[(parent == group) & totals].set_index(keys)["count"]
        if not summed.sort_index().equals(total.sort_index()):
            raise ValueError(f"{name}: '{group}: Total' is not the sum of its groups for every sex and age band")


def child_share_by_label(dataset: Dataset | None = None) -> pd.Series:
    """Share of each ethnic group's residents (both sexes) aged 0–17 in the age profile, by ONS label."""
    profile = age_profile(dataset)
    all_ages = profile.groupby("ethnic_group")["count"].sum()
    children = profile[profile["age_band"].isin(CHILD_AGE_BANDS)].groupby("ethnic_group")["count"].sum()
    return (children.reindex(all_ages.index, fill_value=0) / all_ages).rename("child_share")


def _profile_label(level: str, name: str) -> str:
    """The age profile's label for a QS201EW row: subgroups keep their name, groups become "<group>: Total"."""
    return name if level == "subgroup" else f"{GROUP_ALIASES.get(name, name)}: Total"


def child_census_counts(dataset: Dataset | None = None) -> pd.Series:
    """Estimated children (0–17) of the place per ethnic group of the report, from all-ages counts × child share.

    The estimates are not whole numbers; only their shares are used as a baseline.
    """
    dataset = dataset or default_dataset()
    ons = load_table("census_ethnicity_ons", dataset)
    shares = child_share_by_label(dataset)
    parts = ons[ons["report_group"].notna() & (ons["level"] != "total")]
    labels = [_profile_label(r.level, r.ethnic_group) for r in parts.itertuples()]
    missing = sorted(set(labels) - set(shares.index))
    if missing:
        raise ValueError(
            f"census_ethnicity_ons: no age profile for {missing} in {dataset.source('census_age_profile').name}; "
            f"expected one of {sorted(shares.index)}"
        )
    children = parts["count"].to_numpy() * shares.loc[labels].to_numpy()
    estimated = pd.Series(children, index=parts["report_group"].to_numpy()).groupby(level=0).sum()
    return estimated.reindex(census_counts(ons).index).rename("children")
