"""The N = 10^6 scaling planned for a cluster (config/million.yaml): a dry run through the SLURM
profile asks for exactly the jobs, threads, memory and time limits of the cost model
(hopsim.experiments.capacity.large_plan), and the committed report states that plan."""
import json
import re
import subprocess
import sys

import pytest
import yaml

from hopsim.config import validate
from hopsim.experiments.capacity import large_plan, large_threads
from hopsim.reports.capacity import million_plan

from .conftest import REPO, make_project

MILLION = "config/million.yaml"


@pytest.fixture
def planned(schema):
    return validate(yaml.safe_load((REPO / MILLION).read_text()), schema)


def test_dry_run_through_the_slurm_profile_asks_for_the_cost_model(planned, tmp_path):
    proj = make_project(tmp_path / "million")
    res = subprocess.run([sys.executable, "-m", "snakemake", "capacity_large_gather", "-n",
                          "--profile", "workflow/profiles/slurm", "--configfile", MILLION],
                         cwd=proj, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr[-3000:]
    asked = {}
    for block in res.stdout.split("\n\n"):
        if "rule capacity_large_retrieval:" not in block:
            continue
        n, alpha, first = re.search(r"wildcards: N=(\d+), alpha=([0-9.]+), first=(\d+)", block).groups()
        threads = re.search(r"threads: (\d+)", block)  # not printed for one thread
        threads = int(threads.group(1)) if threads else 1
        mem = int(re.search(r"\bmem_mb=(\d+)", block).group(1))
        runtime = int(re.search(r"\bruntime=(\d+)", block).group(1))
        asked[(int(n), float(alpha), int(first))] = (threads, mem, runtime)
    plan = large_plan(planned["capacity_large"])
    expected = {(j["N"], j["alpha"], j["first_set"]): (j["threads"], j["mem_mb"], j["runtime"])
                for j in plan}
    assert asked == expected
    top = max(j["N"] for j in plan)
    assert top == 1_000_000 and large_threads(top) == 2
    # every job fits the config's ceiling, and the N = 10^6 jobs need more than a 16 GB node
    assert max(j["mem_mb"] for j in plan) <= planned["max_job_mem_mb"]
    assert min(j["mem_mb"] for j in plan if j["N"] == top) > 8 * top * 137_500 // 64 / 1e6


def test_the_report_states_this_plan(planned):
    sidecar = json.loads((REPO / "reports/capacity_large.json").read_text())
    assert sidecar["million_plan"] == json.loads(json.dumps(
        million_plan(large_plan(planned["capacity_large"]), MILLION)))
    assert set(sidecar["million_plan"]) >= {"jobs", "core_hours", "mem_gib_per_job", "config"}
