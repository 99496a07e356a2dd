"""Markdown reports with JSON sidecars: what was run, headline numbers beside theory, figures;
one module per experiment, shared pieces in `common.py`."""
