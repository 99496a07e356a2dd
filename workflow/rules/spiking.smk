# Spiking attractor memory (issues 6 and 18). Data jobs, each building its network from the seed:
#   spiking_sequence   the associative memory at the config's P: spontaneous period, cues, delays,
#                      resets, the long delay (one job: one network, one continuous run)
#   spiking_capacity   one job per other P of capacity.patterns (same anatomical network, that
#                      P's patterns, a few cues)
#   spiking_reference  the Amit–Brunel reference mode (disjoint patterns, same network)
#   spiking_memory_free the network without memories, for the mean field
# -> analysis (rates, overlaps, capacity, mean field) -> figures -> report.
SP = config["spiking"]
SP_DIR = f"{RESULTS}/spiking"
SP_CAPACITY = sorted({int(p) for p in SP["capacity"]["patterns"]} - {int(SP["memory"]["patterns"])})
SP_RUNS = ["sequence", "reference", "memory_free"] + [f"capacity{p}" for p in SP_CAPACITY]
SP_FIGURES = {
    name: f"{REPORTS}/figures/spiking_{name}.png"
    for name in (
        "sequence_raster",
        "sequence_overlaps",
        "sequence_rates",
        "capacity",
        "associative_mean_field",
        "raster",
        "rates",
        "overlaps",
        "mean_field",
    )
}
SPIKING_REPORT = [f"{REPORTS}/spiking.md", f"{REPORTS}/spiking.json"]
REPORTS_ALL += SPIKING_REPORT
SPIKING_CODE = source_hash(
    *SHARED_CODE,
    "dynamics/spiking/*.py",
    "theory/lif.py",
    "theory/lif_memory.py",
    "experiments/spiking/*.py",
    "patterns.py",
)


rule spiking_run:
    output:
        directory(f"{SP_DIR}/runs/{{run}}.zarr"),
    log:
        log_path("spiking_run", "{run}"),
    benchmark:
        benchmark_path("spiking_run", "{run}")
    wildcard_constraints:
        run=r"sequence|reference|memory_free|capacity\d+",
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
        sequence=f"{SP_DIR}/runs/sequence.zarr",
        capacity=expand(f"{SP_DIR}/runs/capacity{{p}}.zarr", p=SP_CAPACITY),
        reference=f"{SP_DIR}/runs/reference.zarr",
        memory_free=f"{SP_DIR}/runs/memory_free.zarr",
    output:
        directory(f"{SP_DIR}/analysis.zarr"),
    log:
        log_path("spiking_analysis", "all"),
    benchmark:
        benchmark_path("spiking_analysis", "all")
    threads: 1
    resources:
        mem_mb=1500,
        runtime=10,
    params:
        settings=SP,
        code=SPIKING_CODE,
    script:
        "../scripts/spiking_analysis.py"


rule spiking_figures:
    input:
        analysis=rules.spiking_analysis.output[0],
        sequence=f"{SP_DIR}/runs/sequence.zarr",
        reference=f"{SP_DIR}/runs/reference.zarr",
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
        settings=SP,
        code=figure_code("spiking", theory="lif*"),
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
        code=report_code("spiking", theory="lif*", extra=["theory/low_activity.py"]),
    script:
        "../scripts/spiking_report.py"
