"""``python -m tests.literature [--details]``: the table of findings (id, area, outcome) on this checkout's model."""

import sys

from .test_literature import main

sys.exit(main())
