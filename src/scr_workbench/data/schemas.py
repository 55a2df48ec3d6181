"""Pandera schemas for every curated table: types, ranges, allowed categories and keys.

Each :class:`TableSpec` also says which raw document the table's quotes come from and
describes every column, so the data dictionary (``data/curated/README.md``) is
generated from the same place the validation lives and cannot drift from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

import pandera.pandas as pa

if TYPE_CHECKING:
    from scr_workbench.data.dataset import Dataset

REVIEW_TYPES = ["scr", "lr"]
#: How the reports name each kind of review, and both together.
REVIEW_TYPE_LABELS = {"scr": "Serious case reviews", "lr": "Learning reviews", "all": "All reviews"}
AGE_BANDS = ["baby", "under_four", "age_4", "age_7", "school_age", "teenager", "teenager_or_young_adult"]
AGE_GROUPS = ["babies_preschool", "school_age"]
ABUSE_CATEGORIES = ["physical_abuse", "sexual_abuse", "neglect", "emotional_abuse", "other"]
ETHNIC_GROUPS = [
    "Asian or Asian British",
    "Black or Black British",
    "Dual Heritage",
    "Not recorded",
    "Other",
    "White British",
    "White Other",
    "Total",
]
BOUND_TYPES = ["point", "lower", "upper"]
DENOMINATOR_STATUSES = ["known", "inferred", "unknown", "not_applicable"]


#: Columns whose allowed values are the dataset's own, and where in the dataset they are listed.
def _review_ids(dataset: Dataset) -> list[str]:
    return list(dataset.review_ids)


def _document_names(dataset: Dataset) -> list[str]:
    return sorted(set(dataset.documents) | set(dataset.sources))


@dataclass(frozen=True)
class TableSpec:
    """A curated table: its schema, what one row is, and where its quotes come from."""

    name: str
    description: str
    row: str
    schema: pa.DataFrameSchema
    key: list[str]
    #: The role (dataset.yml ``sources``) of the raw file the quotes come from, or "none", or "per-row (source_doc)".
    source: str = "report"
    references: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: Columns whose allowed values the dataset lists (e.g. review ids), checked on top of ``schema``.
    dataset_values: dict[str, Callable[[Dataset], list[str]]] = field(default_factory=dict)
    #: Fewest rows the table may have. Every curated table holds facts the source states, so an
    #: empty one (a header alone) is a broken file, never "no data".
    min_rows: int = 1

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def source_doc(self) -> str:
        """The name the default dataset's tables give the table's source document."""
        if self.source in ("none", "per-row (source_doc)"):
            return self.source
        from scr_workbench.data.dataset import default_dataset

        return default_dataset().document_name(self.source)

    def schema_for(self, dataset: Dataset) -> pa.DataFrameSchema:
        """The schema with the dataset's own allowed values (review ids, document names) added."""
        return _schema_for(self, dataset)


def _schema_for(spec: TableSpec, dataset: Dataset) -> pa.DataFrameSchema:
    values = {column: tuple(values_of(dataset)) for column, values_of in spec.dataset_values.items()}
    return _schema_with(spec.name, tuple(values.items()))


@cache
def _schema_with(name: str, values: tuple[tuple[str, tuple[str, ...]], ...]) -> pa.DataFrameSchema:
    schema = TABLES[name].schema
    for column, allowed in values:
        checks = [*schema.columns[column].checks, pa.Check.isin(list(allowed))]
        schema = schema.update_column(column, checks=checks)
    return schema


def _text(
    description: str, nullable: bool = False, str_length: dict | None = None, str_matches: str | None = None
) -> pa.Column:
    checks = []
    if str_length:
        checks.append(pa.Check.str_length(**str_length))
    if str_matches:
        checks.append(pa.Check.str_matches(str_matches))
    return pa.Column(str, checks, nullable=nullable, coerce=True, description=description)


def _category(values: list[str], description: str, nullable: bool = False) -> pa.Column:
    return pa.Column(
        str,
        pa.Check.isin(values),
        nullable=nullable,
        coerce=True,
        description=f"{description} One of: {', '.join(values)}.",
    )


def _count(description: str, nullable: bool = False) -> pa.Column:
    return pa.Column("Int64", pa.Check.ge(0), nullable=nullable, coerce=True, description=f"{description} (count, ≥ 0)")


def _percent(description: str, nullable: bool = False) -> pa.Column:
    return pa.Column(
        float, pa.Check.in_range(0, 100), nullable=nullable, coerce=True, description=f"{description} (percent, 0–100)"
    )


def _parse_bool(series):
    """'true'/'false' as written in the CSVs; anything else becomes missing and fails validation."""
    if series.dtype == bool:
        return series
    return series.astype("string").str.strip().str.lower().map({"true": True, "false": False})


def _bool(description: str) -> pa.Column:
    return pa.Column(
        bool, parsers=pa.Parser(_parse_bool), coerce=True, description=f"{description} Written true or false."
    )


SOURCE_REF = _text(
    "Where the row comes from in the source: section, paragraph, item letter or table (see 'Provenance conventions').",
    str_length={"min_value": 1},
)
QUOTE = _text(
    "The sentence, list item or table row the row comes from, verbatim (Markdown markup removed, white space folded).",
    str_length={"min_value": 1},
)
REVIEW_TYPE = _category(REVIEW_TYPES, "Kind of review: scr = serious case review, lr = learning review.")


def _schema(name: str, columns: dict[str, pa.Column], key: list[str], checks=None) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(columns, unique=key, strict=True, ordered=False, name=name, checks=checks)


def _spec(
    name: str, description: str, row: str, columns: dict[str, pa.Column], key: list[str], checks=None, **kw
) -> TableSpec:
    return TableSpec(name, description, row, _schema(name, columns, key, checks), key, **kw)


def _percent_when_unit_is_percent(df) -> bool:
    """Rows whose unit is 'percent' must have a value in 0–100."""
    pct = df["unit"] == "percent"
    return bool(df.loc[pct, "value"].between(0, 100).all())


_PERCENT_RANGE = pa.Check(
    _percent_when_unit_is_percent, element_wise=False, error="value must lie within 0–100 where unit is 'percent'"
)

TABLES: dict[str, TableSpec] = {}


def register(spec: TableSpec) -> TableSpec:
    """Add a table to the catalogue the loader and the data dictionary read."""
    TABLES[spec.name] = spec
    return spec


register(
    _spec(
        "report_facts",
        "What the report is: publisher, title, date, and the periods it and DFE-RR226 cover.",
        "one fact about the report",
        {
            "fact_id": _text("Stable identifier of the fact."),
            "value": _text("The fact; dates as ISO 8601 (YYYY-MM-DD, or YYYY-MM/YYYY-MM for a span)."),
            "unit": _category(["text", "date", "year", "months", "count"], "What kind of value it is."),
            "source_ref": SOURCE_REF,
            "quote": QUOTE,
        },
        ["fact_id"],
    )
)

register(
    _spec(
        "review_counts",
        "Number of reviews and of children considered, by kind of review (sections 1.2 and A.7).",
        "one statement of a count of reviews (and children, where given) in one place of the report",
        {
            "review_type": REVIEW_TYPE,
            "source_ref": SOURCE_REF,
            "n_reviews": _count("Reviews of this kind"),
            "n_children": _count(
                "Children or young people considered; empty where the statement gives none", nullable=True
            ),
            "quote": QUOTE,
        },
        ["review_type", "source_ref"],
    )
)

register(
    _spec(
        "recommendations",
        "Recommendations arising from the serious case reviews, by recipient (section 1.2).",
        "one recipient of recommendations",
        {
            "recipient": _category(
                ["total", "board", "agencies"], "Who the recommendations related to: board = the DSCB."
            ),
            "source_ref": SOURCE_REF,
            "n_recommendations": _count("Recommendations"),
            "quote": QUOTE,
        },
        ["recipient"],
    )
)

register(
    _spec(
        "age_bands",
        "The age bands the text supports, and how each maps onto the report's two age groups.",
        "one age band",
        {
            "age_band": _category(AGE_BANDS, "Age band as worded in A.1/A.2."),
            "description": _text("What the band means."),
            "age_group": _category(
                AGE_GROUPS,
                "Report section the band belongs to: section 5 (babies and pre-school) "
                "or 6 (school age and young people).",
            ),
            "min_age_years": _count("Youngest age in completed years the band can hold"),
            "max_age_years": _count("Oldest age in completed years the band can hold; empty where open", nullable=True),
            "note": _text("Why the band is mapped as it is, and what stays uncertain.", nullable=True),
        },
        ["age_band"],
        source="none",
    )
)

register(
    _spec(
        "age_counts",
        "Children by age band, per kind of review (A.1) and per learning review (A.2). "
        "The A.3 ages table is missing from the source.",
        "children of one age band in one review (learning reviews) or across all serious case reviews",
        {
            "review_type": REVIEW_TYPE,
            "review_id": _text(
                "Review the children belong to (see reviews); "
                "empty where the report gives only a total across reviews.",
                nullable=True,
            ),
            "age_band": _category(AGE_BANDS, "Age band (see age_bands)."),
            "source_ref": SOURCE_REF,
            "n_children": _count("Children"),
            "quote": QUOTE,
        },
        ["review_type", "review_id", "age_band"],
        references={"age_band": ("age_bands", "age_band"), "review_id": ("reviews", "review_id")},
    )
)

register(
    _spec(
        "local_percentages",
        "Percentages the report states about the board's own reviews (A.4).",
        "one stated percentage",
        {
            "figure_id": _text("Stable identifier of the figure."),
            "description": _text("What the percentage measures."),
            "source_ref": SOURCE_REF,
            "percent": _percent("Stated percentage"),
            "stated_base": _text("The base the report names for the percentage, verbatim."),
            "quote": QUOTE,
        },
        ["figure_id"],
    )
)

register(
    _spec(
        "gender_counts",
        "Children by sex (A.5).",
        "children of one sex in one kind (and subset) of review",
        {
            "review_type": REVIEW_TYPE,
            "review_subset": _category(
                ["all", "cse_reviews", "other_reviews"],
                "Which reviews of the kind: cse_reviews = the two learning reviews of child sexual abuse (A.5).",
            ),
            "sex": _category(["male", "female"], "Sex as stated."),
            "source_ref": SOURCE_REF,
            "n_children": _count("Children"),
            "quote": QUOTE,
        },
        ["review_type", "review_subset", "sex"],
    )
)

register(
    _spec(
        "ethnicity_counts",
        "Children by ethnic group in serious case reviews, learning reviews and among the 34 CSE victims (A.6 table).",
        "children of one ethnic group in one population, or the population's stated total",
        {
            "population": _category(["scr", "lr", "cse_victims"], "Column of the A.6 table."),
            "ethnic_group": _category(ETHNIC_GROUPS, "Ethnic group as printed in A.6."),
            "row_kind": _category(["group", "total"], "group = one ethnic group; total = the table's stated total."),
            "source_ref": SOURCE_REF,
            "n_children": _count("Children"),
            "quote": QUOTE,
        },
        ["population", "ethnic_group"],
    )
)

register(
    _spec(
        "census_ethnicity_report",
        "The report's own 2011 census column for the place (A.6), rounded percentages as printed.",
        "one ethnic group's census share as the report prints it",
        {
            "ethnic_group": _category(ETHNIC_GROUPS, "Ethnic group as printed in A.6."),
            "row_kind": _category(["group", "total"], "group = one ethnic group; total = the stated total."),
            "source_ref": SOURCE_REF,
            "percent": _percent("Share of the place's usual residents"),
            "as_printed": _text("The figure exactly as printed ('Nil' is read as 0)."),
            "quote": QUOTE,
        },
        ["ethnic_group"],
    )
)

register(
    _spec(
        "census_ethnicity_ons",
        "ONS 2011 Census QS201EW, usual residents of the place, with each row mapped onto the report's ethnic groups.",
        "one ONS group or subgroup (or the total)",
        {
            "level": _category(["total", "group", "subgroup"], "Level in the ONS classification."),
            "ethnic_group": _text("ONS category name, verbatim."),
            "parent_group": _text("ONS group the subgroup belongs to; empty for the total.", nullable=True),
            "report_group": _category(
                ETHNIC_GROUPS,
                "The A.6 group this row counts towards, set only on the rows that partition the total "
                "(the White subgroups and the other groups), so summing count by report_group gives the census "
                "count of each A.6 group without double counting. Total for the total row.",
                nullable=True,
            ),
            "source_ref": SOURCE_REF,
            "count": _count("Usual residents"),
            "quote": QUOTE,
        },
        ["ethnic_group"],
        source="census",
    )
)

register(
    _spec(
        "abuse_categories",
        "Cases and children by category of abuse and kind of review (A.8).",
        "one category of abuse in one kind of review",
        {
            "review_type": REVIEW_TYPE,
            "category": _category(ABUSE_CATEGORIES, "Category of abuse as listed in A.8."),
            "source_ref": SOURCE_REF,
            "n_cases": _count("Reviews (cases)"),
            "n_children": _count("Children"),
            "quote": QUOTE,
        },
        ["review_type", "category"],
    )
)

register(
    _spec(
        "reviews",
        "The 12 reviews reconstructed from sections 1.2, A.1, A.2, A.5 and A.8 as far as the text allows; "
        "what it leaves open is marked, never guessed.",
        "one review",
        {
            "review_id": _text(
                "Stable identifier, one of the dataset's review ids (dataset.yml review_ids), numbered "
                "in the order of the report's lists."
            ),
            "review_type": REVIEW_TYPE,
            "n_children_min": _count("Fewest children the review can have held, given the text"),
            "n_children_max": _count("Most children the review can have held, given the text"),
            "n_children_certainty": _category(
                ["stated", "range"], "stated = the text gives the number; range = only bounds follow from the text."
            ),
            "abuse_category": _category(
                ABUSE_CATEGORIES + ["uncertain"],
                "Category of abuse; uncertain where the text does not say which review had which.",
            ),
            "abuse_category_certainty": _category(
                ["stated", "inferred", "uncertain"],
                "stated = said of this review; inferred = follows from combining statements (see uncertainty_note); "
                "uncertain = not determinable.",
            ),
            "age_bands": _text("Age bands of the review's children (see age_bands), semicolon-separated."),
            "age_group": _category(
                AGE_GROUPS + ["mixed"], "Report age group of the children; mixed where they span both."
            ),
            "family_grouping": _category(
                ["single_child", "siblings", "one_family", "unrelated_group", "unknown"],
                "How the children were related, as stated.",
            ),
            "outcome": _text("What happened to the children where stated; 'uncertain' or 'not stated' otherwise."),
            "uncertainty_note": _text("What the text leaves open about the review, and why.", nullable=True),
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
        dataset_values={"review_id": _review_ids},
    )
)

register(
    _spec(
        "review_evidence",
        "Every statement used to reconstruct each review, one per field it informs.",
        "one piece of evidence for one field of one review",
        {
            "review_id": _text("Review (see reviews)."),
            "field": _text("Column of reviews the evidence informs."),
            "source_ref": SOURCE_REF,
            "quote": QUOTE,
        },
        ["review_id", "field", "source_ref"],
        references={"review_id": ("reviews", "review_id")},
    )
)

register(
    _spec(
        "learning_points",
        "The learning points of sections 5 (a–s, babies and pre-school children) "
        "and 6 (a–y, school age children and young people).",
        "one learning point",
        {
            "item_id": _text("Section number and letter, e.g. 5a.", str_matches=r"^\d+[a-z]$"),
            "section": pa.Column(int, pa.Check.ge(1), coerce=True, description="Report section (5 or 6)."),
            "letter": _text("Item letter as printed.", str_matches=r"^[a-z]$"),
            "age_group": _category(AGE_GROUPS, "Age group of the section."),
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

register(
    _spec(
        "good_practice",
        "The good-practice examples (5.1–5.4, 6.1–6.7).",
        "one example",
        {
            "item_id": _text("'GP' and the paragraph number.", str_matches=r"^GP\d+\.\d+$"),
            "age_group": _category(AGE_GROUPS, "Age group of the section."),
            "source_ref": SOURCE_REF,
            "quote": QUOTE,
        },
        ["item_id"],
    )
)

register(
    _spec(
        "changes",
        "The 'What has changed' paragraphs of sections 5 and 6, with the heading each sits under.",
        "one paragraph",
        {
            "item_id": _text("'CH' and the paragraph reference.", str_matches=r"^CH\d+\.\d+[a-z]?$"),
            "age_group": _category(AGE_GROUPS, "Age group of the section."),
            "heading": _text("The bullet heading the paragraph sits under, verbatim."),
            "source_ref": _text(
                "Paragraph number as printed; where the number was lost in conversion (printed '5.' or none), "
                "the number of the last numbered paragraph before it plus a letter (5.16a, 5.16b, …).",
                str_length={"min_value": 1},
            ),
            "ref_derived": _bool("True where source_ref was derived as above rather than printed."),
            "quote": QUOTE,
        },
        ["item_id"],
    )
)

register(
    _spec(
        "change_measures",
        "Every figure the 'What has changed' paragraphs give: the questionnaire, audits, CSE outcomes by year, "
        "training and campaign reach, services.",
        "one figure for one period",
        {
            "measure_id": _text("Stable identifier of the measure; the same measure in several periods shares it."),
            "change_item_id": _text("Paragraph the figure is in (see changes)."),
            "source_ref": SOURCE_REF,
            "period": _text(
                "Period the figure refers to: financial year (2013-14) or month(s) (2014-03/2014-04); "
                "empty where the text gives none.",
                nullable=True,
            ),
            "period_basis": _category(
                ["stated", "inferred", "not_stated"],
                "stated = printed; inferred = read from 'this year'/'last year' (see note).",
            ),
            "measure": _text("What is measured."),
            "unit": _category(["count", "percent", "sessions", "days_per_week", "academic_years"], "Unit of value."),
            "value": pa.Column(
                float, pa.Check.ge(0), coerce=True, description="The figure (≥ 0; percent values 0–100)."
            ),
            "as_stated": _text("The figure as printed in the quote."),
            "hedge": _text("Qualifier printed with the figure ('approximately', 'up to', 'more than').", nullable=True),
            "denominator": _count("Base of a percentage where known or inferred", nullable=True),
            "denominator_status": _category(
                DENOMINATOR_STATUSES, "Whether the base is stated, inferred, unknown, or not applicable (counts)."
            ),
            "note": _text("Caveats on period or base.", nullable=True),
            "quote": QUOTE,
        },
        ["measure_id", "period"],
        checks=[_PERCENT_RANGE],
        references={"change_item_id": ("changes", "item_id")},
    )
)

register(
    _spec(
        "national_findings",
        "The DFE-RR226 national findings the report quotes (3.3, the italic passages of sections 5 and 6, A.4).",
        "one quoted national finding",
        {
            "finding_id": _text("RR226-01… in order of appearance.", str_matches=r"^RR226-\d{2}$"),
            "age_group": _category(AGE_GROUPS + ["all"], "Section the finding sits in."),
            "topic": _text("Short topic label."),
            "source_ref": _text(
                "Section and the item it follows ('5 after 5d)', '6 opening'), or the paragraph number.",
                str_length={"min_value": 1},
            ),
            "quote": QUOTE,
        },
        ["finding_id"],
    )
)

register(
    _spec(
        "national_figures",
        "Every DFE-RR226 figure the report quotes, with its hedge kept as a bound and its denominator where known.",
        "one national figure",
        {
            "figure_id": _text("Stable identifier."),
            "finding_id": _text(
                "Finding the figure belongs to (see national_findings); "
                "empty for context figures from the sources note.",
                nullable=True,
            ),
            "measure": _text("What is measured."),
            "unit": _category(["percent", "count"], "Unit of value."),
            "value": pa.Column(
                float,
                pa.Check.ge(0),
                coerce=True,
                description="The figure; for a hedged one, the bound (two thirds = 66.67).",
            ),
            "as_stated": _text("The figure as printed."),
            "hedge": _text(
                "The hedge as printed ('almost', 'nearly', 'at least', 'just over', 'only').", nullable=True
            ),
            "bound_type": _category(
                BOUND_TYPES,
                "point = a (rounded) value; lower = the true value is at or above value ('at least', 'just over'); "
                "upper = at or below value ('almost', 'nearly').",
            ),
            "numerator": _count("Numerator where stated", nullable=True),
            "denominator": _count("Reviews the figure is a share of, where known", nullable=True),
            "denominator_status": _category(
                DENOMINATOR_STATUSES,
                "known = stated in the report or the sources note; unknown = not available (recorded, not guessed).",
            ),
            "denominator_source": _text(
                "Document stating the denominator: a document name of the dataset (dataset.yml documents).",
                nullable=True,
            ),
            "denominator_quote": _text(
                "Verbatim sentence stating the denominator, where it is not in quote.", nullable=True
            ),
            "source_doc": _text(
                "Document the figure is quoted from: a document name of the dataset (dataset.yml documents)."
            ),
            "source_ref": SOURCE_REF,
            "quote": QUOTE,
        },
        ["figure_id"],
        checks=[_PERCENT_RANGE],
        source="per-row (source_doc)",
        references={"finding_id": ("national_findings", "finding_id")},
        dataset_values={"source_doc": _document_names, "denominator_source": _document_names},
    )
)


# --- theme coding (issue 5) ---
THEME_DOMAINS = ["family_context", "child_needs", "practice", "system"]
ITEM_KINDS = ["learning_point", "good_practice", "change", "national_finding"]
CODE_CONFIDENCES = ["explicit", "interpretive"]
CODE_STATUSES = ["coded", "reviewed", "disputed", "adjudicated"]
#: A coder's decision on one (item, theme) pair, as the adjudication table records each coding.
PAIR_CODINGS = ["explicit", "interpretive", "not_coded"]
ADJUDICATION_DECISIONS = ["code", "not_code"]
ADJUDICATION_STATUSES = ["open", "adjudicated"]
_THEME_ID = r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$"
THEME_ITEM_ID = _text(
    "Item coded: learning_points.item_id, good_practice.item_id, changes.item_id or national_findings.finding_id.",
    str_matches=r"^(?:\d+[a-z]|GP\d+\.\d+|CH\d+\.\d+[a-z]?|RR226-\d{2})$",
)

register(
    _spec(
        "themes",
        "Codebook of the themes used to code the board's learning and the DFE-RR226 findings (issue 5).",
        "one theme",
        {
            "theme_id": _text("Stable snake_case identifier of the theme.", str_matches=_THEME_ID),
            "label": _text("Short readable name.", str_length={"min_value": 1}),
            "domain": _category(
                THEME_DOMAINS,
                "Group of themes, for ordering: family context, the child's needs, practice, multi-agency system.",
            ),
            "definition": _text("What the theme is.", str_length={"min_value": 1}),
            "includes": _text("What is coded to the theme.", str_length={"min_value": 1}),
            "excludes": _text(
                "What is not coded to it, and where it goes instead; empty where nothing needs saying.", nullable=True
            ),
            "national_finding_ids": _text(
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

register(
    _spec(
        "theme_codes",
        "The coding: each learning point, good-practice example, change paragraph and national finding "
        "assigned to one or more themes, with the coder's reason (issue 5).",
        "one theme assigned to one item",
        {
            "item_id": THEME_ITEM_ID,
            "item_kind": _category(ITEM_KINDS, "Table the item comes from."),
            "theme_id": _text("Theme assigned (see themes).", str_matches=_THEME_ID),
            "confidence": _category(
                CODE_CONFIDENCES,
                "explicit = the item names the theme; interpretive = the coder's reading of it (see rationale).",
            ),
            "rationale": _text("Why the theme was assigned, in a short sentence.", str_length={"min_value": 1}),
            "coder": _text("Who coded the row.", str_length={"min_value": 1}),
            "status": _category(
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


register(
    _spec(
        "theme_adjudications",
        "Every (item, theme) pair on which the first theme coding and the blind second coding "
        "(raw/second-coding.csv) disagree, with both codings and the adjudicator's decision and reason (issue 11).",
        "one disagreement between the two codings",
        {
            "item_id": THEME_ITEM_ID,
            "item_kind": _category(ITEM_KINDS, "Table the item comes from."),
            "theme_id": _text("Theme the coders disagree on (see themes).", str_matches=_THEME_ID),
            "first_coding": _category(PAIR_CODINGS, "The first coding's confidence, or not_coded."),
            "first_rationale": _text("The first coder's rationale, verbatim; empty when not coded.", nullable=True),
            "second_coding": _category(PAIR_CODINGS, "The second coding's confidence, or not_coded."),
            "second_rationale": _text("The second coder's rationale, verbatim; empty when not coded.", nullable=True),
            "decision": _category(
                ADJUDICATION_DECISIONS,
                "code = the adjudicated coding (theme_codes) assigns the theme; not_code = it does not; "
                "empty while open.",
                nullable=True,
            ),
            "status": _category(ADJUDICATION_STATUSES, "open = awaiting adjudication; adjudicated = decided."),
            "reason": _text(
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
        min_rows=0,
    )
)


def describe(name: str) -> TableSpec:
    """The spec of one table, with an error naming the known tables when the name is wrong."""
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"unknown table {name!r}; known tables: {', '.join(sorted(TABLES))}") from None
