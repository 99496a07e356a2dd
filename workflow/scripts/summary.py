"""reports/README.md: the one-page summary of every report's headlines (the reports beside it)."""
from pathlib import Path

from hopsim.reports.summary import summary_report

p = snakemake.params
summary = Path(snakemake.output[0])
summary_report(summary.parent, summary, p.configfiles, p.settings)
