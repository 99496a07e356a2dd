# Learning rules beyond Hebb (issue 8): perceptron capacity per (κ, α) job -> α_c(κ) beside
# Gardner; Hebb / Storkey / pseudo-inverse capacity per rule job; dense-memory capacity per degree
# n job (all N); decorrelated rule on biased patterns; basins of every rule at one load; the modern
# Hopfield update and its three regimes -> analysis -> figures -> report.
from hopsim.theory.gardner import gardner_capacity

LR = config["learning_rules"]
LR_DIR = f"{RESULTS}/learning_rules"
LR_PERC = LR["perceptron"]
LR_KAPPA = {tag(k): k for k in LR_PERC["kappa"]}
# Loads around Gardner's α_c(κ): one job per (κ, α), α rounded to 4 digits.
LR_PERC_JOBS = [
    (tk, tag(round(f * gardner_capacity(k), 4)))
    for tk, k in LR_KAPPA.items()
    for f in sorted(LR_PERC["load_fractions"])
]
LR_RULES = ["hebb", "storkey", "pseudo_inverse"]
LR_DENSE = {str(r["degree"]): r for r in LR["dense"]["runs"]}
LR_DENSE_STORES = [f"{LR_DIR}/dense/n{d}.zarr" for d in LR_DENSE]
LR_FIGURES = {
    name: f"{REPORTS}/figures/learning_rules_{name}.png"
    for name in ("perceptron", "rules", "dense", "modern", "basins", "modern_regimes")
}
LEARNING_RULES_REPORT = [f"{REPORTS}/learning_rules.md", f"{REPORTS}/learning_rules.json"]
REPORTS_ALL += LEARNING_RULES_REPORT
LEARNING_RULES_CODE = source_hash(
    *SHARED_CODE,
    "learning/perceptron.py",
    "learning/pseudo_inverse.py",
    "learning/storkey.py",
    "learning/dense.py",
    "theory/gardner.py",
    "experiments/learning_rules.py",
    "experiments/capacity.py",
)
LR_PERC_STORES = [f"{LR_DIR}/perceptron/k{k}_a{a}.zarr" for k, a in LR_PERC_JOBS]
LR_BENCHMARKS = (
    [benchmark_path("learning_rules_perceptron", f"k{k}_a{a}") for k, a in LR_PERC_JOBS]
    + [benchmark_path("learning_rules_rule", r) for r in LR_RULES]
    + [benchmark_path("learning_rules_dense", f"n{d}") for d in LR_DENSE]
    + [
        benchmark_path(f"learning_rules_{s}", "all")
        for s in ("decorrelation", "modern", "basins", "modern_regimes")
    ]
)


rule learning_rules_perceptron:
    output:
        directory(f"{LR_DIR}/perceptron/k{{kappa}}_a{{alpha}}.zarr"),
    log:
        log_path("learning_rules_perceptron", "k{kappa}_a{alpha}"),
    benchmark:
        benchmark_path("learning_rules_perceptron", "k{kappa}_a{alpha}")
    wildcard_constraints:
        kappa=r"[0-9.]+",
    threads: 1
    resources:
        mem_mb=lambda w: resources.learning_rules_perceptron(LR, float(w.alpha)),
        runtime=lambda w: runtimes.learning_rules_perceptron(LR, float(w.alpha)),
    params:
        kappa=lambda w: LR_KAPPA[w.kappa],
        seed=SEED,
        settings=LR_PERC,
        max_steps=LR["rules"]["max_steps"],
        code=LEARNING_RULES_CODE,
    script:
        "../scripts/learning_rules_perceptron.py"


rule learning_rules_rule:
    output:
        directory(f"{LR_DIR}/rules/{{rule}}.zarr"),
    log:
        log_path("learning_rules_rule", "{rule}"),
    benchmark:
        benchmark_path("learning_rules_rule", "{rule}")
    wildcard_constraints:
        rule="|".join(LR_RULES),
    threads: 1
    resources:
        mem_mb=resources.learning_rules_rule(LR),
        runtime=runtimes.learning_rules_rule(LR),
    params:
        seed=SEED,
        settings=LR["rules"],
        code=LEARNING_RULES_CODE,
    script:
        "../scripts/learning_rules_rule.py"


rule learning_rules_dense:
    output:
        directory(f"{LR_DIR}/dense/n{{degree}}.zarr"),
    log:
        log_path("learning_rules_dense", "n{degree}"),
    benchmark:
        benchmark_path("learning_rules_dense", "n{degree}")
    wildcard_constraints:
        degree=r"\d+",
    threads: 1
    resources:
        mem_mb=lambda w: resources.learning_rules_dense(LR_DENSE[w.degree]),
        runtime=lambda w: runtimes.learning_rules_dense(LR, LR_DENSE[w.degree]),
    params:
        seed=SEED,
        run=lambda w: LR_DENSE[w.degree],
        settings={k: v for k, v in LR["dense"].items() if k != "runs"},
        code=LEARNING_RULES_CODE,
    script:
        "../scripts/learning_rules_dense.py"


rule learning_rules_decorrelation:
    output:
        directory(f"{LR_DIR}/decorrelation.zarr"),
    log:
        log_path("learning_rules_decorrelation", "all"),
    benchmark:
        benchmark_path("learning_rules_decorrelation", "all")
    threads: 1
    resources:
        mem_mb=resources.learning_rules_decorrelation(LR),
        runtime=10,
    params:
        seed=SEED,
        settings=LR["decorrelation"],
        max_steps=LR["rules"]["max_steps"],
        code=LEARNING_RULES_CODE,
    script:
        "../scripts/learning_rules_decorrelation.py"


rule learning_rules_modern:
    output:
        directory(f"{LR_DIR}/modern.zarr"),
    log:
        log_path("learning_rules_modern", "all"),
    benchmark:
        benchmark_path("learning_rules_modern", "all")
    threads: 1
    resources:
        mem_mb=resources.learning_rules_modern(LR),
        runtime=10,
    params:
        seed=SEED,
        settings=LR["modern"],
        code=LEARNING_RULES_CODE,
    script:
        "../scripts/learning_rules_modern.py"


rule learning_rules_basins:
    output:
        directory(f"{LR_DIR}/basins.zarr"),
    log:
        log_path("learning_rules_basins", "all"),
    benchmark:
        benchmark_path("learning_rules_basins", "all")
    threads: 1
    resources:
        mem_mb=resources.learning_rules_basins(LR),
        runtime=runtimes.learning_rules_basins(LR),
    params:
        seed=SEED,
        settings=LR["basins"],
        max_steps=LR["rules"]["max_steps"],
        max_epochs=LR_PERC["max_epochs"],
        code=LEARNING_RULES_CODE,
    script:
        "../scripts/learning_rules_basins.py"


rule learning_rules_modern_regimes:
    output:
        directory(f"{LR_DIR}/modern_regimes.zarr"),
    log:
        log_path("learning_rules_modern_regimes", "all"),
    benchmark:
        benchmark_path("learning_rules_modern_regimes", "all")
    threads: 1
    resources:
        mem_mb=resources.learning_rules_modern_regimes(LR),
        runtime=10,
    params:
        seed=SEED,
        settings=LR["modern_regimes"],
        code=LEARNING_RULES_CODE,
    script:
        "../scripts/learning_rules_modern_regimes.py"


rule learning_rules_analysis:
    input:
        perceptron=LR_PERC_STORES,
        rules=expand(f"{LR_DIR}/rules/{{rule}}.zarr", rule=LR_RULES),
        dense=LR_DENSE_STORES,
        basins=rules.learning_rules_basins.output[0],
    output:
        perceptron=directory(f"{LR_DIR}/perceptron_analysis.zarr"),
        rules=directory(f"{LR_DIR}/rules_analysis.zarr"),
        dense=directory(f"{LR_DIR}/dense_analysis.zarr"),
        basins=directory(f"{LR_DIR}/basins_analysis.zarr"),
    log:
        log_path("learning_rules_analysis", "all"),
    benchmark:
        benchmark_path("learning_rules_analysis", "all")
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        retrieved_overlap=LR["rules"]["retrieved_overlap"],
        code=LEARNING_RULES_CODE,
    script:
        "../scripts/learning_rules_analysis.py"


rule learning_rules_figures:
    input:
        perceptron=rules.learning_rules_analysis.output.perceptron,
        rules=rules.learning_rules_analysis.output.rules,
        dense=rules.learning_rules_analysis.output.dense,
        modern=rules.learning_rules_modern.output[0],
        basins=rules.learning_rules_analysis.output.basins,
        modern_regimes=rules.learning_rules_modern_regimes.output[0],
    output:
        vector_copies(LR_FIGURES),
        **{
            name: report(path, caption=f"../report/learning_rules_{name}.rst", category="Learning rules")
            for name, path in LR_FIGURES.items()
        },
    log:
        log_path("learning_rules_figures", "all"),
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        figures=FIGURES,
        success_overlap=LR["modern"]["success_overlap"],
        code=figure_code("learning_rules", theory="gardner"),
    script:
        "../scripts/learning_rules_figures.py"


rule learning_rules_report:
    input:
        perceptron=rules.learning_rules_analysis.output.perceptron,
        rules=rules.learning_rules_analysis.output.rules,
        dense=rules.learning_rules_analysis.output.dense,
        decorrelation=rules.learning_rules_decorrelation.output[0],
        modern=rules.learning_rules_modern.output[0],
        basins=rules.learning_rules_analysis.output.basins,
        modern_regimes=rules.learning_rules_modern_regimes.output[0],
        figures=list(LR_FIGURES.values()),
        benchmarks=LR_BENCHMARKS + [benchmark_path("learning_rules_analysis", "all")],
    output:
        markdown=LEARNING_RULES_REPORT[0],
        sidecar=LEARNING_RULES_REPORT[1],
    log:
        log_path("learning_rules_report", "all"),
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        settings={"learning_rules": LR},
        figures=LR_FIGURES,
        code=report_code("learning_rules", theory="gardner"),
    script:
        "../scripts/learning_rules_report.py"
