"""Capacity figures from the analysis store."""
from hopsim import io, progress
from hopsim.figures import capacity as figures

progress.to_log(snakemake.log)

f = snakemake.params.figures
figures.capacity_figures(io.load(snakemake.input[0]), dict(snakemake.output.items()),
                         dpi=f["dpi"], context=f["context"])
