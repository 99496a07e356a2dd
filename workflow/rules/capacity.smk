# Capacity sweep: patterns -> weights (temp) -> async retrieval per (N, alpha chunk) -> gather ->
# analysis -> figures -> report.
from hopsim.experiments.capacity import alpha_chunks

CAP = config["capacity"]
CHUNKS = alpha_chunks(CAP["alpha"], CAP["alpha_per_job"])
CAP_DIR = f"{RESULTS}/capacity"
CAP_FIGURES = {name: f"{REPORTS}/figures/capacity_{name}.png"
               for name in ("retrieval", "overlap", "finite_size")}
CAPACITY_REPORT = [f"{REPORTS}/capacity.md", f"{REPORTS}/capacity.json"]
REPORTS_ALL += CAPACITY_REPORT
CAP_JOBS = expand("N{N}_chunk{chunk}", N=CAP["N"], chunk=range(len(CHUNKS)))


def cap_mem_mb(estimate):
    """Memory of a (N, chunk) job: `estimate` of hopsim.resources."""
    return lambda w: estimate(CAP, int(w.N), CHUNKS[int(w.chunk)])


def cap_minutes(wildcards, per_set, threads=1):
    """Time limit of a (N, chunk) job: `per_set(N, P)` multiply-adds for each pattern set."""
    n = int(wildcards.N)
    sets = [n_patterns(a, n) for a in CHUNKS[int(wildcards.chunk)]] * CAP["trials"]
    return minutes(sum(per_set(n, p) for p in sets), threads)


def retrieval_work(n, p):
    """Per pattern set and cue level, each start: first fields N·P, about N·(f + 0.1) flips of
    O(N) each (f the cue noise; a stored pattern loses a few % of its bits above α_c), and up
    to 100 sweeps of N visits."""
    starts = min(CAP["starts_per_trial"], p)
    return sum(starts * (n * p + n * n * (f + 0.1) + 100 * n) for f in CAP["cue_noise"])


def retrieval_threads(wildcards):
    # Large networks use both cores (numba threads over states); small ones run side by side.
    return 2 if int(wildcards.N) >= 2000 else 1


rule capacity_patterns:
    output:
        directory(f"{CAP_DIR}/patterns/N{{N}}_chunk{{chunk}}.zarr"),
    params:
        alphas=lambda w: CHUNKS[int(w.chunk)],
        trials=CAP["trials"],
        seed=SEED,
        code=CAPACITY_CODE,
    threads: 1
    resources:
        mem_mb=cap_mem_mb(resources.capacity_patterns),
        runtime=lambda w: cap_minutes(w, lambda n, p: n * p),
    benchmark:
        benchmark_path("capacity_patterns", "N{N}_chunk{chunk}")
    script:
        "../scripts/capacity_patterns.py"


rule capacity_weights:
    input:
        rules.capacity_patterns.output[0],
    output:
        temp(directory(f"{CAP_DIR}/weights/N{{N}}_chunk{{chunk}}.zarr")),
    params:
        code=CAPACITY_CODE,
    threads: 1
    resources:
        mem_mb=cap_mem_mb(resources.capacity_weights),
        runtime=lambda w: cap_minutes(w, lambda n, p: n * n * p),
    benchmark:
        benchmark_path("capacity_weights", "N{N}_chunk{chunk}")
    script:
        "../scripts/capacity_weights.py"


rule capacity_retrieval:
    input:
        patterns=rules.capacity_patterns.output[0],
        weights=rules.capacity_weights.output[0],
    output:
        directory(f"{CAP_DIR}/retrieval/N{{N}}_chunk{{chunk}}.zarr"),
    params:
        seed=SEED,
        cue_noise=CAP["cue_noise"],
        starts_per_trial=CAP["starts_per_trial"],
        max_sweeps=CAP["max_sweeps"],
        code=CAPACITY_CODE,
    threads: retrieval_threads
    resources:
        mem_mb=cap_mem_mb(resources.capacity_retrieval),
        runtime=lambda w: cap_minutes(w, retrieval_work, retrieval_threads(w)),
    log:
        log_path("capacity_retrieval", "N{N}_chunk{chunk}"),
    benchmark:
        benchmark_path("capacity_retrieval", "N{N}_chunk{chunk}")
    script:
        "../scripts/capacity_retrieval.py"


rule capacity_gather:
    input:
        expand(f"{CAP_DIR}/retrieval/{{job}}.zarr", job=CAP_JOBS),
    output:
        directory(f"{CAP_DIR}/overlaps.zarr"),
    params:
        code=CAPACITY_CODE,
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    benchmark:
        benchmark_path("capacity_gather", "all")
    script:
        "../scripts/capacity_gather.py"


rule capacity_analysis:
    input:
        rules.capacity_gather.output[0],
    output:
        directory(f"{CAP_DIR}/analysis.zarr"),
    params:
        seed=SEED,
        retrieved_overlap=CAP["retrieved_overlap"],
        bootstrap=CAP["bootstrap"],
        extrapolation=CAP["extrapolation"],
        code=CAPACITY_CODE,
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    benchmark:
        benchmark_path("capacity_analysis", "all")
    script:
        "../scripts/capacity_analysis.py"


rule capacity_figures:
    input:
        rules.capacity_analysis.output[0],
    output:
        vector_copies(CAP_FIGURES),
        **{name: report(path, caption=f"../report/capacity_{name}.rst",
                        category="Binary Hopfield model", subcategory="Storage capacity")
           for name, path in CAP_FIGURES.items()},
    params:
        figures=FIGURES,
        code=figure_code("capacity"),
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    script:
        "../scripts/capacity_figures.py"


rule capacity_report:
    input:
        analysis=rules.capacity_analysis.output[0],
        figures=list(CAP_FIGURES.values()),
        benchmarks=[benchmark_path(r, j) for r in
                    ("capacity_patterns", "capacity_weights", "capacity_retrieval")
                    for j in CAP_JOBS]
        + [benchmark_path(r, "all") for r in ("capacity_gather", "capacity_analysis")],
    output:
        markdown=CAPACITY_REPORT[0],
        sidecar=CAPACITY_REPORT[1],
    params:
        settings={"capacity": CAP},
        code=report_code("capacity"),
        figures=CAP_FIGURES,
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    script:
        "../scripts/capacity_report.py"
