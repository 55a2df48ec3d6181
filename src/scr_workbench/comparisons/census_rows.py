"""Rows comparing the ethnic mix of the board's children with its place's 2011 census shares."""

from __future__ import annotations

from scipy.stats import binomtest
from statsmodels.stats.multitest import multipletests

from scr_workbench.comparisons.caveats import CLUSTER_CAVEAT, census_caveat
from scr_workbench.comparisons.columns import CI_METHOD, judge, local_columns, make_row, slug
from scr_workbench.comparisons.sources import Sources, refs
from scr_workbench.comparisons.verdicts import Evidence
from scr_workbench.data.dataset import Dataset
from scr_workbench.stats.goodness_of_fit import GoodnessOfFitResult, goodness_of_fit
from scr_workbench.stats.one_sample import NationalFigure, compare_with_national

CENSUS = "census (ONS 2011 QS201EW)"


def _common(dataset: Dataset, census_total: int) -> dict:
    """The columns every census row shares."""
    return dict(
        family="census",
        reference=CENSUS,
        reference_bound_type="point",
        reference_denominator=census_total,
        local_bound="exact",
        caveats=" ".join([census_caveat(dataset), CLUSTER_CAVEAT]),
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
    census_total: int,
    source_refs: str,
) -> dict:
    """One population's whole ethnic mix against the census shares, by the goodness-of-fit test ``gof``."""
    place = dataset.place
    test = (
        f"{gof.method} ({gof.n_outcomes} outcomes enumerated)"
        if gof.method.startswith("exact")
        else f"{gof.method} (n_sim={gof.n_sim}, seed={gof.seed}, MC s.e. {gof.mc_standard_error:.2g})"
    )
    evidence = Evidence(
        kind="distribution",
        subject=subject,
        measure="ethnic mix",
        n=gof.n,
        p_value=gof.p_value,
        reference=f"{place}'s 2011 census mix (all ages)",
        p_label=f"{gof.method} p",
        clustering=clustering,
        level=level,
        alpha=1 - level,
    )
    return make_row(
        comparison_id=cid,
        local_population=population,
        local_n=gof.n,
        ci_level=level,
        description=f"Ethnic mix of the {gof.n} {who} against {place}'s 2011 census shares over "
        f"{len(gof.categories)} groups. " + " ".join(gof.notes),
        reference_label=f"{place} usual residents by ethnic group",
        test=test,
        p_value=gof.p_value,
        p_for_verdict=gof.p_value,
        p_basis=gof.method,
        **judge(evidence),
        **_common(dataset, census_total),
        source_refs=source_refs,
    )


def census_rows(src: Sources, level: float, seed: int, n_sim: int) -> list[dict]:
    """Ethnicity of SCR children, LR children and CSE victims against the ONS 2011 census."""
    place = src.place
    populations = {
        "scr": ("SCR children", f"{place} SCR children", src.review_ids("scr")),
        "lr": ("LR children", f"{place} LR children", src.review_ids("lr")),
        "cse_victims": (
            "CSE victims",
            "the {n} CSE victims (SCR and LR)",
            src.review_ids(None, lambda r: r["abuse_category"] == "sexual_abuse"),
        ),
    }
    census = src.census.to_dict()
    census_refs = refs(src.census_refs)
    rows = []
    for pop, (who, population, review_ids) in populations.items():
        groups = src.ethnic_groups(pop)
        n = int(groups.sum())
        population = population.format(n=n)
        gof = goodness_of_fit(groups.to_dict(), census, level=level, n_sim=n_sim, seed=seed)
        clustering = src.clustering(review_ids, n, who)
        table_refs = refs(src.ethnicity[src.ethnicity["population"] == pop])
        rows.append(
            overall_census_row(
                src.dataset,
                level,
                f"ethnicity_{pop}_overall",
                gof,
                who=who,
                subject=who,
                population=population,
                clustering=clustering,
                census_total=src.census_total,
                source_refs=f"{table_refs} ({pop}); census_ethnicity_ons ({census_refs})",
            )
        )
        p_raw = [float(binomtest(k, n, s).pvalue) for k, s in zip(gof.observed, gof.shares, strict=True)]
        p_holm = multipletests(p_raw, method="holm")[1]
        for ratio, share, p, p_adj in zip(gof.ratios, gof.shares, p_raw, p_holm, strict=True):
            res = compare_with_national(ratio.observed, n, NationalFigure(share), level, CI_METHOD)
            evidence = Evidence(
                kind="proportion",
                subject=f"the {ratio.category} share of the {who}",
                reference=f"the census share ({100 * share:.1f}%)",
                n=n,
                estimate=res.local.estimate,
                ci_low=res.local.low,
                ci_high=res.local.high,
                reference_value=share,
                side=res.side,
                p_value=float(p_adj),
                p_label="Holm-adjusted p",
                clustering=clustering,
                level=level,
                alpha=1 - level,
            )
            rows.append(
                make_row(
                    comparison_id=f"ethnicity_{pop}_{slug(ratio.category)}",
                    local_population=population,
                    description=f"{ratio.category}: {ratio.observed} of the {n} {who} against the census share "
                    f"(expected {ratio.expected:.1f}).",
                    **local_columns(res.local),
                    reference_label=f"{ratio.category}: {census[ratio.category]} of {src.census_total} usual residents",
                    reference_value=100 * share,
                    test="exact binomial (two-sided) against the census share",
                    p_value=p,
                    p_for_verdict=float(p_adj),
                    p_basis=f"Holm-adjusted over the {len(gof.categories)} groups of {who}",
                    effect_name="observed/expected (Clopper–Pearson)",
                    effect=ratio.ratio,
                    effect_low=ratio.low,
                    effect_high=ratio.high,
                    **judge(evidence),
                    **_common(src.dataset, src.census_total),
                    source_refs=f"{table_refs} ({pop}); census_ethnicity_ons (report_group {ratio.category!r})",
                )
            )
    return rows
