"""Sortable, searchable views of the curated tables and the comparison registry, with itables offline.

``init_notebook_mode(connected=False)`` embeds the DataTables library in the notebook's output on every
call, so nothing is fetched from a CDN and the table keeps working after a page reload or in a reopened
notebook (a once-per-kernel flag left a reloaded page waiting for a library it never received).
Lab only: the report build never imports this module (the reports
stay static, and a Content-Security-Policy there forbids scripts).
"""

from __future__ import annotations

import pandas as pd

#: The name :func:`explore` takes for the comparison registry.
REGISTRY = "comparisons"
#: Where the controls go. The search box is a dict, not itables' default string, so itables does not strip
#: the controls from a table that fits on one page (a 10-row table had no search box).
LAYOUT = {"topStart": "pageLength", "topEnd": {"search": {"placeholder": "type to search"}}}


def table_frame(name: str, confidence_level: float = 0.95) -> pd.DataFrame:
    """The validated curated table ``name``, or the comparison registry for ``"comparisons"``."""
    from scr_workbench.data.schemas import TABLES

    if name == REGISTRY:
        from scr_workbench.comparisons.registry import build_registry

        return build_registry(confidence_level=confidence_level)
    if name not in TABLES:
        raise KeyError(f"no table {name!r}; explore takes one of: {', '.join([*TABLES, REGISTRY])}")
    from scr_workbench.data.tables import load_table

    return load_table(name)


def init_offline() -> None:
    """Load DataTables into this output from the installed package, never from a CDN (on every call: see above)."""
    from itables import init_notebook_mode

    init_notebook_mode(all_interactive=False, connected=False)


def datatable_html(frame: pd.DataFrame, caption: str) -> str:
    """The interactive table's HTML (needs :func:`init_offline` in the same notebook first)."""
    from itables import to_html_datatable

    return to_html_datatable(
        frame,
        caption=caption,
        connected=False,
        maxBytes=0,  # every row: the tables are small, and a sample would hide rows from the search
        classes="display compact",
        layout=LAYOUT,
    )


#: The registry's columns a researcher scans first; ``explore("comparisons", all_columns=True)`` shows every one.
REGISTRY_COMPACT = (
    "comparison_id", "description", "local_k", "local_n", "local_value", "ci_low", "ci_high",
    "reference_value", "p_for_verdict", "p_adjusted", "verdict_label",
)  # fmt: skip


def explore(name: str, confidence_level: float = 0.95, all_columns: bool = False) -> None:
    """Show table ``name`` (or ``"comparisons"``, the registry) as a sortable, searchable table in the lab.

    The registry shows :data:`REGISTRY_COMPACT` (its 39 columns wrap into a page some 10,000 px tall);
    ``all_columns=True`` shows them all.
    """
    from IPython.display import HTML, display

    frame = table_frame(name, confidence_level)
    caption = f"{name}: {len(frame)} rows; click a header to sort, type to search"
    if name == REGISTRY and not all_columns:
        caption += f"; {len(REGISTRY_COMPACT)} of {len(frame.columns)} columns (all_columns=True for the rest)"
        frame = frame[list(REGISTRY_COMPACT)]
    init_offline()
    display(HTML(datatable_html(frame, caption=caption)))
