# The one-page summary of the study (reports/README.md), from the sidecar of every report: each
# experiment's .smk adds its report to REPORTS_ALL, so a new family joins without an edit here.
# Include this file after every experiment's .smk.
import sys

SUMMARY_REPORT = f"{REPORTS}/README.md"
# A report list an experiment's .smk forgot to add: its report could be summarised stale.
for _name, _paths in list(globals().items()):
    if _name.endswith("_REPORT") and isinstance(_paths, list) and not set(_paths) <= set(REPORTS_ALL):
        print(
            f"warning: {_name} is not in REPORTS_ALL, so reports/README.md may summarise it "
            f"before it is made; add `REPORTS_ALL += {_name}` to its .smk",
            file=sys.stderr,
        )


rule summary_report:
    input:
        REPORTS_ALL,
    output:
        SUMMARY_REPORT,
    log:
        log_path("summary_report", "all"),
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    params:
        configfiles=applied_configfiles(),
        settings={"results_dir": shown_path(RESULTS), "seed": SEED},
        code=source_hash("reports/common.py", "reports/summary.py", "reports/templates/summary.md.j2"),
    script:
        "../scripts/summary.py"
