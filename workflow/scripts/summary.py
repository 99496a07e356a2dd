"""reports/README.md: the one-page summary of every report's headlines (the reports beside it)."""
from pathlib import Path

from hopsim import progress
from hopsim.reports.summary import summary_report

progress.to_log(snakemake.log)

p = snakemake.params
summary = Path(snakemake.output[0])
summary_report(summary.parent, summary, p.configfiles, p.settings)
