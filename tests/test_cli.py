"""The command line: each subcommand's output and exit status, checked against the curated files."""

import csv
import io
import subprocess
import sys

import pytest

from scr_workbench import paths
from scr_workbench.cli import main


def test_tables_lists_every_curated_csv(capsys):
    assert main(["tables", "--format", "csv"]) == 0
    listed = {row["table"] for row in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert listed == {p.stem for p in paths.CURATED_DIR.glob("*.csv")}


def test_comparisons_csv_has_one_row_per_comparison_id(capsys):
    assert main(["comparisons", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    ids = [r["comparison_id"] for r in rows]
    assert len(ids) == len(set(ids)) > 20
    # A count the report states (section 1.2: "6 serious case reviews"): 3 of the 6 SCRs concern a baby.
    babies = next(r for r in rows if r["comparison_id"] == "babies_scr_reviews")
    assert (babies["local_k"], babies["local_n"]) == ("3", "6")


@pytest.mark.parametrize("value, words", [("95", "between 0 and 1"), ("abc", "must be a number")])
def test_a_bad_confidence_level_is_a_usage_error_naming_the_option(value, words, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["comparisons", "--confidence-level", value])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "--confidence-level" in err and words in err


def test_data_dictionary_check_fails_on_a_stale_file(tmp_path, monkeypatch, capsys):
    from scr_workbench.data import dictionary

    assert main(["data-dictionary", "--check"]) == 0
    stale = tmp_path / "README.md"
    stale.write_text("out of date\n", encoding="utf-8")
    monkeypatch.setattr(dictionary, "DICTIONARY_PATH", stale)
    assert main(["data-dictionary", "--check"]) == 1
    assert "out of date" in capsys.readouterr().err
    assert stale.read_text(encoding="utf-8") == "out of date\n"  # --check never writes


def test_an_unknown_command_exits_2():
    done = subprocess.run([sys.executable, "-m", "scr_workbench", "frobnicate"], capture_output=True, text=True)
    assert done.returncode == 2 and "invalid choice" in done.stderr


def test_a_closed_pipe_is_not_an_error():
    # `python -m scr_workbench comparisons | head -1`: the reader goes away after one line.
    cmd = f"{sys.executable} -m scr_workbench comparisons | head -1"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "BrokenPipeError" not in done.stderr and len(done.stdout.splitlines()) == 1
