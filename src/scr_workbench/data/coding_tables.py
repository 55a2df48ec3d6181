"""The theme coding's tables: the codebook of themes and the codes given to each item (issue 5)."""

from __future__ import annotations

import pandera.pandas as pa

from scr_workbench.data.table_spec import (
    RowCount,
    TableSpec,
    category_column,
    table,
    text_column,
)

THEME_DOMAINS = ["family_context", "child_needs", "practice", "system"]
ITEM_KINDS = ["learning_point", "good_practice", "change", "national_finding"]
CODE_CONFIDENCES = ["explicit", "interpretive"]
CODE_STATUSES = ["coded", "reviewed", "disputed", "adjudicated"]
#: A coder's decision on one (item, theme) pair, as the adjudication table records each coding.
PAIR_CODINGS = ["explicit", "interpretive", "not_coded"]
ADJUDICATION_DECISIONS = ["code", "not_code"]
ADJUDICATION_STATUSES = ["open", "adjudicated"]
THEME_ID = r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$"
THEME_ITEM_ID = text_column(
    "Item coded: learning_points.item_id, good_practice.item_id, changes.item_id or national_findings.finding_id.",
    str_matches=r"^(?:\d+[a-z]|GP\d+\.\d+|CH\d+\.\d+[a-z]?|RR226-\d{2})$",
)

#: This module's tables, in the catalogue's order.
TABLE_SPECS: list[TableSpec] = []

TABLE_SPECS.append(
    table(
        "themes",
        "Codebook of the themes used to code the board's learning and the DFE-RR226 findings (issue 5).",
        "one theme",
        {
            "theme_id": text_column("Stable snake_case identifier of the theme.", str_matches=THEME_ID),
            "label": text_column("Short readable name.", str_length={"min_value": 1}),
            "domain": category_column(
                THEME_DOMAINS,
                "Group of themes, for ordering: family context, the child's needs, practice, multi-agency system.",
            ),
            "definition": text_column("What the theme is.", str_length={"min_value": 1}),
            "includes": text_column("What is coded to the theme.", str_length={"min_value": 1}),
            "excludes": text_column(
                "What is not coded to it, and where it goes instead; empty where nothing needs saying.", nullable=True
            ),
            "national_finding_ids": text_column(
                "DFE-RR226 findings (national_findings.finding_id) coded to the theme, semicolon-separated; "
                "empty for a theme of local items only.",
                nullable=True,
                str_matches=r"^RR226-\d{2}(?:;RR226-\d{2})*$",
            ),
        },
        ["theme_id"],
        source="none",
    )
)

TABLE_SPECS.append(
    table(
        "theme_codes",
        "The coding: each learning point, good-practice example, change paragraph and national finding "
        "assigned to one or more themes, with the coder's reason (issue 5).",
        "one theme assigned to one item",
        {
            "item_id": THEME_ITEM_ID,
            "item_kind": category_column(ITEM_KINDS, "Table the item comes from."),
            "theme_id": text_column("Theme assigned (see themes).", str_matches=THEME_ID),
            "confidence": category_column(
                CODE_CONFIDENCES,
                "explicit = the item names the theme; interpretive = the coder's reading of it (see rationale).",
            ),
            "rationale": text_column("Why the theme was assigned, in a short sentence.", str_length={"min_value": 1}),
            "coder": text_column("Who coded the row.", str_length={"min_value": 1}),
            "status": category_column(
                CODE_STATUSES,
                "coded = first coding; reviewed = checked by a second reader (a blind second coding assigned it "
                "too); disputed = under discussion; adjudicated = the coders disagreed and the adjudication "
                "(theme_adjudications) decided to code it.",
            ),
        },
        ["item_id", "theme_id"],
        source="none",
        references={"theme_id": ("themes", "theme_id")},
    )
)


def _one_coder_only(df):
    """A row is a disagreement: exactly one of the two codings assigns the theme."""
    return (df["first_coding"] == "not_coded") != (df["second_coding"] == "not_coded")


def _rationale_with_code(df):
    """A coding's rationale is given exactly when that coding assigns the theme."""
    return (df["first_rationale"].notna() == (df["first_coding"] != "not_coded")) & (
        df["second_rationale"].notna() == (df["second_coding"] != "not_coded")
    )


def _decided_when_adjudicated(df):
    """An adjudicated row has a decision and a reason; an open one has neither."""
    decided = df["decision"].notna() & df["reason"].notna()
    undecided = df["decision"].isna() & df["reason"].isna()
    return decided.where(df["status"] == "adjudicated", undecided)


TABLE_SPECS.append(
    table(
        "theme_adjudications",
        "Every (item, theme) pair on which the first theme coding and the blind second coding "
        "(raw/second-coding.csv) disagree, with both codings and the adjudicator's decision and reason (issue 11).",
        "one disagreement between the two codings",
        {
            "item_id": THEME_ITEM_ID,
            "item_kind": category_column(ITEM_KINDS, "Table the item comes from."),
            "theme_id": text_column("Theme the coders disagree on (see themes).", str_matches=THEME_ID),
            "first_coding": category_column(PAIR_CODINGS, "The first coding's confidence, or not_coded."),
            "first_rationale": text_column(
                "The first coder's rationale, verbatim; empty when not coded.", nullable=True
            ),
            "second_coding": category_column(PAIR_CODINGS, "The second coding's confidence, or not_coded."),
            "second_rationale": text_column(
                "The second coder's rationale, verbatim; empty when not coded.", nullable=True
            ),
            "decision": category_column(
                ADJUDICATION_DECISIONS,
                "code = the adjudicated coding (theme_codes) assigns the theme; not_code = it does not; "
                "empty while open.",
                nullable=True,
            ),
            "status": category_column(ADJUDICATION_STATUSES, "open = awaiting adjudication; adjudicated = decided."),
            "reason": text_column(
                "Why, from the item's text and the codebook (themes); empty while open.",
                nullable=True,
                str_length={"min_value": 1},
            ),
        },
        ["item_id", "theme_id"],
        checks=[
            pa.Check(_one_coder_only, error="exactly one of first_coding and second_coding must be not_coded"),
            pa.Check(_rationale_with_code, error="a rationale is given exactly when its coding assigns the theme"),
            pa.Check(_decided_when_adjudicated, error="adjudicated rows need decision and reason; open rows neither"),
        ],
        source="none",
        references={"theme_id": ("themes", "theme_id")},
        # A board without a second coding, or whose coders agree throughout, has none.
        rows=RowCount(may_be_empty=True, basis="one row per disagreement between two codings; none is possible"),
    )
)
