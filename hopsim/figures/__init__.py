"""Figures of the study: simulation beside theory, symbols and units on every axis; one module
per experiment, one style (`style.py`)."""

from pathlib import Path

from ..extras import require

require("workflow", "hopsim.figures", "matplotlib", "seaborn")


def vector_path(png) -> Path:
    """Where the vector copy of a figure goes: reports/figures/x.png -> reports/figures/vector/x.svg.
    Here, not in style.py, so the workflow can name its outputs without importing matplotlib."""
    png = Path(png)
    return png.parent / "vector" / f"{png.stem}.svg"
