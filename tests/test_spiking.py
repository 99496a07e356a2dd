"""Spiking family: the LIF kernel against the analytic rate for constant input, the Siegert rate
against a long simulation with Poisson input, exact binomial drive, seeded reproducibility, the
event-driven propagation and delay, spike-event storage, and retrieval on a smoke-sized network."""
import numpy as np
import pytest
from scipy import stats

from hopsim import io
from hopsim.dynamics import spiking as sp
from hopsim.experiments import spiking as experiment
from hopsim.theory import lif


def _network(n, dt, tau=20.0, theta=20.0, reset=10.0, t_ref=2.0, bias=0.0, pairs=None,
             tables=((0, 0.0),), ext_weight=0.0, delay_steps=15):
    pre, post, w = pairs if pairs is not None else (np.zeros(0, int), np.zeros(0, int), np.zeros(0))
    cdf, guide = sp.stack_tables([sp.binomial_table(c, p) for c, p in tables])
    full = np.full
    return sp.Network(dt, delay_steps, full(n, tau), full(n, theta), full(n, reset), full(n, t_ref),
                      full(n, bias), sp.CSR.from_pairs(n, pre, post, w), full(n, ext_weight), cdf,
                      guide)


@pytest.mark.parametrize("ri,reset", [(25.0, 0.0), (30.0, 0.0), (22.0, 10.0)])
def test_constant_input_rate_is_the_analytic_rate(ri, reset):
    """V(t) integrated exactly between steps: the period is t_ref + τ ln((RI − V_r)/(RI − θ))
    rounded up to a whole step, so with dt = 0.01 ms the rate agrees to < 0.2 %."""
    dt = 0.01
    net = _network(1, dt, reset=reset, bias=ri)
    state = sp.State.start(net, np.array([reset]), 1)
    sp.simulate(net, state, int(2000 / dt), np.array([-1]))
    t = state.spikes()[0] * dt
    measured = 1000.0 * (t.size - 1) / (t[-1] - t[0])
    expected = lif.deterministic_rate(ri, 20.0, 20.0, 2.0, reset)
    assert measured == pytest.approx(expected, rel=2e-3)
    if reset == 0.0:  # the form, reset at rest
        assert expected == pytest.approx(1.0 / (2e-3 + 20e-3 * np.log(ri / (ri - 20.0))))
    assert lif.deterministic_rate(19.0, 20.0, 20.0, 2.0) == 0.0


def _excitatory_inhibitory_drive(net, c_e, nu_e, c_i, nu_i, j, g, dt, tau):
    """Make the external drive of every neuron k_E J − k_I g J per step, k_E ~ Binomial(C_E, ν_E dt),
    k_I ~ Binomial(C_I, ν_I dt) independent (g an integer): one table over the net jump in units of J.
    The kernel adds ext_weight · index, index ≥ 0, so the index is the jump minus its smallest value,
    and that constant comes back through the bias (added each step like an input: exact)."""
    pe = stats.binom.pmf(np.arange(60), c_e, nu_e * dt * 1e-3)
    pi = stats.binom.pmf(np.arange(20), c_i, nu_i * dt * 1e-3)
    jump = (np.arange(60)[:, None] - g * np.arange(20)[None, :]).ravel()
    low = jump.min()
    pk = np.bincount(jump - low, weights=(pe[:, None] * pi[None, :]).ravel())
    cdf = np.cumsum(pk)
    cdf[-1] = 1.0
    net.drive_cdf = cdf[None]
    net.drive_guide = np.searchsorted(cdf, np.arange(sp.GUIDE_SIZE) / sp.GUIDE_SIZE,
                                      side="right").astype(np.int32)[None]
    net.ext_weight = np.full(net.n, j)
    net.bias = np.full(net.n, low * j / (1.0 - np.exp(-dt / tau)))


def test_siegert_rate_matches_a_long_simulation_with_poisson_input():
    """200 unconnected neurons for 10 s (1900 neuron-seconds after 0.5 s), each with 2000
    excitatory inputs at 10 Hz and 1000 inhibitory ones at 11 Hz, all jumps ±0.1 mV (small beside
    σ = 2.5 mV and θ − V_r = 10 mV, and symmetric), μ = 18 mV below threshold: a fluctuation-driven
    rate of ≈ 10 Hz, time step 0.02 ms. The tolerance is the sampling error of the measured rate:
    3 standard errors (sd of the neurons' rates / √n, ≈ 0.5 %). Against that precision the
    diffusion limit is measurably high (2.7 %, measured 9.96 Hz against 10.24 Hz; 9.88 Hz at
    dt = 0.1 ms): finite jumps overshoot θ. With the first finite-jump correction (θ and V_r
    shifted by 0.583 × the rms jump, `lif.siegert_rate(jump=…)`) the prediction is 9.97 Hz."""
    dt, n, tau = 0.02, 200, 20.0
    c_e, nu_e, c_i, nu_i, j, g = 2000, 10.0, 1000, 11.0, 0.1, 1
    mu, sigma = lif.input_moments([nu_e, nu_i], [c_e, c_i], [j, -g * j], tau)
    jump = lif.rms_jump([nu_e, nu_i], [c_e, c_i], [j, -g * j])
    assert jump == pytest.approx(0.1)
    diffusion = lif.siegert_rate(mu, sigma, tau, 20.0, 10.0, 2.0)
    predicted = lif.siegert_rate(mu, sigma, tau, 20.0, 10.0, 2.0, jump=jump)
    assert 5.0 < predicted < 20.0 and mu < 20.0  # a fluctuation-driven regime (μ below θ)
    net = _network(n, dt, tau=tau)
    _excitatory_inhibitory_drive(net, c_e, nu_e, c_i, nu_i, j, g, dt, tau)
    state = sp.State.start(net, np.random.default_rng(0).uniform(10, 20, n), 3)
    sp.simulate(net, state, int(10_000 / dt), np.zeros(n, np.int32))
    steps, neurons = state.spikes()
    late = steps >= int(500 / dt)
    rates = np.bincount(neurons[late], minlength=n) / 9.5
    measured = rates.mean()
    sem = rates.std(ddof=1) / np.sqrt(n)
    assert sem / measured < 0.01  # the test resolves the rate to better than 1 %
    assert abs(measured - predicted) <= 3 * sem
    assert abs(measured - diffusion) / diffusion < 0.04  # the diffusion limit: within its correction


def test_binomial_table_inverts_the_cdf_exactly():
    cdf, guide = sp.binomial_table(640, 0.0015)
    u = np.random.default_rng(1).random(200_000)
    k = np.searchsorted(cdf, u, side="right")  # smallest k with cdf[k] > u
    start = guide[(u * guide.size).astype(int)]
    assert np.all(start <= k)
    counts = np.bincount(k, minlength=8)[:8] / u.size
    np.testing.assert_allclose(counts, stats.binom.pmf(np.arange(8), 640, 0.0015), atol=3e-3)


def test_spikes_propagate_after_the_delay_through_the_csr_table():
    """Neuron 0 driven above threshold; neuron 1 gets 25 mV per spike of 0 after D steps."""
    dt, d = 0.1, 15
    net = _network(3, dt, pairs=(np.array([0, 0]), np.array([1, 2]), np.array([25.0, 0.5])),
                   delay_steps=d)
    net.bias[0] = 40.0
    state = sp.State.start(net, np.array([19.999, 0.0, 0.0]), 1)
    sp.simulate(net, state, 200, np.full(3, -1))
    steps, neurons = state.spikes()
    first = steps[neurons == 0][0]
    assert steps[neurons == 1][0] == first + d  # 25 mV arrive D steps later: spike at once
    assert not np.any(neurons == 2)


def test_identical_seeds_give_identical_spikes_and_the_buffer_grows():
    net = _network(50, 0.1, tables=[(640, 15.0 * 1e-4)], ext_weight=0.2)
    out = []
    for rate in (50.0, 0.001):  # the second run starts with a buffer far too small
        state = sp.State.start(net, np.full(50, 10.0), 42)
        sp.simulate(net, state, 3000, np.zeros(50, np.int32), expected_rate_hz=rate)
        out.append(state.spikes())
    np.testing.assert_array_equal(out[0][0], out[1][0])
    np.testing.assert_array_equal(out[0][1], out[1][1])
    assert out[0][0].size > 100


def test_fixed_indegree_connectivity_has_distinct_inputs_and_no_autapses():
    pre, post = sp.connect(5, 300, 0, 200, "fixed_indegree", 20, True)
    assert np.all(np.bincount(post, minlength=300) == 20)
    pairs = pre.astype(np.int64) * 1000 + post
    assert np.unique(pairs).size == pairs.size and not np.any(pre == post)
    pre_b, post_b = sp.connect(5, 300, 0, 300, "bernoulli", 0.1, True)
    assert abs(pre_b.size / (300 * 299) - 0.1) < 0.01 and not np.any(pre_b == post_b)


def test_isi_cv_of_a_regular_and_a_poisson_train():
    rng = np.random.default_rng(0)
    regular = np.arange(0, 10_000, 50)
    poisson = np.cumsum(rng.exponential(50, 400)).astype(np.int64) * 10
    steps = np.concatenate([regular, poisson])
    neurons = np.concatenate([np.zeros(regular.size, int), np.ones(poisson.size, int)])
    order = np.argsort(steps, kind="stable")
    cv = sp.isi_cv(steps[order], neurons[order], 3)
    assert cv[0] == pytest.approx(0.0, abs=1e-12)
    assert cv[1] == pytest.approx(1.0, abs=0.1)
    assert np.isnan(cv[2])


def test_brunel_rate_is_self_consistent():
    neuron = {"tau_ms": 20.0, "theta": 20.0, "reset": 10.0, "t_ref_ms": 2.0}
    nu = lif.brunel_rate(640, 160, 0.1, 5.0, 640, 2 * lif.threshold_rate(640, 0.1, 20.0, 20.0),
                         neuron)
    mu, sig = lif.input_moments([nu, nu, 31.25], [640, 160, 640], [0.1, -0.5, 0.1], 20.0)
    assert lif.siegert_rate(mu, sig, 20.0, 20.0, 10.0, 2.0) == pytest.approx(nu, rel=1e-6)
    # σ → 0 is the deterministic rate
    assert lif.siegert_rate(25.0, 1e-4, 20.0, 20.0, 10.0, 2.0) == pytest.approx(
        lif.deterministic_rate(25.0, 20.0, 20.0, 2.0, 10.0), rel=1e-3)


SMOKE = {  # config/smoke.yaml
    "network": {"N_E": 640, "N_I": 160, "connectivity": "fixed_indegree", "epsilon": 0.25,
                "dt_ms": 0.1, "delay_ms": 1.5, "tau_ms": 20.0, "theta_mv": 20.0, "reset_mv": 10.0,
                "t_ref_ms": 2.0, "J_mv": 0.4, "J_IE_mv": 1.6, "g_E": 5.0, "g_I": 8.0,
                "C_ext": 160, "nu_ext_hz": 18.0, "nu_ext_I_hz": 16.0},
    "memory": {"patterns": 2, "activity": 0.1, "layout": "disjoint", "J_hebb_mv": 2.4,
               "inhibitory_gain": 1.45},
    "protocol": {"warmup_ms": 100, "warmup_fraction": 0.8, "spontaneous_ms": 600,
                 "transient_ms": 100, "pre_cue_ms": 200, "cue_ms": 100, "cue_fraction": 0.5,
                 "cue_rate_hz": 10.0, "delay_ms": 500},
    "analysis": {"bin_ms": 10, "window_ms": 100, "overlap_rate_hz": "delay"},
    "mean_field": {"duration_ms": 600, "transient_ms": 100},
}


def test_retrieval_of_one_pattern_on_a_smoke_sized_network(tmp_path):
    """800 neurons: a cue to pattern 0 leaves its neurons firing through the delay, the rest quiet;
    the run is stored as spike events and comes back identical; the same seed gives the same run."""
    ds = experiment.simulate_run(7, SMOKE, 0)
    r = experiment.retrieval_summary(ds)
    assert r["cued_rate_min_hz"] >= 20.0
    assert r["other_rate_hz"] <= 5.0
    assert r["overlap"] >= 0.5
    # disjoint patterns: the active memory pulls the other overlap to −a/(1 − a) = −0.11
    assert r["max_other_overlap"] <= 0.15
    path = io.write(io.with_provenance(ds, SMOKE), tmp_path / "run.zarr")
    back = io.load(path)
    for name in ("spike_time", "spike_neuron", "rate", "overlap", "patterns", "cued"):
        np.testing.assert_array_equal(back[name].values, ds[name].values)
    assert back["spike_time"].attrs["units"] == "ms" and back.attrs["params"] == SMOKE
    assert back.attrs["units"]["J_mv"] == "mV"
    again = experiment.simulate_run(7, SMOKE, 0)
    np.testing.assert_array_equal(again["spike_time"].values, ds["spike_time"].values)
    np.testing.assert_array_equal(again["spike_neuron"].values, ds["spike_neuron"].values)


def test_overlap_is_rate_inside_minus_outside_over_r_max():
    """m^μ = c Σ_j (ξ_j − a) r_j / r_max from the definition, against the stored trace."""
    ds = experiment.simulate_run(7, SMOKE, 1)
    x = ds["patterns"].values.astype(float)
    n_e = x.shape[1]
    a = x[0].sum() / n_e
    c = 1.0 / (n_e * a * (1 - a))
    d0, d1 = experiment.phase_window(ds, "delay")
    r_max = experiment.window_rates(ds, d0, d1)[:n_e][x[1] == 1].mean()  # 'delay': the cued rate
    assert ds.attrs["overlap_rate_hz"] == pytest.approx(r_max)
    start, end = 600.0, 700.0  # one window: centre 650 ms
    r = experiment.window_rates(ds, start, end)[:n_e]
    m = c * (x - a) @ r / r_max
    np.testing.assert_allclose(ds["overlap"].sel(time=650.0).values, m, atol=1e-9)
    with_constant = experiment.simulate_run(7, {**SMOKE, "analysis": {**SMOKE["analysis"],
                                                                      "overlap_rate_hz": 100}}, 1)
    np.testing.assert_allclose(with_constant["overlap"].sel(time=650.0).values, m * r_max / 100.0,
                               atol=1e-9)


@pytest.mark.workflow
def test_smoke_spiking_report_keeps_the_contract(smoke_run):
    """reports/spiking.json: the keys of issue 6 with judgements; spikes stored as events."""
    import json

    out = smoke_run / "results/smoke"
    side = json.loads((out / "reports/spiking.json").read_text())
    assert {"rate_E_hz", "rate_I_hz", "cv_isi", "duration_s", "memory_activated"} <= set(
        side["spontaneous"])
    assert len(side["retrieval"]) == 2
    for r in side["retrieval"]:
        assert {"pattern", "delay_s", "cued_rate_hz", "other_rate_hz", "overlap",
                "max_other_overlap", "retrieved"} <= set(r)
    assert {"measured_rate_hz", "predicted_rate_hz"} <= set(side["mean_field"])
    run = io.load(out / "spiking/runs/cue0.zarr")
    assert run["spike_time"].dims == ("spike",) and run["spike_time"].attrs["units"] == "ms"
    assert run.attrs["params"]["network"]["N_E"] == 640
    assert "Acceptance (issue 6)" in (out / "reports/spiking.md").read_text()
    for name in ("raster", "rates", "overlaps", "mean_field"):
        assert (out / f"reports/figures/spiking_{name}.png").stat().st_size > 10_000
