"""The public API: a short list researchers use, shown first by help(scr_workbench), importable from the package."""

import pydoc
import subprocess
import sys

import scr_workbench
from scr_workbench import api


def test_the_package_re_exports_the_api():
    for name in api.__all__:
        assert getattr(scr_workbench, name) is getattr(api, name), name
    assert scr_workbench.__all__ == api.__all__


def test_help_shows_the_api_before_the_modules():
    text = pydoc.render_doc(scr_workbench, renderer=pydoc.plaintext)
    description = text.index("DESCRIPTION")
    assert description < text.index("PACKAGE CONTENTS")
    for name in ("load_table", "list_tables", "describe_table", "explore", "parameter_form", "new-notebook"):
        assert description < text.index(name) < text.index("PACKAGE CONTENTS"), name


def test_help_lists_the_small_number_statistics_first():
    text = pydoc.render_doc(scr_workbench, renderer=pydoc.plaintext)
    statistics = [text.index(name, text.index("DESCRIPTION")) for name in api.STATISTICS]
    assert max(statistics) < text.index("load_table(")
    assert list(api.__all__[: len(api.STATISTICS)]) == list(api.STATISTICS)


def test_importing_the_package_loads_nothing_heavy():
    heavy = "('pandas', 'itables', 'ipywidgets')"
    code = f"import sys, scr_workbench.paths; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_list_tables_is_the_full_text_catalogue():
    tables = scr_workbench.list_tables()
    assert "pitfalls" in tables.columns
    assert all(description in repr(tables) for description in tables["description"])
