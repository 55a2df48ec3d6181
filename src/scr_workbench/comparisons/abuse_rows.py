"""SCRs against LRs in each category of abuse, counted by child and by case: one Fisher's exact test per
category and unit, every one a registry row so that the registry's one Holm family covers them.

The categories-of-abuse page prints these tests; before they were rows here they had a Holm adjustment of their
own over four categories, outside the registry's family. Counted by child, the children of one case share its
category, so each child row carries the same question counted by case (its review-level twin) and the design
effect; counted by case, the cases are the independent units.
"""

from __future__ import annotations

from scr_workbench.comparisons.row_builders import review_level_test, within_row
from scr_workbench.comparisons.sources import Sources, refs
from scr_workbench.data.table_spec import ABUSE_CATEGORIES

#: The two units a category can be counted in, as the abuse table's columns name them.
UNITS: dict[str, str] = {"children": "n_children", "cases": "n_cases"}


def abuse_rows(src: Sources, level: float) -> list[dict]:
    """One row per category the abuse table lists and per unit (children, cases), SCRs against LRs.

    The children's totals are the children counted by age (the registry's totals: 13 and 40), so a child
    whose case has no category in the table counts in the total but in no category.
    """
    place = src.place
    counted = {unit: src.abuse.groupby(["review_type", "category"])[column].sum() for unit, column in UNITS.items()}
    totals = {
        "children": {t: src.children(t) for t in ("scr", "lr")},
        "cases": {t: int(counted["cases"].loc[t].sum()) for t in ("scr", "lr")},
    }
    present = [c for c in ABUSE_CATEGORIES if c in set(src.abuse["category"])]
    ids = src.review_ids("scr") + src.review_ids("lr")
    sizes = src.cluster_sizes(ids)
    clustering = src.clustering(ids, totals["children"]["scr"] + totals["children"]["lr"], "children")

    def k(unit: str, review_type: str, category: str) -> int:
        return int(counted[unit].get((review_type, category), 0))

    rows = []
    for category in present:
        label = category.replace("_", " ")
        for unit in UNITS:
            by_child = unit == "children"
            rows.append(
                within_row(
                    level,
                    f"{category}_{unit}_scr_vs_lr",
                    k(unit, "scr", category),
                    totals[unit]["scr"],
                    k(unit, "lr", category),
                    totals[unit]["lr"],
                    place=place,
                    labels=(f"{place} SCR children", f"{place} LR children")
                    if by_child
                    else (f"{place} SCRs", f"{place} LRs"),
                    measure=f"the share in {label.replace(' ', '-')} cases"
                    if by_child
                    else f"the share of reviews categorised as {label}",
                    clustering=clustering if by_child else "",
                    cluster_sizes=sizes if by_child else (),
                    review_level=review_level_test(
                        k("cases", "scr", category),
                        totals["cases"]["scr"],
                        k("cases", "lr", category),
                        totals["cases"]["lr"],
                        ("SCRs", "LRs"),
                    )
                    if by_child
                    else None,
                    caveats=[],
                    description=f"{'Children in cases' if by_child else 'Cases'} categorised as {label}, "
                    "SCRs against LRs.",
                    source_refs=f"{refs(src.abuse)}; abuse_categories",
                )
            )
    return rows
