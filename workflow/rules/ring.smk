# Ring attractor (head direction): linear ring (spectrum, fixed points), the threshold-linear
# bump, speed calibration -> path integration (the tracking run reads the calibration), bump
# diffusion under rate noise (one job per N) -> analysis, drift from heterogeneous weights;
# -> figures -> report.
RG = config["ring"]
RG_DIR = f"{RESULTS}/ring"
RG_CORE = {k: RG[k] for k in ("tau_ms", "dt_ms", "network")}  # the network every rule runs
RG_DATA = {
    name: f"{RG_DIR}/{name}.zarr"
    for name in ("linear", "bump", "calibration", "tracking", "diffusion", "heterogeneity")
}
RG_FIGURES = {
    name: f"{REPORTS}/figures/ring_{name}.png"
    for name in ("spectrum", "linear", "bump", "calibration", "tracking", "diffusion", "heterogeneity")
}
RING_REPORT = [f"{REPORTS}/ring.md", f"{REPORTS}/ring.json"]
REPORTS_ALL += RING_REPORT
RING_CODE = source_hash(*SHARED_CODE, "dynamics/ring.py", "theory/ring.py", "experiments/ring.py")


rule ring_linear:
    output:
        directory(RG_DATA["linear"]),
    log:
        log_path("ring_linear", "all"),
    benchmark:
        benchmark_path("ring_linear", "all")
    threads: 1
    resources:
        mem_mb=resources.ring_linear(RG),
        runtime=runtimes.ring_linear(RG),
    params:
        seed=SEED,
        settings={"tau_ms": RG["tau_ms"], "dt_ms": RG["dt_ms"], "linear": RG["linear"]},
        code=RING_CODE,
    script:
        "../scripts/ring_linear.py"


rule ring_bump:
    output:
        directory(RG_DATA["bump"]),
    log:
        log_path("ring_bump", "all"),
    benchmark:
        benchmark_path("ring_bump", "all")
    threads: 1
    resources:
        mem_mb=500,
        runtime=runtimes.ring_bump(RG),
    params:
        settings={**RG_CORE, "bump": RG["bump"]},
        code=RING_CODE,
    script:
        "../scripts/ring_bump.py"


rule ring_calibration:
    output:
        directory(RG_DATA["calibration"]),
    log:
        log_path("ring_calibration", "all"),
    benchmark:
        benchmark_path("ring_calibration", "all")
    threads: 1
    resources:
        mem_mb=500,
        runtime=runtimes.ring_calibration(RG),
    params:
        settings={**RG_CORE, "calibration": RG["calibration"]},
        code=RING_CODE,
    script:
        "../scripts/ring_calibration.py"


rule ring_tracking:
    input:
        calibration=RG_DATA["calibration"],
    output:
        directory(RG_DATA["tracking"]),
    log:
        log_path("ring_tracking", "all"),
    benchmark:
        benchmark_path("ring_tracking", "all")
    threads: 1
    resources:
        mem_mb=resources.ring_tracking(RG),
        runtime=runtimes.ring_tracking(RG),
    params:
        seed=SEED,
        settings={**RG_CORE, "noise_hz": RG["noise_hz"], "tracking": RG["tracking"]},
        code=RING_CODE,
    script:
        "../scripts/ring_tracking.py"


rule ring_diffusion:
    output:
        directory(f"{RG_DIR}/diffusion/N{{N}}.zarr"),
    log:
        log_path("ring_diffusion", "N{N}"),
    benchmark:
        benchmark_path("ring_diffusion", "N{N}")
    threads: 1
    resources:
        mem_mb=lambda w: resources.ring_diffusion(RG, int(w.N)),
        runtime=lambda w: runtimes.ring_diffusion(RG, int(w.N)),
    params:
        seed=SEED,
        settings={
            "tau_ms": RG["tau_ms"],
            "dt_ms": RG["dt_ms"],
            "noise_hz": RG["noise_hz"],
            "network": RG["network"],
            "diffusion": {k: RG["diffusion"][k] for k in ("trials", "duration_s", "record_ms")},
        },
        code=RING_CODE,
    script:
        "../scripts/ring_diffusion.py"


rule ring_diffusion_analysis:
    input:
        expand(f"{RG_DIR}/diffusion/N{{N}}.zarr", N=RG["diffusion"]["N"]),
    output:
        directory(RG_DATA["diffusion"]),
    log:
        log_path("ring_diffusion_analysis", "all"),
    benchmark:
        benchmark_path("ring_diffusion_analysis", "all")
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        settings={k: RG["diffusion"][k] for k in ("fit_from_s", "max_lag_s", "bootstrap")},
        code=RING_CODE,
    script:
        "../scripts/ring_diffusion_analysis.py"


rule ring_heterogeneity:
    output:
        directory(RG_DATA["heterogeneity"]),
    log:
        log_path("ring_heterogeneity", "all"),
    benchmark:
        benchmark_path("ring_heterogeneity", "all")
    threads: 1
    resources:
        mem_mb=resources.ring_heterogeneity(RG),
        runtime=runtimes.ring_heterogeneity(RG),
    params:
        seed=SEED,
        settings={**RG_CORE, "heterogeneity": RG["heterogeneity"]},
        code=RING_CODE,
    script:
        "../scripts/ring_heterogeneity.py"


RG_BENCHMARKS = [
    benchmark_path(f"ring_{name}", "all")
    for name in ("linear", "bump", "calibration", "tracking", "diffusion_analysis", "heterogeneity")
] + [benchmark_path("ring_diffusion", f"N{n}") for n in RG["diffusion"]["N"]]


rule ring_figures:
    input:
        **RG_DATA,
    output:
        vector_copies(RG_FIGURES),
        **{
            name: report(path, caption=f"../report/ring_{name}.rst", category="Ring attractor")
            for name, path in RG_FIGURES.items()
        },
    log:
        log_path("ring_figures", "all"),
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        figures=FIGURES,
        code=figure_code("ring", theory="ring"),
    script:
        "../scripts/ring_figures.py"


rule ring_report:
    input:
        **RG_DATA,
        figures=list(RG_FIGURES.values()),
        benchmarks=RG_BENCHMARKS,
    output:
        markdown=RING_REPORT[0],
        sidecar=RING_REPORT[1],
    log:
        log_path("ring_report", "all"),
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        settings={"ring": RG},
        figures=RG_FIGURES,
        code=report_code("ring", theory="ring"),
    script:
        "../scripts/ring_report.py"
