"""Categories of abuse in the board's serious case reviews and learning reviews: the report's entry point.

The abuse-categories report (``notebooks/abuse_categories.ipynb``) calls its pieces from here:

- the counts, shares and the published (suppressed) table: :mod:`scr_workbench.analyses.abuse_counts`
  (:func:`category_counts`, :func:`category_tables`, :func:`share_intervals`, :func:`shares_table`);
- the tests, SCRs against LRs and local neglect against DFE-RR226, and what publication withholds:
  :mod:`scr_workbench.analyses.abuse_comparisons`;
- the charts: :mod:`scr_workbench.analyses.abuse_figures`;
- :func:`caveats` — the report's own caveat on its counts, the reconciliation, and the counting
  difference from DFE-RR226, in count-free words when small counts are suppressed.
"""

from __future__ import annotations

from scr_workbench.analyses.abuse_comparisons import (  # noqa: F401 (notebook API)
    NATIONAL_ROWS,
    fisher_rows,
    fisher_table,
    national_neglect,
    national_rows,
    national_table,
    withhold_fisher,
    withhold_national,
)
from scr_workbench.analyses.abuse_counts import (  # noqa: F401 (notebook API)
    CATEGORY_LABELS,
    REVIEW_TYPES,
    UNITS,
    category_counts,
    category_tables,
    not_categorised,
    share_intervals,
    shares_table,
    stated_totals,
)
from scr_workbench.analyses.abuse_figures import category_figure, neglect_figure  # noqa: F401 (notebook API)
from scr_workbench.analyses.reader_text import verdicts_markdown  # noqa: F401 (notebook API)
from scr_workbench.analyses.suppression import TOTAL, suppression_sentence  # noqa: F401 (notebook API)
from scr_workbench.checks.reconcile import reconcile
from scr_workbench.data.dataset import default_dataset
from scr_workbench.data.tables import load_table
from scr_workbench.stats.intervals import check_count


def caveats(threshold: int = 0) -> list[str]:
    """The caveats on the categories of abuse, each with the figures or words of the source it rests on.

    With suppression on (``threshold`` > 0) the caveats that quote the categories' counts say
    the same without a count, and the one SCR case described on its own (a category of one
    case) is left out, so no caveat gives a suppressed cell away.
    """
    quote = check_count(threshold, "threshold", minimum=0) == 0
    caveat_ref = default_dataset().reference("counts_caveat")
    counts = load_table("review_counts")
    a7 = counts.loc[counts["source_ref"] == caveat_ref, "quote"].iloc[0]
    checks = reconcile().set_index("check_id")
    lr = checks.loc["CAT-CHILDREN-LR"]
    assign = checks.loc["CAT-ASSIGN-LR"]
    neglect = load_table("national_figures").set_index("figure_id").loc["neglect"]
    place, section = default_dataset().place, caveat_ref
    categories = load_table("abuse_categories")["source_ref"].iloc[0].split(" ")[0]
    stated_ref = default_dataset().reference("stated_counts")
    out = [f"{section}: “{a7}” The tests here show how little such numbers can show; they do not overrule the report."]
    if not lr["agrees"] and quote:
        gap = int(lr["stated"]) - int(lr["derived"].split("=")[-1])
        out.append(
            f"{categories}'s learning-review categories hold {lr['derived'].split('=')[-1].strip()} "
            f"of the {lr['stated']} children of section {stated_ref} "
            f"(reconciliation check CAT-CHILDREN-LR: {lr['derived']}). "
            f"The missing {'child is' if gap == 1 else f'{gap} children are'} "
            f"shown as '{not_categorised()}', not assigned to a category."
        )
    elif not lr["agrees"]:
        out.append(
            f"{categories}'s learning-review categories do not hold every child of section {stated_ref} "
            "(reconciliation check CAT-CHILDREN-LR, in the data-quality report); those left out are shown as "
            f"'{not_categorised()}', not assigned to a category."
        )
    out.append(
        f"{categories} gives one category per case, while DFE-RR226 counts neglect wherever it "
        f"“was a feature” of a review ({neglect['hedge']} {neglect['as_stated']}), alongside any other harm. A {place} "
        f"case of physical or sexual abuse in which neglect also featured is not counted as neglect here, so {place}'s "
        "neglect count is a minimum, and the national comparison can only be read one way."
    )
    if not assign["agrees"]:
        why = (
            f"(CAT-ASSIGN-LR: {assign['explanation']})"
            if quote
            else "(reconciliation check CAT-ASSIGN-LR, in the data-quality report)."
        )
        out.append(
            f"{categories} does not say which learning review had which category, and no reading of the reviews "
            f"fits its counts {why} The categories are counted as {categories} lists them, never assigned to reviews."
        )
    if quote:
        reviews = load_table("reviews")
        for r in reviews[(reviews["review_type"] == "scr") & (reviews["abuse_category"] == "other")].itertuples():
            out.append(f"The SCR 'other' case ({r.review_id}): {r.outcome}.")
    return out
