"""One registry row from one test: a local share against a reference, or two local groups against each other.

The row families and the analyses that add rows of their own (categories of abuse) build
them here, so the same counts give the same test, interval, verdict and wording everywhere.
"""

from __future__ import annotations

import pandas as pd

from scr_workbench.comparisons.caveats import CLUSTER_CAVEAT
from scr_workbench.comparisons.columns import CI_METHOD, judge, local_columns, make_row
from scr_workbench.comparisons.verdicts import Evidence
from scr_workbench.stats.clustering import one_sample_p, sensitivity, two_groups_p
from scr_workbench.stats.one_sample import NationalFigure, compare_with_national
from scr_workbench.stats.two_by_two import compare_groups

#: The family of rows comparing two groups of the same board's reviews.
WITHIN = "within_local"


def review_level_test(k1: int, n1: int, k2: int, n2: int, labels: tuple[str, str]) -> tuple[float, str]:
    """The same question counted by review: Fisher's exact p of k1/n1 against k2/n2 reviews, and the counts in words."""
    res = compare_groups(k1, n1, k2, n2, labels=labels, feature="", level=0.95, ci_method=CI_METHOD)
    return res.p_value, f"{k1} of {n1} {labels[0]} against {k2} of {n2} {labels[1]}"


def _design_effect(p_exact: float, p_at, cluster_sizes) -> tuple[float | None, object]:
    """The conservative design-effect p over the ICC range (None without clusters or where it cannot be
    computed) and the p at each ICC in words (NA without clusters), for the registry's sensitivity column."""
    if not cluster_sizes:
        return None, pd.NA
    result = sensitivity(p_exact, p_at, cluster_sizes)
    return result.p_max, result.in_words()


def one_sample_row(
    level: float,
    cid: str,
    family: str,
    k: int,
    n: int,
    figure: NationalFigure,
    *,
    reference: str,
    reference_label: str,
    reference_words: str,
    subject: str,
    description: str,
    population: str,
    source_refs: str,
    caveats: list[str],
    local_bound: str = "exact",
    clustering: str = "",
    test: str | None = None,
    notes: list[str] = (),
    cluster_sizes: list[int] = (),
    review_level: tuple[float, str] | None = None,
    units_differ: str = "",
) -> dict:
    """A local k/n against a national figure or a reference line: exact binomial test, verdict, row.

    ``notes`` follow the caveats (national rows add the test's interpretation and the periods).
    ``cluster_sizes`` (children per review) give the design-effect sensitivity, ``review_level`` the same
    question counted by review (p, counts in words), ``units_differ`` why the two figures count different units.
    """
    res = compare_with_national(k, n, figure, level, CI_METHOD)
    one_sided = figure.bound_type != "point"
    p_verdict, basis = res.p_value, "exact binomial" + (", one-sided" if one_sided else "")
    label = ("one-sided " if one_sided else "") + "exact binomial p"
    if res.two_sample is not None:  # allow for the national figure's own sampling error: keep the larger p
        p_verdict = max(res.p_value, res.two_sample.p_value)
        basis = label = "larger of the exact binomial and the two-sample Fisher p"
    deff_p, by_icc = (
        _design_effect(p_verdict, lambda d: one_sample_p(k, n, figure.value, d, res.alternative), cluster_sizes)
        if 0 < figure.value < 1
        else (None, pd.NA)
    )
    if units_differ:  # children against reviews: no test, so no p-value anywhere and no place in the family
        p_verdict = deff_p = review_level = None
        by_icc = pd.NA
        basis, test = "not tested: the figures count different units", "none"
    evidence = Evidence(
        kind="proportion",
        subject=subject,
        reference=reference_words,
        n=n,
        estimate=res.local.estimate,
        ci_low=res.local.low,
        ci_high=res.local.high,
        reference_value=figure.value,
        bound_type=figure.bound_type,
        side=res.side,
        comparable=res.comparable,
        p_value=p_verdict,
        p_label=label,
        local_bound=local_bound,
        clustering=clustering,
        p_review_level=review_level[0] if review_level else None,
        review_level=review_level[1] if review_level else "",
        design_effect_p_max=deff_p,
        units_differ=units_differ,
        level=level,
        alpha=1 - level,
    )
    notes = [res.interpretation, res.denominator_note, *notes] if notes else []
    return make_row(
        comparison_id=cid,
        family=family,
        description=description,
        local_population=population,
        **local_columns(res.local),
        reference=reference,
        reference_label=reference_label,
        reference_value=100 * figure.value,
        reference_bound_type=figure.bound_type,
        reference_denominator=figure.denominator,
        test=test or res.test,
        p_value=res.p_value if p_verdict is not None else pd.NA,
        two_sample_test=res.two_sample.label if res.two_sample and p_verdict is not None else pd.NA,
        two_sample_p=res.two_sample.p_value if res.two_sample and p_verdict is not None else pd.NA,
        p_for_verdict=p_verdict if p_verdict is not None else pd.NA,
        p_basis=basis,
        design_effect_by_icc=by_icc,
        local_bound=local_bound,
        **judge(evidence),
        caveats=" ".join(caveats + ([CLUSTER_CAVEAT] if clustering else []) + notes),
        source_refs=source_refs,
    )


def within_row(
    level: float,
    cid: str,
    k1: int,
    n1: int,
    k2: int,
    n2: int,
    *,
    place: str,
    labels: tuple[str, str],
    measure: str,
    description: str,
    source_refs: str,
    clustering: str,
    caveats: list[str],
    cluster_sizes: list[int] = (),
    review_level: tuple[float, str] | None = None,
    case_mix: str = "",
) -> dict:
    """Two groups of one board's reviews compared by Fisher's exact test and the conditional odds ratio.

    ``cluster_sizes``, ``review_level``: as for :func:`one_sample_row`; ``case_mix`` says why the difference
    follows from which cases each group's reviews took on.
    """
    res = compare_groups(k1, n1, k2, n2, labels=labels, feature=measure, level=level, ci_method=CI_METHOD)
    side = "equal" if res.difference == 0 else ("below" if res.difference < 0 else "above")
    deff_p, by_icc = _design_effect(res.p_value, lambda d: two_groups_p(k1, n1, k2, n2, d), cluster_sizes)
    evidence = Evidence(
        kind="two_groups",
        subject=labels[0],
        reference=labels[1],
        measure=measure,
        n=min(n1, n2),
        estimate=res.first.estimate,
        ci_low=res.first.low,
        ci_high=res.first.high,
        reference_value=res.second.estimate,
        side=side,
        p_value=res.p_value,
        p_label="Fisher p",
        ratio_low=res.or_low,
        ratio_high=res.or_high,
        clustering=clustering,
        p_review_level=review_level[0] if review_level else None,
        review_level=review_level[1] if review_level else "",
        design_effect_p_max=deff_p,
        case_mix=case_mix,
        level=level,
        alpha=1 - level,
    )
    return make_row(
        comparison_id=cid,
        family=WITHIN,
        description=description,
        local_population=labels[0],
        **local_columns(res.first),
        reference=f"{place}: {labels[1]}",
        reference_label=f"{labels[1]}: {k2} of {n2}",
        reference_value=100 * res.second.estimate,
        reference_bound_type="point",
        reference_denominator=n2,
        test="Fisher's exact test (two-sided)",
        p_value=res.p_value,
        p_for_verdict=res.p_value,
        p_basis="Fisher exact",
        design_effect_by_icc=by_icc,
        effect_name="odds ratio (conditional MLE, exact CI)",
        effect=res.odds_ratio,
        effect_low=res.or_low,
        effect_high=res.or_high,
        local_bound="exact",
        **judge(evidence),
        caveats=" ".join(caveats + ([CLUSTER_CAVEAT] if clustering else [])),
        source_refs=source_refs,
    )
