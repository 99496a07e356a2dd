"""Solved (and retrieved) fraction vs α and α_c(κ) beside Gardner; retrieved fraction and α_c per
rule; dense memory P_c(N) and its log-log slope; retrieval probability vs cue noise per rule."""
from hopsim import io, progress
from hopsim.experiments import learning_rules

progress.to_log(snakemake.log)

inp, out, crit = snakemake.input, snakemake.output, snakemake.params.retrieved_overlap
runs = [io.load(path) for path in inp.perceptron]
for ds, path in ((learning_rules.analyse_perceptron(runs, crit), out.perceptron),
                 (learning_rules.analyse_rules([io.load(p) for p in inp.rules], crit), out.rules),
                 (learning_rules.analyse_dense([io.load(p) for p in inp.dense], crit), out.dense),
                 (learning_rules.analyse_basins(io.load(inp.basins), crit), out.basins)):
    io.write(io.with_provenance(ds, {"retrieved_overlap": crit}, runs[0].attrs["seed_material"]),
             path)
