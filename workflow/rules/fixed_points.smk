# Fixed points: patterns -> weights per load -> async and sync runs -> analysis -> figures -> report.
FP = config["fixed_points"]
FP_DIR = f"{RESULTS}/fixed_points"
FP_TAGS = [tag(a) for a in FP["alpha"]]
FP_ALPHA = dict(zip(FP_TAGS, FP["alpha"]))
FP_FIGURES = {
    name: f"{REPORTS}/figures/fixed_points_{name}.png"
    for name in ("classes", "energy", "unstable_bits", "mixtures")
}
FIXED_POINT_REPORT = [f"{REPORTS}/fixed_points.md", f"{REPORTS}/fixed_points.json"]
REPORTS_ALL += FIXED_POINT_REPORT
FP_RUNS = expand("alpha{alpha}_{dynamics}", alpha=FP_TAGS, dynamics=["async", "sync"])


rule fixed_points_patterns:
    output:
        directory(f"{FP_DIR}/patterns/alpha{{alpha}}.zarr"),
    log:
        log_path("fixed_points_patterns", "alpha{alpha}"),
    benchmark:
        benchmark_path("fixed_points_patterns", "alpha{alpha}")
    threads: 1
    resources:
        mem_mb=lambda w: resources.fixed_points_patterns(FP, FP_ALPHA[w.alpha]),
        runtime=lambda w: runtimes.fixed_points_patterns(FP, FP_ALPHA[w.alpha]),
    params:
        alpha=lambda w: FP_ALPHA[w.alpha],
        N=FP["N"],
        trials=FP["trials"],
        seed=SEED,
        code=FIXED_POINT_CODE,
    script:
        "../scripts/fixed_points_patterns.py"


rule fixed_points_weights:
    input:
        rules.fixed_points_patterns.output[0],
    output:
        directory(f"{FP_DIR}/weights/alpha{{alpha}}.zarr"),
    log:
        log_path("fixed_points_weights", "alpha{alpha}"),
    benchmark:
        benchmark_path("fixed_points_weights", "alpha{alpha}")
    threads: 1
    resources:
        mem_mb=resources.fixed_points_weights(FP),
        runtime=lambda w: runtimes.fixed_points_weights(FP, FP_ALPHA[w.alpha]),
    params:
        code=FIXED_POINT_CODE,
    script:
        "../scripts/fixed_points_weights.py"


rule fixed_points_run:
    input:
        patterns=rules.fixed_points_patterns.output[0],
        weights=rules.fixed_points_weights.output[0],
    output:
        directory(f"{FP_DIR}/runs/alpha{{alpha}}_{{dynamics}}.zarr"),
    log:
        log_path("fixed_points_run", "alpha{alpha}_{dynamics}"),
    benchmark:
        benchmark_path("fixed_points_run", "alpha{alpha}_{dynamics}")
    threads: 1
    resources:
        mem_mb=lambda w: resources.fixed_points_run(FP, w.dynamics),
        runtime=lambda w: runtimes.fixed_points_run(FP, w.dynamics),
    params:
        seed=SEED,
        # Only what a run uses, so adding a load re-runs nothing that exists.
        settings={
            k: FP[k]
            for k in (
                "starts_per_condition",
                "noisy_flip",
                "max_sweeps",
                "max_steps",
                "pattern_min",
                "member_min",
                "mixture_tol",
            )
        },
        code=FIXED_POINT_CODE,
    script:
        "../scripts/fixed_points_run.py"


rule fixed_points_analysis:
    input:
        runs=expand(f"{FP_DIR}/runs/{{run}}.zarr", run=FP_RUNS),
        patterns=expand(f"{FP_DIR}/patterns/alpha{{alpha}}.zarr", alpha=FP_TAGS),
        weights=expand(f"{FP_DIR}/weights/alpha{{alpha}}.zarr", alpha=FP_TAGS),
    output:
        directory(f"{FP_DIR}/analysis.zarr"),
    log:
        log_path("fixed_points_analysis", "all"),
    benchmark:
        benchmark_path("fixed_points_analysis", "all")
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        code=FIXED_POINT_CODE,
    script:
        "../scripts/fixed_points_analysis.py"


rule fixed_points_figures:
    input:
        analysis=rules.fixed_points_analysis.output[0],
        runs=expand(f"{FP_DIR}/runs/{{run}}.zarr", run=FP_RUNS),
    output:
        vector_copies(FP_FIGURES),
        **{
            name: report(
                path,
                caption=f"../report/fixed_points_{name}.rst",
                category="Binary Hopfield model",
                subcategory="Fixed points and energy",
            )
            for name, path in FP_FIGURES.items()
        },
    log:
        log_path("fixed_points_figures", "all"),
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        figures=FIGURES,
        code=figure_code("fixed_points"),
    script:
        "../scripts/fixed_points_figures.py"


rule fixed_points_report:
    input:
        analysis=rules.fixed_points_analysis.output[0],
        figures=list(FP_FIGURES.values()),
        benchmarks=[benchmark_path("fixed_points_patterns", f"alpha{a}") for a in FP_TAGS]
        + [benchmark_path("fixed_points_weights", f"alpha{a}") for a in FP_TAGS]
        + [benchmark_path("fixed_points_run", r) for r in FP_RUNS]
        + [benchmark_path("fixed_points_analysis", "all")],
    output:
        markdown=FIXED_POINT_REPORT[0],
        sidecar=FIXED_POINT_REPORT[1],
    log:
        log_path("fixed_points_report", "all"),
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        settings={"fixed_points": FP},
        code=report_code("fixed_points"),
        figures=FP_FIGURES,
    script:
        "../scripts/fixed_points_report.py"
