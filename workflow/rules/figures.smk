# `snakemake --cores 2 figures`: re-render every figure and report from the stores as they are.
# Snakemake re-runs a rule only when it is out of date, and a Snakefile cannot set --forcerun for
# its own run, so this rule (no output: it always runs when asked for) starts a second Snakemake
# that forces the figure and report rules, found by name: a family joins by naming its rules
# `<experiment>_figures` and `<experiment>_report`. Forcing re-runs what depends on the forced
# rules (figures -> reports), never what they depend on; stores missing or out of date are still
# made first, as in any run.
rule figures:
    localrule: True
    run:
        subprocess.run(figures_command(), check=True)
