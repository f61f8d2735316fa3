"""``python -m cjm``: the same as the ``cjm`` command."""

import sys

from cjm.cli import main

sys.exit(main())
