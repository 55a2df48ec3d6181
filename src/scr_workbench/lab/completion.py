"""Tab completion of table names in IPython and JupyterLab: ``load_table("<Tab>`` offers every curated table.

An IPython matcher (its documented Matcher API v2, ``IPCompleter.custom_matchers``), registered when
:mod:`scr_workbench.api` is imported in a running IPython; the same for ``describe_table`` and ``explore``.
"""

from __future__ import annotations

import re
from typing import Any

from IPython.core.completer import CompletionContext, SimpleCompletion, context_matcher

#: Functions whose first argument is a table name, and the call being typed: ``load_table("ag``.
TABLE_FUNCTIONS = ("load_table", "describe_table", "explore")
OPEN_CALL = re.compile(r"\b(?:" + "|".join(TABLE_FUNCTIONS) + r""")\(\s*(?:name\s*=\s*)?(["'])([\w]*)$""")


def table_names() -> list[str]:
    """Every name :func:`scr_workbench.api.load_table` and ``explore`` accept."""
    from scr_workbench.data.schemas import TABLES

    return [*TABLES, "comparisons"]


@context_matcher()
def table_name_matcher(context: CompletionContext) -> dict[str, Any]:
    """Table names completing the string being typed as a table function's first argument."""
    match = OPEN_CALL.search(context.text_until_cursor)
    if not match:
        return {"completions": [], "suppress": False}
    prefix = match.group(2)
    names = [n for n in table_names() if n.startswith(prefix)]
    # IPython replaces the token it found; give the whole name after the same token.
    token = context.token
    cut = len(prefix) - len(token) if token and prefix.endswith(token) else 0
    return {
        "completions": [SimpleCompletion(text=n[cut:] if cut > 0 else n, type="table") for n in names],
        "suppress": bool(names),
    }


def register(shell=None) -> bool:
    """Add the matcher to ``shell`` (the running IPython by default); False when there is none."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython is a dependency
            return False
        shell = get_ipython()
    if shell is None or not hasattr(shell, "Completer"):
        return False
    if table_name_matcher not in shell.Completer.custom_matchers:
        shell.Completer.custom_matchers.append(table_name_matcher)
    return True
