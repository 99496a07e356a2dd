"""Job memory: the rules request hopsim.resources' estimates (the ones the config is checked
against), constant requests stay below the smallest allowed ceiling, and the estimates cover
what the experiment functions allocate."""
import re
import subprocess
import sys
import tracemalloc
from collections import defaultdict

import pytest
import yaml

from hopsim import resources
from hopsim.config import ConfigError, validate

from .conftest import REPO, make_project


def test_every_rule_requests_the_estimate_the_config_is_checked_against(schema, tmp_path):
    """A dry run of the default study with the large-N capacity study (paper.yaml): every job's
    mem_mb is one of resources.jobs' values for its rule, and every rule those do not cover
    asks for a constant at most the smallest max_job_mem_mb the schema allows."""
    proj = make_project(tmp_path / "dry")
    res = subprocess.run([sys.executable, "-m", "snakemake", "-n", "--configfile",
                          "config/paper.yaml"], cwd=proj, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr[-3000:]
    requested = defaultdict(set)
    for rule, mem in re.findall(r"^rule (\w+):\n(?:    .*\n)*?    resources: .*mem_mb=(\d+)",
                                res.stdout, re.M):
        requested[rule].add(int(mem))
    config = yaml.safe_load((REPO / "config/config.yaml").read_text())
    config.update(yaml.safe_load((REPO / "config/paper.yaml").read_text()))
    estimated = defaultdict(set)
    for job in resources.jobs(validate(config, schema)):
        estimated[job.rule].add(job.mem_mb)
    assert len(requested) > 40 and set(estimated) <= set(requested)
    floor = schema["properties"]["max_job_mem_mb"]["minimum"]
    for rule, mems in requested.items():
        if rule in estimated:
            assert mems <= estimated[rule], rule
        else:
            assert max(mems) <= floor, rule
    # the README's promise for paper.yaml: its patterns held as bits, the scaling's jobs fit a
    # 16 GB node (N = 500 000: 5.2 GB); only the N = 10^6 point needs a larger machine
    assert max(estimated["capacity_large_retrieval"]) < 6000
    assert 16000 < max(estimated["capacity_large_point"]) <= config["max_job_mem_mb"]


def test_the_ceiling_is_the_largest_job_exactly(schema):
    """max_job_mem_mb at the largest job's estimate passes; one MB less names that job's key,
    its value and its size."""
    config = yaml.safe_load((REPO / "config/smoke.yaml").read_text())
    config["demo"] = {**config["demo"], "side": 100}  # the demo is then the largest job
    largest = max(resources.jobs(validate(config, schema)), key=lambda j: j.mem_mb)
    assert largest.rule == "demo_showcase" and largest.mem_mb > 2000
    validate({**config, "max_job_mem_mb": largest.mem_mb}, schema)
    with pytest.raises(ConfigError) as err:
        validate({**config, "max_job_mem_mb": largest.mem_mb - 1}, schema)
    assert "'demo.side' = 100" in str(err.value) and f"{largest.mem_mb:,} MB" in str(err.value)


def test_rule_files_request_estimates_or_small_constants(schema):
    """Memory from hopsim.resources and time limits from hopsim.runtimes (the large-N job: from
    its cost model), or constants: memory below the smallest allowed ceiling, at most 10 minutes."""
    floor = schema["properties"]["max_job_mem_mb"]["minimum"]
    estimate = {"mem_mb": ("resources.", "large_job_request(", "large_point_request("),
                "runtime": ("runtimes.", "large_job_request(", "large_point_request(")}
    limit = {"mem_mb": floor, "runtime": 10}
    requests = [(smk.name, key, value.rstrip(","))
                for smk in (REPO / "workflow/rules").glob("*.smk")
                for key, value in re.findall(r"\b(mem_mb|runtime)=([^\n]*)", smk.read_text())]
    assert len(requests) > 100
    for name, key, request in requests:
        if request.isdigit():
            assert int(request) <= limit[key], (name, key, request)
        else:
            assert request.startswith(("lambda w: ", *estimate[key])), (name, key, request)
            assert any(e in request for e in estimate[key]), (name, key, request)


def peak_bytes(fn) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_dense_estimates_cover_the_measured_peak(schema):
    """The N² terms of the estimates (less their base) cover tracemalloc's peak at a small N."""
    from hopsim.experiments import learning_rules as lr
    from hopsim.experiments import low_activity as la
    from hopsim.experiments import ring

    n = 400
    cfg = validate({"ring": {"network": {"N": n}}, "low_activity": {"N": n},
                    "learning_rules": {"rules": {"N": n}}}, schema)
    rg = cfg["ring"]
    cases = [
        (lambda: ring.heterogeneity(1, ring.network(rg), rg["dt_ms"] / 1000, [0.01], 2, 0.01, 20),
         resources.ring_heterogeneity(rg) - resources.BASE_MB),
        (lambda: la.capacity_runs(1, n, 0.1, [0.1, 0.2], 1, 5, 0.4, 5),
         resources.low_activity_capacity(cfg["low_activity"]) - 600),
        (lambda: lr.rule_runs(1, n, "storkey", [0.1, 0.2], 1, 5),
         resources.learning_rules_rule(cfg["learning_rules"]) - resources.BASE_MB),
    ]
    for fn, estimate_mb in cases:
        fn()  # compile the kernels first
        assert peak_bytes(fn) <= estimate_mb * 1e6


def test_spiking_estimate_covers_building_the_network(schema):
    from hopsim.experiments import spiking

    sp = validate(yaml.safe_load((REPO / "config/smoke.yaml").read_text()), schema)["spiking"]
    net, mem = sp["network"], sp["memory"]
    synapses = net["epsilon"] * (net["N_E"] + net["N_I"]) ** 2
    x = spiking.network.draw_patterns(1, net["N_E"], mem["patterns"], mem["activity"], "random")
    peak = peak_bytes(lambda: spiking.network.build(1, sp, x, mem))
    per_synapse = (resources.spiking_run(sp, "memory_free") - resources.BASE_MB) * 1e6 / synapses
    assert peak / synapses <= per_synapse


def test_dense_patterns_are_the_experiments():
    from hopsim.experiments.learning_rules import dense_runs

    ds = dense_runs(1, 20, 2, [0.1, 0.26, 0.3], trials=1, starts=2, max_steps=2)
    assert [resources.dense_patterns(lam, 20, 2) for lam in (0.1, 0.26, 0.3)] \
        == ds["n_patterns"].values[0].tolist() == [2, 5, 6]
