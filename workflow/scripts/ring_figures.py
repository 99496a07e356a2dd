"""Ring figures: spectrum, linear ring, bump, calibration, tracking, diffusion, heterogeneity."""
from hopsim import io, progress
from hopsim.figures import ring as figures

progress.to_log(snakemake.log)

f, inp = snakemake.params.figures, snakemake.input
data = {name: io.load(inp[name]) for name in ("linear", "bump", "calibration", "tracking",
                                              "diffusion", "heterogeneity")}
figures.ring_figures(data, dict(snakemake.output.items()), dpi=f["dpi"], context=f["context"])
