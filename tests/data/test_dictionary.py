"""The data dictionary is generated from the schemas and up to date."""

from scr_workbench.data.dictionary import DICTIONARY_PATH, render_dictionary
from scr_workbench.data.schemas import TABLES


def test_dictionary_is_up_to_date():
    assert DICTIONARY_PATH.read_text(encoding="utf-8") == render_dictionary(), (
        "data/curated/README.md is stale: run 'python -m scr_workbench data-dictionary'"
    )


def test_every_table_and_column_documented():
    text = DICTIONARY_PATH.read_text(encoding="utf-8")
    for spec in TABLES.values():
        assert f"### `{spec.filename}`" in text
        for column, schema in spec.schema.columns.items():
            assert f"| `{column}` |" in text
            assert schema.description, f"{spec.name}.{column} has no description"


def test_every_curated_csv_is_a_documented_table():
    csvs = {p.stem for p in DICTIONARY_PATH.parent.glob("*.csv")}
    assert csvs <= set(TABLES), f"undocumented curated files: {csvs - set(TABLES)}"
