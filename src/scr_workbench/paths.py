"""Every path the workbench uses, built from one project-root constant.

Notebooks, tests and the command line agree on where things are wherever they
run from (nbval runs a notebook in its own folder, papermill in the caller's).
The data folder is ``data/`` unless the environment variable ``SCR_DATA_DIR``
names another board's data folder laid out the same way (see
:mod:`scr_workbench.data.dataset`).
"""

import os
from pathlib import Path

PROJ_ROOT = Path(__file__).resolve().parents[2]

ENV_DATA_DIR = "SCR_DATA_DIR"
DATA_DIR = Path(os.environ.get(ENV_DATA_DIR) or PROJ_ROOT / "data").resolve()
RAW_DIR = DATA_DIR / "raw"
CURATED_DIR = DATA_DIR / "curated"
DATASET_FILE = DATA_DIR / "dataset.yml"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
REPORTS_DIR = PROJ_ROOT / "reports"
HTML_DIR = REPORTS_DIR / "html"
SCRATCH_DIR = PROJ_ROOT / "scratch"  # the lab opens here; git and the tests ignore it
# The raw source files are named in DATASET_FILE: scr_workbench.data.dataset.Dataset.source(role).


def data_inputs() -> list[Path]:
    """Everything results depend on in the data folder: dataset.yml, raw/ and curated/.

    The build's fingerprints and the result cache both hash these (read when called, so a
    test that points the constants elsewhere is followed).
    """
    return [DATASET_FILE, RAW_DIR, CURATED_DIR]
