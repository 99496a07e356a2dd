"""reports/spiking.md and its JSON sidecar."""
from hopsim import io, progress
from hopsim.reports import spiking as reports
from hopsim.reports.common import runtime_seconds

progress.to_log(snakemake.log)

inp = snakemake.input
reports.spiking_report(io.load(inp.analysis), snakemake.params.settings,
                       runtime_seconds(inp.benchmarks), snakemake.params.figures,
                       snakemake.output.markdown, snakemake.output.sidecar,
                       benchmarks=list(inp.benchmarks))
