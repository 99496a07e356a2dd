# `snakemake --cores 2 figures`: re-render every figure and report from the stores as they are.
# Snakemake re-runs a rule only when it is out of date, and a Snakefile cannot set --forcerun for
# its own run, so this rule (no output: it always runs when asked for) starts a second Snakemake
# that forces the figure and report rules, found by name: a family joins by naming its rules
# `<experiment>_figures` and `<experiment>_report`. Forcing re-runs what depends on the forced
# rules (figures -> reports), never what they depend on; stores missing or out of date are still
# made first, as in any run.
import subprocess
import sys
import tempfile

import yaml


def figure_rules():
    return sorted(r.name for r in workflow.rules if r.name.endswith(("_figures", "_report")))


rule figures:
    localrule: True
    run:
        names = figure_rules()
        with tempfile.TemporaryDirectory() as tmp:
            # The config as this run resolved it (config files, --config, schema defaults).
            resolved = f"{tmp}/config.yaml"
            with open(resolved, "w") as fh:
                yaml.safe_dump(config, fh, sort_keys=False, allow_unicode=True)
            # Targets first: --configfile and --forcerun take every word after them.
            subprocess.run([sys.executable, "-m", "snakemake", *names, "--cores", str(workflow.cores),
                            "--configfile", resolved, "--forcerun", *names], check=True)
