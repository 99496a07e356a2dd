"""Learning-rule figures: perceptron capacity vs Gardner, capacity per rule, dense memory P_c(N),
modern update vs β, basins per rule and κ, the modern update's three regimes."""
from hopsim import io, progress
from hopsim.figures import learning_rules as figures

progress.to_log(snakemake.log)

inp, f = snakemake.input, snakemake.params.figures
figures.learning_rules_figures(io.load(inp.perceptron), io.load(inp.rules), io.load(inp.dense),
                               io.load(inp.modern), io.load(inp.basins), io.load(inp.modern_regimes),
                               snakemake.params.success_overlap, dict(snakemake.output.items()),
                               dpi=f["dpi"], context=f["context"])
