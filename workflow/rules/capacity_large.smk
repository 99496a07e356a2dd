# Capacity at large N (config section `capacity_large`, e.g. config/paper.yaml): each job draws
# its pattern sets from the seed and relaxes from the patterns themselves (W is never formed, so
# no weights rule) -> gather -> analysis -> figures -> report.
from hopsim.config import n_patterns
from hopsim.experiments.capacity import large_job_resources, large_threads

LARGE = config["capacity_large"]
LARGE_DIR = f"{RESULTS}/capacity_large"
LARGE_TAGS = [tag(a) for a in LARGE["alpha"]]
LARGE_ALPHA = dict(zip(LARGE_TAGS, LARGE["alpha"]))
LARGE_BY_N = {n: {"trials": t, "starts": s, "per_job": j} for n, t, s, j in
              zip(LARGE["N"], LARGE["trials"], LARGE["starts"], LARGE["trials_per_job"])}
LARGE_FIGURES = {name: f"{REPORTS}/figures/capacity_large_{name}.png"
                 for name in ("retrieval", "overlap", "finite_size")}
CAPACITY_LARGE_REPORT = [f"{REPORTS}/capacity_large.md", f"{REPORTS}/capacity_large.json"]
REPORTS_ALL += CAPACITY_LARGE_REPORT
LARGE_JOBS = [f"N{n}_alpha{a}_trials{t}"
              for n in LARGE["N"] for a in LARGE_TAGS
              for t in range(0, LARGE_BY_N[n]["trials"], LARGE_BY_N[n]["per_job"])]


def large_trials(w):
    first, by_n = int(w.first), LARGE_BY_N[int(w.N)]
    return list(range(first, min(first + by_n["per_job"], by_n["trials"])))


def large_resources(w):
    """Memory and time of one job from its N, P, starts and sweep cap (see large_job_resources)."""
    n = int(w.N)
    return large_job_resources(n, n_patterns(LARGE_ALPHA[w.alpha], n), LARGE_BY_N[n]["starts"],
                               len(large_trials(w)), LARGE["max_sweeps"], large_threads(n))


rule capacity_large_retrieval:
    output:
        directory(f"{LARGE_DIR}/retrieval/N{{N}}_alpha{{alpha}}_trials{{first}}.zarr"),
    params:
        seed=SEED,
        alpha=lambda w: LARGE_ALPHA[w.alpha],
        trials=large_trials,
        starts=lambda w: LARGE_BY_N[int(w.N)]["starts"],
        max_sweeps=LARGE["max_sweeps"],
        lost_overlap=LARGE["lost_overlap"],
        code=CAPACITY_CODE,
    threads: lambda w: large_threads(int(w.N))
    resources:
        mem_mb=lambda w: large_resources(w)["mem_mb"],
        runtime=lambda w: large_resources(w)["runtime"],
    log:
        log_path("capacity_large_retrieval", "N{N}_alpha{alpha}_trials{first}"),
    benchmark:
        benchmark_path("capacity_large_retrieval", "N{N}_alpha{alpha}_trials{first}")
    script:
        "../scripts/capacity_large_retrieval.py"


rule capacity_large_gather:
    input:
        expand(f"{LARGE_DIR}/retrieval/{{job}}.zarr", job=LARGE_JOBS),
    output:
        directory(f"{LARGE_DIR}/overlaps.zarr"),
    params:
        code=CAPACITY_CODE,
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    benchmark:
        benchmark_path("capacity_large_gather", "all")
    script:
        "../scripts/capacity_gather.py"


rule capacity_large_analysis:
    input:
        rules.capacity_large_gather.output[0],
    output:
        directory(f"{LARGE_DIR}/analysis.zarr"),
    params:
        seed=SEED,
        retrieved_overlap=LARGE["retrieved_overlap"],
        bootstrap=LARGE["bootstrap"],
        extrapolation=LARGE["extrapolation"],
        code=CAPACITY_CODE,
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    benchmark:
        benchmark_path("capacity_large_analysis", "all")
    script:
        "../scripts/capacity_analysis.py"


rule capacity_large_figures:
    input:
        rules.capacity_large_analysis.output[0],
    output:
        vector_copies(LARGE_FIGURES),
        **{name: report(path, caption=f"../report/capacity_{name}.rst",
                        category="Binary Hopfield model",
                        subcategory="Storage capacity at large N")
           for name, path in LARGE_FIGURES.items()},
    params:
        figures=FIGURES,
        code=figure_code("capacity"),
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    script:
        "../scripts/capacity_figures.py"


rule capacity_large_report:
    input:
        analysis=rules.capacity_large_analysis.output[0],
        figures=list(LARGE_FIGURES.values()),
        jobs=[benchmark_path("capacity_large_retrieval", j) for j in LARGE_JOBS],
        benchmarks=[benchmark_path(r, "all") for r in ("capacity_large_gather",
                                                       "capacity_large_analysis")],
    output:
        markdown=CAPACITY_LARGE_REPORT[0],
        sidecar=CAPACITY_LARGE_REPORT[1],
    params:
        settings={"capacity_large": LARGE},
        code=report_code("capacity"),
        figures=LARGE_FIGURES,
        cores={n: large_threads(n) for n in LARGE["N"]},
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    script:
        "../scripts/capacity_large_report.py"
