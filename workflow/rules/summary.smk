# The one-page summary of the study (reports/README.md), from the sidecar of every report: each
# experiment's .smk adds its report to REPORTS_ALL, so a new family joins without an edit here.
# Include this file after every experiment's .smk.
import os
import sys
from pathlib import Path

SUMMARY_REPORT = f"{REPORTS}/README.md"
# A report list an experiment's .smk forgot to add: its report could be summarised stale.
for _name, _paths in list(globals().items()):
    if _name.endswith("_REPORT") and isinstance(_paths, list) and not set(_paths) <= set(REPORTS_ALL):
        print(f"warning: {_name} is not in REPORTS_ALL, so reports/README.md may summarise it "
              f"before it is made; add `REPORTS_ALL += {_name}` to its .smk", file=sys.stderr)


def shown_path(path):
    """A path as a report may show it: relative to the working directory, or its bare name when
    it lies outside (no machine paths in reports)."""
    rel = os.path.relpath(path)
    return Path(path).name if rel.startswith("..") else rel


def applied_configfiles():
    """The config files in the order they were applied (the Snakefile's, then --configfile's)."""
    cli = [str(f) for f in workflow.overwrite_configfiles or []]
    return [shown_path(f) for f in [str(f) for f in workflow.configfiles if str(f) not in cli] + cli]


rule summary_report:
    input:
        REPORTS_ALL,
    output:
        SUMMARY_REPORT,
    params:
        reports_dir=REPORTS,
        configfiles=applied_configfiles(),
        settings={"results_dir": shown_path(RESULTS), "seed": SEED},
        code=source_hash("reports/common.py", "reports/summary.py", "reports/templates/summary.md.j2"),
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    script:
        "../scripts/summary.py"
