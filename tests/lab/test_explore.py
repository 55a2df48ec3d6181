"""explore() shows a table with itables offline: nothing is loaded from a CDN or any other address."""

import re

import pytest
from IPython.core.interactiveshell import InteractiveShell

from scr_workbench.lab import explore as E

#: A script or stylesheet fetched from elsewhere: an import from a URL, a src= or href= to one.
FETCH = re.compile(
    r"""(?:\bimport\b[^;'"]*['"]|\bsrc\s*=\s*['"]?|<link[^>]*href\s*=\s*['"]?|url\(\s*['"]?)(?:https?:)?//"""
)


def test_the_fetch_pattern_finds_a_cdn_import():
    assert FETCH.search("import {DataTable} from 'https://cdn.jsdelivr.net/npm/dt_for_itables'")
    assert FETCH.search('<script src="https://cdn.example/x.js"></script>')
    assert not FETCH.search('<a href="https://itables.org/">ITables</a>')  # a link is not a fetch


@pytest.fixture
def shown(monkeypatch):
    """The HTML explore() displays, in the order displayed."""
    bundles = []
    InteractiveShell.instance()
    import IPython.display

    monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: bundles.append(obj.data))
    return bundles


@pytest.mark.parametrize("name", ["ethnicity_counts", "comparisons"])
def test_explore_embeds_the_library_and_fetches_nothing(shown, name):
    E.explore(name)
    E.explore(name)
    html = "\n".join(shown)
    # The library (2 parts) before each table, on every call: a reloaded page or a reopened notebook
    # has only the outputs, so the second table must not depend on the first call's library.
    assert len(shown) == 6
    for library, table in ((shown[1], shown[2]), (shown[4], shown[5])):
        assert "injectCSS(" in library and '<table id="itables_' in table
    assert not FETCH.search(html), FETCH.search(html).group(0)
    frame = E.table_frame(name)
    assert f"{name}: {len(frame)} rows" in html


@pytest.mark.parametrize("rows", [3, 10, 200])
def test_every_table_has_a_search_box_whatever_its_length(rows):
    import pandas as pd

    html = E.datatable_html(pd.DataFrame({"a": range(rows)}), caption="c")
    assert '"topEnd": {"search": {"placeholder": "type to search"}}' in html


def test_unknown_name_lists_the_choices():
    with pytest.raises(KeyError, match="explore takes one of: report_facts.*comparisons"):
        E.table_frame("registry")


def test_the_build_never_imports_itables():
    import subprocess
    import sys

    code = (
        "import sys, scr_workbench.reporting.command, scr_workbench.reporting.execute, scr_workbench.reporting.render;"
        "print('itables' in sys.modules, 'ipywidgets' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_the_registry_shows_the_columns_a_researcher_scans_and_the_rest_on_demand(shown):
    registry = E.table_frame("comparisons")
    E.explore("comparisons")
    compact = shown[-1]
    assert "<th>verdict_label</th>" in compact and "<th>design_effect_by_icc</th>" not in compact
    assert f"{len(E.REGISTRY_COMPACT)} of {len(registry.columns)} columns" in compact
    assert set(E.REGISTRY_COMPACT) < set(registry.columns)  # every compact column is a registry column
    E.explore("comparisons", all_columns=True)
    assert "<th>design_effect_by_icc</th>" in shown[-1]
