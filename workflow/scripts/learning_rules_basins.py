"""Basins of attraction of every rule at one load: sync dynamics from cues with flipped bits."""
from hopsim import io, progress, seeds
from hopsim.experiments import learning_rules

progress.to_log(snakemake.log)

p, s = snakemake.params, snakemake.params.settings
ds = learning_rules.basins_runs(p.seed, s["N"], s["alpha"], s["kappa"], s["flips"], s["trials"],
                                s["starts"], p.max_steps, p.max_epochs, s["pseudo_inverse_alpha"],
                                progress=True)
params = {**s, "max_steps": p.max_steps, "max_epochs": p.max_epochs}
io.write(io.with_provenance(ds, params, seeds.material(p.seed, "learning_rules")), snakemake.output[0])
