"""The place's children (0–17) by ethnic group in 2011, counted: the census table by ethnic group, sex and age.

The ethnicity of children in reviews is compared with the place's children, not with all its
residents (children are more ethnically diverse than adults). ONS table DC2101EW counts them
directly for one local authority (``sources: census_children`` in dataset.yml, a nomis bulk
extract: a header line of "Sex: …; Age: …; Ethnic Group: …; measures: Value" columns and the
place's line). It replaces the indirect estimate of
:mod:`~scr_workbench.data.census_age_profile`, which stays only as a cross-check of what the
estimate costs a board without such a table.
"""

from __future__ import annotations

import re

import pandas as pd

from scr_workbench.data.census import census_counts, census_total
from scr_workbench.data.census_age_profile import CHILD_AGE_BANDS, _profile_label
from scr_workbench.data.dataset import Dataset, default_dataset
from scr_workbench.data.tables import load_table

#: A nomis column of the table: sex, age band and ethnic group.
COLUMN = re.compile(r"^Sex: (?P<sex>[^;]+); Age: (?P<age>[^;]+); Ethnic Group: (?P<group>[^;]+); measures: Value$")
ALL_AGES = "All categories: Age"
ALL_PERSONS = "All persons"
ALL_GROUPS = "All categories: Ethnic group"


def has_counted_children(dataset: Dataset | None = None) -> bool:
    """Whether the dataset gives the place's census by ethnic group and age (``sources: census_children``)."""
    return "census_children" in (dataset or default_dataset()).sources


def ethnic_group_by_age(dataset: Dataset | None = None) -> pd.DataFrame:
    """The table in long form, checked: columns ``sex``, ``age_band`` (e.g. "0 to 4"), ``ethnic_group``, ``count``.

    Raises ValueError naming the file and the column or check that fails: every cell a whole number,
    the all-ages total equal to QS201EW's, every group total the sum of its groups, males plus
    females equal to all persons, and the age bands adding to all ages.
    """
    dataset = dataset or default_dataset()
    path = dataset.source("census_children")
    raw = pd.read_csv(path, dtype=str)
    if len(raw) != 1:
        raise ValueError(f"{path.name}: expected one line of counts for {dataset.place}, found {len(raw)}")
    records, row = [], raw.iloc[0]  # the one line, read once (not once a column: 1,600 columns)
    for column in raw.columns[3:]:
        match = COLUMN.match(column)
        value = str(row[column])
        if match is None:
            raise ValueError(
                f"{path.name}: column {column!r} is not 'Sex: …; Age: …; Ethnic Group: …; measures: Value'"
            )
        if not value.isdigit():
            raise ValueError(f"{path.name}: column {column!r} holds {value!r}; expected a whole number")
        age = match["age"].removeprefix("Age ")
        records.append((match["sex"], age, match["group"], int(value)))
    frame = pd.DataFrame(records, columns=["sex", "age_band", "ethnic_group", "count"])
    _check(frame, path.name, census_total(load_table("census_ethnicity_ons", dataset)))
    return frame


def _check(frame: pd.DataFrame, name: str, qs201_total: int) -> None:
    """The table's own sums hold, and its total is QS201EW's."""
    cells = frame.set_index(["sex", "age_band", "ethnic_group"])["count"]
    if cells.index.duplicated().any():
        raise ValueError(f"{name}: a sex, age band and ethnic group appears twice")
    total = int(cells.get((ALL_PERSONS, ALL_AGES, ALL_GROUPS), -1))
    if total != qs201_total:
        raise ValueError(f"{name}: all persons of all ages number {total}, not QS201EW's {qs201_total}")
    groups = frame["ethnic_group"].str.extract(r"^(.*): (.*)$")
    is_total = groups[1] == "Total"
    for parent in sorted(set(groups.loc[is_total, 0])):
        parts = frame[(groups[0] == parent) & ~is_total].groupby(["sex", "age_band"])["count"].sum()
        stated = frame[(groups[0] == parent) & is_total].set_index(["sex", "age_band"])["count"]
        if not parts.sort_index().equals(stated.sort_index()):
            raise ValueError(f"{name}: '{parent}: Total' is not the sum of its groups for every sex and age band")
    whole = frame[~is_total & (frame["ethnic_group"] != ALL_GROUPS)].groupby(["sex", "age_band"])["count"].sum()
    stated = frame[frame["ethnic_group"] == ALL_GROUPS].set_index(["sex", "age_band"])["count"]
    if not whole.sort_index().equals(stated.sort_index()):
        raise ValueError(f"{name}: '{ALL_GROUPS}' is not the sum of the 18 groups for every sex and age band")
    by_sex = frame.pivot_table(index=["age_band", "ethnic_group"], columns="sex", values="count", aggfunc="sum")
    if not (by_sex["Males"] + by_sex["Females"]).equals(by_sex[ALL_PERSONS]):
        raise ValueError(f"{name}: males plus females differ from all persons for some age band and ethnic group")
    bands = frame[frame["age_band"] != ALL_AGES].groupby(["sex", "ethnic_group"])["count"].sum()
    stated = frame[frame["age_band"] == ALL_AGES].set_index(["sex", "ethnic_group"])["count"]
    if not bands.sort_index().equals(stated.sort_index()):
        raise ValueError(f"{name}: the age bands do not add to '{ALL_AGES}' for every sex and ethnic group")


def counted_child_census_counts(dataset: Dataset | None = None) -> pd.Series:
    """Children (0–17, both sexes) of the place per ethnic group of the report, counted (whole numbers)."""
    dataset = dataset or default_dataset()
    table = ethnic_group_by_age(dataset)
    children = table[(table["sex"] == ALL_PERSONS) & table["age_band"].isin(CHILD_AGE_BANDS)]
    by_label = children.groupby("ethnic_group")["count"].sum()
    ons = load_table("census_ethnicity_ons", dataset)
    parts = ons[ons["report_group"].notna() & (ons["level"] != "total")]
    labels = [_profile_label(r.level, r.ethnic_group) for r in parts.itertuples()]
    missing = sorted(set(labels) - set(by_label.index))
    if missing:
        raise ValueError(
            f"census_ethnicity_ons: no DC2101EW group for {missing} in {dataset.source('census_children').name}"
        )
    counted = pd.Series(by_label.loc[labels].to_numpy(), index=parts["report_group"].to_numpy()).groupby(level=0).sum()
    return counted.reindex(census_counts(ons).index).astype("int64").rename("children")


def counted_children_total(dataset: Dataset | None = None) -> int:
    """All children (0–17) of the place counted in the census."""
    table = ethnic_group_by_age(dataset)
    rows = table[(table["sex"] == ALL_PERSONS) & (table["ethnic_group"] == ALL_GROUPS)]
    return int(rows[rows["age_band"].isin(CHILD_AGE_BANDS)]["count"].sum())


def estimate_against_count(dataset: Dataset | None = None) -> pd.DataFrame:
    """The indirect estimate of the children's ethnic mix against the count, per report group (a cross-check).

    Columns ``estimated``, ``counted`` (children), ``estimated_percent``, ``counted_percent`` and
    ``difference_points`` (estimate minus count, percentage points); a last row ``Total`` compares the
    numbers of children.
    """
    from scr_workbench.data.census_age_profile import child_census_counts

    estimated, counted = child_census_counts(dataset), counted_child_census_counts(dataset).astype(float)
    frame = pd.DataFrame({"estimated": estimated, "counted": counted})
    frame["estimated_percent"] = 100 * frame["estimated"] / frame["estimated"].sum()
    frame["counted_percent"] = 100 * frame["counted"] / frame["counted"].sum()
    frame["difference_points"] = frame["estimated_percent"] - frame["counted_percent"]
    total = frame[["estimated", "counted"]].sum()
    frame.loc["Total", ["estimated", "counted"]] = total.to_numpy()
    frame.loc["Total", "difference_points"] = float("nan")
    return frame


def counted_children_by_sex(dataset: Dataset | None = None) -> dict[str, int]:
    """The place's children (0–17) counted in the census by sex: {"Males": …, "Females": …}."""
    table = ethnic_group_by_age(dataset)
    rows = table[(table["ethnic_group"] == ALL_GROUPS) & table["age_band"].isin(CHILD_AGE_BANDS)]
    return {sex: int(rows.loc[rows["sex"] == sex, "count"].sum()) for sex in ("Males", "Females")}
