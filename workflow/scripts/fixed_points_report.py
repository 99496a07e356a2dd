"""reports/fixed_points.md and its JSON sidecar."""
from hopsim import io, progress
from hopsim.reports import fixed_points as reports
from hopsim.reports.common import runtime_seconds

progress.to_log(snakemake.log)

inp = snakemake.input
figs = snakemake.params.figures
reports.fixed_point_report(io.load(inp.analysis), snakemake.params.settings,
                           runtime_seconds(inp.benchmarks), figs,
                           snakemake.output.markdown, snakemake.output.sidecar)
