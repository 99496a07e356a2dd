"""reports/demo.md and its JSON sidecar."""
from hopsim import io, progress
from hopsim.reports import demo as reports

progress.to_log(snakemake.log)

inp = snakemake.input
data = {name: io.load(inp[name]) for name in ("showcase", "noise")}
reports.demo_report(data, snakemake.params.settings, list(inp.benchmarks),
                    snakemake.params.figures, snakemake.output.markdown, snakemake.output.sidecar)
