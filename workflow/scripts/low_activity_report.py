"""reports/low_activity.md and its JSON sidecar."""
from hopsim import io, progress
from hopsim.reports import low_activity as reports
from hopsim.reports.common import runtime_seconds

progress.to_log(snakemake.log)

inp = snakemake.input
reports.low_activity_report(io.load(inp.analysis), [io.load(p) for p in inp.maps],
                            snakemake.params.settings, runtime_seconds(inp.benchmarks),
                            snakemake.params.figures, snakemake.output.markdown,
                            snakemake.output.sidecar)
