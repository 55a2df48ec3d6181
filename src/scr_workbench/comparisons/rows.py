"""The rows of the comparison registry, one builder per family of comparisons.

:mod:`scr_workbench.comparisons.registry` assembles them into the registry table.

Each row carries the local count it rests on (never a number the report does not give), the
interval, the reference and how it was stated, the test, the p-value the verdict was judged
by, the verdict with the id of the rule that chose it, the caveats, and where in the sources
every number comes from. National figures with no local counterpart get a row too, so a
reader can see what was not compared and why.
"""

from __future__ import annotations

import re

import pandas as pd
from scipy.stats import binomtest
from statsmodels.stats.multitest import multipletests

from scr_workbench.data.census import census_counts, census_total
from scr_workbench.stats.goodness_of_fit import goodness_of_fit
from scr_workbench.stats.one_sample import NationalFigure, compare_with_national
from scr_workbench.stats.intervals import ProportionCI
from scr_workbench.data.tables import load_table
from scr_workbench.comparisons.verdicts import Evidence, decide
from scr_workbench.stats.two_by_two import compare_groups

CI_METHOD = "wilson"

#: Columns of the registry, in order.
COLUMNS: list[str] = [
    "comparison_id", "family", "description", "local_population", "local_k", "local_n", "local_value",
    "ci_low", "ci_high", "ci_method", "ci_level", "reference", "reference_label", "reference_value",
    "reference_bound_type", "reference_denominator", "test", "p_value", "two_sample_test", "two_sample_p",
    "p_for_verdict", "p_basis", "effect_name", "effect", "effect_low", "effect_high", "local_bound",
    "verdict", "rule_id", "caveats", "source_refs",
]

NATIONAL_CAVEAT = ("Local reviews span 2008–2014, DFE-RR226 covers SCRs notified April 2009–March 2011; Derby's SCRs "
                   "of that period are probably among the national ones, so the two are not fully independent.")
CLUSTER_CAVEAT = ("Children are counted, but they cluster in reviews (siblings, groups): the test treats them as "
                  "independent, so its p-value is too small.")
CENSUS_CAVEAT = ("The census baseline is all usual residents of every age; Derby's children are more ethnically "
                 "diverse than its adults, so the all-ages shares overstate the White British share expected "
                 "among children. The census is a complete count, so its shares carry no sampling error.")
NOT_SCR_CAVEAT = "Learning reviews are not SCRs: the national figure does not cover them."


def slug(text: str) -> str:
    """Lower-case identifier fragment from a label, as in the comparison ids (``ethnicity_scr_<slug>``)."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _as_stated(fig: pd.Series) -> str:
    """The national figure in the source's words, keeping hedges that bound it ("at least 60%")."""
    hedge = fig["hedge"] if isinstance(fig["hedge"], str) else ""
    keep = hedge and fig["bound_type"] != "point"
    return f"{hedge} {fig['as_stated']}" if keep else str(fig["as_stated"])


def _denominator(fig: pd.Series) -> int | None:
    """The national denominator, None when unknown."""
    return None if pd.isna(fig["denominator"]) else int(fig["denominator"])


def _row(**values) -> dict:
    """A registry row with every column present (missing ones NA)."""
    row = dict.fromkeys(COLUMNS, pd.NA)
    row.update(values)
    return row


def _local(ci: ProportionCI) -> dict:
    """The local-proportion columns from an interval."""
    est, low, high = ci.as_percent()
    return dict(local_k=ci.k, local_n=ci.n, local_value=est, ci_low=low, ci_high=high, ci_method=ci.method,
                ci_level=ci.level)


def _judge(evidence: Evidence) -> dict:
    """The verdict columns from the rules."""
    verdict = decide(evidence)
    return dict(verdict=verdict.text, rule_id=verdict.rule_id)


class Sources:
    """The curated tables the registry needs, loaded once through ``load_table``, and counts read from them."""

    def __init__(self):
        """Load every table once."""
        self.reviews = load_table("reviews")
        self.age_counts = load_table("age_counts")
        self.age_bands = load_table("age_bands")
        self.abuse = load_table("abuse_categories")
        self.gender = load_table("gender_counts")
        self.ethnicity = load_table("ethnicity_counts")
        self.national = load_table("national_figures").set_index("figure_id")
        self.census, self.census_total = census_counts(), census_total()

    def review_ids(self, review_type: str | None = None, predicate=None) -> list[str]:
        """Review ids of one type (or all), optionally filtered row-wise by ``predicate``."""
        rows = self.reviews if review_type is None else self.reviews[self.reviews["review_type"] == review_type]
        return list(rows[rows.apply(predicate, axis=1)]["review_id"] if predicate is not None else rows["review_id"])

    def children(self, review_type: str | None = None, age_band: str | None = None, age_group: str | None = None) -> int:
        """Children in age_counts, optionally by review type, age band or age group."""
        rows = self.age_counts
        if review_type:
            rows = rows[rows["review_type"] == review_type]
        if age_band:
            rows = rows[rows["age_band"] == age_band]
        if age_group:
            rows = rows[rows["age_band"].isin(self.age_bands.loc[self.age_bands["age_group"] == age_group, "age_band"])]
        return int(rows["n_children"].sum())

    def ethnic_groups(self, population: str) -> pd.Series:
        """Children per ethnic group in one A.6 population, checked against its stated total."""
        table = self.ethnicity[self.ethnicity["population"] == population]
        groups = table[table["row_kind"] == "group"].set_index("ethnic_group")["n_children"].astype(int)
        total = int(table.loc[table["row_kind"] == "total", "n_children"].iloc[0])
        if int(groups.sum()) != total:
            raise ValueError(f"ethnicity_counts: {population} groups add to {groups.sum()}, not the stated {total}")
        return groups

    def clustering(self, review_ids: list[str], n_children: int, who: str) -> str:
        """A clause saying how few reviews the children come from, for verdicts."""
        rows = self.reviews[self.reviews["review_id"].isin(review_ids)]
        return (f"the {n_children} {who} come from only {len(rows)} reviews, up to "
                f"{int(rows['n_children_max'].max())} of them from a single review")


def _one_sample_row(level: float, cid: str, family: str, k: int, n: int, figure: NationalFigure, *,
                    reference: str, reference_label: str, reference_words: str, subject: str, description: str,
                    population: str, source_refs: str, caveats: list[str], local_bound: str = "exact",
                    clustering: str = "", test: str | None = None) -> dict:
    """A local k/n against a national figure or a reference line: exact binomial test, verdict, row."""
    res = compare_with_national(k, n, figure, level, CI_METHOD)
    one_sided = figure.bound_type != "point"
    p_verdict, basis = res.p_value, "exact binomial" + (", one-sided" if one_sided else "")
    label = ("one-sided " if one_sided else "") + "exact binomial p"
    if res.two_sample is not None:  # allow for the national figure's own sampling error: keep the larger p
        p_verdict = max(res.p_value, res.two_sample.p_value)
        basis = label = "larger of the exact binomial and the two-sample Fisher p"
    evidence = Evidence(kind="proportion", subject=subject, reference=reference_words, n=n,
                        estimate=res.local.estimate, ci_low=res.local.low, ci_high=res.local.high,
                        reference_value=figure.value, bound_type=figure.bound_type, side=res.side,
                        comparable=res.comparable, p_value=p_verdict, p_label=label, local_bound=local_bound,
                        clustering=clustering, level=level, alpha=1 - level)
    notes = [res.interpretation, res.denominator_note, NATIONAL_CAVEAT] if family == "national" else []
    return _row(
        comparison_id=cid, family=family, description=description, local_population=population, **_local(res.local),
        reference=reference, reference_label=reference_label, reference_value=100 * figure.value,
        reference_bound_type=figure.bound_type, reference_denominator=figure.denominator, test=test or res.test,
        p_value=res.p_value, two_sample_test=res.two_sample.label if res.two_sample else pd.NA,
        two_sample_p=res.two_sample.p_value if res.two_sample else pd.NA, p_for_verdict=p_verdict, p_basis=basis,
        local_bound=local_bound, **_judge(evidence),
        caveats=" ".join(caveats + ([CLUSTER_CAVEAT] if clustering else []) + notes), source_refs=source_refs)


def _national_row(src: Sources, level: float, cid: str, figure_id: str, k: int, n: int, **kw) -> dict:
    """A local k/n against one national_figures row, keeping its hedge as a bound."""
    fig = src.national.loc[figure_id]
    stated = _as_stated(fig)
    figure = NationalFigure.from_percent(float(fig["value"]), str(fig["bound_type"]), _denominator(fig), stated)
    kw["source_refs"] = f"{kw['source_refs']}; national_figures: {figure_id} ({fig['source_ref']})"
    return _one_sample_row(level, cid, "national", k, n, figure, reference="national (DFE-RR226)",
                           reference_label=f"{fig['measure']}: {stated}",
                           reference_words=f"the national figure ({stated})", **kw)


def national_rows(src: Sources, level: float) -> list[dict]:
    """Babies (A.4) and neglect (6 after 6a) against DFE-RR226, on every count the report supports."""
    scr_ids, lr_ids = src.review_ids("scr"), src.review_ids("lr")
    has_baby = lambda r: "baby" in str(r["age_bands"]).split(";")  # noqa: E731
    baby_scr, baby_all = src.review_ids("scr", has_baby), src.review_ids(None, has_baby)
    scr_n, all_n = src.children("scr"), src.children()
    scr_babies, all_babies = src.children("scr", age_band="baby"), src.children(age_band="baby")
    n_reviews = len(scr_ids) + len(lr_ids)
    baby = ("'Baby' is not defined in the Derby report; the national figure is a baby under one. The report's own A.4 "
            f"figure (30% of local reviews) matches none of the counts: {len(baby_scr)} of {len(scr_ids)} SCRs, "
            f"{len(baby_all)} of {n_reviews} reviews, {scr_babies} of {scr_n} SCR children "
            f"({100 * scr_babies / scr_n:.1f}%, the nearest), {all_babies} of {all_n} children. DFE-RR226 covered "
            f"{int(src.national.loc['scrs_notified_2009_2011', 'value'])} SCRs, but the denominator of the 36% is not "
            "stated, so it is treated as unknown.")
    children_unit = "Unit differs: local children against national reviews."
    neglect = ("A.8 gives one category of abuse per case, while nationally neglect 'was a feature' of a review "
               "alongside others: cases where neglect featured but another category was recorded are not counted "
               "locally, so the local count is a minimum. A.7 itself says the numbers are too small to compare "
               "with national trends.")
    cases = src.abuse.groupby("review_type")["n_cases"].sum()
    neg = src.abuse[src.abuse["category"] == "neglect"].set_index("review_type")["n_cases"]
    neg_scr, neg_lr = int(neg.get("scr", 0)), int(neg.get("lr", 0))
    return [
        _national_row(src, level, "babies_scr_reviews", "babies_under_one", len(baby_scr), len(scr_ids),
                      subject="the share of Derby's SCRs concerning a baby", population="Derby SCRs (reviews)",
                      description=f"SCRs concerning a baby: {len(baby_scr)} of the {len(scr_ids)} SCRs "
                                  f"({', '.join(baby_scr)}); like for like with the national share of SCRs.",
                      source_refs="A.1; A.8; reviews: " + ", ".join(baby_scr), caveats=[baby]),
        _national_row(src, level, "babies_all_reviews", "babies_under_one", len(baby_all), n_reviews,
                      subject="the share of all Derby reviews concerning a baby",
                      population="Derby SCRs and LRs (reviews)",
                      description=f"Reviews (SCRs and LRs) concerning a baby: {len(baby_all)} of {n_reviews} "
                                  f"({', '.join(baby_all)}); the base A.4 names ('local reviews'), though the "
                                  f"national figure covers SCRs only.",
                      source_refs="A.1; A.2; A.4; reviews: " + ", ".join(baby_all), caveats=[baby, NOT_SCR_CAVEAT]),
        _national_row(src, level, "babies_scr_children", "babies_under_one", scr_babies, scr_n,
                      subject="the share of Derby's SCR children who were babies", population="Derby SCR children",
                      description=f"SCR children who were babies: {scr_babies} of {scr_n}; probably the source of "
                                  f"A.4's '30%', but a share of children, not of reviews as nationally.",
                      source_refs="A.1; A.4; age_counts (scr)", caveats=[baby, children_unit],
                      clustering=src.clustering(scr_ids, scr_n, "SCR children")),
        _national_row(src, level, "babies_all_children", "babies_under_one", all_babies, all_n,
                      subject="the share of all Derby review children who were babies",
                      population="Derby SCR and LR children",
                      description=f"Children in all reviews who were babies: {all_babies} of {all_n}; a share of "
                                  f"children (25 of them in one CSE review), not of reviews as nationally.",
                      source_refs="A.1; A.2; age_counts", caveats=[baby, children_unit],
                      clustering=src.clustering(scr_ids + lr_ids, all_n, "children")),
        _national_row(src, level, "neglect_scr_reviews", "neglect", neg_scr, int(cases["scr"]),
                      subject="the share of Derby's SCRs with neglect as their category of abuse",
                      population="Derby SCRs (cases)",
                      description=f"SCRs whose category of abuse is neglect: {neg_scr} of {int(cases['scr'])} "
                                  f"cases (A.8).",
                      source_refs="A.8 Serious Case Reviews; abuse_categories", caveats=[neglect],
                      local_bound="minimum"),
        _national_row(src, level, "neglect_all_reviews", "neglect", neg_scr + neg_lr, int(cases.sum()),
                      subject="the share of all Derby reviews with neglect as their category of abuse",
                      population="Derby SCRs and LRs (cases)",
                      description=f"Reviews (SCRs and LRs) whose category of abuse is neglect: {neg_scr + neg_lr} "
                                  f"of {int(cases.sum())} cases (A.8).",
                      source_refs="A.8; abuse_categories", caveats=[neglect, NOT_SCR_CAVEAT], local_bound="minimum"),
    ]


def census_rows(src: Sources, level: float, seed: int, n_sim: int) -> list[dict]:
    """Ethnicity (A.6) of SCR children, LR children and CSE victims against the ONS 2011 census."""
    populations = {"scr": ("SCR children", "Derby SCR children", "Serious Case Reviews", src.review_ids("scr")),
                   "lr": ("LR children", "Derby LR children", "Learning Reviews", src.review_ids("lr")),
                   "cse_victims": ("CSE victims", "the 34 CSE victims (SCR and LR)", "Of the 34 total CSE victims",
                                   src.review_ids(None, lambda r: r["abuse_category"] == "sexual_abuse"))}
    reference, census = "census (ONS 2011 QS201EW)", src.census.to_dict()
    common = dict(family="census", reference=reference, reference_bound_type="point",
                  reference_denominator=src.census_total, local_bound="exact",
                  caveats=" ".join([CENSUS_CAVEAT, CLUSTER_CAVEAT]))
    rows = []
    for pop, (who, population, column, review_ids) in populations.items():
        groups = src.ethnic_groups(pop)
        n = int(groups.sum())
        gof = goodness_of_fit(groups.to_dict(), census, level=level, n_sim=n_sim, seed=seed)
        clustering = src.clustering(review_ids, n, who)
        test = (f"{gof.method} ({gof.n_outcomes} outcomes enumerated)" if gof.method.startswith("exact")
                else f"{gof.method} (n_sim={gof.n_sim}, seed={gof.seed}, MC s.e. {gof.mc_standard_error:.2g})")
        evidence = Evidence(kind="distribution", subject=who, measure="ethnic mix", n=n, p_value=gof.p_value,
                            reference="Derby's 2011 census mix (all ages)", p_label=f"{gof.method} p",
                            clustering=clustering, level=level, alpha=1 - level)
        rows.append(_row(
            comparison_id=f"ethnicity_{pop}_overall", local_population=population, local_n=n, ci_level=level,
            description=f"Ethnic mix of the {n} {who} against Derby's 2011 census shares over "
                        f"{len(gof.categories)} groups. " + " ".join(gof.notes),
            reference_label="Derby usual residents by ethnic group", test=test, p_value=gof.p_value,
            p_for_verdict=gof.p_value, p_basis=gof.method, **_judge(evidence), **common,
            source_refs=f"A.6 table ({column}); census_ethnicity_ons (QS201EW lines 5–28)"))
        p_raw = [float(binomtest(k, n, s).pvalue) for k, s in zip(gof.observed, gof.shares)]
        p_holm = multipletests(p_raw, method="holm")[1]
        for ratio, share, p, p_adj in zip(gof.ratios, gof.shares, p_raw, p_holm):
            res = compare_with_national(ratio.observed, n, NationalFigure(share), level, CI_METHOD)
            evidence = Evidence(kind="proportion", subject=f"the {ratio.category} share of the {who}",
                                reference=f"the census share ({100 * share:.1f}%)", n=n, estimate=res.local.estimate,
                                ci_low=res.local.low, ci_high=res.local.high, reference_value=share, side=res.side,
                                p_value=float(p_adj), p_label="Holm-adjusted p", clustering=clustering,
                                level=level, alpha=1 - level)
            rows.append(_row(
                comparison_id=f"ethnicity_{pop}_{slug(ratio.category)}", local_population=population,
                description=f"{ratio.category}: {ratio.observed} of the {n} {who} against the census share "
                            f"(expected {ratio.expected:.1f}).", **_local(res.local),
                reference_label=f"{ratio.category}: {census[ratio.category]} of {src.census_total} usual residents",
                reference_value=100 * share, test="exact binomial (two-sided) against the census share",
                p_value=p, p_for_verdict=float(p_adj),
                p_basis=f"Holm-adjusted over the {len(gof.categories)} groups of {who}",
                effect_name="observed/expected (Clopper–Pearson)", effect=ratio.ratio, effect_low=ratio.low,
                effect_high=ratio.high, **_judge(evidence), **common,
                source_refs=f"A.6 table ({column}); census_ethnicity_ons (report_group {ratio.category!r})"))
    return rows


def reference_line_rows(src: Sources, level: float) -> list[dict]:
    """Sex (A.5) against an even split, a reference line: the report gives no population figure."""
    g = src.gender.set_index(["review_type", "review_subset", "sex"])["n_children"].astype(int)
    scr_m, scr_f = g[("scr", "all", "male")], g[("scr", "all", "female")]
    lr_m, lr_f = g[("lr", "other_reviews", "male")], g[("lr", "other_reviews", "female")]
    other_lr = src.review_ids("lr", lambda r: r["abuse_category"] != "sexual_abuse")
    common = dict(reference="reference line (50%)",
                  reference_label="even split; the report gives no national or census figure for sex",
                  reference_words="an even split (50%, a reference line, not a population figure)",
                  source_refs="A.5; gender_counts", test="exact binomial (two-sided) against the 50% reference line")
    line = "50% is a reference line, not the sex ratio of any population."
    return [
        _one_sample_row(level, "gender_scr_male_vs_even", "reference_line", scr_m, scr_m + scr_f, NationalFigure(0.5),
                        subject="the share of boys among Derby's SCR children",
                        population="Derby SCR children with sex stated",
                        description=f"Boys among SCR children: {scr_m} of {scr_m + scr_f} (A.5 gives the sex of "
                                    f"{scr_m + scr_f} of the {src.children('scr')} SCR children).",
                        caveats=[f"One SCR child's sex is not given ({scr_m} + {scr_f} = {scr_m + scr_f} of "
                                 f"{src.children('scr')}); six of the children are siblings who died in one fire.", line],
                        clustering=src.clustering(src.review_ids("scr"), scr_m + scr_f, "SCR children"), **common),
        _one_sample_row(level, "gender_lr_other_male_vs_even", "reference_line", lr_m, lr_m + lr_f, NationalFigure(0.5),
                        subject="the share of boys among Derby's non-CSE LR children",
                        population="Derby LR children outside the CSE reviews",
                        description=f"Boys among the learning-review children outside the two CSE reviews: {lr_m} "
                                    f"of {lr_m + lr_f}.", caveats=[line],
                        clustering=src.clustering(other_lr, lr_m + lr_f, "children"), **common),
    ]


def _within_row(level: float, cid: str, k1: int, n1: int, k2: int, n2: int, *, labels: tuple[str, str],
                measure: str, description: str, source_refs: str, clustering: str, caveats: list[str]) -> dict:
    """Two Derby groups compared by Fisher's exact test and the conditional odds ratio."""
    res = compare_groups(k1, n1, k2, n2, labels=labels, feature=measure, level=level, ci_method=CI_METHOD)
    side = "equal" if res.difference == 0 else ("below" if res.difference < 0 else "above")
    evidence = Evidence(kind="two_groups", subject=labels[0], reference=labels[1], measure=measure, n=min(n1, n2),
                        estimate=res.first.estimate, ci_low=res.first.low, ci_high=res.first.high,
                        reference_value=res.second.estimate, side=side, p_value=res.p_value, p_label="Fisher p",
                        clustering=clustering, level=level, alpha=1 - level)
    return _row(
        comparison_id=cid, family="within_derby", description=description, local_population=labels[0],
        **_local(res.first), reference=f"Derby: {labels[1]}", reference_label=f"{labels[1]}: {k2} of {n2}",
        reference_value=100 * res.second.estimate, reference_bound_type="point", reference_denominator=n2,
        test="Fisher's exact test (two-sided)", p_value=res.p_value, p_for_verdict=res.p_value, p_basis="Fisher exact",
        effect_name="odds ratio (conditional MLE, exact CI)", effect=res.odds_ratio, effect_low=res.or_low,
        effect_high=res.or_high, local_bound="exact", **_judge(evidence),
        caveats=" ".join(caveats + ([CLUSTER_CAVEAT] if clustering else [])), source_refs=source_refs)


def within_rows(src: Sources, level: float) -> list[dict]:
    """SCR against LR, and babies against school-age children, inside Derby."""
    scr_ids, lr_ids = src.review_ids("scr"), src.review_ids("lr")
    has_baby = lambda r: "baby" in str(r["age_bands"]).split(";")  # noqa: E731
    scr_n, lr_n = src.children("scr"), src.children("lr")
    sex = src.gender.groupby(["review_type", "sex"])["n_children"].sum().astype(int)
    abuse = src.abuse.set_index(["review_type", "category"])["n_children"].astype(int)
    scr_eth, lr_eth = src.ethnic_groups("scr"), src.ethnic_groups("lr")
    scr = src.reviews[src.reviews["review_type"] == "scr"]
    phys_groups = set(scr.loc[scr["abuse_category"] == "physical_abuse", "age_group"])
    if phys_groups != {"babies_preschool"}:  # A.8: the physical-abuse SCRs are the SCRs about babies
        raise ValueError(f"reviews: physical-abuse SCRs span age groups {phys_groups}, expected babies only")
    young, school = src.children("scr", age_group="babies_preschool"), src.children("scr", age_group="school_age")
    both = src.clustering(scr_ids + lr_ids, scr_n + lr_n, "children")
    children = ("Derby SCR children", "Derby LR children")
    return [
        _within_row(level, "babies_reviews_scr_vs_lr", len(src.review_ids("scr", has_baby)), len(scr_ids),
                    len(src.review_ids("lr", has_baby)), len(lr_ids), labels=("Derby SCRs", "Derby LRs"),
                    measure="the share of reviews concerning a baby", clustering="", caveats=[],
                    description="Reviews concerning a baby, SCRs against LRs (A.1, A.2).", source_refs="A.1; A.2; reviews"),
        _within_row(level, "under_five_children_scr_vs_lr", young, scr_n,
                    src.children("lr", age_group="babies_preschool"), lr_n, labels=children,
                    measure="the share of babies and pre-school children", clustering=both, caveats=[],
                    description="Babies and pre-school children (age bands baby, under four, four-year-old), SCR "
                                "children against LR children.", source_refs="A.1; A.2; age_counts; age_bands"),
        _within_row(level, "physical_abuse_babies_vs_school_scr", int(abuse[("scr", "physical_abuse")]), young, 0,
                    school, labels=("Derby SCR babies", "Derby SCR school-age children"),
                    measure="the share who suffered physical abuse",
                    clustering=src.clustering(scr_ids, scr_n, "SCR children"),
                    caveats=["Near-definitional: the three physical-abuse SCRs are the three SCRs about babies."],
                    description=f"Physical abuse among SCR children: all {int(abuse[('scr', 'physical_abuse')])} "
                                f"physical-abuse children were babies (A.8: 'Three babies experienced physical abuse "
                                f"and one baby died as a result of physical abuse'); none of the {school} school-age "
                                f"children.", source_refs="A.1; A.8 Serious Case Reviews; reviews; abuse_categories"),
        _within_row(level, "male_scr_vs_lr", sex[("scr", "male")], sex[("scr", "male")] + sex[("scr", "female")],
                    sex[("lr", "male")], sex[("lr", "male")] + sex[("lr", "female")], labels=children,
                    measure="the share of boys", clustering=both,
                    caveats=["The LR figure is dominated by two CSE reviews of 32 girls and young women."],
                    description="Boys among SCR children (sex stated for 12 of 13) against LR children (A.5).",
                    source_refs="A.5; gender_counts"),
        _within_row(level, "sexual_abuse_children_scr_vs_lr", int(abuse[("scr", "sexual_abuse")]), scr_n,
                    int(abuse[("lr", "sexual_abuse")]), lr_n, labels=children,
                    measure="the share in sexual-abuse cases", clustering=both, caveats=[],
                    description="Children in cases categorised as sexual abuse, SCRs against LRs (A.8).",
                    source_refs="A.8; abuse_categories"),
        _within_row(level, "not_white_british_scr_vs_lr", int(scr_eth.drop("White British").sum()), int(scr_eth.sum()),
                    int(lr_eth.drop("White British").sum()), int(lr_eth.sum()), labels=children,
                    measure="the share not White British", clustering=both, caveats=[],
                    description="Children not recorded as White British, SCRs against LRs (A.6).",
                    source_refs="A.6 table; ethnicity_counts"),
    ]


def gap_rows(src: Sources, used: set[str]) -> list[dict]:
    """National percentages with no Derby count: listed so the gap is visible, never filled in."""
    rows = []
    for figure_id, fig in src.national.iterrows():
        if figure_id in used or fig["unit"] != "percent":
            continue
        stated = _as_stated(fig)
        evidence = Evidence(kind="no_local_count", subject="Derby",
                            reference=f"'{fig['measure'].lower()}' (nationally {stated})")
        rows.append(_row(
            comparison_id=f"no_local_{figure_id}", family="no_local_count",
            description=f"DFE-RR226: {fig['measure']} ({stated}). No local count: not compared.",
            reference="national (DFE-RR226)", reference_label=f"{fig['measure']}: {stated}",
            reference_value=float(fig["value"]), reference_bound_type=str(fig["bound_type"]),
            reference_denominator=_denominator(fig), test="none", **_judge(evidence),
            caveats="The Derby report quotes this national figure without a Derby count; none is invented here.",
            source_refs=f"national_figures: {figure_id} ({fig['source_ref']})"))
    return rows
