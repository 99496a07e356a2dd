"""reports/ring.md and its JSON sidecar."""
from hopsim import io, progress
from hopsim.reports import ring as reports

progress.to_log(snakemake.log)

inp = snakemake.input
data = {name: io.load(inp[name]) for name in ("linear", "bump", "calibration", "tracking",
                                              "diffusion", "heterogeneity")}
reports.ring_report(data, snakemake.params.settings, list(inp.benchmarks),
                    snakemake.params.figures, snakemake.output.markdown, snakemake.output.sidecar)
