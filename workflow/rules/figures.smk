# `snakemake --cores 2 figures`: re-render every figure and report from the stores as they are.
# Snakemake re-runs a rule only when it is out of date, and a Snakefile cannot set --forcerun for
# its own run, so this rule (no output: it always runs when asked for) starts a second Snakemake
# that forces the figure and report rules, found by name: a family joins by naming its rules
# `<experiment>_figures` and `<experiment>_report`. Forcing re-runs what depends on the forced
# rules (figures -> reports), never what they depend on; stores missing or out of date are still
# made first, as in any run. A handover rule (Snakemake's directive for a job that runs another
# workflow manager): it runs here, with all of this run's cores, and its output is the second
# Snakemake's progress on the terminal; each job that one starts writes its own log.
rule figures:
    handover: True
    run:
        subprocess.run(figures_command(), check=True)
