"""``python -m scr_workbench``: the workbench's command line (see :mod:`scr_workbench.cli`)."""

import os
import sys

from scr_workbench.cli import main

try:
    sys.exit(main())
except BrokenPipeError:
    # The reader (e.g. `| head`) closed the pipe: not an error of ours. Point stdout at
    # devnull so the interpreter's final flush does not raise again.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(0)
