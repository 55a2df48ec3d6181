"""The theme coding's tables: the codebook of themes and the codes given to each item (issue 5)."""

from __future__ import annotations

from scr_workbench.data.table_spec import (
    TableSpec,
    category_column,
    table,
    text_column,
)

THEME_DOMAINS = ["family_context", "child_needs", "practice", "system"]
ITEM_KINDS = ["learning_point", "good_practice", "change", "national_finding"]
CODE_CONFIDENCES = ["explicit", "interpretive"]
CODE_STATUSES = ["coded", "reviewed", "disputed"]
THEME_ID = r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$"

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
            "item_id": text_column(
                "Item coded: learning_points.item_id, good_practice.item_id, changes.item_id "
                "or national_findings.finding_id.",
                str_matches=r"^(?:\d+[a-z]|GP\d+\.\d+|CH\d+\.\d+[a-z]?|RR226-\d{2})$",
            ),
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
                "coded = first coding; reviewed = checked by a second reader; disputed = under discussion.",
            ),
        },
        ["item_id", "theme_id"],
        source="none",
        references={"theme_id": ("themes", "theme_id")},
    )
)
