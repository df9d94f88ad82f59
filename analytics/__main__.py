"""`python -m analytics ...`: the command-line entry."""

import sys

from analytics.cli import main

sys.exit(main())
