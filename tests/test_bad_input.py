"""Realistic mistakes in every config section, refused by `config.validate` before any job with
the key, the value and the rule; valid edge cases accepted. Each mistake is applied on top of the
smoke config (the tests' study); a handful run snakemake end to end and write no results/."""
import subprocess
import sys

import pytest
import yaml

from hopsim.config import ConfigError, validate

from .conftest import REPO, make_project

SMOKE = yaml.safe_load((REPO / "config/smoke.yaml").read_text())


def merged(base: dict, change: dict) -> dict:
    """`base` with the keys of `change` set (nested sections merged, other values replaced)."""
    out = dict(base)
    for key, value in change.items():
        both = isinstance(value, dict) and isinstance(base.get(key), dict)
        out[key] = merged(base[key], value) if both else value
    return out


def refusal(schema, change: dict) -> str:
    with pytest.raises(ConfigError) as err:
        validate(merged(SMOKE, change), schema)
    return str(err.value)


# (section, mistake in words, change to the smoke config, what the message must say: the key,
# the value and the rule in words)
MISTAKES = [
    # top level and paths
    ("paths", "empty results_dir", {"results_dir": ""},
     ["'results_dir' = ''", "root of the file system"]),
    ("paths", "blank reports_dir", {"reports_dir": "  "}, ["'reports_dir' = '  '", "name a directory"]),
    ("paths", "a wildcard in results_dir", {"results_dir": "results/{N}"},
     ["'results_dir' = 'results/{N}'", "braces", "wildcard"]),
    ("paths", "typo in a top-level key", {"result_dir": "out"},
     ["unknown config key 'result_dir'", "allowed keys:", "results_dir"]),
    ("paths", "negative seed", {"seed": -1}, ["'seed' = -1", "≥ 0"]),
    ("paths", "memory ceiling below the fixed requests", {"max_job_mem_mb": 1000},
     ["'max_job_mem_mb' = 1000", "≥ 2000"]),
    # capacity
    ("capacity", "a network of one neuron", {"capacity": {"N": [100, 1]}},
     ["'capacity.N[1]' = 1", "integer ≥ 2"]),
    ("capacity", "loads in descending order", {"capacity": {"alpha": [0.2, 0.1]}},
     ["'capacity.alpha'", "[0.2, 0.1]", "ascending"]),
    ("capacity", "a load that stores no pattern", {"capacity": {"N": [10], "alpha": [0.01, 0.1]}},
     ["'capacity.alpha' = 0.01", "stores no pattern", "α ≥ 0.05"]),
    ("capacity", "cue noise as a percentage", {"capacity": {"cue_noise": [0, 10]}},
     ["'capacity.cue_noise[1]' = 10", "≤ 1"]),
    ("capacity", "unknown extrapolation", {"capacity": {"extrapolation": "log"}},
     ["'capacity.extrapolation' = 'log'", "'inverse_sqrt', 'inverse'"]),
    ("capacity", "N × N weights beyond any node", {"capacity": {"N": [100, 40000]}},
     ["'capacity.N' = [100, 40000]", "capacity_weights", "MB, more than max_job_mem_mb = 16,000"]),
    # capacity_large
    ("capacity_large", "N = 10⁶", {"capacity_large": {"N": [200, 1000000]}},
     ["'capacity_large.N' = [200, 1000000]", "31,924 MB", "N·P/8 bytes", "max_job_mem_mb"]),
    ("capacity_large", "a narrower grid for a size not run",
     {"capacity_large": {"alpha_by_N": {300: [0.1, 0.2]}}},
     ["'capacity_large.alpha_by_N' has N = 300", "not in capacity_large.N = [200, 400]"]),
    ("capacity_large", "a narrower grid descending",
     {"capacity_large": {"alpha_by_N": {400: [0.2, 0.1]}}},
     ["'capacity_large.alpha_by_N.400'", "ascending", "[0.2, 0.1]"]),
    ("capacity_large", "the point's patterns beyond the memory ceiling",
     {"capacity_large": {"point": {"N": 1000000, "alpha": 0.14, "starts": 10}}},
     ["'capacity_large.point.N' = 1000000", "capacity_large_point", "P = 140000 patterns as bits",
      "18,", "max_job_mem_mb = 16,000"]),
    ("capacity_large", "more point starts than patterns",
     {"capacity_large": {"point": {"N": 100, "alpha": 0.05, "starts": 10}}},
     ["'capacity_large.point.starts' = 10", "exceeds the 5 patterns"]),
    ("capacity_large", "one starts entry too many", {"capacity_large": {"starts": [10, 5, 5]}},
     ["'capacity_large.starts'", "one entry per", "capacity_large.N (2), got 3"]),
    ("capacity_large", "sizes descending", {"capacity_large": {"N": [400, 200]}},
     ["'capacity_large.N'", "ascending", "[400, 200]"]),
    ("capacity_large", "lost above retrieved", {"capacity_large": {"lost_overlap": 0.9,
                                                                   "retrieved_overlap": 0.8}},
     ["'capacity_large.lost_overlap' = 0.9", "below capacity_large.retrieved_overlap = 0.8"]),
    ("capacity_large", "a load that stores no pattern", {"capacity_large": {"alpha": [0.001, 0.1]}},
     ["'capacity_large.alpha' = 0.001", "stores no pattern"]),
    # fixed points
    ("fixed_points", "too few patterns for 3-mixtures", {"fixed_points": {"N": 20, "alpha": [0.05]}},
     ["'fixed_points.alpha' = 0.05", "fewer than 3 patterns"]),
    ("fixed_points", "pattern class overlapping mixtures", {"fixed_points": {"pattern_min": 0.6}},
     ["'fixed_points.pattern_min' = 0.6", "exceed ½ + fixed_points.mixture_tol = 0.65"]),
    ("fixed_points", "members missed", {"fixed_points": {"member_min": 0.45}},
     ["'fixed_points.member_min' = 0.45", "at most ½ − fixed_points.mixture_tol = 0.35"]),
    ("fixed_points", "flip fraction as a count", {"fixed_points": {"noisy_flip": 20}},
     ["'fixed_points.noisy_flip' = 20", "≤ 1"]),
    ("fixed_points", "a sync cap that cannot see a 2-cycle", {"fixed_points": {"max_steps": 1}},
     ["'fixed_points.max_steps' = 1", "≥ 2"]),
    ("fixed_points", "N × N weights beyond any node", {"fixed_points": {"N": 50000}},
     ["'fixed_points.N' = 50000", "fixed_points_run", "max_job_mem_mb"]),
    # stochastic
    ("stochastic", "burn-in longer than the run",
     {"stochastic": {"retrieval_map": {"burn_in": 900}}},
     ["'stochastic.retrieval_map.burn_in' = 900", "below stochastic.retrieval_map.sweeps = 60"]),
    ("stochastic", "window longer than the run", {"stochastic": {"retrieval_map": {"window": 100}}},
     ["'stochastic.retrieval_map.window' = 100", "at most stochastic.retrieval_map.sweeps = 60"]),
    ("stochastic", "temperatures descending",
     {"stochastic": {"low_load": {"temperature": [1.2, 0.8, 0.5]}}},
     ["'stochastic.low_load.temperature'", "[1.2, 0.8, 0.5]", "ascending"]),
    ("stochastic", "fewer patterns than starts", {"stochastic": {"low_load": {"alpha": 0.001}}},
     ["'stochastic.low_load.alpha' = 0.001", "fewer than stochastic.low_load.starts = 2"]),
    ("stochastic", "negative temperature", {"stochastic": {"overlap_map": {"temperature": [-0.5]}}},
     ["'stochastic.overlap_map.temperature[0]' = -0.5", "≥ 0"]),
    # low activity
    ("low_activity", "a threshold with no retrieval state", {"low_activity": {"threshold": 5.0}},
     ["'low_activity.threshold' = 5.0", "no retrieval state", "'optimal'"]),
    ("low_activity", "only perfect retrieval counts", {"low_activity": {"retrieved_overlap": 1.0}},
     ["'low_activity.retrieved_overlap' = 1.0", "< 1"]),
    ("low_activity", "an activity with no active unit", {"low_activity": {"activity": [0.5, 0.001]}},
     ["'low_activity.activity' = 0.001", "no active unit"]),
    ("low_activity", "loads given as α, not as fractions of α_c",
     {"low_activity": {"threshold": 0.4, "load_fractions": [0.001, 0.002]}},
     ["'low_activity.load_fractions' = [0.001, 0.002]", "at least two loads"]),
    ("low_activity", "a threshold by name", {"low_activity": {"threshold": "best"}},
     ["'low_activity.threshold' = 'best'", "'optimal' or a number"]),
    ("low_activity", "N × N weights beyond any node", {"low_activity": {"N": 40000}},
     ["'low_activity.N' = 40000", "low_activity_capacity", "max_job_mem_mb"]),
    # spiking
    ("spiking", "a time step longer than the delay's grid", {"spiking": {"network": {"dt_ms": 1.0}}},
     ["'spiking.network.delay_ms' = 1.5", "whole number (≥ 1) of spiking.network.dt_ms = 1"]),
    ("spiking", "a refractory period below one step", {"spiking": {"network": {"t_ref_E_ms": 0.05}}},
     ["'spiking.network.t_ref_E_ms' = 0.05", "whole number of spiking.network.dt_ms = 0.25",
      "dropped"]),
    ("spiking", "an analysis bin below one step", {"spiking": {"analysis": {"bin_ms": 0.05}}},
     ["'spiking.analysis.bin_ms' = 0.05", "whole number (≥ 1) of spiking.network.dt_ms"]),
    ("spiking", "a window shorter than its bin", {"spiking": {"analysis": {"window_ms": 5}}},
     ["'spiking.analysis.window_ms' = 5", "whole number (≥ 1) of spiking.analysis.bin_ms = 10"]),
    ("spiking", "a transient longer than its run", {"spiking": {"protocol": {"transient_ms": 1950}}},
     ["'spiking.protocol.transient_ms' = 1950", "spontaneous_ms = 2000", "at least one analysis window"]),
    ("spiking", "a memory-free transient eating the run",
     {"spiking": {"mean_field": {"transient_ms": 1000}}},
     ["'spiking.mean_field.transient_ms' = 1000", "at least one analysis window"]),
    ("spiking", "a delay shorter than the window", {"spiking": {"protocol": {"delay_ms": 50}}},
     ["'spiking.protocol.delay_ms' = 50", "window_ms = 100"]),
    ("spiking", "reset above threshold", {"spiking": {"network": {"reset_mv": 25.0}}},
     ["'spiking.network.reset_mv' = 25.0", "below the threshold spiking.network.theta_mv = 20.0"]),
    ("spiking", "a slow synapse as fast as the membrane", {"spiking": {"network": {"tau_slow_ms": 20.0}}},
     ["'spiking.network.tau_slow_ms' = 20.0", "spiking.network.tau_E_ms = 20.0"]),
    ("spiking", "disjoint patterns that do not fit", {"spiking": {"reference": {"patterns": 21}}},
     ["'spiking.reference.patterns' = 21", "1680 E neurons", "N_E = 1600"]),
    ("spiking", "the total external rate instead of one input's",
     {"spiking": {"network": {"nu_ext_E_hz": 11520}}},
     ["'spiking.network.nu_ext_E_hz' = 11520", "below 1", "not of all of them"]),
    ("spiking", "a cue that reaches no neuron", {"spiking": {"protocol": {"cue_fraction": 0.001}}},
     ["'spiking.protocol.cue_fraction' = 0.001", "at least one"]),
    ("spiking", "an I population too small for ε", {"spiking": {"network": {"N_I": 2, "epsilon": 0.2}}},
     ["'spiking.network.epsilon' = 0.2", "I population", "gives 0"]),
    ("spiking", "a pattern of no neuron", {"spiking": {"memory": {"activity": 0.0001}}},
     ["'spiking.memory.activity' = 0.0001", "0 active units"]),
    ("spiking", "synapses beyond any node",
     {"spiking": {"network": {"N_E": 64000, "N_I": 16000, "epsilon": 0.1}}},
     ["'spiking.network.N_E' = 64000", "spiking_run", "max_job_mem_mb"]),
    # ring
    ("ring", "a coarse time step", {"ring": {"dt_ms": 2.0}},
     ["'ring.dt_ms' = 2.0", "dt ≤ τ/10 = 1 ms"]),
    ("ring", "inhibition too weak for a bump", {"ring": {"network": {"inhibition": 0.5}}},
     ["'ring.network.inhibition' = 0.5", "no bump"]),
    ("ring", "calibration slower than the trajectory",
     {"ring": {"calibration": {"max_speed_deg_s": 90.0}}},
     ["'ring.calibration.max_speed_deg_s' = 90.0", "at least ring.tracking.max_speed_deg_s"]),
    ("ring", "fit window beyond the run", {"ring": {"diffusion": {"max_lag_s": 5.0}}},
     ["'ring.diffusion.max_lag_s' = 5.0", "duration_s = 2.0"]),
    ("ring", "samples too sparse for the diffusion fit", {"ring": {"diffusion": {"record_ms": 450}}},
     ["'ring.diffusion.record_ms' = 450", "1 lag(s) inside", "at least two"]),
    ("ring", "sampling faster than the step", {"ring": {"tracking": {"record_ms": 0.1}}},
     ["'ring.tracking.record_ms' = 0.1", "at least one step"]),
    ("ring", "a dense ring beyond any node", {"ring": {"network": {"N": 100000}}},
     ["'ring.network.N' = 100000", "ring_heterogeneity", "max_job_mem_mb"]),
    # learning rules
    ("learning_rules", "pseudo-inverse loads without the acceptance loads",
     {"learning_rules": {"rules": {"loads": {"pseudo_inverse": [0.5, 0.7]}}}},
     ["'learning_rules.rules.loads.pseudo_inverse'", "0.5 and 0.9"]),
    ("learning_rules", "reported β off the grid", {"learning_rules": {"modern": {"beta_reported": 0.5}}},
     ["'learning_rules.modern.beta_reported' = 0.5", "one of learning_rules.modern.beta"]),
    ("learning_rules", "basins above Gardner's capacity", {"learning_rules": {"basins": {"alpha": 0.6}}},
     ["'learning_rules.basins.alpha' = 0.6", "Gardner"]),
    ("learning_rules", "more cues than patterns", {"learning_rules": {"modern": {"cues": 600}}},
     ["'learning_rules.modern.cues' = 600", "at most learning_rules.modern.P = 500"]),
    ("learning_rules", "a dense load that stores nothing",
     {"learning_rules": {"dense": {"runs": [{"degree": 2, "N": [30, 60], "loads": [0.001, 0.3]}]}}},
     ["'learning_rules.dense.runs[degree 2].loads' = [0.001, 0.3]", "stores no pattern at N = 30"]),
    ("learning_rules", "perceptron loads descending",
     {"learning_rules": {"perceptron": {"load_fractions": [1.2, 0.7]}}},
     ["'learning_rules.perceptron.load_fractions'", "strictly ascending"]),
    ("learning_rules", "N × N rules beyond any node", {"learning_rules": {"rules": {"N": 20000}}},
     ["'learning_rules.rules.N' = 20000", "learning_rules_rule", "max_job_mem_mb"]),
    # demo
    ("demo", "a side that is not a multiple of the glyph", {"demo": {"side": 52}},
     ["'demo.side' = 52", "a multiple of 5"]),
    ("demo", "lower-case letters", {"demo": {"letters": "xte"}},
     ["'demo.letters' = 'xte'", "made of the letters A, C, E, F"]),
    ("demo", "a cue letter that is not stored", {"demo": {"cue_letter": "Q"}},
     ["'demo.cue_letter' = 'Q'", "one of the letters X, T, E"]),
    ("demo", "a letter twice", {"demo": {"letters": "XTX"}}, ["'demo.letters' = 'XTX'", "repeats"]),
    ("demo", "loads descending", {"demo": {"loads": [1000, 10]}},
     ["'demo.loads' = [1000, 10]", "ascending"]),
    ("demo", "records that do not divide N", {"demo": {"records_per_sweep": 7}},
     ["'demo.records_per_sweep' = 7", "divide N = demo.side² = 2500"]),
    ("demo", "an image beyond any node", {"demo": {"side": 200}},
     ["'demo.side' = 200", "demo_showcase", "max_job_mem_mb"]),
    # figures
    ("figures", "print resolution", {"figures": {"dpi": 1200}}, ["'figures.dpi' = 1200", "≤ 600"]),
    ("figures", "dpi by name", {"figures": {"dpi": "high"}}, ["'figures.dpi' = 'high'", "an integer"]),
    ("figures", "an unknown seaborn context", {"figures": {"context": "presentation"}},
     ["'figures.context' = 'presentation'", "'paper', 'notebook', 'talk', 'poster'"]),
    ("figures", "a style key that does not exist", {"figures": {"style": "dark"}},
     ["unknown config key 'style' under 'figures'", "allowed keys: context, dpi"]),
    ("figures", "screen resolution below the floor", {"figures": {"dpi": 20}},
     ["'figures.dpi' = 20", "≥ 50"]),
]


@pytest.mark.parametrize("section, mistake, change, said", MISTAKES,
                         ids=[f"{m[0]}: {m[1]}" for m in MISTAKES])
def test_mistake_is_refused_with_key_value_and_rule(schema, section, mistake, change, said):
    message = refusal(schema, change)
    for words in said:
        assert words in message, (mistake, message)


def test_every_section_has_five_mistakes():
    sections = [m[0] for m in MISTAKES]
    top = [k for k in SMOKE if isinstance(SMOKE[k], dict)] + ["paths"]
    for section in top:
        assert sections.count(section) >= 5, section


def test_a_results_dir_that_is_a_file_is_refused(schema, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "results").write_text("not a directory")
    message = refusal(schema, {"results_dir": "results"})
    assert "'results_dir' = 'results'" in message and "existing file" in message


# Valid edge cases: each sits on the allowed side of a rule above.
EDGES = [
    {"spiking": {"network": {"dt_ms": 0.5}}},                        # 1.5 ms delay = 3 steps
    {"spiking": {"network": {"t_ref_E_ms": 0.0}}},                   # no refractory period
    {"spiking": {"analysis": {"bin_ms": 0.25, "window_ms": 0.25}}},  # one step, one bin
    {"spiking": {"protocol": {"transient_ms": 400}}},                # one window left (capacity)
    {"spiking": {"protocol": {"delay_ms": 100}}},                    # a delay of one window
    {"spiking": {"reference": {"patterns": 20}}},                    # 20 × 80 = N_E exactly
    {"spiking": {"memory": {"patterns": 400}}},                      # random sets may overlap
    {"fixed_points": {"pattern_min": 0.66, "member_min": 0.3}},
    {"low_activity": {"threshold": 0.4}},
    {"ring": {"diffusion": {"record_ms": 200}}},                     # lags 0.2 and 0.4 s in the fit
    {"learning_rules": {"dense": {"runs": [{"degree": 2, "N": [30, 60], "loads": [0.017, 0.3]}]}}},
    {"results_dir": "/tmp/hopsim results", "reports_dir": "."},
]


@pytest.mark.parametrize("change", EDGES, ids=[str(e) for e in EDGES])
def test_valid_edge_cases_are_accepted(schema, change):
    validate(merged(SMOKE, change), schema)


# End to end: snakemake stops before any job and writes nothing (each start costs seconds).
@pytest.mark.parametrize("bad, said", [
    ("results_dir: ''\n", "root of the file system"),
    ("spiking:\n  network:\n    dt_ms: 1.0\n", "spiking.network.delay_ms"),
    ("capacity_large:\n  N: [200, 1000000]\n", "capacity_large.N"),
    ("low_activity:\n  threshold: 5.0\n", "low_activity.threshold"),
    ("demo:\n  side: 52\n", "a multiple of 5"),
])
def test_snakemake_refuses_before_any_job(tmp_path, bad, said):
    proj = make_project(tmp_path / "bad")
    (proj / "config/bad.yaml").write_text(bad)
    before = set(proj.iterdir())
    res = subprocess.run([sys.executable, "-m", "snakemake", "--cores", "2", "--configfile",
                          "config/smoke.yaml", "config/bad.yaml"],
                         cwd=proj, capture_output=True, text=True)
    assert res.returncode != 0
    assert said in res.stderr + res.stdout
    assert set(proj.iterdir()) - {proj / ".snakemake"} == before  # no results/, nothing else


def test_spiking_edge_values_run(tmp_path):
    """Times on the edge of the spiking rules run in the kernel: a step of 0.5 ms (delay 3
    steps, refractory 4), bins of one step and a window of one bin, one window left after the
    transient of a capacity run, disjoint reference patterns that fill N_E exactly."""
    from hopsim import io

    proj = make_project(tmp_path / "edge")
    edge = {"spiking": {"network": {"dt_ms": 0.5}, "analysis": {"bin_ms": 0.5, "window_ms": 0.5},
                        "protocol": {"transient_ms": 499.5},
                        "reference": {"patterns": 20, "spontaneous_ms": 500}}}
    (proj / "config/edge.yaml").write_text(yaml.safe_dump(edge))
    store = "results/smoke/spiking/runs/reference.zarr"
    res = subprocess.run([sys.executable, "-m", "snakemake", "--cores", "2", "--configfile",
                          "config/smoke.yaml", "config/edge.yaml", "--", store],
                         cwd=proj, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr[-3000:]
    ds = io.load(proj / store)
    assert ds.sizes["pattern"] == 20 and int(ds["e_counts"].sum()) > 0
    assert ds.attrs["dt_ms"] == 0.5 and ds.attrs["bin_ms"] == 0.5
