"""Facts the reports' technical notes state, computed from the curated tables so that no note goes stale.

Each function returns one plain sentence (or phrase) for :func:`reader_text.technical_notes_html`.
"""

from __future__ import annotations

from scr_workbench.data.schemas import REVIEW_TYPE_LABELS
from scr_workbench.data.tables import cited_sections, load_table


def clustering_caveat() -> str:
    """How unevenly the children sit in reviews: the largest review of each kind against its total."""
    reviews = load_table("reviews")
    parts = []
    for review_type, group in reviews.groupby("review_type", sort=True):
        largest = int(group["n_children_min"].max())
        total = int(group["n_children_min"].sum())
        label = REVIEW_TYPE_LABELS.get(review_type, review_type).lower()
        parts.append(f"one of the {label} holds at least {largest} of their {total} or more children")
    return (
        "The children cluster in reviews (" + "; ".join(parts) + "): a test that counts children treats them as "
        "independent, so the verdicts also count reviews, or allow for the clustering, before they call a "
        "difference shown (see the rules below)."
    )


def sources_of(*tables: str) -> str:
    """Where in the report the rows of ``tables`` come from (their cited sections), table by table."""
    return "; ".join(f"{name.replace('_', ' ')}: {cited_sections(name)}" for name in tables)


def child_baseline_caveat() -> str:
    """Where the children's census baseline comes from (counted or estimated), as the registry's rows say it."""
    from scr_workbench.comparisons.caveats import child_baseline_caveat as registry_caveat
    from scr_workbench.data.census_children import has_counted_children
    from scr_workbench.data.dataset import default_dataset

    return registry_caveat(default_dataset(), counted=has_counted_children())
