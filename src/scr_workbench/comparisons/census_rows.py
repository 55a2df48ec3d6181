"""Rows comparing the ethnic mix of the board's children with its place's 2011 census shares."""

from __future__ import annotations

import pandas as pd

from scr_workbench.comparisons.caveats import CLUSTER_CAVEAT, census_caveat, child_baseline_caveat
from scr_workbench.comparisons.columns import CI_METHOD, judge, local_columns, make_row, slug
from scr_workbench.comparisons.sources import Sources, refs
from scr_workbench.comparisons.verdicts import Evidence
from scr_workbench.data.census_age_profile import ALL_AGES_BASELINE, CHILD_BASELINE
from scr_workbench.data.dataset import Dataset
from scr_workbench.stats.clustering import goodness_of_fit_p, one_sample_p, sensitivity
from scr_workbench.stats.goodness_of_fit import GoodnessOfFitResult, goodness_of_fit
from scr_workbench.stats.one_sample import NationalFigure, compare_with_national

CENSUS = "census (ONS 2011 QS201EW)"
#: Prefix of the sensitivity rows against the all-ages census, where the children's baseline is the primary one.
SENSITIVITY_PREFIX = "census_all_ages"


def primary_of(comparison_id: str) -> str | None:
    """The primary row a sensitivity row stands in for (its all-ages twin of a children's row); None otherwise."""
    prefix = f"{SENSITIVITY_PREFIX}_"
    return "ethnicity_" + comparison_id[len(prefix) :] if comparison_id.startswith(prefix) else None


def _how(counted: bool) -> str:
    """How the children's baseline was obtained, as labels say it."""
    return "counted" if counted else "estimated"


def _baseline_words(dataset: Dataset, baseline: str, counted: bool = False) -> str:
    """The baseline as the sentences name it."""
    if baseline == CHILD_BASELINE:
        return f"{dataset.place}'s children in the 2011 census ({_how(counted)}, ages 0–17)"
    return f"{dataset.place}'s 2011 census mix (all ages)"


def _common(dataset: Dataset, baseline: str, total: float, counted: bool = False) -> dict:
    """The columns every census row against ``baseline`` shares."""
    first = child_baseline_caveat(dataset, counted=counted) if baseline == CHILD_BASELINE else census_caveat(dataset)
    if baseline == ALL_AGES_BASELINE:
        reference = CENSUS
    elif counted:
        reference = "census (ONS 2011 DC2101EW, children 0–17)"
    else:
        reference = "census (ONS 2011, children 0–17 estimated)"
    return dict(
        family="census",
        reference=reference,
        reference_bound_type="point",
        reference_denominator=round(total) if baseline == ALL_AGES_BASELINE or counted else pd.NA,
        local_bound="exact",
        baseline_population=baseline,
        caveats=" ".join([first, CLUSTER_CAVEAT]),
    )


def overall_census_row(
    dataset: Dataset,
    level: float,
    cid: str,
    gof: GoodnessOfFitResult,
    *,
    who: str,
    subject: str,
    population: str,
    clustering: str,
    census_total: float,
    source_refs: str,
    baseline: str = ALL_AGES_BASELINE,
    cluster_sizes: list[int] = (),
    counted: bool = False,
) -> dict:
    """One population's whole ethnic mix against the census shares, by the goodness-of-fit test ``gof``."""
    place = dataset.place
    test = (
        f"{gof.method} ({gof.n_outcomes} outcomes enumerated)"
        if gof.method.startswith("exact")
        else f"{gof.method} (n_sim={gof.n_sim}, seed={gof.seed}, MC s.e. {gof.mc_standard_error:.2g})"
    )
    deff = (
        sensitivity(gof.p_value, lambda d: goodness_of_fit_p(gof.observed, gof.shares, d), cluster_sizes)
        if cluster_sizes
        else None
    )
    deff_p = deff.p_max if deff else None
    evidence = Evidence(
        kind="distribution",
        subject=subject,
        measure="ethnic mix",
        n=gof.n,
        p_value=gof.p_value,
        reference=_baseline_words(dataset, baseline, counted),
        p_label=f"{gof.method} p",
        clustering=clustering,
        design_effect_p_max=deff_p,
        all_ages_baseline=baseline == ALL_AGES_BASELINE,
        level=level,
        alpha=1 - level,
    )
    base = f"children's (0–17, {_how(counted)})" if baseline == CHILD_BASELINE else "all-ages"
    return make_row(
        comparison_id=cid,
        local_population=population,
        local_n=gof.n,
        ci_level=level,
        description=f"Ethnic mix of the {gof.n} {who} against {place}'s 2011 census {base} shares over "
        f"{len(gof.categories)} groups. " + " ".join(gof.notes),
        reference_label=f"{place} usual residents by ethnic group",
        test=test,
        p_value=gof.p_value,
        p_for_verdict=gof.p_value,
        p_basis=gof.method,
        design_effect_by_icc=deff.in_words() if deff else pd.NA,
        **judge(evidence),
        **_common(dataset, baseline, census_total, counted),
        source_refs=source_refs,
    )


def _group_rows(src: Sources, level: float, prefix: str, gof, baseline: str, counts: pd.Series, **kw) -> list[dict]:
    """One row per ethnic group of a population against the baseline share: exact binomial, no within-set
    adjustment (the registry adjusts every p across all its tests)."""
    who, population, clustering, sizes, table_refs, pop = (
        kw[k] for k in ("who", "population", "clustering", "sizes", "table_refs", "pop")
    )
    n, total, rows = gof.n, float(counts.sum()), []
    for ratio, share in zip(gof.ratios, gof.shares, strict=True):
        res = compare_with_national(ratio.observed, n, NationalFigure(share), level, CI_METHOD)
        p = res.p_value  # the equal-tailed exact binomial test against the share
        deff = sensitivity(p, lambda d, k=ratio.observed, s=share: one_sample_p(k, n, s, d), sizes)
        deff_p = deff.p_max
        evidence = Evidence(
            kind="proportion",
            subject=f"the {ratio.category} share of the {who}",
            reference=f"the census share ({100 * share:.1f}%"
            + (", children 0–17)" if baseline == CHILD_BASELINE else ", all ages)"),
            n=n,
            estimate=res.local.estimate,
            ci_low=res.local.low,
            ci_high=res.local.high,
            reference_value=share,
            side=res.side,
            p_value=p,
            p_label="exact binomial p",
            clustering=clustering,
            design_effect_p_max=deff_p,
            all_ages_baseline=baseline == ALL_AGES_BASELINE,
            level=level,
            alpha=1 - level,
        )
        label = (
            f"{ratio.category}: {int(counts[ratio.category])} of {round(total)} usual residents"
            if baseline == ALL_AGES_BASELINE
            else f"{ratio.category}: {counts[ratio.category]:.0f} of {total:.0f} children 0–17 (counted)"
            if src.children_counted
            else f"{ratio.category}: about {counts[ratio.category]:.0f} of {total:.0f} children 0–17 (estimated)"
        )
        rows.append(
            make_row(
                comparison_id=f"{prefix}_{slug(ratio.category)}",
                local_population=population,
                description=f"{ratio.category}: {ratio.observed} of the {n} {who} against the census share "
                f"({baseline}; expected {ratio.expected:.1f}).",
                **local_columns(res.local),
                reference_label=label,
                reference_value=100 * share,
                test="exact binomial (two-sided) against the census share",
                p_value=p,
                p_for_verdict=p,
                p_basis="exact binomial",
                design_effect_by_icc=deff.in_words(),
                effect_name="observed/expected (Clopper–Pearson)",
                effect=ratio.ratio,
                effect_low=ratio.low,
                effect_high=ratio.high,
                **judge(evidence),
                **_common(src.dataset, baseline, total, src.children_counted),
                source_refs=f"{table_refs} ({pop}); census_ethnicity_ons (report_group {ratio.category!r})",
            )
        )
    return rows


def census_rows(src: Sources, level: float, seed: int, n_sim: int) -> list[dict]:
    """Ethnicity of SCR children, LR children and CSE victims against the 2011 census: against the place's
    children where the dataset gives an age profile (the rows verdicts stand on), and against all ages (then a
    sensitivity row, ``census_all_ages_*``, or the only baseline, flagged)."""
    place = src.place
    populations = {
        "scr": ("SCR children", f"{place} SCR children", src.review_ids("scr")),
        "lr": ("LR children", f"{place} LR children", src.review_ids("lr")),
        "cse_victims": (
            "CSE victims",
            "the {n} CSE victims (SCR and LR)",
            src.review_ids(None, lambda r: r["abuse_category"] == "sexual_abuse"),
        ),
        # the demographics page's pooled test: its overall row only, so it is in the family it is printed from
        "all": ("children of all reviews (SCR and LR pooled)", f"{place} SCR and LR children", src.review_ids()),
    }
    census_refs = refs(src.census_refs)
    rows = []
    baselines = src.census_baselines
    for pop, (who, population, review_ids) in populations.items():
        groups = (
            src.ethnic_groups("scr").add(src.ethnic_groups("lr"), fill_value=0).astype(int)
            if pop == "all"
            else src.ethnic_groups(pop)
        )
        n = int(groups.sum())
        population = population.format(n=n)
        clustering = src.clustering(review_ids, n, who)
        sizes = src.cluster_sizes(review_ids)
        table_refs = refs(src.ethnicity[src.ethnicity["population"].isin(["scr", "lr"] if pop == "all" else [pop])])
        for i, (baseline, counts) in enumerate(baselines):
            prefix = f"ethnicity_{pop}" if i == 0 else f"{SENSITIVITY_PREFIX}_{pop}"
            gof = goodness_of_fit(groups.to_dict(), counts.to_dict(), level=level, n_sim=n_sim, seed=seed)
            rows.append(
                overall_census_row(
                    src.dataset,
                    level,
                    f"{prefix}_overall",
                    gof,
                    who=who,
                    subject=who,
                    population=population,
                    clustering=clustering,
                    census_total=float(counts.sum()),
                    source_refs=f"{table_refs} ({pop}); census_ethnicity_ons ({census_refs})"
                    + (
                        ("; census DC2101EW" if src.children_counted else "; census age profile")
                        if baseline == CHILD_BASELINE
                        else ""
                    ),
                    baseline=baseline,
                    cluster_sizes=sizes,
                    counted=src.children_counted,
                )
            )
            if pop == "all":
                continue
            rows += _group_rows(
                src,
                level,
                prefix,
                gof,
                baseline,
                counts,
                who=who,
                population=population,
                clustering=clustering,
                sizes=sizes,
                table_refs=table_refs,
                pop=pop,
            )
    return rows
