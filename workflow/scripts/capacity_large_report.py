"""reports/capacity_large.md and its JSON sidecar, with the cost of every retrieval job, the run
beyond the scaling (`point`) and the cluster plan of `plan_config`."""
import yaml

from hopsim import io, progress
from hopsim.config import load_schema, validate
from hopsim.experiments.capacity import large_plan
from hopsim.reports import capacity as reports
from hopsim.reports.common import benchmark_rows, runtime_seconds

progress.to_log(snakemake.log)

inp, p = snakemake.input, snakemake.params
jobs = benchmark_rows(inp.jobs)
point = (io.load(inp.point[0]), benchmark_rows([inp.point[1]])[0]) if inp.point else None
runtime = sum(j["s"] for j in jobs) + runtime_seconds(inp.benchmarks) + (point[1]["s"] if point else 0)
plan = None
if inp.plan:
    with open(inp.plan[0]) as fh:
        planned = validate(yaml.safe_load(fh), load_schema(p.schema))["capacity_large"]
    plan = reports.million_plan(large_plan(planned), inp.plan[0])
reports.capacity_large_report(io.load(inp.analysis), p.settings, runtime, p.figures, jobs,
                              p.cores, snakemake.output.markdown, snakemake.output.sidecar,
                              point=point, plan=plan)
