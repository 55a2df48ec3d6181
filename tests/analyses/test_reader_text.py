"""Reader text: verdict labels from the rules, plain sentences, escaped sections, humane tables, the code-word check."""

import math

import pandas as pd

from scr_workbench.analyses import reader_text as RT
from scr_workbench.comparisons.verdicts import RULES


def test_verdict_label_is_the_rules_own_words():
    row = {"rule_id": "too_few_cases", "verdict": "Too few cases to tell: only 3 cases, fewer than the 5 needed."}
    assert RT.verdict_label(row) == "Too few cases to tell"
    # a rule whose template starts with its numbers: the sentence's first clause
    assert RT.verdict_label({"rule_id": "unknown", "verdict": "Higher than the census: 9 of 13."}) == (
        "Higher than the census"
    )


def test_row_sentence_names_the_count_and_spells_out_the_interval():
    row = {
        "rule_id": "too_wide_to_tell",
        "verdict": "Too few cases to tell: 50% (95% CI 18.8% to 81.2%).",
        "local_k": 3,
        "local_n": 6,
        "local_population": "SCRs",
    }
    sentence = RT.row_sentence(row)
    assert "3 of 6 (SCRs)" in sentence and "95% interval 18.8% to 81.2%" in sentence and " CI " not in sentence
    assert RT.row_sentence({**row, "local_k": pd.NA}).startswith("Too few cases to tell")


def test_sections_escape_data_and_carry_their_markers():
    html = RT.main_points_html(["<script>x</script> in 3 of 6 serious case reviews", "b", "c"])
    assert '<section class="main-points">' in html and "<h2>Main points</h2>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="glossary.html#term-serious-case-review-scr"' in html
    notes = RT.technical_notes_html(["Method <b>"], ["A caveat"], {"review_type": "scr"})
    assert notes.startswith('<section id="technical-notes">') and "Method &lt;b&gt;" in notes
    assert "review type: scr" in notes
    assert notes.count("<li>") >= len(RULES) + 2  # every rule printed, with the caveat and the parameter


def test_rules_in_words_have_no_code_names():
    for text in RT.verdict_rules_in_words():
        assert RT.reader_text_problems(text) == [], text
        assert "MIN_N" not in text and "alpha" not in text


def test_problems_found_in_code_words_booleans_missing_and_infinity():
    assert RT.reader_text_problems("Too few children to tell: 3 of 6.") == []
    for bad in ("too_wide_to_tell", "True", "<NA>", "NaN", "inf (0.0789–inf)", "rules_table()", "`x`"):
        assert RT.reader_text_problems(bad), bad


def test_reader_table_humanises_headers_and_values():
    frame = pd.DataFrame({"check_id": ["A"], "agrees": [True], "ratio": [math.inf], "note": [None]})
    shown = RT.reader_table(frame)
    assert list(shown.columns) == ["check", "agrees?", "ratio", "note"]
    assert shown.iloc[0].tolist() == ["A", "yes", "no upper limit", "–"]


def test_reader_table_drops_ids_a_label_names():
    frame = pd.DataFrame({"theme_id": ["faltering_growth"], "label": ["Faltering growth"], "n_local_items": [0]})
    shown = RT.reader_table(frame)
    assert list(shown.columns) == ["theme", "local items (number)"]
    assert "faltering_growth" not in shown.to_string()
