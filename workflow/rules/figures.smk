# `snakemake --cores 2 figures`: re-render every figure and report from the stores as they are.
# Snakemake re-runs a rule only when it is out of date, and a Snakefile cannot set --forcerun for
# its own run, so this rule (no output: it always runs when asked for) starts a second Snakemake
# that forces the figure and report rules, found by name: a family joins by naming its rules
# `<experiment>_figures` and `<experiment>_report`. Forcing re-runs what depends on the forced
# rules (figures -> reports), never what they depend on; stores missing or out of date are still
# made first, as in any run.
import subprocess
import sys


def figure_rules():
    return sorted(r.name for r in workflow.rules if r.name.endswith(("_figures", "_report")))


rule figures:
    localrule: True
    run:
        names = figure_rules()
        # The same config as this run: its --configfile files (the Snakefile names the default)
        # and its --config overrides, passed on as they came, so every rule sees the same params.
        files = [str(f) for f in workflow.overwrite_configfiles or []]
        settings = workflow.config_settings
        overrides = list(settings.config_args) if settings.config else []
        # Targets first: --configfile, --config and --forcerun take every word after them. The
        # figure and report jobs are light, so they run here even when this run uses a cluster
        # profile.
        subprocess.run([sys.executable, "-m", "snakemake", *names, "--snakefile", workflow.main_snakefile,
                        "--cores", str(workflow.cores),
                        *(["--configfile", *files] if files else []),
                        *(["--config", *overrides] if overrides else []), "--forcerun", *names],
                       check=True)
