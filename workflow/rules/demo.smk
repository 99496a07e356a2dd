# Associative-memory demo (seed 002): one cue relaxed at every load (snapshots and overlap traces),
# and retrieval vs cue noise over draws of the random patterns; -> figures -> report.
DM = config["demo"]
DM_DIR = f"{RESULTS}/demo"
DM_COMMON = {k: DM[k] for k in ("side", "letters", "loads", "retrieved_overlap")}
DM_DATA = {name: f"{DM_DIR}/{name}.zarr" for name in ("showcase", "noise")}
DM_FIGURES = {
    name: f"{REPORTS}/figures/demo_{name}.png" for name in ("pictures", "snapshots", "overlaps", "noise")
}
DEMO_REPORT = [f"{REPORTS}/demo.md", f"{REPORTS}/demo.json"]
REPORTS_ALL += DEMO_REPORT
DEMO_CODE = source_hash(*SHARED_CODE, "measures.py", "experiments/demo.py")


rule demo_showcase:
    output:
        directory(DM_DATA["showcase"]),
    log:
        log_path("demo_showcase", "all"),
    benchmark:
        benchmark_path("demo_showcase", "all")
    threads: 1
    resources:
        mem_mb=resources.demo_showcase(DM),
        runtime=runtimes.demo_showcase(DM),
    params:
        seed=SEED,
        settings={
            **DM_COMMON,
            **{
                k: DM[k]
                for k in ("cue_letter", "flip", "max_sweeps", "records_per_sweep", "snapshot_sweeps")
            },
        },
        code=DEMO_CODE,
    script:
        "../scripts/demo_showcase.py"


rule demo_noise:
    output:
        directory(DM_DATA["noise"]),
    log:
        log_path("demo_noise", "all"),
    benchmark:
        benchmark_path("demo_noise", "all")
    threads: 1
    resources:
        mem_mb=resources.demo_noise(DM),
        runtime=runtimes.demo_noise(DM),
    params:
        seed=SEED,
        settings={**DM_COMMON, "noise": DM["noise"]},
        code=DEMO_CODE,
    script:
        "../scripts/demo_noise.py"


rule demo_figures:
    input:
        **DM_DATA,
    output:
        vector_copies(DM_FIGURES),
        **{
            name: report(path, caption=f"../report/demo_{name}.rst", category="Associative-memory demo")
            for name, path in DM_FIGURES.items()
        },
    log:
        log_path("demo_figures", "all"),
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        figures=FIGURES,
        code=figure_code("demo"),
    script:
        "../scripts/demo_figures.py"


rule demo_report:
    input:
        **DM_DATA,
        figures=list(DM_FIGURES.values()),
        benchmarks=[benchmark_path(f"demo_{name}", "all") for name in DM_DATA],
    output:
        markdown=DEMO_REPORT[0],
        sidecar=DEMO_REPORT[1],
    log:
        log_path("demo_report", "all"),
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        settings={"demo": DM},
        figures=DM_FIGURES,
        code=report_code("demo"),
    script:
        "../scripts/demo_report.py"
