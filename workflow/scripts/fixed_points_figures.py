"""Fixed-point figures from the analysis and run stores."""
from hopsim import io, progress
from hopsim.figures import fixed_points as figures

progress.to_log(snakemake.log)

f = snakemake.params.figures
figures.fixed_point_figures(io.load(snakemake.input.analysis),
                            [io.load(p) for p in snakemake.input.runs],
                            dict(snakemake.output.items()), dpi=f["dpi"], context=f["context"])
