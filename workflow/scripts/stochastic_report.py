"""reports/stochastic.md and its JSON sidecar."""
from pathlib import Path

from hopsim import io, progress
from hopsim.reports import stochastic as reports
from hopsim.reports.common import benchmark_rows

progress.to_log(snakemake.log)

inp = snakemake.input
jobs = benchmark_rows(inp.benchmarks)
for row, path in zip(jobs, inp.benchmarks):  # rule/job, e.g. stochastic_map/alpha0.05
    row["job"] = f"{Path(path).parent.name}/{row['job']}"
reports.stochastic_report(io.load(inp.analysis), io.load(inp.low_load), io.load(inp.graded),
                          io.load(inp.overlap_map), snakemake.params.settings, jobs,
                          snakemake.params.figures, snakemake.output.markdown,
                          snakemake.output.sidecar)
