"""Every path the workbench uses, built from one project-root constant.

Notebooks, tests and the command line agree on where things are wherever they
run from (nbval runs a notebook in its own folder, papermill in the caller's).
"""

from pathlib import Path

PROJ_ROOT = Path(__file__).resolve().parents[2]

DATA_DIR = PROJ_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
CURATED_DIR = DATA_DIR / "curated"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
REPORTS_DIR = PROJ_ROOT / "reports"
HTML_DIR = REPORTS_DIR / "html"

DERBY_REPORT = RAW_DIR / "derby-scb-review-of-scrs-and-learning-reviews-2008-2014.md"
ONS_CENSUS = RAW_DIR / "ons-census-2011-qs201ew-derby.csv"
SOURCES_NOTE = RAW_DIR / "sources-readme.md"
