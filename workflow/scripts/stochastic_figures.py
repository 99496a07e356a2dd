"""Stochastic-family figures from the analysis and data stores."""
from hopsim import io, progress
from hopsim.figures import stochastic as figures

progress.to_log(snakemake.log)

inp, f = snakemake.input, snakemake.params.figures
figures.stochastic_figures(io.load(inp.analysis), io.load(inp.low_load), io.load(inp.graded),
                           io.load(inp.overlap_map), [io.load(p) for p in inp.maps],
                           dict(snakemake.output.items()), dpi=f["dpi"], context=f["context"])
