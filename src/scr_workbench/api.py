"""What researchers use, in one place (also importable from the package: ``from scr_workbench import load_table``).

Statistics for small numbers
    share_by_review_type(under=1)    children with an age property by review type: the child-level share beside
                                     the review-level one, Clopper-Pearson intervals, Fisher's test, the odds ratio
    proportion_ci(k, n)              a proportion with its Clopper-Pearson (or Wilson) interval
    compare_groups(k1, n1, k2, n2)   two groups: Fisher's exact test, the odds ratio with its exact interval

Data
    load_table(name)          a curated table as a validated DataFrame (Tab after ``load_table("`` lists names)
    list_tables()             every table: what it holds, what one row is, its key, its pitfalls (uncut)
    describe_table(name)      one table: what a row is, each column's meaning, type and allowed values, pitfalls
    explore(name)             a sortable, searchable view of a table, or of "comparisons" (the registry)
    build_registry()          the comparison registry: local figures against national and census ones
    reconcile()               the source's own totals re-derived from their parts

Notebooks
    validate_parameters(globals(), "<notebook>")   the check after every parameters cell
    parameter_form("<notebook>")                    controls that re-run a notebook with chosen values
    show_figure(fig, alt_text, caption)             a figure with its alt text, as the reports need

New question: ``python -m scr_workbench new-notebook NAME "Question"`` (see the README).
"""

from __future__ import annotations

import scr_workbench as _package
from scr_workbench.checks.reconcile import reconcile as reconcile
from scr_workbench.comparisons.registry import build_registry as build_registry
from scr_workbench.data.tables import load_table as load_table
from scr_workbench.lab import completion
from scr_workbench.lab.describe import FullTextFrame, table_catalogue
from scr_workbench.lab.describe import describe_table as describe_table
from scr_workbench.lab.explore import explore as explore
from scr_workbench.lab.form import parameter_form as parameter_form
from scr_workbench.lab.shares import share_by_review_type as share_by_review_type
from scr_workbench.parameters import validate_parameters as validate_parameters
from scr_workbench.stats.intervals import proportion_ci as proportion_ci
from scr_workbench.stats.two_by_two import compare_groups as compare_groups
from scr_workbench.viz.display import show_figure as show_figure

__all__ = list(_package.__all__)  # the one list of the API's names, kept where it costs nothing to import
#: The small-number statistics, listed first by help(scr_workbench) and in __all__.
STATISTICS = ("share_by_review_type", "proportion_ci", "compare_groups")


def list_tables() -> FullTextFrame:
    """Every curated table: description, what one row is, key and pitfalls, shown without cutting the text."""
    return table_catalogue()


completion.register()  # Tab after load_table(" offers the table names, in a running IPython
