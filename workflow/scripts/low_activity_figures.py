"""Low-activity figures: α_c(a) on log axes, retrieval curves, the F̂ cobweb."""
from hopsim import io, progress
from hopsim.figures import low_activity as figures

progress.to_log(snakemake.log)

f = snakemake.params.figures
figures.low_activity_figures(io.load(snakemake.input.analysis),
                             [io.load(p) for p in snakemake.input.maps],
                             dict(snakemake.output.items()), dpi=f["dpi"], context=f["context"])
