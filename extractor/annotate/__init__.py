"""Making gold for your own articles: ``extractor annotate export | import``.

- :mod:`.labelstudio`: Label Studio tasks (JSON) and the labeling config
  (XML), pre-filled with the extractor's records; its JSON export back to
  gold JSONL.
- :mod:`.doccano`: the same for doccano's JSONL (spans in ``label``, values
  in the metadata).
- :mod:`.gold`: one annotated region -> one validated record, with a clear
  error (task, region, reason) for anything that does not fit the contract.
- :mod:`.offsets`: offsets as the tools count them (code points, UTF-16
  code units, grapheme clusters) and back.
- partial gold (what a gold file covers) is :mod:`extractor.gold_coverage`,
  beside the evaluator that reads it.
- :mod:`.cli`: the command line.
"""
