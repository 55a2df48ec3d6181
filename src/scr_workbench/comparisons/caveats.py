"""The caveats the registry's rows carry, worded for the dataset's place and period."""

from __future__ import annotations

from scr_workbench.data.dataset import Dataset

#: The years DFE-RR226 covers (SCRs notified April 2009–March 2011): the national study, not a board's.
NATIONAL_YEARS = (2009, 2011)

CLUSTER_CAVEAT = (
    "Children are counted, but they cluster in reviews (siblings, groups): the test treats them as "
    "independent, so its p-value is too small."
)
NOT_SCR_CAVEAT = "Learning reviews are not SCRs: the national figure does not cover them."


def national_caveat(dataset: Dataset) -> str:
    """Local and national periods, and whether the local SCRs may be among the national ones."""
    overlap = dataset.period_start <= NATIONAL_YEARS[1] and dataset.period_end >= NATIONAL_YEARS[0]
    independence = (
        f"{dataset.place}'s SCRs of that period are probably among the national ones, so the two are "
        "not fully independent."
        if overlap
        else "the periods do not overlap."
    )
    return (
        f"Local reviews span {dataset.period}, DFE-RR226 covers SCRs notified April "
        f"{NATIONAL_YEARS[0]}–March {NATIONAL_YEARS[1]}; {independence}"
    )


def census_caveat(dataset: Dataset) -> str:
    """The census counts residents of every age, not children."""
    return (
        "The census baseline is all usual residents of every age; "
        f"{dataset.place}'s children are more ethnically diverse than its adults, so the all-ages shares "
        "overstate the White British share expected among children. The census is a complete count, so its "
        "shares carry no sampling error."
    )


def child_baseline_caveat(dataset: Dataset, profile_area: str = "England", counted: bool = False) -> str:
    """Where the children's census baseline comes from: counted (DC2101EW), or how it was estimated and why."""
    if counted:
        return (
            f"The baseline is {dataset.place}'s children aged 0–17 in 2011 as the census counted them (ONS table "
            "DC2101EW, ethnic group by sex by age, a third-party copy of the nomis table). The census is a complete "
            "count, so its shares carry no sampling error."
        )
    return (
        f"The baseline is {dataset.place}'s children aged 0–17 in 2011, estimated by group as {dataset.place}'s "
        f"residents of the group (all ages, QS201EW) times the share of {profile_area}'s residents of that group "
        f"aged 0–17 (2011 census, ethnic group by age): it assumes each group's age structure in {dataset.place} "
        f"is {profile_area}'s. It is an estimate, not a count, and carries no sampling error."
    )
