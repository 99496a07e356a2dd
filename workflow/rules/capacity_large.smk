# Capacity at large N (config section `capacity_large`, e.g. config/paper.yaml): each job draws
# its pattern sets from the seed and relaxes from the patterns themselves (W is never formed, so
# no weights rule) -> gather -> analysis -> figures -> report.
from hopsim.experiments.capacity import (
    large_alphas,
    large_job_request,
    large_job_trials,
    large_point_request,
    large_threads,
)

LARGE = config["capacity_large"]
LARGE_DIR = f"{RESULTS}/capacity_large"
LARGE_ALPHA = {tag(a): a for n in LARGE["N"] for a in large_alphas(LARGE, n)}
LARGE_BY_N = {
    n: {"trials": t, "starts": s, "per_job": j}
    for n, t, s, j in zip(LARGE["N"], LARGE["trials"], LARGE["starts"], LARGE["trials_per_job"])
}
LARGE_FIGURES = {
    name: f"{REPORTS}/figures/capacity_large_{name}.png" for name in ("retrieval", "overlap", "finite_size")
}
CAPACITY_LARGE_REPORT = [f"{REPORTS}/capacity_large.md", f"{REPORTS}/capacity_large.json"]
REPORTS_ALL += CAPACITY_LARGE_REPORT
LARGE_JOBS = [
    f"N{n}_alpha{tag(a)}_trials{t}"
    for n in LARGE["N"]
    for a in large_alphas(LARGE, n)
    for t in range(0, LARGE_BY_N[n]["trials"], LARGE_BY_N[n]["per_job"])
]
# One run beyond the scaling (`point`, e.g. N = 10^6): pattern set 0 at one load.
POINT = LARGE.get("point")
POINT_JOB = f"N{POINT['N']}_alpha{tag(POINT['alpha'])}" if POINT else None


rule capacity_large_retrieval:
    output:
        directory(f"{LARGE_DIR}/retrieval/N{{N}}_alpha{{alpha}}_trials{{first}}.zarr"),
    log:
        log_path("capacity_large_retrieval", "N{N}_alpha{alpha}_trials{first}"),
    benchmark:
        benchmark_path("capacity_large_retrieval", "N{N}_alpha{alpha}_trials{first}")
    threads: lambda w: large_threads(int(w.N))
    resources:
        mem_mb=lambda w: large_job_request(LARGE, int(w.N), LARGE_ALPHA[w.alpha], int(w.first))["mem_mb"],
        runtime=lambda w: large_job_request(LARGE, int(w.N), LARGE_ALPHA[w.alpha], int(w.first))["runtime"],
    params:
        seed=SEED,
        N=lambda w: int(w.N),
        alpha=lambda w: LARGE_ALPHA[w.alpha],
        trials=lambda w: large_job_trials(LARGE, int(w.N), int(w.first)),
        starts=lambda w: LARGE_BY_N[int(w.N)]["starts"],
        max_sweeps=LARGE["max_sweeps"],
        lost_overlap=LARGE["lost_overlap"],
        code=CAPACITY_CODE,
    script:
        "../scripts/capacity_large_retrieval.py"


if POINT:

    rule capacity_large_point:
        output:
            directory(f"{LARGE_DIR}/point/{POINT_JOB}.zarr"),
        log:
            log_path("capacity_large_point", POINT_JOB),
        benchmark:
            benchmark_path("capacity_large_point", POINT_JOB)
        threads: large_threads(POINT["N"])
        resources:
            mem_mb=large_point_request(LARGE)["mem_mb"],
            runtime=large_point_request(LARGE)["runtime"],
        params:
            seed=SEED,
            N=POINT["N"],
            alpha=POINT["alpha"],
            trials=[0],
            starts=POINT["starts"],
            max_sweeps=LARGE["max_sweeps"],
            lost_overlap=LARGE["lost_overlap"],
            code=CAPACITY_CODE,
        script:
            "../scripts/capacity_large_retrieval.py"


rule capacity_large_gather:
    input:
        expand(f"{LARGE_DIR}/retrieval/{{job}}.zarr", job=LARGE_JOBS),
    output:
        directory(f"{LARGE_DIR}/overlaps.zarr"),
    log:
        log_path("capacity_large_gather", "all"),
    benchmark:
        benchmark_path("capacity_large_gather", "all")
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        code=CAPACITY_CODE,
    script:
        "../scripts/capacity_gather.py"


rule capacity_large_analysis:
    input:
        rules.capacity_large_gather.output[0],
    output:
        directory(f"{LARGE_DIR}/analysis.zarr"),
    log:
        log_path("capacity_large_analysis", "all"),
    benchmark:
        benchmark_path("capacity_large_analysis", "all")
    threads: 1
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        seed=SEED,
        retrieved_overlap=LARGE["retrieved_overlap"],
        bootstrap=LARGE["bootstrap"],
        extrapolation=LARGE["extrapolation"],
        # the fits also on the sizes up to each N from the third: does α_c(∞) move with them?
        fits_up_to=LARGE["N"][2:],
        code=CAPACITY_CODE,
    script:
        "../scripts/capacity_analysis.py"


rule capacity_large_figures:
    input:
        rules.capacity_large_analysis.output[0],
    output:
        vector_copies(LARGE_FIGURES),
        **{
            name: report(
                path,
                caption=f"../report/capacity_{name}.rst",
                category="Binary Hopfield model",
                subcategory="Storage capacity at large N",
            )
            for name, path in LARGE_FIGURES.items()
        },
    log:
        log_path("capacity_large_figures", "all"),
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        figures=FIGURES,
        code=figure_code("capacity"),
    script:
        "../scripts/capacity_figures.py"


rule capacity_large_report:
    input:
        analysis=rules.capacity_large_analysis.output[0],
        figures=list(LARGE_FIGURES.values()),
        jobs=[benchmark_path("capacity_large_retrieval", j) for j in LARGE_JOBS],
        point=(
            [f"{LARGE_DIR}/point/{POINT_JOB}.zarr", benchmark_path("capacity_large_point", POINT_JOB)]
            if POINT
            else []
        ),
        plan=[LARGE["plan_config"]] if "plan_config" in LARGE else [],
        benchmarks=[benchmark_path(r, "all") for r in ("capacity_large_gather", "capacity_large_analysis")],
    output:
        markdown=CAPACITY_LARGE_REPORT[0],
        sidecar=CAPACITY_LARGE_REPORT[1],
    log:
        log_path("capacity_large_report", "all"),
    threads: 1
    resources:
        mem_mb=1000,
        runtime=5,
    params:
        settings={"capacity_large": LARGE},
        code=report_code("capacity"),
        figures=LARGE_FIGURES,
        cores={n: large_threads(n) for n in LARGE["N"]},
        schema=workflow.source_path("../schemas/config.schema.yaml"),
    script:
        "../scripts/capacity_large_report.py"
