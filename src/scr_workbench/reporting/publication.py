"""The publication build (``build --publication``): its own site, every page with small counts suppressed.

The publication site is separate from the internal one: its schedule is
``reports/publication.yml``; it is built in a work folder of its own, ``reports/.publication-work/``
(state, cache, executed notebooks, logs and pages), and :func:`publish` then copies the pages and
their assets alone into ``reports/publication/``, which holds nothing else, so the folder can be
copied to a web server as a whole without the caches that hold the source's exact counts. Every
notebook it runs gets the environment variable :data:`ENV_PUBLICATION_THRESHOLD` set to
:data:`PUBLICATION_THRESHOLD`, which :func:`scr_workbench.stats.disclosure.publication_threshold`
reads: suppression is on for every page whatever the entry's parameters say. No unsuppressed
page is built into that folder, and the internal schedule carries no publication entry.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from scr_workbench import paths
from scr_workbench.reporting.files import relative

#: The same name and value as :data:`scr_workbench.stats.disclosure.ENV_PUBLICATION_THRESHOLD` and
#: ``PUBLICATION_THRESHOLD`` (build/ may not import stats/; a test checks they agree).
ENV_PUBLICATION_THRESHOLD = "SCR_PUBLICATION_SUPPRESS_BELOW"
PUBLICATION_THRESHOLD = 5

#: Notebooks every number of which goes through the suppression path (tables, shares, comparisons, p-values,
#: figures and alt text), and the glossary, which quotes no count (the pages link their terms to it). A
#: notebook joins when that is true and tests/reporting/test_publication.py attacks it.
SUPPRESSING_NOTEBOOKS: frozenset[str] = frozenset(
    {"abuse_categories.ipynb", "data_quality.ipynb", "demographics.ipynb", "glossary.ipynb"}
)

#: What ``build --publication`` builds, and where.
PUBLICATION_SCHEDULE = paths.REPORTS_DIR / "publication.yml"
PUBLICATION_SITE_DIR = paths.REPORTS_DIR / "publication"
#: The files a published site consists of; nothing else under the work folder's html/ is copied.
SITE_SUFFIXES: frozenset[str] = frozenset({".html", ".css", ".png", ".svg", ".js"})


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


def work_dir(site_dir: Path) -> Path:
    """Where the build of the site ``site_dir`` keeps its state, cache, executed notebooks and pages: beside it."""
    site_dir = Path(site_dir).resolve()
    return site_dir.parent / f".{site_dir.name}-work"


def publication_defaults(schedule: Path | None, site_dir: Path | None) -> tuple[Path, Path]:
    """The schedule and site folder of a publication build: the ones given, else the publication ones.

    The internal schedule is refused: it holds reports built for research without suppression
    of their own, and their names would suggest pages the publication does not vouch for.
    """
    chosen = Path(schedule) if schedule is not None else PUBLICATION_SCHEDULE
    if chosen.resolve() == (paths.REPORTS_DIR / "schedule.yml").resolve():
        raise NotAPublicationSchedule(
            f"--publication builds {relative(PUBLICATION_SCHEDULE)}, not the internal schedule "
            f"{relative(chosen)}; give --schedule a publication schedule or leave it out"
        )
    return chosen, Path(site_dir) if site_dir is not None else PUBLICATION_SITE_DIR


def publish(html_dir: Path, site_dir: Path) -> list[str]:
    """Copy the site's files (:data:`SITE_SUFFIXES`) from the work folder's ``html_dir`` into ``site_dir``.

    The new site is assembled beside the old one and swapped in by renames, so a reader (or a copy
    to a web server) never sees half a site, and a failure leaves the last published site as it was.
    Returns the published files, relative to ``site_dir``.
    """
    site_dir = Path(site_dir).resolve()
    if site_dir.exists() and not site_dir.is_dir():
        raise NotADirectoryError(f"{relative(site_dir)} is not a folder; the publication site cannot go there")
    staging = site_dir.parent / f".{site_dir.name}-next"
    retired = site_dir.parent / f".{site_dir.name}-old"
    for leftover in (staging, retired):
        shutil.rmtree(leftover, ignore_errors=True)
    files = sorted(
        p for p in Path(html_dir).rglob("*") if p.is_file() and not p.is_symlink() and p.suffix in SITE_SUFFIXES
    )
    published = []
    for source in files:
        target = staging / source.relative_to(html_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        published.append(str(source.relative_to(html_dir)))
    staging.mkdir(parents=True, exist_ok=True)
    if site_dir.exists():
        site_dir.rename(retired)
    staging.rename(site_dir)
    shutil.rmtree(retired, ignore_errors=True)
    return published
