"""Benchmark entry point: ``python pipelines/bench.py [ARGS]`` is
``extractor bench [ARGS]`` (see ``extractor/bench.py`` and README.md)."""

import sys

from extractor.bench import main

if __name__ == "__main__":
    sys.exit(main())
