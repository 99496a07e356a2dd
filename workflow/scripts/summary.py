"""reports/README.md: the one-page summary of every report's headlines."""
from hopsim.reports.summary import summary_report

p = snakemake.params
summary_report(p.reports_dir, snakemake.output[0], p.configfiles, p.settings)
