"""What one reconciliation check is, and the helpers every family of checks builds its rows with."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from scr_workbench.data.dataset import default_dataset
from scr_workbench.data.stated_counts import stated


@dataclass(frozen=True)
class Check:
    """One reconciliation: a stated figure against the figure its parts give."""

    check_id: str
    topic: str
    description: str
    source_refs: str
    stated: str
    derived: str
    agrees: bool
    explanation: str = ""


def number_text(x) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def sections_of(frame: pd.DataFrame, where=None, whole: bool = False, sep: str = " and ") -> str:
    """The sections of the source a table's rows cite (the first word of each source_ref), or with ``whole``
    their whole source_ref."""
    refs = frame.loc[where, "source_ref"] if where is not None else frame["source_ref"]
    return sep.join(dict.fromkeys(str(r) if whole else str(r).split()[0] for r in refs.dropna()))


def sum_check(check_id, topic, description, refs, stated, parts: dict, disagree_note="", agree_note="") -> Check:
    derived = sum(int(v) for v in parts.values())
    expr = " + ".join(f"{number_text(v)} {k}" for k, v in parts.items())
    agrees = derived == int(stated)
    return Check(
        check_id,
        topic,
        description,
        refs,
        number_text(int(stated)),
        f"{expr} = {derived}",
        agrees,
        agree_note if agrees else disagree_note,
    )


def stated_ref() -> str:
    """The section stating the numbers of reviews and children (dataset.yml references: stated_counts)."""
    return default_dataset().reference("stated_counts")


def stated_children(t, review_type: str) -> int:
    return stated("children", review_type, t["review_counts"])


def stated_reviews(t, review_type: str) -> int:
    return stated("reviews", review_type, t["review_counts"])
