"""Checks of the figures the report gives for what changed and of the national shares it quotes."""

from __future__ import annotations

from scr_workbench.checks.check_rows import Check, sum_check
from scr_workbench.checks.rounding import counts_matching

#: CSE percentages whose base may be the year's count of cases closed (6.17).
CLOSED_CASE_SHARES = ("cse_closed_risk_removed_or_low", "cse_escalated_child_protection")


def _closed_by_period(m):
    """CSE cases closed, by period (6.17)."""
    return m[m.measure_id == "cse_cases_closed"].set_index("period")["value"].astype(int)


def cse_reconciled_counts(t) -> dict[tuple[str, str], tuple[int, int]]:
    """(measure_id, period) → (k, base) for each CSE percentage that a whole count of the year's cases closed
    reproduces as printed; a percentage no count reproduces has no known base and is left out."""
    m = t["change_measures"]
    closed = _closed_by_period(m)
    out = {}
    for r in m[m.measure_id.isin(CLOSED_CASE_SHARES)].itertuples():
        ks = counts_matching(r.value, int(closed[r.period])) if r.period in closed.index else []
        if len(ks) == 1:
            out[(r.measure_id, r.period)] = (ks[0], int(closed[r.period]))
    return out


def cse_outcome_checks(t) -> list[Check]:
    """Percentages of CSE cases against the counts of cases closed, if those are their base."""
    m = t["change_measures"]
    closed = _closed_by_period(m)
    out = []
    for r in m[m.measure_id.isin(CLOSED_CASE_SHARES)].itertuples():
        base = int(closed[r.period])
        ks = counts_matching(r.value, base)
        near = sorted(range(base + 1), key=lambda k: abs(100 * k / base - r.value))[:2]
        out.append(
            Check(
                f"CSE-{r.measure_id}-{r.period}",
                "what changed",
                f"{r.measure} ({r.period}) as a share of the {base} cases closed that year",
                r.source_ref,
                r.as_stated,
                (
                    f"{ks[0]}/{base} = {100 * ks[0] / base:.1f}%"
                    if ks
                    else "no whole count: " + ", ".join(f"{k}/{base} = {100 * k / base:.1f}%" for k in sorted(near))
                ),
                bool(ks),
                ""
                if ks
                else f"No whole number of the {base} cases closed in {r.period} gives {r.as_stated}; "
                "the percentage must have another base (e.g. all CSE cases open that year), "
                "which the report does not state.",
            )
        )
    return out


def national_checks(t) -> list[Check]:
    figures = t["national_figures"].set_index("figure_id")
    f, ref = figures["value"], figures.loc["csc_receiving_services", "source_ref"]
    return [
        sum_check(
            "NAT-CSC",
            "national",
            f"DFE-RR226's three shares of children by contact with children's social care ({ref}) make 100%",
            ref,
            100,
            {
                "receiving services": f["csc_receiving_services"],
                "never known": f["csc_never_known"],
                "closed or not accepted": f["csc_closed_or_not_accepted"],
            },
        )
    ]
