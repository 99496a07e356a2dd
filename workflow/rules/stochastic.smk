# Stochastic (Glauber) family: low-load stationary overlap, graded response, overlap map, and the
# (alpha, T) retrieval map (one job per alpha) -> analysis -> figures -> report.
ST = config["stochastic"]
ST_LOW, ST_MAP, ST_OMAP = ST["low_load"], ST["retrieval_map"], ST["overlap_map"]
ST_DIR = f"{RESULTS}/stochastic"
ST_TAGS = [tag(a) for a in ST_MAP["alpha"]]
ST_ALPHA = dict(zip(ST_TAGS, ST_MAP["alpha"]))
ST_FIGURES = {
    name: f"{REPORTS}/figures/stochastic_{name}.png"
    for name in ("stationary", "cobweb", "retrieval_map", "traces")
}
STOCHASTIC_REPORT = [f"{REPORTS}/stochastic.md", f"{REPORTS}/stochastic.json"]
REPORTS_ALL += STOCHASTIC_REPORT
STOCHASTIC_CODE = source_hash(*SHARED_CODE, "dynamics/glauber.py", "experiments/stochastic.py")
ST_DATA = {
    "low_load": f"{ST_DIR}/low_load.zarr",
    "graded": f"{ST_DIR}/graded_response.zarr",
    "overlap_map": f"{ST_DIR}/overlap_map.zarr",
}


rule stochastic_low_load:
    output:
        directory(ST_DATA["low_load"]),
    log:
        log_path("stochastic_low_load", "all"),
    benchmark:
        benchmark_path("stochastic_low_load", "all")
    threads: 1
    resources:
        mem_mb=resources.stochastic_low_load(ST),
        runtime=runtimes.stochastic_low_load(ST),
    params:
        alpha=ST_LOW["alpha"],
        settings={k: ST_LOW[k] for k in ("N", "temperature", "trials", "starts", "sweeps", "burn_in")},
        seed=SEED,
        code=STOCHASTIC_CODE,
    script:
        "../scripts/stochastic_stationary.py"


rule stochastic_graded_response:
    output:
        directory(ST_DATA["graded"]),
    log:
        log_path("stochastic_graded_response", "all"),
    benchmark:
        benchmark_path("stochastic_graded_response", "all")
    threads: 1
    resources:
        mem_mb=500,
        runtime=runtimes.stochastic_graded_response(ST),
    params:
        settings={k: ST_LOW[k] for k in ("N", "alpha", "temperature", "trials", "graded_steps")},
        seed=SEED,
        code=STOCHASTIC_CODE,
    script:
        "../scripts/stochastic_graded_response.py"


rule stochastic_overlap_map:
    output:
        directory(ST_DATA["overlap_map"]),
    log:
        log_path("stochastic_overlap_map", "all"),
    benchmark:
        benchmark_path("stochastic_overlap_map", "all")
    threads: 1
    resources:
        mem_mb=resources.stochastic_overlap_map(ST),
        runtime=runtimes.stochastic_overlap_map(ST),
    params:
        settings=ST_OMAP,
        seed=SEED,
        code=STOCHASTIC_CODE,
    script:
        "../scripts/stochastic_overlap_map.py"


rule stochastic_map:
    output:
        directory(f"{ST_DIR}/map/alpha{{alpha}}.zarr"),
    log:
        log_path("stochastic_map", "alpha{alpha}"),
    benchmark:
        benchmark_path("stochastic_map", "alpha{alpha}")
    threads: 1
    resources:
        mem_mb=lambda w: resources.stochastic_map(ST, ST_ALPHA[w.alpha]),
        runtime=lambda w: runtimes.stochastic_map(ST, ST_ALPHA[w.alpha]),
    params:
        alpha=lambda w: ST_ALPHA[w.alpha],
        # Only what a run uses, so changing the criterion re-runs only the analysis.
        settings={k: ST_MAP[k] for k in ("N", "temperature", "trials", "starts", "sweeps", "burn_in")},
        seed=SEED,
        code=STOCHASTIC_CODE,
    script:
        "../scripts/stochastic_stationary.py"


rule stochastic_analysis:
    input:
        expand(f"{ST_DIR}/map/alpha{{alpha}}.zarr", alpha=ST_TAGS),
    output:
        directory(f"{ST_DIR}/analysis.zarr"),
    log:
        log_path("stochastic_analysis", "all"),
    benchmark:
        benchmark_path("stochastic_analysis", "all")
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        window=ST_MAP["window"],
        retrieved_overlap=ST_MAP["retrieved_overlap"],
        code=STOCHASTIC_CODE,
    script:
        "../scripts/stochastic_analysis.py"


rule stochastic_figures:
    input:
        **ST_DATA,
        analysis=rules.stochastic_analysis.output[0],
        maps=expand(f"{ST_DIR}/map/alpha{{alpha}}.zarr", alpha=ST_TAGS),
    output:
        vector_copies(ST_FIGURES),
        **{
            name: report(
                path, caption=f"../report/stochastic_{name}.rst", category="Stochastic (Glauber) dynamics"
            )
            for name, path in ST_FIGURES.items()
        },
    log:
        log_path("stochastic_figures", "all"),
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        figures=FIGURES,
        code=figure_code("stochastic"),
    script:
        "../scripts/stochastic_figures.py"


rule stochastic_report:
    input:
        **ST_DATA,
        analysis=rules.stochastic_analysis.output[0],
        figures=list(ST_FIGURES.values()),
        benchmarks=[
            benchmark_path(r, "all")
            for r in (
                "stochastic_low_load",
                "stochastic_graded_response",
                "stochastic_overlap_map",
                "stochastic_analysis",
            )
        ]
        + [benchmark_path("stochastic_map", f"alpha{a}") for a in ST_TAGS],
    output:
        markdown=STOCHASTIC_REPORT[0],
        sidecar=STOCHASTIC_REPORT[1],
    log:
        log_path("stochastic_report", "all"),
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        settings={"stochastic": ST},
        code=report_code("stochastic"),
        figures=ST_FIGURES,
    script:
        "../scripts/stochastic_report.py"
