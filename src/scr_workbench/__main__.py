"""``python -m scr_workbench``: the workbench's command line (see :mod:`scr_workbench.cli`)."""

import sys

from scr_workbench.cli import main

sys.exit(main())
