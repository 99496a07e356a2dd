"""Demo figures: the pictures and their overlaps, snapshots, overlap traces, retrieval vs q."""
from hopsim import io
from hopsim.figures import demo as figures

f, inp = snakemake.params.figures, snakemake.input
data = {name: io.load(inp[name]) for name in ("showcase", "noise")}
figures.demo_figures(data, dict(snakemake.output.items()), dpi=f["dpi"], context=f["context"])
