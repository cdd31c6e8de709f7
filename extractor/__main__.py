"""``python -m extractor``: the same as the ``extractor`` command."""

import sys

from extractor.cli import entry

sys.exit(entry())
