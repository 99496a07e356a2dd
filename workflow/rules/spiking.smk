# Spiking attractor memory (issue 6): one job per run of the protocol — the spontaneous run, one
# cue run per stored pattern (each builds the same network from the seed), the memory-free run —
# -> analysis (rates, overlaps, mean field) -> figures -> report.
SP = config["spiking"]
SP_DIR = f"{RESULTS}/spiking"
SP_CUES = [str(m) for m in range(SP["memory"]["patterns"])]
SP_RUNS = ["spontaneous", "memory_free"] + [f"cue{m}" for m in SP_CUES]
SP_FIGURES = {
    name: f"{REPORTS}/figures/spiking_{name}.png" for name in ("raster", "rates", "overlaps", "mean_field")
}
SPIKING_REPORT = [f"{REPORTS}/spiking.md", f"{REPORTS}/spiking.json"]
REPORTS_ALL += SPIKING_REPORT
SPIKING_CODE = source_hash(
    *SHARED_CODE, "dynamics/spiking.py", "theory/lif.py", "experiments/spiking.py", "patterns.py"
)


rule spiking_run:
    output:
        directory(f"{SP_DIR}/runs/{{run}}.zarr"),
    log:
        log_path("spiking_run", "{run}"),
    benchmark:
        benchmark_path("spiking_run", "{run}")
    wildcard_constraints:
        run=r"spontaneous|memory_free|cue\d+",
    threads: 1
    resources:
        mem_mb=lambda w: resources.spiking_run(SP, w.run),
        runtime=lambda w: runtimes.spiking_run(SP, w.run),
    params:
        seed=SEED,
        settings=SP,
        code=SPIKING_CODE,
    script:
        "../scripts/spiking_run.py"


rule spiking_analysis:
    input:
        spontaneous=f"{SP_DIR}/runs/spontaneous.zarr",
        memory_free=f"{SP_DIR}/runs/memory_free.zarr",
        cues=expand(f"{SP_DIR}/runs/cue{{m}}.zarr", m=SP_CUES),
    output:
        directory(f"{SP_DIR}/analysis.zarr"),
    log:
        log_path("spiking_analysis", "all"),
    benchmark:
        benchmark_path("spiking_analysis", "all")
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        settings=SP,
        code=SPIKING_CODE,
    script:
        "../scripts/spiking_analysis.py"


rule spiking_figures:
    input:
        analysis=rules.spiking_analysis.output[0],
        spontaneous=f"{SP_DIR}/runs/spontaneous.zarr",
        cues=expand(f"{SP_DIR}/runs/cue{{m}}.zarr", m=SP_CUES),
    output:
        vector_copies(SP_FIGURES),
        **{
            name: report(path, caption=f"../report/spiking_{name}.rst", category="Spiking network")
            for name, path in SP_FIGURES.items()
        },
    log:
        log_path("spiking_figures", "all"),
    threads: 1
    resources:
        mem_mb=1500,
        runtime=5,
    params:
        figures=FIGURES,
        code=figure_code("spiking", theory="lif"),
    script:
        "../scripts/spiking_figures.py"


rule spiking_report:
    input:
        analysis=rules.spiking_analysis.output[0],
        figures=list(SP_FIGURES.values()),
        benchmarks=[benchmark_path("spiking_run", r) for r in SP_RUNS]
        + [benchmark_path("spiking_analysis", "all")],
    output:
        markdown=SPIKING_REPORT[0],
        sidecar=SPIKING_REPORT[1],
    log:
        log_path("spiking_report", "all"),
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        settings={"spiking": SP},
        figures=SP_FIGURES,
        code=report_code("spiking", theory="lif"),
    script:
        "../scripts/spiking_report.py"
