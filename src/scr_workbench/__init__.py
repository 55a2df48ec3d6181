"""Research workbench for a safeguarding board's serious case reviews and learning reviews.

Start here (the public API, :mod:`scr_workbench.api`, also importable from the package itself)::

    from scr_workbench import share_by_review_type, proportion_ci, compare_groups, load_table, explore

Statistics for small numbers (one board's 12 reviews: use these, not hand-rolled percentages)
    share_by_review_type(under=1)  share of children under one in SCRs and LRs, the child-level view
                                   beside the review-level one, each with its interval and Fisher's test
                                   (also at_least=5, or age_bands=["baby", "under_four"]; no <NA> traps)
    proportion_ci(4, 13)           a proportion with its Clopper–Pearson interval (method="wilson" too)
    compare_groups(4, 13, 2, 40)   two groups: Fisher's exact test, the odds ratio and its exact interval

Tables, the registry, notebooks
    list_tables()                  every curated table: what it holds, one row, key, pitfalls
    describe_table("ethnicity_counts")   columns, meanings, allowed values, pitfalls (total rows!)
    load_table("reviews")          a validated pandas DataFrame (Tab after load_table(" lists names)
    explore("comparisons")         a sortable, searchable table in JupyterLab (any table, or the registry)
    build_registry(), reconcile()  the comparison registry; the source's totals re-derived
    parameter_form("demographics") controls that re-run a notebook with chosen values
    validate_parameters(globals(), "<notebook>"), show_figure(fig, alt_text, caption)

A new research question: ``python -m scr_workbench new-notebook NAME "Question"``.
Everything else (the layers below: data, stats, comparisons, analyses, build) is for the workbench itself.
"""

__version__ = "0.1.0"

#: The public API's names, loaded on first use so the build and the CLI do not pay for pandas.
__all__ = [
    "share_by_review_type",
    "proportion_ci",
    "compare_groups",
    "load_table",
    "list_tables",
    "describe_table",
    "explore",
    "build_registry",
    "reconcile",
    "validate_parameters",
    "parameter_form",
    "show_figure",
]


def __getattr__(name: str):
    if name in __all__:
        from scr_workbench import api

        return getattr(api, name)
    raise AttributeError(f"module 'scr_workbench' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
