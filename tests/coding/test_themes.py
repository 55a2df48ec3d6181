"""Theme coding (issue 5): the codebook and coding are complete and consistent, the matrix
and gap lists agree with counts made directly from the coding, broken copies are refused,
and the suggester's agreement with the coding is what a hand computation gives."""

import pandas as pd
import pytest

from scr_workbench import paths
from scr_workbench.coding import themes as T
from scr_workbench.data.source_text import quote_in_source
from scr_workbench.data.tables import TableError, load_table, read_raw_csv

#: The themes the issue asks for at least, by the id the codebook gives them.
REQUIRED_THEMES = [
    "domestic_violence",
    "parental_mental_health",
    "substance_misuse",
    "neglect",
    "bruising_non_mobile_babies",
    "young_parents",
    "disabled_children",
    "child_sexual_exploitation",
    "adolescent_risk",
    "missing_children",
    "self_harm_suicide",
    "interagency_communication",
    "male_carers",
    "thresholds",
    "supervision_management_oversight",
    "interpreters_and_identity",
    "gp_registration",
    "transition_to_adult_services",
    "cross_boundary_moves",
    "pre_birth_assessment",
    "infant_care_and_safety",
    "recording_and_minutes",
    "professional_curiosity",
    "think_family_parental_history",
    "education_and_school_attendance",
    "placement_with_parents",
    "fire_safety",
    "emergency_protection_orders",
    "older_children_development",
    "faltering_growth",
    "parental_separation",
    "resilience",
    "universal_services_and_early_help",
]


# --- completeness and consistency ------------------------------------------------------


def test_every_item_of_every_source_is_coded(coding):
    _, codes, items = coding
    counts = items.groupby("item_kind")["item_id"].nunique().to_dict()
    assert counts == {"learning_point": 44, "good_practice": 11, "change": 34, "national_finding": 14}
    uncoded = set(zip(items["item_id"], items["item_kind"], strict=True)) - set(
        zip(codes["item_id"], codes["item_kind"], strict=True)
    )
    assert not uncoded, f"items without a theme: {sorted(uncoded)}"


def test_every_code_names_an_existing_item_of_its_kind_and_a_defined_theme(coding):
    themes, codes, items = coding
    known_items = set(zip(items["item_id"], items["item_kind"], strict=True))
    assert set(zip(codes["item_id"], codes["item_kind"], strict=True)) <= known_items
    assert set(codes["theme_id"]) <= set(themes["theme_id"])


def test_every_theme_is_defined_and_used(coding):
    themes, codes, _ = coding
    assert set(REQUIRED_THEMES) <= set(themes["theme_id"])
    assert set(themes["theme_id"]) == set(codes["theme_id"])
    assert themes[["label", "definition", "includes"]].notna().all().all()


def test_codes_carry_a_rationale_and_no_item_is_coded_twice_to_a_theme(coding):
    _, codes, _ = coding
    assert codes["rationale"].str.strip().str.len().gt(10).all()
    assert not codes.duplicated(["item_id", "theme_id"]).any()


def test_national_finding_ids_of_the_codebook_are_the_findings_coded_to_each_theme(coding):
    themes, codes, _ = coding
    national = codes[codes["item_kind"] == "national_finding"]
    for row in themes.itertuples():
        listed = set() if pd.isna(row.national_finding_ids) else set(row.national_finding_ids.split(";"))
        assert listed == set(national.loc[national["theme_id"] == row.theme_id, "item_id"]), row.theme_id


# --- validation of broken copies -------------------------------------------------------


def test_the_codebook_and_coding_pass_their_schemas():
    assert len(load_table("themes")) == 45
    assert len(load_table("theme_codes")) == len(read_raw_csv(paths.CURATED_DIR / "theme_codes.csv"))


def test_a_duplicate_item_theme_pair_is_rejected_naming_table_and_columns(curated_copy):
    codes = read_raw_csv(curated_copy / "theme_codes.csv")
    pd.concat([codes, codes.iloc[[0]]]).to_csv(curated_copy / "theme_codes.csv", index=False)
    with pytest.raises(TableError) as err:
        load_table("theme_codes", curated_copy)
    message = str(err.value)
    assert "'theme_codes'" in message and "duplicated key item_id, theme_id" in message
    assert f"column 'theme_id' value {codes.loc[0, 'theme_id']!r}" in message


def test_an_unknown_theme_id_is_rejected_naming_table_and_column(curated_copy):
    codes = read_raw_csv(curated_copy / "theme_codes.csv")
    codes.loc[4, "theme_id"] = "weather"
    codes.to_csv(curated_copy / "theme_codes.csv", index=False)
    load_table("theme_codes", curated_copy)  # well formed on its own: only the cross-check can tell
    with pytest.raises(
        TableError,
        match=r"table 'theme_codes', row 4 \(line 6\), column 'theme_id': "
        r"'weather' is not a theme_id of table 'themes'",
    ):
        T.load_coding(curated_copy)


def test_a_malformed_theme_id_is_rejected_by_the_schema(curated_copy):
    themes = read_raw_csv(curated_copy / "themes.csv")
    themes.loc[0, "theme_id"] = "Domestic violence"
    themes.to_csv(curated_copy / "themes.csv", index=False)
    with pytest.raises(
        TableError, match=r"(?s)table 'themes'.*column 'theme_id': value 'Domestic violence' fails str_matches"
    ):
        load_table("themes", curated_copy)


def test_a_code_pointing_at_a_missing_item_is_rejected(curated_copy):
    codes = read_raw_csv(curated_copy / "theme_codes.csv")
    codes.loc[0, ["item_id", "item_kind"]] = ["GP6.9", "good_practice"]  # well formed, not in the report
    codes.to_csv(curated_copy / "theme_codes.csv", index=False)
    with pytest.raises(
        TableError,
        match=r"table 'theme_codes', row 0 \(line 2\), column 'item_id': "
        r"'GP6.9' is not an item of table 'good_practice'",
    ):
        T.load_coding(curated_copy)


def test_a_national_link_the_coding_does_not_support_is_rejected(curated_copy):
    themes = read_raw_csv(curated_copy / "themes.csv")
    row = themes.index[themes["theme_id"] == "fire_safety"][0]
    themes.loc[row, "national_finding_ids"] = "RR226-10"
    themes.to_csv(curated_copy / "themes.csv", index=False)
    with pytest.raises(
        TableError,
        match=r"table 'themes', row \d+ \(line \d+\), column 'national_finding_ids': "
        r"lists \['RR226-10'\] for 'fire_safety'",
    ):
        T.load_coding(curated_copy)


# --- the matrix ------------------------------------------------------------------------


def _direct_counts(codes, items, age_group):
    """Counts per (theme, source) made by walking the coding, independent of the module."""
    item_source, item_age = {}, {}
    for r in items.itertuples():
        if r.item_kind == "learning_point":
            source = "learning_babies_preschool" if r.item_id.startswith("5") else "learning_school_age"
        else:
            source = {"good_practice": "good_practice", "change": "changes", "national_finding": "national_findings"}[
                r.item_kind
            ]
        item_source[(r.item_id, r.item_kind)] = source
        item_age[(r.item_id, r.item_kind)] = r.age_group
    counts = {}
    for r in codes.itertuples():
        key = (r.item_id, r.item_kind)
        if age_group != "all" and item_age[key] not in (age_group, "all"):
            continue
        counts[(r.theme_id, item_source[key])] = counts.get((r.theme_id, item_source[key]), 0) + 1
    return counts


@pytest.mark.parametrize("age_group", T.AGE_GROUPS)
@pytest.mark.parametrize("min_mentions", [0, 1, 4])
def test_matrix_counts_equal_counts_made_directly_from_the_coding(coding, age_group, min_mentions):
    themes, codes, items = coding
    matrix = T.theme_source_matrix(codes, items, themes, age_group=age_group, min_mentions=min_mentions)
    direct = _direct_counts(codes, items, age_group)
    expected_columns = {
        "all": list(T.SOURCES),
        "babies_preschool": ["learning_babies_preschool", "good_practice", "changes", "national_findings"],
        "school_age": ["learning_school_age", "good_practice", "changes", "national_findings"],
    }
    assert list(matrix.columns) == expected_columns[age_group]
    totals = {t: sum(n for (tt, _), n in direct.items() if tt == t) for t in themes["theme_id"]}
    assert set(matrix.index) == {t for t, n in totals.items() if n >= min_mentions}
    for theme in matrix.index:
        for source in matrix.columns:
            assert matrix.loc[theme, source] == direct.get((theme, source), 0), (theme, source)


def test_matrix_for_one_theme_and_the_whole_coding_total(coding):
    themes, codes, items = coding
    assert T.theme_source_matrix(codes, items, themes).to_numpy().sum() == len(codes)
    one = T.theme_source_matrix(codes, items, themes, theme="child_sexual_exploitation")
    assert one.index.tolist() == ["child_sexual_exploitation"]
    assert one.loc["child_sexual_exploitation"].to_dict() == {
        "learning_babies_preschool": 0,
        "learning_school_age": 4,
        "good_practice": 0,
        "changes": 8,
        "national_findings": 0,
    }


# --- gaps both ways --------------------------------------------------------------------


def _derby_and_national_themes(codes, explicit_only=False):
    used = codes[codes["confidence"] == "explicit"] if explicit_only else codes
    derby = set(used.loc[used["item_kind"] != "national_finding", "theme_id"])
    national = set(used.loc[used["item_kind"] == "national_finding", "theme_id"])
    return derby, national


@pytest.mark.parametrize("explicit_only", [False, True])
def test_gap_lists_agree_with_sets_made_from_the_coding(coding, explicit_only):
    themes, codes, items = coding
    derby, national = _derby_and_national_themes(codes, explicit_only)
    linked = set(themes.loc[themes["national_finding_ids"].notna(), "theme_id"])
    assert (
        set(T.national_without_local(codes, items, themes, explicit_only=explicit_only)["theme_id"]) == national - derby
    )
    assert set(T.national_echoed(codes, items, themes, explicit_only=explicit_only)["theme_id"]) == national & derby
    assert (
        set(T.local_without_national(codes, items, themes, explicit_only=explicit_only)["theme_id"]) == derby - linked
    )


def test_the_committed_gaps(coding):
    """The findings the notebook states; a change to the coding that moves them must be read again."""
    themes, codes, items = coding
    assert T.national_without_local(codes, items, themes)["theme_id"].tolist() == [
        "bruising_toddlers",
        "faltering_growth",
    ]
    assert set(T.national_without_local(codes, items, themes, explicit_only=True)["theme_id"]) == {
        "young_parents",
        "infancy_risk",
        "bruising_toddlers",
        "faltering_growth",
        "disabled_children",
        "resilience",
    }
    derby_only = set(T.local_without_national(codes, items, themes)["theme_id"])
    assert {"child_sexual_exploitation", "male_carers", "gp_registration", "interagency_communication"} <= derby_only
    assert len(derby_only) == 26


# --- quotes ----------------------------------------------------------------------------


def test_theme_quotes_are_the_source_quotes_with_references(coding):
    themes, codes, items = coding
    quoted = T.theme_quotes("male_carers", codes, items)
    assert quoted["item_id"].tolist() == ["5n", "CH5.16a"]
    assert quoted["source_ref"].tolist() == ["5 n)", "5.16a"]
    assert all(quote_in_source(q) for q in quoted["quote"])
    school = T.theme_quotes("domestic_violence", codes, items, age_group="school_age")["item_id"].tolist()
    assert school == ["6i", "CH6.21", "CH6.22", "CH6.23", "RR226-12"]
    import mistune  # nbconvert's Markdown renderer: what the reader sees

    shown = mistune.html(T.quotes_markdown(["fire_safety"], codes, items, themes))
    assert "<strong>CH6.24</strong>" in shown and "6.24, under “Fire Safety”" in shown
    assert "<h4>Fire safety: 1 item</h4>" in shown  # the theme in words, not its id


def test_source_labels_name_the_place_and_the_item_ranges_of_the_report():
    # Read off the report: section 5 has learning points a)–s), section 6 a)–y); good practice 5.1–6.7.
    labels = T.source_labels()
    assert labels["learning_babies_preschool"] == "Derby learning points: babies & pre-school (5 a–s)"
    assert labels["learning_school_age"] == "Derby learning points: school age (6 a–y)"
    assert labels["good_practice"] == "Derby good practice (5.1–6.7)"
    assert labels["changes"] == "What has changed in Derby"
