"""``python -m joinedup``: the same command as the ``joinedup`` script."""

import sys

from joinedup.cli import main

sys.exit(main())
