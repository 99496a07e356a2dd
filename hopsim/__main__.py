"""`python -m hopsim`: the command line (hopsim.cli)."""

import sys

from .cli import main

sys.exit(main())
