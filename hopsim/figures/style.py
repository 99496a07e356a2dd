"""One theme and one palette for every figure of the study; figures saved without metadata
that changes between runs."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402


def style(context: str) -> None:
    sns.set_theme(context=context, style="ticks", palette="colorblind")


def save(fig, path, dpi: int) -> None:
    fig.savefig(path, dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
