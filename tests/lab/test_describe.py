"""describe_table says what a row is, each column's meaning, type and allowed values, and the pitfalls."""

import re

import pytest

from scr_workbench.data.schemas import TABLES
from scr_workbench.data.tables import load_table
from scr_workbench.lab.describe import describe_table, table_catalogue


def test_ethnicity_counts_warns_of_its_total_rows_and_the_advice_gives_the_stated_totals():
    description = describe_table("ethnicity_counts")
    [pitfall] = [p for p in description.pitfalls if "total rows" in p]
    advice = re.search(r"Exclude them first: `(.+)`\.", pitfall).group(1)
    df = load_table("ethnicity_counts")
    groups = eval(advice, {"df": df})  # noqa: S307 - the advice is our own code, run as a researcher would
    stated = df[df["ethnic_group"] == "Total"].set_index("population")["n_children"]
    summed = groups.groupby("population")["n_children"].sum()
    assert summed.to_dict() == stated.to_dict()
    naive = df.groupby("population")["n_children"].sum()
    assert naive.to_dict() == (2 * stated).to_dict()  # what the pitfall warns of: 80 and 26 instead of 40 and 13


def test_every_column_is_described_with_type_and_allowed_values():
    description = describe_table("ethnicity_counts")
    columns = description.columns.set_index("column")
    assert list(columns.index) == list(TABLES["ethnicity_counts"].schema.columns)
    assert columns.loc["population", "allowed"] == "scr, lr, cse_victims"
    assert columns.loc["n_children", "type"] == "integer"
    assert columns.loc["n_children", "allowed"] == "≥ 0"
    text = str(description)
    assert "One row is children of one ethnic group in one population" in text
    markdown = description._repr_markdown_()
    assert "| `row_kind` | text | no | group, total |" in markdown and "**Pitfall.**" in markdown


def test_a_table_without_totals_has_no_total_pitfall_and_unknown_names_are_listed():
    assert not any("total rows" in p for p in describe_table("reviews").pitfalls)
    with pytest.raises(KeyError, match="no table 'review'; tables: report_facts"):
        describe_table("review")


def test_the_catalogue_shows_descriptions_uncut():
    catalogue = table_catalogue()
    longest = max(catalogue["description"], key=len)
    assert len(longest) > 50
    assert longest in repr(catalogue) and longest in catalogue._repr_html_()
    assert longest in repr(catalogue.head(len(catalogue)))  # a slice keeps the full-text display
    assert "total rows" in catalogue.set_index("table").loc["ethnicity_counts", "pitfalls"]
