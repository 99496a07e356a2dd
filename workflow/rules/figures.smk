# `snakemake --cores 2 figures`: re-render every figure and report from the stores as they are.
# Snakemake re-runs a rule only when it is out of date, and a Snakefile cannot set --forcerun for
# its own run, so this rule (no output: it always runs when asked for) starts a second Snakemake
# that forces the figure and report rules, found by name: a family joins by naming its rules
# `<experiment>_figures` and `<experiment>_report`. Forcing re-runs what depends on the forced
# rules (figures -> reports), never what they depend on; stores missing or out of date are still
# made first, as in any run.
import json
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
        # The same config as this run: its --configfile files (the Snakefile names the default),
        # then its --config overrides, so the reports record the same config files as a full run.
        files = [str(f) for f in workflow.overwrite_configfiles or []]
        with tempfile.TemporaryDirectory() as tmp:
            overrides = dict(workflow.config_settings.overwrite_config or {})
            if overrides:
                files.append(f"{tmp}/config-overrides.yaml")
                with open(files[-1], "w") as fh:
                    yaml.safe_dump(json.loads(json.dumps(overrides)), fh, allow_unicode=True)
            # Targets first: --configfile and --forcerun take every word after them.
            subprocess.run([sys.executable, "-m", "snakemake", *names, "--cores", str(workflow.cores),
                            *(["--configfile", *files] if files else []), "--forcerun", *names],
                           check=True)
