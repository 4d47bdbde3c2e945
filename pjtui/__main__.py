"""``python -m pjtui``: the same as the ``pjtui`` command."""

import sys

from pjtui.cli import main

sys.exit(main())
