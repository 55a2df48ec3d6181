"""The tables of counts the report states about its reviews and children, and the census beside them.

Registered in the catalogue's order (:mod:`scr_workbench.data.schemas` imports this module first).
"""

from __future__ import annotations

from scr_workbench.data.table_spec import (
    ABUSE_CATEGORIES,
    AGE_BANDS,
    AGE_GROUPS,
    ETHNIC_GROUPS,
    QUOTE,
    REVIEW_TYPE,
    REVIEW_TYPES,
    SOURCE_REF,
    RowCount,
    TableSpec,
    category_column,
    count_column,
    percent_column,
    table,
    text_column,
)

#: This module's tables, in the catalogue's order.
TABLE_SPECS: list[TableSpec] = []

TABLE_SPECS.append(
    table(
        "report_facts",
        "What the report is: publisher, title, date, and the periods it and DFE-RR226 cover.",
        "one fact about the report",
        {
            "fact_id": text_column("Stable identifier of the fact."),
            "value": text_column("The fact; dates as ISO 8601 (YYYY-MM-DD, or YYYY-MM/YYYY-MM for a span)."),
            "unit": category_column(["text", "date", "year", "months", "count"], "What kind of value it is."),
            "source_ref": SOURCE_REF,
            "quote": QUOTE,
        },
        ["fact_id"],
        rows=RowCount(
            minimum=7,
            basis="the facts the overview reads: publisher, title, date, local period, national report and period",
        ),
    )
)

TABLE_SPECS.append(
    table(
        "review_counts",
        "Number of reviews and of children considered, by kind of review (sections 1.2 and A.7).",
        "one statement of a count of reviews (and children, where given) in one place of the report",
        {
            "review_type": REVIEW_TYPE,
            "source_ref": SOURCE_REF,
            "n_reviews": count_column("Reviews of this kind"),
            "n_children": count_column(
                "Children or young people considered; empty where the statement gives none", nullable=True
            ),
            "quote": QUOTE,
        },
        ["review_type", "source_ref"],
        rows=RowCount(
            minimum=len(REVIEW_TYPES),
            basis="the statement of each kind of review's count (dataset.yml references: stated_counts)",
        ),
    )
)

TABLE_SPECS.append(
    table(
        "recommendations",
        "Recommendations arising from the serious case reviews, by recipient (section 1.2).",
        "one recipient of recommendations",
        {
            "recipient": category_column(
                ["total", "board", "agencies"], "Who the recommendations related to: board = the DSCB."
            ),
            "source_ref": SOURCE_REF,
            "n_recommendations": count_column("Recommendations"),
            "quote": QUOTE,
        },
        ["recipient"],
        rows=RowCount(exact=3, basis="one row per recipient: the total, the board, the agencies"),
    )
)

TABLE_SPECS.append(
    table(
        "age_bands",
        "The age bands the text supports, and how each maps onto the report's two age groups.",
        "one age band",
        {
            "age_band": category_column(AGE_BANDS, "Age band as worded in A.1/A.2."),
            "description": text_column("What the band means."),
            "age_group": category_column(
                AGE_GROUPS,
                "Report section the band belongs to: section 5 (babies and pre-school) "
                "or 6 (school age and young people).",
            ),
            "min_age_years": count_column("Youngest age in completed years the band can hold"),
            "max_age_years": count_column(
                "Oldest age in completed years the band can hold; empty where open", nullable=True
            ),
            "note": text_column("Why the band is mapped as it is, and what stays uncertain.", nullable=True),
        },
        ["age_band"],
        source="none",
        rows=RowCount(exact=len(AGE_BANDS), basis="one row per age band the text supports"),
    )
)

TABLE_SPECS.append(
    table(
        "age_counts",
        "Children by age band, per kind of review (A.1) and per learning review (A.2). "
        "The A.3 ages table is missing from the source.",
        "children of one age band in one review (learning reviews) or across all serious case reviews",
        {
            "review_type": REVIEW_TYPE,
            "review_id": text_column(
                "Review the children belong to (see reviews); "
                "empty where the report gives only a total across reviews.",
                nullable=True,
            ),
            "age_band": category_column(AGE_BANDS, "Age band (see age_bands)."),
            "source_ref": SOURCE_REF,
            "n_children": count_column("Children"),
            "quote": QUOTE,
        },
        ["review_type", "review_id", "age_band"],
        references={"age_band": ("age_bands", "age_band"), "review_id": ("reviews", "review_id")},
        rows=RowCount(minimum=len(REVIEW_TYPES), basis="children by age for each kind of review"),
    )
)

TABLE_SPECS.append(
    table(
        "local_percentages",
        "Percentages the report states about the board's own reviews (A.4).",
        "one stated percentage",
        {
            "figure_id": text_column("Stable identifier of the figure."),
            "description": text_column("What the percentage measures."),
            "source_ref": SOURCE_REF,
            "percent": percent_column("Stated percentage"),
            "stated_base": text_column("The base the report names for the percentage, verbatim."),
            "quote": QUOTE,
        },
        ["figure_id"],
        rows=RowCount(minimum=1, basis="the babies' share the reconciliation checks"),
    )
)

TABLE_SPECS.append(
    table(
        "gender_counts",
        "Children by sex (A.5).",
        "children of one sex in one kind (and subset) of review",
        {
            "review_type": REVIEW_TYPE,
            "review_subset": category_column(
                ["all", "cse_reviews", "other_reviews"],
                "Which reviews of the kind: cse_reviews = the two learning reviews of child sexual abuse (A.5).",
            ),
            "sex": category_column(["male", "female"], "Sex as stated."),
            "source_ref": SOURCE_REF,
            "n_children": count_column("Children"),
            "quote": QUOTE,
        },
        ["review_type", "review_subset", "sex"],
        rows=RowCount(minimum=len(REVIEW_TYPES), basis="children by sex for each kind of review"),
    )
)

TABLE_SPECS.append(
    table(
        "ethnicity_counts",
        "Children by ethnic group in serious case reviews, learning reviews and among the 34 CSE victims (A.6 table).",
        "children of one ethnic group in one population, or the population's stated total",
        {
            "population": category_column(["scr", "lr", "cse_victims"], "Column of the A.6 table."),
            "ethnic_group": category_column(ETHNIC_GROUPS, "Ethnic group as printed in A.6."),
            "row_kind": category_column(
                ["group", "total"], "group = one ethnic group; total = the table's stated total."
            ),
            "source_ref": SOURCE_REF,
            "n_children": count_column("Children"),
            "quote": QUOTE,
        },
        ["population", "ethnic_group"],
        rows=RowCount(
            exact=3 * len(ETHNIC_GROUPS),
            basis="every ethnic group and the total in each of the table's three columns (scr, lr, cse_victims)",
        ),
    )
)

TABLE_SPECS.append(
    table(
        "census_ethnicity_report",
        "The report's own 2011 census column for the place (A.6), rounded percentages as printed.",
        "one ethnic group's census share as the report prints it",
        {
            "ethnic_group": category_column(ETHNIC_GROUPS, "Ethnic group as printed in A.6."),
            "row_kind": category_column(["group", "total"], "group = one ethnic group; total = the stated total."),
            "source_ref": SOURCE_REF,
            "percent": percent_column("Share of the place's usual residents"),
            "as_printed": text_column("The figure exactly as printed ('Nil' is read as 0)."),
            "quote": QUOTE,
        },
        ["ethnic_group"],
        rows=RowCount(exact=len(ETHNIC_GROUPS), basis="every ethnic group of the report's census column and its total"),
    )
)

TABLE_SPECS.append(
    table(
        "census_ethnicity_ons",
        "ONS 2011 Census QS201EW, usual residents of the place, with each row mapped onto the report's ethnic groups.",
        "one ONS group or subgroup (or the total)",
        {
            "level": category_column(["total", "group", "subgroup"], "Level in the ONS classification."),
            "ethnic_group": text_column("ONS category name, verbatim."),
            "parent_group": text_column("ONS group the subgroup belongs to; empty for the total.", nullable=True),
            "report_group": category_column(
                ETHNIC_GROUPS,
                "The A.6 group this row counts towards, set only on the rows that partition the total "
                "(the White subgroups and the other groups), so summing count by report_group gives the census "
                "count of each A.6 group without double counting. Total for the total row.",
                nullable=True,
            ),
            "source_ref": SOURCE_REF,
            "count": count_column("Usual residents"),
            "quote": QUOTE,
        },
        ["ethnic_group"],
        source="census",
        rows=RowCount(exact=24, basis="ONS QS201EW: all usual residents, 5 ethnic groups and their 18 categories"),
    )
)

TABLE_SPECS.append(
    table(
        "abuse_categories",
        "Cases and children by category of abuse and kind of review (A.8).",
        "one category of abuse in one kind of review",
        {
            "review_type": REVIEW_TYPE,
            "category": category_column(ABUSE_CATEGORIES, "Category of abuse as listed in A.8."),
            "source_ref": SOURCE_REF,
            "n_cases": count_column("Reviews (cases)"),
            "n_children": count_column("Children"),
            "quote": QUOTE,
        },
        ["review_type", "category"],
        rows=RowCount(minimum=len(REVIEW_TYPES), basis="at least one category of abuse for each kind of review"),
    )
)
