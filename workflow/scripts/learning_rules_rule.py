"""One learning rule over its loads: sync dynamics from every stored pattern."""
from hopsim import io, progress, seeds
from hopsim.experiments import learning_rules

progress.to_log(snakemake.log)

p, s = snakemake.params, snakemake.params.settings
rule = snakemake.wildcards.rule
ds = learning_rules.rule_runs(p.seed, s["N"], rule, s["loads"][rule], s["trials"], s["max_steps"],
                              progress=True)
params = {k: v for k, v in s.items() if k != "loads"} | {"rule": rule, "alpha": s["loads"][rule]}
io.write(io.with_provenance(ds, params, seeds.material(p.seed, "learning_rules")), snakemake.output[0])
