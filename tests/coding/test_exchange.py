"""The blinded export for a further coder holds no codes, and the import refuses a broken coding
naming file, row and column; the second coding, imported, gives the agreement counted by hand."""

import csv

import pytest

from scr_workbench import cli, paths
from scr_workbench.coding.exchange import export_blind, import_coding
from scr_workbench.data.tables import TableError

SECOND = paths.RAW_DIR / "second-coding.csv"


def read_rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    directory = tmp_path_factory.mktemp("pack") / "blind"
    export_blind(directory)
    return directory


def test_export_holds_items_and_codebook_and_no_codes(exported):
    assert sorted(p.name for p in exported.iterdir()) == ["README.md", "codebook.csv", "coding.csv", "items.csv"]
    items = read_rows(exported / "items.csv")
    assert {r["item_id"] for r in items} == {r["item_id"] for r in read_rows(SECOND)}  # all 103 items
    assert len(items) == 103
    codebook = read_rows(exported / "codebook.csv")
    assert "national_finding_ids" not in codebook[0]  # it would reveal the national findings' codes
    assert len(codebook) == len(read_rows(paths.DATA_DIR / "curated" / "themes.csv"))
    assert (exported / "coding.csv").read_text(encoding="utf-8").strip() == (
        "item_id,item_kind,theme_id,confidence,rationale,coder,status"
    )
    everything = "".join(p.read_text(encoding="utf-8") for p in exported.iterdir())
    for coder_trace in ("issue5", "second_coder", "RR226-01;", "adjudicat"):
        assert coder_trace not in everything


def test_export_never_overwrites(exported):
    with pytest.raises(FileExistsError, match="not empty"):
        export_blind(exported)


def test_the_second_coding_imports_and_agrees_as_counted_by_hand(tmp_path, capsys):
    assert len(import_coding(SECOND)) == 246
    out = tmp_path / "disagreements.csv"
    assert cli.main(["coding", "import", str(SECOND), "--disagreements", str(out)]) == 0
    assert "246 codes of 103 items" in capsys.readouterr().out
    # 12 first-only and 7 second-only pairs (issue 11's count): 19 rows to adjudicate, all open.
    rows = read_rows(out)
    assert len(rows) == 19 and {r["status"] for r in rows} == {"open"}


def write_copy(tmp_path, change):
    rows = read_rows(SECOND)
    change(rows)
    path = tmp_path / "coding.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(read_rows(SECOND)[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r[0].update(item_id="5z"), "coding.csv, row 0 (line 2), column 'item_id': '5z' is no item"),
        (lambda r: r[0].update(item_kind="change"), "row 0 (line 2), column 'item_kind': 'change', but item 5a"),
        (lambda r: r[3].update(theme_id="bruises"), "row 3 (line 5), column 'theme_id': 'bruises' is no theme_id"),
        (lambda r: r[1].update(status="reviewed"), "row 1 (line 3), column 'status': 'reviewed', expected 'coded'"),
        (lambda r: r[2].update(confidence="sure"), "coding.csv, row 2 (line 4), column 'confidence': value 'sure'"),
        (lambda r: r.append(dict(r[0])), "duplicated key item_id, theme_id"),
        (lambda r: r.__delitem__(slice(0, 2)), "1 item(s) of items.csv not coded at all (code each once at least): 5a"),
    ],
)
def test_a_broken_coding_is_refused_naming_the_place(tmp_path, change, message):
    path = write_copy(tmp_path, change)
    with pytest.raises(TableError, match=message.replace("(", r"\(").replace(")", r"\)")):
        import_coding(path)


def test_the_command_line_exits_1_with_the_message(tmp_path, capsys):
    assert cli.main(["coding", "import", str(tmp_path / "missing.csv")]) == 1
    assert "no such file" in capsys.readouterr().err
    (tmp_path / "latin1.csv").write_bytes("item_id\nca\xf1a\n".encode("latin-1"))
    assert cli.main(["coding", "import", str(tmp_path / "latin1.csv")]) == 1
    assert "latin1.csv, line 2: not UTF-8" in capsys.readouterr().err
    pack = tmp_path / "pack"
    assert cli.main(["coding", "export-blind", str(pack)]) == 0
    assert cli.main(["coding", "export-blind", str(pack)]) == 1
