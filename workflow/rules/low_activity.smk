# Low-activity model: per activity, patterns + covariance weights + async retrieval in one job
# (nested pattern sets: the weights grow with the load) -> analysis -> figures -> report;
# the overlap map F̂ per choice of b.
LA = config["low_activity"]
LA_DIR = f"{RESULTS}/low_activity"
LA_TAGS = [tag(a) for a in LA["activity"]]
LA_ACTIVITY = dict(zip(LA_TAGS, LA["activity"]))
LA_MAP_B = ["a", "0"]  # b = a (covariance rule) and b = 0 (the excitation/inhibition split)
LA_FIGURES = {
    name: f"{REPORTS}/figures/low_activity_{name}.png" for name in ("capacity", "retrieval", "overlap_map")
}
LOW_ACTIVITY_REPORT = [f"{REPORTS}/low_activity.md", f"{REPORTS}/low_activity.json"]
REPORTS_ALL += LOW_ACTIVITY_REPORT
LOW_ACTIVITY_CODE = source_hash(
    *SHARED_CODE,
    "dynamics/low_activity.py",
    "theory/low_activity.py",
    "experiments/low_activity.py",
    "experiments/capacity.py",
)


rule low_activity_capacity:
    output:
        directory(f"{LA_DIR}/capacity/a{{activity}}.zarr"),
    log:
        log_path("low_activity_capacity", "a{activity}"),
    benchmark:
        benchmark_path("low_activity_capacity", "a{activity}")
    threads: 1
    resources:
        mem_mb=resources.low_activity_capacity(LA),
        runtime=lambda w: runtimes.low_activity_capacity(LA, LA_ACTIVITY[w.activity]),
    params:
        activity=lambda w: LA_ACTIVITY[w.activity],
        seed=SEED,
        settings={
            k: LA[k]
            for k in (
                "N",
                "load_fractions",
                "trials",
                "starts",
                "max_sweeps",
                "threshold",
                "retrieved_overlap",
            )
        },
        code=LOW_ACTIVITY_CODE,
    script:
        "../scripts/low_activity_capacity.py"


rule low_activity_overlap_map:
    output:
        directory(f"{LA_DIR}/overlap_map_b{{b}}.zarr"),
    log:
        log_path("low_activity_overlap_map", "b{b}"),
    benchmark:
        benchmark_path("low_activity_overlap_map", "b{b}")
    wildcard_constraints:
        b="a|0",
    threads: 1
    resources:
        mem_mb=resources.low_activity_overlap_map(LA),
        runtime=10,
    params:
        seed=SEED,
        settings=LA["overlap_map"],
        code=LOW_ACTIVITY_CODE,
    script:
        "../scripts/low_activity_overlap_map.py"


rule low_activity_analysis:
    input:
        expand(f"{LA_DIR}/capacity/a{{activity}}.zarr", activity=LA_TAGS),
    output:
        directory(f"{LA_DIR}/analysis.zarr"),
    log:
        log_path("low_activity_analysis", "all"),
    benchmark:
        benchmark_path("low_activity_analysis", "all")
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        bootstrap=LA["bootstrap"],
        theory_points=LA["theory_points"],
        code=LOW_ACTIVITY_CODE,
    script:
        "../scripts/low_activity_analysis.py"


rule low_activity_figures:
    input:
        analysis=rules.low_activity_analysis.output[0],
        maps=expand(f"{LA_DIR}/overlap_map_b{{b}}.zarr", b=LA_MAP_B),
    output:
        vector_copies(LA_FIGURES),
        **{
            name: report(path, caption=f"../report/low_activity_{name}.rst", category="Low-activity model")
            for name, path in LA_FIGURES.items()
        },
    log:
        log_path("low_activity_figures", "all"),
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        figures=FIGURES,
        code=figure_code("low_activity", theory="low_activity"),
    script:
        "../scripts/low_activity_figures.py"


rule low_activity_report:
    input:
        analysis=rules.low_activity_analysis.output[0],
        maps=expand(f"{LA_DIR}/overlap_map_b{{b}}.zarr", b=LA_MAP_B),
        figures=list(LA_FIGURES.values()),
        benchmarks=[benchmark_path("low_activity_capacity", f"a{a}") for a in LA_TAGS]
        + [benchmark_path("low_activity_overlap_map", f"b{b}") for b in LA_MAP_B]
        + [benchmark_path("low_activity_analysis", "all")],
    output:
        markdown=LOW_ACTIVITY_REPORT[0],
        sidecar=LOW_ACTIVITY_REPORT[1],
    log:
        log_path("low_activity_report", "all"),
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        settings={"low_activity": LA},
        figures=LA_FIGURES,
        code=report_code("low_activity", theory="low_activity"),
    script:
        "../scripts/low_activity_report.py"
