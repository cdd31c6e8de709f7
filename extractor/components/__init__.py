"""spaCy components, one per dimension (see base.py; extractor.pipeline imports them to register the factories)."""
