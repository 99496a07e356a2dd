"""reports/learning_rules.md and its JSON sidecar."""
from hopsim import io, progress
from hopsim.reports import learning_rules as reports
from hopsim.reports.common import runtime_seconds

progress.to_log(snakemake.log)

inp = snakemake.input
reports.learning_rules_report(io.load(inp.perceptron), io.load(inp.rules), io.load(inp.dense),
                              io.load(inp.decorrelation), io.load(inp.modern), io.load(inp.basins),
                              io.load(inp.modern_regimes), snakemake.params.settings,
                              runtime_seconds(inp.benchmarks), snakemake.params.figures,
                              snakemake.output.markdown, snakemake.output.sidecar)
