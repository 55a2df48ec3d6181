"""The place's 2011 census counts (ONS QS201EW) on the report's own ethnic groups."""

from __future__ import annotations

import pandas as pd

from scr_workbench.data.tables import load_table


def census_counts(ons: pd.DataFrame | None = None) -> pd.Series:
    """Usual residents per ethnic group of the report, summed over the rows that partition the total."""
    ons = load_table("census_ethnicity_ons") if ons is None else ons
    parts = ons[ons["report_group"].notna() & (ons["level"] != "total")]
    counts = parts.groupby("report_group")["count"].sum().astype("int64").rename("count")
    if counts.sum() != census_total(ons):
        raise ValueError(
            f"census_ethnicity_ons: the rows with a report_group add to {counts.sum()}, not the total "
            f"{census_total(ons)}; report_group must be set on rows that partition the total, once each"
        )
    return counts


def census_total(ons: pd.DataFrame | None = None) -> int:
    """All usual residents of the place, as ONS states it."""
    ons = load_table("census_ethnicity_ons") if ons is None else ons
    return int(ons.loc[ons["level"] == "total", "count"].iloc[0])


def census_percent(ons: pd.DataFrame | None = None) -> pd.Series:
    """Percentage of the place's usual residents in each ethnic group of the report, unrounded."""
    ons = load_table("census_ethnicity_ons") if ons is None else ons
    return (100 * census_counts(ons) / census_total(ons)).rename("percent")
