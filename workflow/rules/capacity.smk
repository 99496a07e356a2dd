# Capacity sweep: patterns -> weights (temp) -> async retrieval per (N, alpha chunk) -> gather ->
# analysis -> figures -> report.
from hopsim.experiments.capacity import alpha_chunks, retrieval_threads

CAP = config["capacity"]
CHUNKS = alpha_chunks(CAP["alpha"], CAP["alpha_per_job"])
CAP_DIR = f"{RESULTS}/capacity"
CAP_FIGURES = {
    name: f"{REPORTS}/figures/capacity_{name}.png" for name in ("retrieval", "overlap", "finite_size")
}
CAPACITY_REPORT = [f"{REPORTS}/capacity.md", f"{REPORTS}/capacity.json"]
REPORTS_ALL += CAPACITY_REPORT
CAP_JOBS = expand("N{N}_chunk{chunk}", N=CAP["N"], chunk=range(len(CHUNKS)))


rule capacity_patterns:
    output:
        directory(f"{CAP_DIR}/patterns/N{{N}}_chunk{{chunk}}.zarr"),
    log:
        log_path("capacity_patterns", "N{N}_chunk{chunk}"),
    benchmark:
        benchmark_path("capacity_patterns", "N{N}_chunk{chunk}")
    threads: 1
    resources:
        mem_mb=lambda w: resources.capacity_patterns(CAP, int(w.N), CHUNKS[int(w.chunk)]),
        runtime=lambda w: runtimes.capacity_patterns(CAP, int(w.N), CHUNKS[int(w.chunk)]),
    params:
        alphas=lambda w: CHUNKS[int(w.chunk)],
        trials=CAP["trials"],
        seed=SEED,
        code=CAPACITY_CODE,
    script:
        "../scripts/capacity_patterns.py"


rule capacity_weights:
    input:
        rules.capacity_patterns.output[0],
    output:
        temp(directory(f"{CAP_DIR}/weights/N{{N}}_chunk{{chunk}}.zarr")),
    log:
        log_path("capacity_weights", "N{N}_chunk{chunk}"),
    benchmark:
        benchmark_path("capacity_weights", "N{N}_chunk{chunk}")
    threads: 1
    resources:
        mem_mb=lambda w: resources.capacity_weights(CAP, int(w.N), CHUNKS[int(w.chunk)]),
        runtime=lambda w: runtimes.capacity_weights(CAP, int(w.N), CHUNKS[int(w.chunk)]),
    params:
        code=CAPACITY_CODE,
    script:
        "../scripts/capacity_weights.py"


rule capacity_retrieval:
    input:
        patterns=rules.capacity_patterns.output[0],
        weights=rules.capacity_weights.output[0],
    output:
        directory(f"{CAP_DIR}/retrieval/N{{N}}_chunk{{chunk}}.zarr"),
    log:
        log_path("capacity_retrieval", "N{N}_chunk{chunk}"),
    benchmark:
        benchmark_path("capacity_retrieval", "N{N}_chunk{chunk}")
    threads: lambda w: retrieval_threads(int(w.N))
    resources:
        mem_mb=lambda w: resources.capacity_retrieval(CAP, int(w.N), CHUNKS[int(w.chunk)]),
        runtime=lambda w: runtimes.capacity_retrieval(
            CAP, int(w.N), CHUNKS[int(w.chunk)], retrieval_threads(int(w.N))
        ),
    params:
        seed=SEED,
        cue_noise=CAP["cue_noise"],
        starts_per_trial=CAP["starts_per_trial"],
        max_sweeps=CAP["max_sweeps"],
        code=CAPACITY_CODE,
    script:
        "../scripts/capacity_retrieval.py"


rule capacity_gather:
    input:
        expand(f"{CAP_DIR}/retrieval/{{job}}.zarr", job=CAP_JOBS),
    output:
        directory(f"{CAP_DIR}/overlaps.zarr"),
    log:
        log_path("capacity_gather", "all"),
    benchmark:
        benchmark_path("capacity_gather", "all")
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        code=CAPACITY_CODE,
    script:
        "../scripts/capacity_gather.py"


rule capacity_analysis:
    input:
        rules.capacity_gather.output[0],
    output:
        directory(f"{CAP_DIR}/analysis.zarr"),
    log:
        log_path("capacity_analysis", "all"),
    benchmark:
        benchmark_path("capacity_analysis", "all")
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        seed=SEED,
        retrieved_overlap=CAP["retrieved_overlap"],
        bootstrap=CAP["bootstrap"],
        extrapolation=CAP["extrapolation"],
        code=CAPACITY_CODE,
    script:
        "../scripts/capacity_analysis.py"


rule capacity_figures:
    input:
        rules.capacity_analysis.output[0],
    output:
        vector_copies(CAP_FIGURES),
        **{
            name: report(
                path,
                caption=f"../report/capacity_{name}.rst",
                category="Binary Hopfield model",
                subcategory="Storage capacity",
            )
            for name, path in CAP_FIGURES.items()
        },
    log:
        log_path("capacity_figures", "all"),
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        figures=FIGURES,
        code=figure_code("capacity"),
    script:
        "../scripts/capacity_figures.py"


rule capacity_report:
    input:
        analysis=rules.capacity_analysis.output[0],
        figures=list(CAP_FIGURES.values()),
        benchmarks=[
            benchmark_path(r, j)
            for r in ("capacity_patterns", "capacity_weights", "capacity_retrieval")
            for j in CAP_JOBS
        ]
        + [benchmark_path(r, "all") for r in ("capacity_gather", "capacity_analysis")],
    output:
        markdown=CAPACITY_REPORT[0],
        sidecar=CAPACITY_REPORT[1],
    log:
        log_path("capacity_report", "all"),
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        settings={"capacity": CAP},
        code=report_code("capacity"),
        figures=CAP_FIGURES,
    script:
        "../scripts/capacity_report.py"
