"""Free perceptron learning at one (κ, α): which neurons reach stability κ within the epoch cap."""
from hopsim import io, progress, seeds
from hopsim.experiments import learning_rules

progress.to_log(snakemake.log)

p, s = snakemake.params, snakemake.params.settings
alpha = float(snakemake.wildcards.alpha)
ds = learning_rules.perceptron_runs(p.seed, s["N"], p.kappa, alpha, s["trials"], s["max_epochs"],
                                    p.max_steps, progress=True)
params = {**s, "kappa": p.kappa, "alpha": alpha, "max_steps": p.max_steps}
io.write(io.with_provenance(ds, params, seeds.material(p.seed, "learning_rules")), snakemake.output[0])
