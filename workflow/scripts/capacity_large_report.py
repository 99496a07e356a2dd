"""reports/capacity_large.md and its JSON sidecar, with the cost of every retrieval job."""
from hopsim import io, progress
from hopsim.reports import capacity as reports
from hopsim.reports.common import benchmark_rows, runtime_seconds

progress.to_log(snakemake.log)

inp, p = snakemake.input, snakemake.params
jobs = benchmark_rows(inp.jobs)
runtime = sum(j["s"] for j in jobs) + runtime_seconds(inp.benchmarks)
reports.capacity_large_report(io.load(inp.analysis), p.settings, runtime, p.figures, jobs,
                              p.cores, snakemake.output.markdown, snakemake.output.sidecar)
