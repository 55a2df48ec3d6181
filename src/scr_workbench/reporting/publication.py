"""The publication build (``build --publication``): its own site, every page with small counts suppressed.

The publication site is separate from the internal one: its schedule is
``reports/publication.yml``, it is built under ``reports/publication/`` (site in
``reports/publication/html/``, with its own state, executed notebooks and index) and every
notebook it runs gets the environment variable :data:`ENV_PUBLICATION_THRESHOLD` set to
:data:`PUBLICATION_THRESHOLD`, which :func:`scr_workbench.stats.disclosure.publication_threshold`
reads: suppression is on for every page whatever the entry's parameters say. No unsuppressed
page is built into that folder, and the internal schedule carries no publication entry.
"""

from __future__ import annotations

from pathlib import Path

from scr_workbench import paths
from scr_workbench.reporting.files import relative

#: The same name and value as :data:`scr_workbench.stats.disclosure.ENV_PUBLICATION_THRESHOLD` and
#: ``PUBLICATION_THRESHOLD`` (build/ may not import stats/; a test checks they agree).
ENV_PUBLICATION_THRESHOLD = "SCR_PUBLICATION_SUPPRESS_BELOW"
PUBLICATION_THRESHOLD = 5

#: Notebooks every number of which goes through the suppression path (tables, shares, comparisons, p-values,
#: figures and alt text). A notebook joins when that is true and tests/reporting/test_publication.py attacks it.
SUPPRESSING_NOTEBOOKS: frozenset[str] = frozenset(
    {"abuse_categories.ipynb", "data_quality.ipynb", "demographics.ipynb"}
)

#: What ``build --publication`` builds, and where.
PUBLICATION_SCHEDULE = paths.REPORTS_DIR / "publication.yml"
PUBLICATION_REPORTS_DIR = paths.REPORTS_DIR / "publication"


class NotAPublicationSchedule(ValueError):
    """``--publication`` was given the internal schedule."""


def check_publishable(entries) -> None:
    """Refuse a publication schedule naming a notebook that prints counts outside the suppression path."""
    unsafe = sorted({f"{e.name} ({e.notebook.name})" for e in entries if e.notebook.name not in SUPPRESSING_NOTEBOOKS})
    if unsafe:
        raise NotAPublicationSchedule(
            f"the publication schedule names reports whose notebooks print counts of 1 to 4 outside the suppression "
            f"path: {', '.join(unsafe)}; publishable notebooks: {', '.join(sorted(SUPPRESSING_NOTEBOOKS))}"
        )


def kernel_environment(publication: bool) -> dict[str, str]:
    """Variables the build's kernels get: the suppression threshold for a publication build, nothing otherwise."""
    return {ENV_PUBLICATION_THRESHOLD: str(PUBLICATION_THRESHOLD)} if publication else {}


def publication_defaults(schedule: Path | None, reports_dir: Path | None) -> tuple[Path, Path]:
    """The schedule and reports folder of a publication build: the ones given, else the publication ones.

    The internal schedule is refused: it holds reports built for research without suppression
    of their own, and their names would suggest pages the publication does not vouch for.
    """
    chosen = Path(schedule) if schedule is not None else PUBLICATION_SCHEDULE
    if chosen.resolve() == (paths.REPORTS_DIR / "schedule.yml").resolve():
        raise NotAPublicationSchedule(
            f"--publication builds {relative(PUBLICATION_SCHEDULE)}, not the internal schedule "
            f"{relative(chosen)}; give --schedule a publication schedule or leave it out"
        )
    return chosen, Path(reports_dir) if reports_dir is not None else PUBLICATION_REPORTS_DIR
