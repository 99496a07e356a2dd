"""One theme and one palette for every figure of the study; each figure saved as a PNG (for the
reports) and an SVG (for papers, in vector/ beside it), both without metadata that changes between
runs, so that the same data give the same bytes."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.collections import Collection  # noqa: E402
from matplotlib.image import AxesImage  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from . import vector_path  # noqa: E402

# Inside the SVG, images and artists of more than this many points (spike rasters, long traces)
# are drawn as pixels at the PNG's dpi, so the file stays small; text, axes and theory curves
# stay vectors.
RASTERIZE_ABOVE = 1000


def style(context: str) -> None:
    sns.set_theme(context=context, style="ticks", palette="colorblind")
    # SVG: ids derived from a fixed salt instead of a random one (same figure, same bytes).
    plt.rcParams["svg.hashsalt"] = "hopsim"


def _rasterize_heavy(fig) -> None:
    for ax in fig.axes:
        for artist in ax.get_children():
            if isinstance(artist, AxesImage) or (
                    isinstance(artist, Collection) and _size(artist) > RASTERIZE_ABOVE) or (
                    isinstance(artist, Line2D) and len(artist.get_xdata()) > RASTERIZE_ABOVE):
                artist.set_rasterized(True)


def _size(collection) -> int:
    # A mesh (pcolormesh) counts its cells, a scatter its points.
    return max(len(collection.get_offsets()), len(collection.get_paths()))


def save(fig, path, dpi: int) -> None:
    """PNG at `dpi` and an SVG copy (heavy artists rasterised at the same dpi)."""
    fig.savefig(path, dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    _rasterize_heavy(fig)
    vector = vector_path(path)
    vector.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(vector, dpi=dpi, bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
