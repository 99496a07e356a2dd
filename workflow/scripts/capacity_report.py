"""reports/capacity.md and its JSON sidecar."""
from hopsim import io, reports

inp = snakemake.input
figs = snakemake.params.figures
reports.capacity_report(io.load(inp.analysis), snakemake.params.settings,
                        reports.runtime_seconds(inp.benchmarks), figs,
                        snakemake.output.markdown, snakemake.output.sidecar)
