"""hopsim.figures.style.save: a PNG and an SVG copy, both free of run-dependent metadata, with heavy
artists rasterised inside the SVG and light ones (theory curves, text) kept as vectors."""
import numpy as np

from hopsim.figures import vector_path
from hopsim.figures.style import RASTERIZE_ABOVE, plt, save, style


def figure(points: int):
    style("notebook")
    fig, ax = plt.subplots()
    rng = np.random.default_rng(0)
    ax.scatter(rng.random(points), rng.random(points), s=1, label="simulation")
    ax.plot([0, 1], [0, 1], color="k", label="theory")
    ax.set(xlabel="load α = P/N", ylabel="overlap m")
    return fig


def test_vector_copy_beside_the_png(tmp_path):
    png = tmp_path / "figures" / "x.png"
    png.parent.mkdir()
    assert vector_path(png) == tmp_path / "figures" / "vector" / "x.svg"
    save(figure(10), png, dpi=50)
    svg = vector_path(png).read_text()
    assert png.read_bytes().startswith(b"\x89PNG") and b"Software" not in png.read_bytes()
    assert svg.startswith("<?xml") and "<dc:date>" not in svg and "<image" not in svg


def test_same_figure_same_bytes_and_heavy_artists_rasterised(tmp_path):
    runs = []
    for k in range(2):
        png = tmp_path / str(k) / "x.png"
        png.parent.mkdir()
        save(figure(RASTERIZE_ABOVE + 1), png, dpi=50)
        runs.append((png.read_bytes(), vector_path(png).read_bytes()))
    assert runs[0] == runs[1]
    svg = runs[0][1].decode()
    # The scatter is one embedded image; the theory line stays a path.
    assert svg.count("<image") == 1 and svg.count('id="line2d_') >= 1
