"""The tables of the report's items: the reviews reconstructed, their evidence, learning points,
good practice, what changed (with its figures) and the national findings and figures it quotes.
"""

from __future__ import annotations

import pandera.pandas as pa

from scr_workbench.data.table_spec import (
    ABUSE_CATEGORIES,
    AGE_GROUPS,
    BOUND_TYPES,
    DENOMINATOR_STATUSES,
    PERCENT_RANGE,
    QUOTE,
    REVIEW_TYPE,
    SOURCE_REF,
    RowCount,
    TableSpec,
    category_column,
    count_column,
    document_names_of,
    flag_column,
    number_of_reviews,
    review_ids_of,
    table,
    text_column,
)

#: This module's tables, in the catalogue's order.
TABLE_SPECS: list[TableSpec] = []

TABLE_SPECS.append(
    table(
        "reviews",
        "The 12 reviews reconstructed from sections 1.2, A.1, A.2, A.5 and A.8 as far as the text allows; "
        "what it leaves open is marked, never guessed.",
        "one review",
        {
            "review_id": text_column(
                "Stable identifier, one of the dataset's review ids (dataset.yml review_ids), numbered "
                "in the order of the report's lists."
            ),
            "review_type": REVIEW_TYPE,
            "n_children_min": count_column("Fewest children the review can have held, given the text"),
            "n_children_max": count_column("Most children the review can have held, given the text"),
            "n_children_certainty": category_column(
                ["stated", "range"], "stated = the text gives the number; range = only bounds follow from the text."
            ),
            "abuse_category": category_column(
                ABUSE_CATEGORIES + ["uncertain"],
                "Category of abuse; uncertain where the text does not say which review had which.",
            ),
            "abuse_category_certainty": category_column(
                ["stated", "inferred", "uncertain"],
                "stated = said of this review; inferred = follows from combining statements (see uncertainty_note); "
                "uncertain = not determinable.",
            ),
            "age_bands": text_column("Age bands of the review's children (see age_bands), semicolon-separated."),
            "age_group": category_column(
                AGE_GROUPS + ["mixed"], "Report age group of the children; mixed where they span both."
            ),
            "family_grouping": category_column(
                ["single_child", "siblings", "one_family", "unrelated_group", "unknown"],
                "How the children were related, as stated.",
            ),
            "outcome": text_column(
                "What happened to the children where stated; 'uncertain' or 'not stated' otherwise."
            ),
            "uncertainty_note": text_column("What the text leaves open about the review, and why.", nullable=True),
            "source_ref": SOURCE_REF,
            "quote": QUOTE,
        },
        ["review_id"],
        checks=[
            pa.Check(
                lambda df: bool((df["n_children_min"] <= df["n_children_max"]).all()),
                element_wise=False,
                error="n_children_min must not exceed n_children_max",
            )
        ],
        dataset_values={"review_id": review_ids_of},
        rows=RowCount(exact=number_of_reviews, basis="one row per review id of dataset.yml (review_ids)"),
    )
)

TABLE_SPECS.append(
    table(
        "review_evidence",
        "Every statement used to reconstruct each review, one per field it informs.",
        "one piece of evidence for one field of one review",
        {
            "review_id": text_column("Review (see reviews)."),
            "field": text_column("Column of reviews the evidence informs."),
            "source_ref": SOURCE_REF,
            "quote": QUOTE,
        },
        ["review_id", "field", "source_ref"],
        references={"review_id": ("reviews", "review_id")},
        rows=RowCount(minimum=number_of_reviews, basis="at least one statement for each review id of dataset.yml"),
    )
)

TABLE_SPECS.append(
    table(
        "learning_points",
        "The learning points of sections 5 (a–s, babies and pre-school children) "
        "and 6 (a–y, school age children and young people).",
        "one learning point",
        {
            "item_id": text_column("Section number and letter, e.g. 5a.", str_matches=r"^\d+[a-z]$"),
            "section": pa.Column(int, pa.Check.ge(1), coerce=True, description="Report section (5 or 6)."),
            "letter": text_column("Item letter as printed.", str_matches=r"^[a-z]$"),
            "age_group": category_column(AGE_GROUPS, "Age group of the section."),
            "source_ref": SOURCE_REF,
            "quote": QUOTE,
        },
        ["item_id"],
        checks=[
            pa.Check(
                lambda df: bool((df["item_id"] == df["section"].astype(str) + df["letter"]).all()),
                element_wise=False,
                error="item_id must be the section number followed by the letter",
            )
        ],
    )
)

TABLE_SPECS.append(
    table(
        "good_practice",
        "The good-practice examples (5.1–5.4, 6.1–6.7).",
        "one example",
        {
            "item_id": text_column("'GP' and the paragraph number.", str_matches=r"^GP\d+\.\d+$"),
            "age_group": category_column(AGE_GROUPS, "Age group of the section."),
            "source_ref": SOURCE_REF,
            "quote": QUOTE,
        },
        ["item_id"],
    )
)

TABLE_SPECS.append(
    table(
        "changes",
        "The 'What has changed' paragraphs of sections 5 and 6, with the heading each sits under.",
        "one paragraph",
        {
            "item_id": text_column("'CH' and the paragraph reference.", str_matches=r"^CH\d+\.\d+[a-z]?$"),
            "age_group": category_column(AGE_GROUPS, "Age group of the section."),
            "heading": text_column("The bullet heading the paragraph sits under, verbatim."),
            "source_ref": text_column(
                "Paragraph number as printed; where the number was lost in conversion (printed '5.' or none), "
                "the number of the last numbered paragraph before it plus a letter (5.16a, 5.16b, …).",
                str_length={"min_value": 1},
            ),
            "ref_derived": flag_column("True where source_ref was derived as above rather than printed."),
            "quote": QUOTE,
        },
        ["item_id"],
    )
)

TABLE_SPECS.append(
    table(
        "change_measures",
        "Every figure the 'What has changed' paragraphs give: the questionnaire, audits, CSE outcomes by year, "
        "training and campaign reach, services.",
        "one figure for one period",
        {
            "measure_id": text_column(
                "Stable identifier of the measure; the same measure in several periods shares it."
            ),
            "change_item_id": text_column("Paragraph the figure is in (see changes)."),
            "source_ref": SOURCE_REF,
            "period": text_column(
                "Period the figure refers to: financial year (2013-14) or month(s) (2014-03/2014-04); "
                "empty where the text gives none.",
                nullable=True,
            ),
            "period_basis": category_column(
                ["stated", "inferred", "not_stated"],
                "stated = printed; inferred = read from 'this year'/'last year' (see note).",
            ),
            "measure": text_column("What is measured."),
            "unit": category_column(
                ["count", "percent", "sessions", "days_per_week", "academic_years"], "Unit of value."
            ),
            "value": pa.Column(
                float, pa.Check.ge(0), coerce=True, description="The figure (≥ 0; percent values 0–100)."
            ),
            "as_stated": text_column("The figure as printed in the quote."),
            "hedge": text_column(
                "Qualifier printed with the figure ('approximately', 'up to', 'more than').", nullable=True
            ),
            "denominator": count_column("Base of a percentage where known or inferred", nullable=True),
            "denominator_status": category_column(
                DENOMINATOR_STATUSES, "Whether the base is stated, inferred, unknown, or not applicable (counts)."
            ),
            "note": text_column("Caveats on period or base.", nullable=True),
            "quote": QUOTE,
        },
        ["measure_id", "period"],
        checks=[PERCENT_RANGE],
        references={"change_item_id": ("changes", "item_id")},
    )
)

TABLE_SPECS.append(
    table(
        "national_findings",
        "The DFE-RR226 national findings the report quotes (3.3, the italic passages of sections 5 and 6, A.4).",
        "one quoted national finding",
        {
            "finding_id": text_column("RR226-01… in order of appearance.", str_matches=r"^RR226-\d{2}$"),
            "age_group": category_column(AGE_GROUPS + ["all"], "Section the finding sits in."),
            "topic": text_column("Short topic label."),
            "source_ref": text_column(
                "Section and the item it follows ('5 after 5d)', '6 opening'), or the paragraph number.",
                str_length={"min_value": 1},
            ),
            "quote": QUOTE,
        },
        ["finding_id"],
    )
)

TABLE_SPECS.append(
    table(
        "national_figures",
        "Every DFE-RR226 figure the report quotes, with its hedge kept as a bound and its denominator where known.",
        "one national figure",
        {
            "figure_id": text_column("Stable identifier."),
            "finding_id": text_column(
                "Finding the figure belongs to (see national_findings); "
                "empty for context figures from the sources note.",
                nullable=True,
            ),
            "measure": text_column("What is measured."),
            "unit": category_column(["percent", "count"], "Unit of value."),
            "value": pa.Column(
                float,
                pa.Check.ge(0),
                coerce=True,
                description="The figure; for a hedged one, the bound (two thirds = 66.67).",
            ),
            "as_stated": text_column("The figure as printed."),
            "hedge": text_column(
                "The hedge as printed ('almost', 'nearly', 'at least', 'just over', 'only').", nullable=True
            ),
            "bound_type": category_column(
                BOUND_TYPES,
                "point = a (rounded) value; lower = the true value is at or above value ('at least', 'just over'); "
                "upper = at or below value ('almost', 'nearly').",
            ),
            "numerator": count_column("Numerator where stated", nullable=True),
            "denominator": count_column("Reviews the figure is a share of, where known", nullable=True),
            "denominator_status": category_column(
                DENOMINATOR_STATUSES,
                "known = stated in the report or the sources note; unknown = not available (recorded, not guessed).",
            ),
            "denominator_source": text_column(
                "Document stating the denominator: a document name of the dataset (dataset.yml documents).",
                nullable=True,
            ),
            "denominator_quote": text_column(
                "Verbatim sentence stating the denominator, where it is not in quote.", nullable=True
            ),
            "source_doc": text_column(
                "Document the figure is quoted from: a document name of the dataset (dataset.yml documents)."
            ),
            "source_ref": SOURCE_REF,
            "quote": QUOTE,
        },
        ["figure_id"],
        checks=[PERCENT_RANGE],
        source="per-row (source_doc)",
        references={"finding_id": ("national_findings", "finding_id")},
        dataset_values={"source_doc": document_names_of, "denominator_source": document_names_of},
    )
)
