"""Spiking family: the delta kernel against the analytic rate for constant input, the Siegert rate
against a long simulation with Poisson input, exact binomial drive, seeded reproducibility, the
event-driven propagation and delay; the slow-synapse kernel against the exact solution and the
gating theory; the mean field against a simulated population; retrieval of overlapping patterns,
the reset and identical runs for identical seeds on a smoke-sized network."""
import numpy as np
import pytest
import yaml
from scipy import stats

from hopsim import io
from hopsim.config import validate
from hopsim.dynamics import spiking as sp
from hopsim.dynamics.spiking import connectivity, nmda
from hopsim.experiments import spiking as experiment
from hopsim.experiments.spiking import associative, protocol
from hopsim.theory import lif

from .conftest import REPO


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


# ----------------------------------------------------------------------------- slow synapses

def _slow_network(n, dt, pairs=None, slow=None, tables=((0, 0.0),), alpha=0.3, tau=20.0,
                  tau_s=100.0, ext_weight=0.0, delay_steps=6, bias=0.0):
    empty = (np.zeros(0, int), np.zeros(0, int), np.zeros(0))
    pre, post, w = pairs if pairs is not None else empty
    spre, spost, sw = slow if slow is not None else empty
    cdf, guide = sp.stack_tables([sp.binomial_table(c, p) for c, p in tables])
    pops = [nmda.Population(tau, 20.0, 10.0, 2.0, ext_weight, alpha, bias)]
    return nmda.Network(dt, delay_steps, tau_s, pops, np.zeros(n, np.int32),
                        sp.CSR.from_pairs(n, pre, post, w), sp.CSR.from_pairs(n, spre, spost, sw),
                        cdf, guide)


def test_slow_current_is_integrated_exactly_and_gated_by_the_presynaptic_spikes():
    """A slow current u decaying with τ_s drives V as τ_m dV/dt = −V + u: from V = 0, V(t) =
    u₀ τ_s/(τ_s − τ_m)(e^{−t/τ_s} − e^{−t/τ_m}), step by step to round-off. A spike of a
    neuron with gating s adds W α(1 − s) to u of its targets D steps later, s jumps by α(1 − s)."""
    dt, tau, tau_s = 0.25, 20.0, 100.0
    net = _slow_network(2, dt, slow=(np.array([0]), np.array([1]), np.array([2.0])))
    state = nmda.State.start(net, np.zeros(2), 1)
    state.u[1] = 5.0
    for k in range(1, 41):
        nmda.simulate(net, state, 1, np.full(2, -1))
        t = k * dt
        exact = 5.0 * tau_s / (tau_s - tau) * (np.exp(-t / tau_s) - np.exp(-t / tau))
        assert state.v[1] == pytest.approx(exact, rel=1e-12)
    # neuron 0 fires twice (its bias far above threshold); its target's u jumps by W α(1 − s)
    net = _slow_network(2, dt, slow=(np.array([0]), np.array([1]), np.array([2.0])))
    net.populations[0].bias_mv = 0.0
    state = nmda.State.start(net, np.array([19.99, 0.0]), 1)
    state.v[0] = 25.0  # above θ: spikes at the first step
    nmda.simulate(net, state, 1, np.full(2, -1))
    assert state.s[0] == pytest.approx(0.3)       # α(1 − 0)
    nmda.simulate(net, state, net.delay_steps, np.full(2, -1))
    # arrived at step D (added before that step's decay), then decayed once
    assert state.u[1] == pytest.approx(2.0 * 0.3 * np.exp(-dt / tau_s), rel=1e-12)


def test_gating_moments_match_a_simulated_poisson_train():
    """⟨s⟩ and Var(s) of the saturating gating (`lif.gating_moments`, exact for Poisson) against
    the kernel's own update driven by Poisson spike times (dt = 0.01 ms, 200 s)."""
    rng = np.random.default_rng(3)
    dt, tau, alpha, nu = 0.01, 100.0, 0.3, 20.0
    steps = int(200_000 / dt)
    spikes = np.flatnonzero(rng.random(steps) < nu * dt * 1e-3)
    decay = np.exp(-dt / tau)
    mean = protocol._mean_gating(spikes, np.zeros(spikes.size, np.int64), np.array([0]),
                                 int(5000 / dt), steps, decay, alpha)[0]
    m1, var = lif.gating_moments(nu, alpha, tau)
    assert mean == pytest.approx(m1, rel=0.01)
    assert 0 < var < m1 * (1 - m1)
    # a regular train at the same rate holds its synapse more open (the mean field's Poisson
    # gating misses this in the delay state; see the report)
    regular = np.arange(0, steps, int(1000 / nu / dt))
    reg = protocol._mean_gating(regular, np.zeros(regular.size, np.int64), np.array([0]),
                                int(5000 / dt), steps, decay, alpha)[0]
    assert reg > 1.05 * m1


def test_mean_field_matches_a_simulated_population_with_slow_input():
    """One population of 1000 unconnected neurons, each with 800 external Poisson inputs of
    0.2 mV and 100 slow synapses (W = 0.3 mV) from 1000 source neurons that fire irregularly at a
    few Hz (themselves driven by Poisson input only). Two parts, as in the report:
    the gating — the sources' mean ⟨s⟩ computed from their spikes lies above the Poisson value
    ατν/(1 + ατν) at their rate (LIF trains are more regular than Poisson; measured +5 %, which
    moves the targets' rate by ≈ 10 % here), and the renewal gating of the mean field (gamma
    intervals at the LIF's ISI CV) recovers most of it; and the rate — the Siegert rate at μ = τ C J ν_ext +
    K W ⟨s⟩ with that ⟨s⟩, the slow current's fluctuations averaged and the time-step correction
    (`lif.spread_rate`), against the measured rate, within 3 standard errors plus 5 %."""
    dt, n_src, n_tgt, k, w = 0.25, 1000, 1000, 100, 0.3
    n = n_src + n_tgt
    pre, post = connectivity.connect(11, n, 0, n_src, "fixed_indegree", k, True)
    keep = post >= n_src
    tables = [(800, 5.5 * dt * 1e-3), (800, 4.8 * dt * 1e-3)]
    cdf, guide = sp.stack_tables([sp.binomial_table(c, p) for c, p in tables])
    pops = [nmda.Population(20.0, 20.0, 10.0, 2.0, 0.2, 0.3),
            nmda.Population(20.0, 20.0, 10.0, 2.0, 0.2, 0.0)]
    pop = np.r_[np.zeros(n_src, np.int32), np.ones(n_tgt, np.int32)]
    empty = sp.CSR.from_pairs(n, np.zeros(0, int), np.zeros(0, int), np.zeros(0))
    slow = sp.CSR.from_pairs(n, pre[keep], post[keep], np.full(int(keep.sum()), w))
    net = nmda.Network(dt, 6, 100.0, pops, pop, empty, slow, cdf, guide)
    state = nmda.State.start(net, np.random.default_rng(2).uniform(10, 20, n), 5)
    nmda.simulate(net, state, int(20_500 / dt), pop.copy())
    steps, neurons = state.spikes()
    late = steps >= int(500 / dt)
    r = np.bincount(neurons[late], minlength=n) / 20.0
    nu_src, rates = r[:n_src].mean(), r[n_src:]
    print(f"sources {nu_src:.3f} Hz, targets {rates.mean():.3f} Hz")
    assert 1.0 < nu_src < 10.0
    s_poisson, s_var = lif.gating_moments(nu_src, 0.3, 100.0)
    s_mean = float(np.mean(protocol._mean_gating(steps, neurons.astype(np.int64),
                                                 np.arange(n_src, dtype=np.int64), int(500 / dt),
                                                 int(20_500 / dt), np.exp(-dt / 100.0), 0.3)))
    mu_src, sigma_src = lif.input_moments([], [], [], 20.0, 5.5, 800, 0.2)
    cv = lif.isi_cv(mu_src, sigma_src, 20.0, 20.0, 10.0, 2.0, lif.step_jump(sigma_src, 20.0, dt))
    s_renewal = lif.gating_mean_renewal(nu_src, cv, 0.3, 100.0)
    print(f"gating {s_mean:.4f} measured, {s_poisson:.4f} Poisson, {s_renewal:.4f} renewal "
          f"(CV {cv:.2f})")
    assert 1.0 < s_mean / s_poisson < 1.15
    assert abs(s_renewal - s_mean) < 0.5 * abs(s_poisson - s_mean)  # the mean field's gating
    mu, sigma = lif.input_moments([], [], [], 20.0, 4.8, 800, 0.2)
    mu += k * w * s_mean
    spread = np.sqrt(k * w * w * s_var)
    predicted = lif.spread_rate(mu, sigma, spread, 20.0, 20.0, 10.0, 2.0, dt)
    sem = rates.std(ddof=1) / np.sqrt(n_tgt)
    print(f"predicted {predicted:.3f} Hz (mu {mu:.2f}, sigma {sigma:.2f}, spread {spread:.2f})")
    assert 2.0 < predicted < 30.0 and mu < 20.0  # fluctuation-driven
    assert abs(rates.mean() - predicted) <= 3 * sem + 0.05 * predicted


def test_shared_pattern_counts_are_the_hebbian_product():
    rng = np.random.default_rng(0)
    x = (rng.random((7, 50)) < 0.3).astype(np.int8)
    pre, post = connectivity.connect(3, 50, 0, 50, "fixed_indegree", 10, True)
    counts = experiment.network.shared_patterns(pre, post, x)
    dense = x.T.astype(int) @ x.astype(int)  # integers: exact
    np.testing.assert_array_equal(counts, dense[pre, post])


# ----------------------------------------------------------------------------- the experiment

@pytest.fixture(scope="module")
def smoke_settings():
    from hopsim.config import load_schema

    schema = load_schema(REPO / "workflow/schemas/config.schema.yaml")
    return validate(yaml.safe_load((REPO / "config/smoke.yaml").read_text()), schema)["spiking"]


@pytest.fixture(scope="module")
def smoke_sequence(smoke_settings):
    return associative.simulate_sequence(7, smoke_settings)


def test_retrieval_of_overlapping_patterns_on_a_smoke_sized_network(smoke_sequence, smoke_settings):
    """2000 neurons, 20 random patterns of 80 neurons that overlap: every cue is held through its
    delay at 10–50 Hz with the rest quiet, and no pattern switches on in the spontaneous period."""
    ds, s = smoke_sequence, smoke_settings
    x = ds["patterns"].values
    assert (x.sum(axis=0) >= 2).sum() > 50          # neurons in two or more patterns
    shared = x.astype(int) @ x.T.astype(int)
    assert shared[np.triu_indices(x.shape[0], 1)].mean() > 1.0
    sp_ = associative.spontaneous_summary(ds, s)
    assert sp_["rate_E_hz"] <= 5.0 and not sp_["memory_activated"]
    rows = associative.cue_rows(ds, s)
    assert len(rows) == s["protocol"]["cues"] and all(r["retrieved"] for r in rows)
    assert all(10.0 <= r["delay_rate_hz"] <= 50.0 for r in rows)
    assert all(r["max_other_overlap"] <= associative.OTHER_OVERLAP_MAX for r in rows)


def test_the_reset_clears_every_memory(smoke_sequence, smoke_settings):
    """After each reset (input to the I population) no pattern stands out and the E rate is back
    near the spontaneous rate (80-neuron patterns: overlap noise ≈ 0.03 per window)."""
    ds, s = smoke_sequence, smoke_settings
    reset = associative.reset_summary(ds, s)
    spont = associative.spontaneous_summary(ds, s)["rate_E_hz"]
    assert reset["resets"] == s["protocol"]["cues"]
    assert reset["overlap_after"] < 0.15
    assert abs(reset["rate_E_after_hz"] - spont) <= 0.3 * spont


def test_overlap_is_rate_inside_minus_outside_over_r_max(smoke_sequence, smoke_settings):
    """m^μ = c Σ_j (ξ_j − a) r_j / r_max with r_j from each E neuron's spikes over a delay: the
    windowed overlaps averaged over that delay's windows equal it."""
    ds, s = smoke_sequence, smoke_settings
    x = ds["patterns"].values.astype(float)
    n_e = x.shape[1]
    a = x[0].sum() / n_e
    c = 1.0 / (n_e * a * (1 - a))
    k = associative._phases(ds, "delay")[0]
    start, end = associative._span(ds, k)
    r = ds["delay_counts"].values[0] / ((end - start) * 1e-3)
    m = c * ((x - a) * r[None, :]).sum(axis=1) / s["analysis"]["overlap_rate_hz"]
    # non-overlapping windows tiling the delay: their mean is the delay's
    bins = int(s["analysis"]["window_ms"] / s["analysis"]["bin_ms"])
    t, mt = associative.overlaps(ds, s)
    first = np.searchsorted(t, start + s["analysis"]["window_ms"] / 2 - 1e-9)
    tiles = mt[:, first:first + int((end - start) / s["analysis"]["window_ms"]) * bins:bins]
    np.testing.assert_allclose(tiles.mean(axis=1), m, atol=1e-9)


def test_identical_seeds_give_identical_runs(smoke_settings, tmp_path):
    """A short sequence twice from the same seed: identical stored arrays (spikes of the raster
    neurons, counts, gatings), also after a round trip through the store."""
    s = {**smoke_settings, "protocol": {**smoke_settings["protocol"], "spontaneous_ms": 600,
                                        "cues": 1, "long_delay_ms": 300}}
    runs = [associative.simulate_sequence(11, s) for _ in range(2)]
    path = io.write(io.with_provenance(runs[0], s), tmp_path / "run.zarr")
    back = io.load(path)
    for name in runs[0].variables:
        np.testing.assert_array_equal(runs[0][name].values, runs[1][name].values, err_msg=name)
        np.testing.assert_array_equal(back[name].values, runs[0][name].values, err_msg=name)
    assert runs[0]["raster_time"].size > 0 and back.attrs["units"]["J_hebb_mv"] == "mV"


@pytest.mark.workflow
def test_smoke_spiking_report_keeps_the_contract(smoke_run):
    """reports/spiking.json: issue 18's `associative` keys and issue 6's keys of the reference mode."""
    import json

    out = smoke_run / "results/smoke"
    side = json.loads((out / "reports/spiking.json").read_text())
    a = side["associative"]
    assert {"N_E", "N_I", "patterns", "activity", "pair_overlap_neurons", "synapse_model",
            "spontaneous", "cues", "long_delay", "reset", "capacity", "P_max", "mean_field"} <= set(a)
    assert {"rate_E_hz", "cv_isi", "duration_s", "memory_activated"} <= set(a["spontaneous"])
    for r in a["cues"]:
        assert {"pattern", "delay_s", "delay_rate_hz", "background_rate_hz", "overlap",
                "max_other_overlap", "retrieved"} <= set(r)
    assert {"pattern", "duration_s", "overlap_min"} <= set(a["long_delay"])
    assert {"overlap_after", "rate_E_after_hz"} <= set(a["reset"])
    assert all({"P", "retrieved_fraction", "cued"} <= set(c) for c in a["capacity"])
    assert len(a["mean_field"]["background_hz"]) == 2 and len(a["mean_field"]["delay_hz"]) == 2
    assert {"rate_E_hz", "rate_I_hz", "cv_isi", "duration_s", "memory_activated"} <= set(
        side["spontaneous"])
    for r in side["retrieval"]:
        assert {"pattern", "delay_s", "cued_rate_hz", "other_rate_hz", "overlap",
                "max_other_overlap", "retrieved"} <= set(r)
    assert {"measured_rate_hz", "predicted_rate_hz"} <= set(side["mean_field"])
    run = io.load(out / "spiking/runs/sequence.zarr")
    assert run["raster_time"].attrs["units"] == "ms" and run.attrs["params"]["network"]["N_E"] == 1600
    text = (out / "reports/spiking.md").read_text()
    assert "Acceptance (issue 18)" in text and "Reference mode" in text
    for name in ("sequence_raster", "sequence_overlaps", "capacity", "associative_mean_field",
                 "raster", "mean_field"):
        assert (out / f"reports/figures/spiking_{name}.png").stat().st_size > 10_000
