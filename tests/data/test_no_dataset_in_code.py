"""The package's code names no dataset: no place ("Derby"), no review id of the dataset and no section
number of its report outside the dataset's own files (data/dataset.yml and the curated tables).

The place, period, review ids and which section states what come from the dataset
(scr_workbench.data.dataset), so the same code runs on another board's data folder. Places not
yet moved are listed in KNOWN with how many they hold: the count may only fall, and a file not
listed may hold none, so the rule cannot slip back.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from scr_workbench import paths
from scr_workbench.data.dataset import default_dataset

PACKAGE = paths.PROJ_ROOT / "src" / "scr_workbench"
#: Appendix references (A.6), "section 5", a string that is a paragraph number ("1.2"), a learning point ("5 a)").
SECTION = re.compile(r"\bA\.\d+\b|\bsections? \d+(?:\.\d+)?\b|^\d+\.\d+[a-z]?$|\b\d+\s?[a-z]\)")

#: Still to move (file: kind: at most this many). Outside this branch's area: the package docstring,
#: stats/ and build/; the rest is the schemas' column descriptions.
KNOWN: dict[str, dict[str, int]] = {
    "data/count_tables.py": {"sections": 21},  # the schemas' column descriptions (split from data/schemas.py)
    "data/item_tables.py": {"sections": 10},
}


def _strings(text: str) -> list[str]:
    """Every string constant of a module (docstrings, literals, f-string parts), not format specs ("6.1f")."""
    tree = ast.parse(text)
    specs = {
        id(c)
        for n in ast.walk(tree)
        if isinstance(n, ast.FormattedValue) and n.format_spec
        for c in ast.walk(n.format_spec)
    }
    return [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in specs
    ]


def found_in(path: Path) -> dict[str, int]:
    """How often the module names the default dataset's place, its review ids, or a section number."""
    dataset = default_dataset()
    text = path.read_text(encoding="utf-8")
    ids = re.compile(r"\b(?:{})\b".format("|".join(map(re.escape, dataset.review_ids))))
    strings = _strings(text)
    counts = {
        "place": len(re.findall(re.escape(dataset.place), text, re.IGNORECASE)),
        "review ids": sum(len(ids.findall(s)) for s in strings),
        "sections": sum(len(SECTION.findall(s)) for s in strings),
    }
    return {kind: n for kind, n in counts.items() if n}


MODULES = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("module", MODULES)
def test_module_names_no_dataset(module):
    found = found_in(PACKAGE / module)
    allowed = KNOWN.get(module, {})
    grown = {kind: n for kind, n in found.items() if n > allowed.get(kind, 0)}
    assert not grown, (
        f"{module} names the dataset in code ({grown}; allowed {allowed or 'none'}): take the place, "
        "review ids and section references from scr_workbench.data.dataset or the curated tables"
    )


def test_known_places_are_still_there():
    """An entry of KNOWN that has been mended is removed (or lowered), so the ratchet stays tight."""
    stale = {
        m: (k, found_in(PACKAGE / m).get(k, 0))
        for m, kinds in KNOWN.items()
        for k, n in kinds.items()
        if found_in(PACKAGE / m).get(k, 0) < n
    }
    assert not stale, f"lower or remove these KNOWN entries: {stale}"


def test_the_scan_finds_what_it_looks_for(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('"""About Derby."""\nX = "1.2"\nY = f"see A.8 and section 5 for SCR1"\nZ = "5 a)"\n')
    assert found_in(module) == {"place": 1, "review ids": 1, "sections": 4}
