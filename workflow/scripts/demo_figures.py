"""Demo figures: the pictures and their overlaps, snapshots, overlap traces, retrieval vs q."""
from hopsim import io, progress
from hopsim.figures import demo as figures

progress.to_log(snakemake.log)

f, inp = snakemake.params.figures, snakemake.input
data = {name: io.load(inp[name]) for name in ("showcase", "noise")}
figures.demo_figures(data, dict(snakemake.output.items()), dpi=f["dpi"], context=f["context"])
