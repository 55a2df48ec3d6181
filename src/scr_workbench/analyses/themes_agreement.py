"""The themes report's section "How reliable is the theme coding": agreement of two coders, in words and tables.

Every sentence is made from the numbers of :mod:`scr_workbench.coding.reliability`, so it
cannot go stale; the caveat that the agreement is an upper bound is the second coding's own
(``raw/second-coding-readme.md``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from scr_workbench.cache import data_cached
from scr_workbench.coding.reliability import Reliability, load_codings, reliability
from scr_workbench.data.dataset import default_dataset
from scr_workbench.viz.literal import data_text

#: The second coding's README, in a sentence: why its agreement is a ceiling, not an estimate.
UPPER_BOUND_CAVEAT = (
    "The second coder worked blind, from the codebook and the item texts alone, but is no practitioner panel "
    "and comes from a background similar to the first coder's: the agreement is an upper bound on what two "
    "independent practitioners would reach, not an estimate of it."
)
#: How many of the least reliable themes the summary names.
N_LEAST = 3
KIND_WORDS = {
    "learning_point": "learning points",
    "good_practice": "good-practice examples",
    "change": "“What has changed” paragraphs",
    "national_finding": "national findings",
}


@dataclass(frozen=True)
class ThemeAgreement:
    """The agreement of the two codings and the outcome of their adjudication."""

    reliability: Reliability
    adjudications: pd.DataFrame
    n_items: int
    n_themes: int


#: What the section says for a board whose data hold no second coding.
NO_SECOND_CODING = (
    "This board's data hold no second coding of the themes (`second_coding` under `sources` in dataset.yml), "
    "so agreement between coders cannot be measured: every code rests on one coder's reading."
)


@data_cached  # a bootstrap per theme: computed once per data hash
def theme_agreement(level: float = 0.95) -> ThemeAgreement | None:
    """Kappa of the first and the blind second coding, overall, per kind of item and per theme (None without one)."""
    if "second_coding" not in default_dataset().sources:
        return None
    codings = load_codings()
    return ThemeAgreement(reliability(codings, level), codings.adjudications, len(codings.items), len(codings.themes))


def _kappa(row, level: float) -> str:
    """'0.96 (95% interval 0.94 to 0.98)'; with no disagreement at all, say so instead of a [1, 1] interval."""
    if row["first_only"] + row["second_only"] == 0:
        return f"{row['kappa']:.2f} (no disagreement in {int(row['both'])} codes)"
    return f"{row['kappa']:.2f} ({level:.0%} interval {row['kappa_low']:.2f} to {row['kappa_high']:.2f})"


#: Landis & Koch (1977), the usual verbal scale for kappa: (upper limit of the band, its name).
LANDIS_KOCH = ((0.0, "poor"), (0.2, "slight"), (0.4, "fair"), (0.6, "moderate"), (0.8, "substantial"))


def _band(kappa: float) -> str:
    return next((name for limit, name in LANDIS_KOCH if kappa <= limit), "almost perfect")


def landis_koch(low: float, high: float) -> str:
    """The interval in words on Landis and Koch's scale ('almost perfect' above 0.8)."""
    low_band, high_band = _band(low), _band(high)
    if low_band == high_band:
        return f"The whole interval lies in the band Landis and Koch call “{low_band}”."
    return f"The interval runs from “{low_band}” to “{high_band}” on Landis and Koch's scale."


def least_reliable(agreement: ThemeAgreement) -> pd.DataFrame:
    """Themes on which the coders disagreed at least once, lowest kappa first (ties: most disagreements)."""
    per_theme = agreement.reliability.per_theme
    disputed = per_theme[(per_theme["first_only"] + per_theme["second_only"]) > 0].copy()
    disputed["disagreements"] = disputed["first_only"] + disputed["second_only"]
    return disputed.sort_values(["kappa", "disagreements"], ascending=[True, False], kind="stable").reset_index(
        drop=True
    )


def summary_markdown(agreement: ThemeAgreement | None) -> str:
    """The section's main text: overall kappa with its interval, per kind, the least reliable themes, the caveat."""
    if agreement is None:
        return NO_SECOND_CODING
    rel, level = agreement.reliability, agreement.reliability.level
    overall = rel.overall.iloc[0]
    disagreements = int(overall["first_only"] + overall["second_only"])
    n_pairs = agreement.n_items * agreement.n_themes
    kinds = "; ".join(
        f"{KIND_WORDS.get(r.item_kind, r.item_kind)} {_kappa(r._asdict(), level)}" for r in rel.per_kind.itertuples()
    )
    least = least_reliable(agreement)
    named = "\n".join(
        f"- **{data_text(r.label)}**: kappa {_kappa(r._asdict(), level)}; the coders disagreed "
        f"on {r.disagreements} of the {r.both + r.disagreements} items either coded to it."
        for r in least.head(N_LEAST).itertuples()
    )
    n_perfect = int((rel.per_theme["first_only"] + rel.per_theme["second_only"] == 0).sum())
    adj = agreement.adjudications
    by_first = adj[adj["first_coding"] != "not_coded"]
    by_second = adj[adj["second_coding"] != "not_coded"]
    return "\n\n".join(
        [
            f"**Cohen's kappa {_kappa(overall, level)}** between the first coding and a blind second coding, over "
            f"{n_pairs:,} item–theme pairs ({agreement.n_items} items, {agreement.n_themes} themes). The coders "
            f"both assigned {int(overall['both'])} codes; the first coder alone {int(overall['first_only'])}, the "
            f"second alone {int(overall['second_only'])}. {landis_koch(overall['kappa_low'], overall['kappa_high'])}",
            f"By kind of item: {kinds}.",
            f"The coders agreed on every item for {n_perfect} of the {agreement.n_themes} themes. The least "
            f"reliable themes, by kappa:\n\n{named}\n\nWith so few codes per theme their intervals are wide: a "
            "theme's kappa rests on a handful of items, and the order of the least reliable is itself uncertain.",
            f"All {disagreements} disagreements were adjudicated from the item's text and the codebook, which was "
            f"tightened where the second coder found it ambiguous: {int((by_first['decision'] == 'code').sum())} "
            f"of the {len(by_first)} codes only the first coder assigned were kept and "
            f"{int((by_second['decision'] == 'code').sum())} of the {len(by_second)} only the second assigned were "
            "added (`data/curated/theme_adjudications.csv`, each with its reason). The tables of this report use "
            "the adjudicated coding.",
            f"**Caveat.** {UPPER_BOUND_CAVEAT}",
        ]
    )


def coding_caveat(agreement: ThemeAgreement | None) -> str:
    """One sentence for the report's caveats or technical notes: who coded, how far they agree, what it bounds."""
    if agreement is None:
        return NO_SECOND_CODING
    overall = agreement.reliability.overall.iloc[0]
    n_disputed = int(overall["first_only"] + overall["second_only"])
    return (
        "Two coders coded every item, the second blind to the first; Cohen's kappa between them is "
        f"{_kappa(overall, agreement.reliability.level)}, and their {n_disputed} disagreements were adjudicated. "
        "Both come from a similar background, so this agreement is an upper bound on what two independent "
        "practitioners would reach."
    )


def theme_table(agreement: ThemeAgreement) -> pd.DataFrame:
    """Per theme with a disagreement: codes by both, by each alone, kappa and its interval, for display."""
    least = least_reliable(agreement)
    pct = f"{agreement.reliability.level:.0%}"
    return pd.DataFrame(
        {
            "theme": least["label"],
            "coded by both": least["both"],
            "first coder only": least["first_only"],
            "second coder only": least["second_only"],
            "kappa": least["kappa"].round(2),
            f"{pct} interval": [
                f"{lo:.2f} to {hi:.2f}" for lo, hi in zip(least["kappa_low"], least["kappa_high"], strict=True)
            ],
        }
    ).set_index("theme")


def adjudication_table(agreement: ThemeAgreement) -> pd.DataFrame:
    """Every disagreement with both codings, the decision and its reason, for display."""
    a = agreement.adjudications
    return pd.DataFrame(
        {
            "item": a["item_id"],
            "theme": a["theme_id"].map(agreement.reliability.per_theme.set_index("theme_id")["label"]),
            "first coder": a["first_coding"].str.replace("_", " "),
            "second coder": a["second_coding"].str.replace("_", " "),
            "decision": a["decision"].str.replace("_", " "),
            "reason": a["reason"],
        }
    ).set_index(["item", "theme"])
