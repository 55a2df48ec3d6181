"""A rule-based theme suggester and its agreement with the committed coding (issue 5).

Each theme has a few case-insensitive regular expressions (:data:`RULES`); a rule that is a
tuple fires only when all its patterns match. The rules were written from the codebook's
``includes`` wording by the same person who coded the items, so agreement with the coding
measures how far the codes can be recovered from the words of the items — a consistency
check that flags codes to look at again — not an independent inter-rater reliability.

Agreement is computed over every (item, theme) pair: a 2×2 table of coded yes/no against
suggested yes/no, Cohen's kappa from :func:`statsmodels.stats.inter_rater.cohens_kappa`, and
the same per theme.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.stats.inter_rater import cohens_kappa

Rule = str | tuple[str, ...]

#: Keyword rules per theme_id. A string fires on a match; a tuple fires when all its patterns match.
RULES: dict[str, list[Rule]] = {
    "domestic_violence": [
        r"domestic (violence|abuse)",
        r"\bMARACs?\b",
        r"multi agency risk assessment conference",
        r"\bperpetrator",
        r"controlling behaviour",
        r"\bDVR[IA]M\b",
    ],
    "parental_mental_health": [r"parental mental", r"mental ill health"],
    "substance_misuse": [r"substance misuse", r"\balcohol\b", r"\bdrug (use|misuse)"],
    "neglect": [r"\bneglect", r"graded care profile", r"malnourish", r"uncared for"],
    "young_parents": [
        r"young (mothers?|fathers?|parents?)\b",
        r"under 21",
        r"teenage (pregnan|parent|mother)",
        r"pregnancy test",
    ],
    "male_carers": [r"\bmale (carers?|members?|family members?)", r"\bfathers?\b", r"step-?fathers?"],
    "parental_separation": [r"separation", r"contact arrangements", r"divorce"],
    "think_family_parental_history": [
        r"think family",
        r"parent'?s own history",
        r"past histor",
        r"whole family",
        r"each member of the family",
        r"\blifestyle\b",
    ],
    "living_conditions": [
        r"living conditions",
        r"living standards",
        r"homeless",
        r"accommodation",
        r"sanitation",
        r"running water",
        r"\bhousing\b",
    ],
    "pre_birth_assessment": [r"pregnan", r"pre[- ]birth", r"unborn", r"midwi"],
    "infant_care_and_safety": [
        r"safe sleep",
        r"co-sleeping",
        r"cot death",
        r"\bshake",
        r"crying baby",
        r"floppy",
        (r"supervis", r"\bbab(y|ies)\b"),
    ],
    "infancy_risk": [r"cot deaths?", r"head injur", r"under one year", r"in infancy", r"infants? and children"],
    "bruising_non_mobile_babies": [(r"bruis", r"non[- ]mobile|pre-mobile|young babies"), (r"\bmark\b", r"bruise")],
    "bruising_toddlers": [(r"bruis", r"toddlers|pre-school children|everyday falls")],
    "faltering_growth": [r"faltering", r"weight gain", r"feeding problem"],
    "disabled_children": [r"disabled child", r"complex health", r"life threatening"],
    "resilience": [r"resilien", r"well adjusted"],
    "older_children_development": [
        r"later development",
        r"developmental (pathway|state)",
        r"older children",
        r"early childhood experiences",
        r"impact of maltreatment",
        r"indicator of abuse",
    ],
    "adolescent_risk": [r"adolescen", r"risk taking", r"para ?suicide", r"criminal behaviour", r"children at risk"],
    "child_sexual_exploitation": [r"\bCSE\b", r"sexual exploitation", r"grooming", r"\bonline\b"],
    "sexual_abuse": [r"sexual abuse", r"sex offences?"],
    "missing_children": [r"\bmissing\b", r"runaway"],
    "self_harm_suicide": [r"self[- ]harm", r"suicid"],
    "childrens_mental_health_and_trauma": [r"trauma", r"\bPTSD\b", r"\bCAMH", r"therap"],
    "education_and_school_attendance": [r"\bschools?\b", r"\bteachers?\b", r"educat", r"\bcollege\b", r"\bpupils\b"],
    "placement_with_parents": [r"placements? with parents", r"return(ing)? home", r"period in care"],
    "fire_safety": [r"\bfire\b", r"smoke (alarms?|detectors?)"],
    "child_focus": [
        r"focus\w* on the child",
        r"child centred",
        r"keeping the child safe",
        r"all children",
        r"meaning of the child",
    ],
    "professional_curiosity": [
        r"curiosity",
        r"guard against certainty",
        r"think the unthinkable",
        r"hypothesis",
        r"tenacious",
        r"vigilant",
        r"minimised",
    ],
    "risk_assessment": [
        r"risk assess",
        r"assess(ed|ing|ment)? (this |the )?risk",
        r"levels? of risk",
        r"risk factors",
        r"identify risk",
        r"risk (rating|identification|is removed)",
        r"underplayed",
    ],
    "relationship_with_young_person": [
        r"relationship with the young person",
        r"positive relationship",
        r"engagement with young people",
        r"listened to",
        r"non-judgmental",
        r"emotional support",
        r"patience|empathy",
    ],
    "engaging_families": [r"resistant famil", r"not always cooperate", r"working relationships?"],
    "interpreters_and_identity": [
        r"interpreter",
        r"language barriers",
        r"\bidentity\b",
        r"passports?",
        r"new and emerging communities",
    ],
    "recording_and_minutes": [
        r"\bminutes\b",
        r"\brecords?\b",
        r"\brecorded\b",
        r"documented",
        r"in writing",
        r"chronolog",
        r"capture information",
    ],
    "gp_registration": [r"\bGPs?\b"],
    "interagency_communication": [
        r"(other|partner|different) agencies",
        r"shared understanding",
        r"escalat",
        r"strategy meetings?",
        r"multi agency meetings",
        r"communicat",
        r"shar(e|ing) (important )?(safeguarding )?information",
        r"difference of (professional )?opinion",
        r"professional disagreements?",
        r"team around the family",
        r"joined up",
        r"inform other practitioners",
        r"across agencies",
    ],
    "thresholds": [r"threshold", r"levels? of (need|concern|intervention)"],
    "universal_services_and_early_help": [
        r"early help",
        r"universal services",
        r"children's social care",
        r"housing department",
        r"\bteachers\b",
        r"closing a case",
        r"early stage",
    ],
    "supervision_management_oversight": [r"supervision", r"management oversight", r"\bmanagers?\b", r"advice from"],
    "cross_boundary_moves": [r"across boundaries", r"different areas?", r"transfer of cases", r"new area"],
    "transition_to_adult_services": [r"adult services", r"reach 18", r"vulnerable adult risk"],
    "emergency_protection_orders": [r"emergency protection orders?", r"emergency (powers|applications)"],
    "criminal_justice": [
        r"prosecut",
        r"policing",
        r"\bcourts?\b",
        r"sentencing",
        r"witness",
        r"criminal",
        r"\boffences?\b",
        r"disrupt",
    ],
    "multi_agency_training": [r"training", r"briefings?", r"e-learning"],
    "impact_evaluation": [
        r"\baudit",
        r"questionnaires?",
        r"monitor",
        r"evaluat",
        r"\bofsted\b",
        r"effectiveness",
        r"\d+(\.\d+)?%",
        r"feedback",
        r"early indications",
        r"impact of changes",
    ],
}

_COMPILED = {
    theme: [tuple(re.compile(p, re.IGNORECASE) for p in ((r,) if isinstance(r, str) else r)) for r in rules]
    for theme, rules in RULES.items()
}


def item_text(item: pd.Series) -> str:
    """The words the suggester reads: a change paragraph's heading and quote; otherwise the quote.

    The citation "(DFE RR226)" closing each national finding is dropped so it cannot match.
    """
    heading = item.get("heading") or ""
    text = f"{heading}. {item['quote']}" if heading else item["quote"]
    return text.replace("(DFE RR226)", "")


def suggest(text: str, themes: list[str] | None = None) -> list[str]:
    """Theme ids whose rules fire on ``text``, in :data:`RULES` order (optionally only those in ``themes``)."""
    wanted = RULES if themes is None else [t for t in RULES if t in set(themes)]
    return [t for t in wanted if any(all(p.search(text) for p in rule) for rule in _COMPILED[t])]


def suggest_items(items: pd.DataFrame) -> pd.DataFrame:
    """One row per (item, suggested theme): item_id, item_kind, theme_id."""
    rows = [
        (item["item_id"], item["item_kind"], theme)
        for _, item in items.iterrows()
        for theme in suggest(item_text(item))
    ]
    return pd.DataFrame(rows, columns=["item_id", "item_kind", "theme_id"])


def pair_table(
    codes: pd.DataFrame, suggestions: pd.DataFrame, items: pd.DataFrame, theme_ids: list[str]
) -> pd.DataFrame:
    """Every (item, theme) pair with ``coded`` and ``suggested`` as booleans."""
    grid = pd.MultiIndex.from_product([items["item_id"], theme_ids], names=["item_id", "theme_id"]).to_frame(
        index=False
    )
    coded = set(zip(codes["item_id"], codes["theme_id"], strict=True))
    suggested = set(zip(suggestions["item_id"], suggestions["theme_id"], strict=True))
    pairs = list(zip(grid["item_id"], grid["theme_id"], strict=True))
    grid["coded"] = [p in coded for p in pairs]
    grid["suggested"] = [p in suggested for p in pairs]
    return grid


def two_by_two(pairs: pd.DataFrame) -> np.ndarray:
    """[[coded & suggested, coded only], [suggested only, neither]] as integer counts."""
    c, s = pairs["coded"].to_numpy(), pairs["suggested"].to_numpy()
    return np.array([[np.sum(c & s), np.sum(c & ~s)], [np.sum(~c & s), np.sum(~c & ~s)]], dtype=int)


def kappa(table: np.ndarray) -> float:
    """Cohen's kappa of a 2×2 table (statsmodels); NaN where it is undefined (chance agreement of 1)."""
    table = np.asarray(table, dtype=float)
    n = table.sum()
    expected = float(table.sum(axis=1) @ table.sum(axis=0)) / n**2 if n else 1.0
    if n == 0 or np.isclose(expected, 1.0):
        return float("nan")
    return float(cohens_kappa(table, return_results=False))


@dataclass(frozen=True)
class Agreement:
    """Suggester-against-coding agreement: overall 2×2 table and kappa, and per theme."""

    table: np.ndarray
    kappa: float
    per_theme: pd.DataFrame
    pairs: pd.DataFrame

    @property
    def n_pairs(self) -> int:
        return int(self.table.sum())

    @property
    def observed_agreement(self) -> float:
        return float(np.trace(self.table) / self.table.sum())

    def summary(self) -> pd.DataFrame:
        """The 2×2 table with labels, for display."""
        return pd.DataFrame(
            self.table,
            index=pd.Index(["coded", "not coded"], name="committed coding"),
            columns=pd.Index(["suggested", "not suggested"], name="rule-based suggester"),
        )


def agreement(codes: pd.DataFrame, items: pd.DataFrame, themes: pd.DataFrame) -> Agreement:
    """Agreement over every (item, theme) pair of the codebook and the items, overall and per theme.

    Per theme: counts ``both``, ``coded_only``, ``suggested_only``, ``neither``, the observed
    agreement, and kappa (NaN where undefined, e.g. a theme neither side ever assigns).
    """
    theme_ids = list(themes["theme_id"])
    pairs = pair_table(codes, suggest_items(items), items, theme_ids)
    table = two_by_two(pairs)
    rows = []
    for theme in theme_ids:
        t = two_by_two(pairs[pairs["theme_id"] == theme])
        rows.append(
            {
                "theme_id": theme,
                "both": t[0, 0],
                "coded_only": t[0, 1],
                "suggested_only": t[1, 0],
                "neither": t[1, 1],
                "agreement": np.trace(t) / t.sum(),
                "kappa": kappa(t),
            }
        )
    per_theme = pd.DataFrame(rows)
    return Agreement(table=table, kappa=kappa(table), per_theme=per_theme, pairs=pairs)
