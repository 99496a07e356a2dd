"""Spiking benchmark, hopsim against Brian2 in one process: the associative memory of the default
study (issue 18) and workload (c) of benchmarks/peers.md.

The associative memory (`--workload associative`, the default): the network of config/config.yaml
(8000 E + 2000 I neurons, P = 100 stored patterns, slow saturating E→E and E→I synapses, fast
inhibition, structured I→E weights), built once by hopsim and given to Brian2 as the same (i, j,
weight) lists for every synapse class. Protocol: warm-up 0.5 s (E external rate × 0.8), 1 s
spontaneous, a 150 ms cue to pattern 0, 1 s delay; compared: the mean E and I rates of the
spontaneous second and the cued pattern's rate over the delay (within 10 %), and the time, hopsim
≥ 3× faster than Brian2's compiled code. Brian2's model: v, the slow current u and the gating s
per neuron, dv/dt = (−v + u)/τ_m (unless refractory), du/dt = −u/τ_s, ds/dt = −s/τ_s, integrated
exactly; at a spike s += f with f = α(1 − s) kept per neuron, and every slow synapse adds W f_pre
to u_post when the spike arrives (f_pre is still that spike's: the delay is shorter than the
refractory period).

Workload (c): 8000 LIF neurons (6400 E, 1600 I), connection probability 0.1, J = 0.1 mV, g = 5,
640 external Poisson inputs per neuron at 2 ν_thr (ν_thr = θ/(C_E J τ) = 15.625 Hz), delay 1.5 ms,
refractory 2 ms, τ = 20 ms, θ = 20 mV, V_r = 10 mV, dt = 0.1 ms, 1 s simulated. Both simulators get
the same synapses (hopsim draws them; Brian2 connects the same (i, j) lists) and the same neuron
model (inputs during refractoriness are lost in both). Brian2 runs its cython target; its first
run (code generation + compilation) is timed separately from the timed runs.

Brian2 is a benchmark-only dependency, kept out of the project venv: Brian2 2.9.0 does not import
with numpy ≥ 2.4 (np.ndarray.ptp was removed). A separate venv for the benchmark (needs a C compiler):

    python3 -m venv ~/b2env
    ~/b2env/bin/pip install 'numpy<2.3' brian2 cython numba scipy xarray zarr pyyaml jsonschema pandas
    ~/b2env/bin/pip install --no-deps -e .
    ~/b2env/bin/python benchmarks/bench_spiking.py [--workload associative|c] [--repeats 3]

(Measured with Brian2 2.9.0 under numpy 2.2.6 in such a venv, with PYTHONPATH at the checkout
instead of the editable install.)

Brian2 is timed two ways: net.run (code cached, but Brian2 regenerates its code objects at every
run) and the time inside its compiled code objects (profile=True), which excludes code generation
and compilation; the speed criterion is judged on the latter (the one more favourable to Brian2).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np

from hopsim import seeds
from hopsim.dynamics import spiking as sp
from hopsim.theory import lif

NE, NI, EPS, J, G, CEXT = 6400, 1600, 0.1, 0.1, 5.0, 640
TAU, THETA, VR, TREF, DELAY, DT, T_MS = 20.0, 20.0, 10.0, 2.0, 1.5, 0.1, 1000.0
SEED = 2024
NU_EXT = 2 * lif.threshold_rate(int(EPS * NE), J, TAU, THETA)


def synapses():
    n = NE + NI
    s_e, s_i = seeds.stream_seeds(SEED, seeds.spawn_key("benchmark", "connectivity", n), 2)
    pe, qe = sp.connect(int(s_e), n, 0, NE, "bernoulli", EPS, True)
    pi, qi = sp.connect(int(s_i), n, NE, NI, "bernoulli", EPS, True)
    pre, post = np.concatenate([pe, pi]), np.concatenate([qe, qi])
    return pre, post, np.where(pre < NE, J, -G * J)


def initial_v():
    return seeds.rng(SEED, seeds.spawn_key("benchmark", "initial", NE + NI)).uniform(VR, THETA, NE + NI)


def hopsim_run(pre, post, w, v0, seed):
    n = NE + NI
    cdf, guide = sp.stack_tables([sp.binomial_table(CEXT, NU_EXT * DT * 1e-3)])
    full = np.full
    net = sp.Network(DT, int(round(DELAY / DT)), full(n, TAU), full(n, THETA), full(n, VR),
                     full(n, TREF), np.zeros(n), sp.CSR.from_pairs(n, pre, post, w), full(n, J),
                     cdf, guide)
    state = sp.State.start(net, v0, seed)
    t0 = time.perf_counter()
    sp.simulate(net, state, int(T_MS / DT), np.zeros(n, np.int32))
    elapsed = time.perf_counter() - t0
    steps, neurons = state.spikes()
    return elapsed, np.bincount(neurons, minlength=n) / (T_MS * 1e-3)


def brian2_run(pre, post, w, v0, seed):
    import brian2 as b2

    b2.start_scope()
    b2.prefs.codegen.target = "cython"
    b2.defaultclock.dt = DT * b2.ms
    b2.seed(seed)
    eqs = "dv/dt = -v / tau : volt (unless refractory)"
    grp = b2.NeuronGroup(NE + NI, eqs, threshold="v >= theta", reset="v = v_r",
                         refractory=TREF * b2.ms, method="exact",
                         namespace={"tau": TAU * b2.ms, "theta": THETA * b2.mV, "v_r": VR * b2.mV})
    grp.v = v0 * b2.mV
    syn = b2.Synapses(grp, grp, "w : volt", on_pre="v_post += w * int(not_refractory_post)")
    syn.connect(i=pre, j=post)
    syn.w = w * b2.mV
    # Brian2 applies synaptic input after the threshold of the step it arrives in, hopsim before:
    # one step less delay makes the two deliver at the same threshold check
    syn.delay = (DELAY - DT) * b2.ms
    ext = b2.PoissonInput(grp, "v", N=CEXT, rate=NU_EXT * b2.Hz, weight="J * int(not_refractory)")
    mon = b2.SpikeMonitor(grp)
    net = b2.Network(grp, syn, ext, mon)
    t0 = time.perf_counter()
    net.run(T_MS * b2.ms, namespace={"J": J * b2.mV}, profile=True)
    elapsed = time.perf_counter() - t0
    # time inside the compiled code objects only (no code generation, no cache look-up)
    kernel = sum(float(t) for _, t in net.profiling_info)
    return elapsed, kernel, np.bincount(np.asarray(mon.i), minlength=NE + NI) / (T_MS * 1e-3)


# ----------------------------------------------------------------------------- associative memory

ASSOC_SEED = 20261123


def associative_settings():
    import yaml

    from hopsim.config import load_schema, validate

    root = Path(__file__).resolve().parents[1]
    cfg = validate(yaml.safe_load((root / "config/config.yaml").read_text()),
                   load_schema(root / "workflow/schemas/config.schema.yaml"))
    return cfg["spiking"]


def associative_network(settings):
    from hopsim.experiments.spiking import network as nw

    mem = settings["memory"]
    x = nw.draw_patterns(ASSOC_SEED, settings["network"]["N_E"], mem["patterns"], mem["activity"],
                         "random")
    return nw.build(ASSOC_SEED, settings, x, mem)


PHASES = (("warmup", 500.0), ("spontaneous", 1000.0), ("cue", 150.0), ("delay", 1000.0))


def _pairs(csr):
    pre = np.repeat(np.arange(csr.indptr.size - 1), np.diff(csr.indptr))
    return pre, csr.post.astype(np.int64), csr.weight


def associative_rates(steps_ms, neurons, n_e, n, x, starts):
    """(E rate, I rate) over the spontaneous second and the cued pattern's rate over the delay."""
    t = np.asarray(steps_ms)
    nrn = np.asarray(neurons)
    sp = (t >= starts["spontaneous"]) & (t < starts["cue"])
    dl = t >= starts["delay"]
    e = np.count_nonzero(sp & (nrn < n_e)) / n_e
    i = np.count_nonzero(sp & (nrn >= n_e)) / (n - n_e)
    member = np.zeros(n, bool)
    member[np.flatnonzero(x[0])] = True
    d = np.count_nonzero(dl & member[nrn]) / member.sum()
    return e, i, d


def hopsim_associative(built, settings, seed):
    from hopsim.dynamics.spiking import nmda
    from hopsim.experiments.spiking import network as nw
    from hopsim.experiments.spiking import protocol

    net, n_e = built.network, settings["network"]["N_E"]
    n = net.n
    v0 = seeds.rng(seed, seeds.spawn_key("benchmark", "initial", n)).uniform(5.0, 15.0, n)
    state = nmda.State.start(net, v0, seed)
    base = np.full(n, nw.E_BASE, np.int32)
    base[n_e:] = nw.I_BASE
    starts, t = {}, 0.0
    t0 = time.perf_counter()
    for name, ms in PHASES:
        classes = base.copy()
        if name == "warmup":
            classes[:n_e] = nw.E_WARM
        if name == "cue":
            classes[protocol.cued_neurons(ASSOC_SEED, built.patterns, 0, 0.5, "random")] = nw.E_CUE
        starts[name] = t
        nmda.simulate(net, state, int(round(ms / net.dt)), classes)
        t += ms
    elapsed = time.perf_counter() - t0
    steps, neurons = state.spikes()
    return elapsed, associative_rates(steps * net.dt, neurons, n_e, n, built.patterns, starts)


def brian2_associative(built, settings, seed):
    import brian2 as b2

    from hopsim.experiments.spiking import protocol

    b2.start_scope()
    b2.prefs.codegen.target = "cython"
    net_cfg, proto = settings["network"], settings["protocol"]
    net = built.network
    n_e, n = net_cfg["N_E"], net.n
    dt = net.dt
    b2.defaultclock.dt = dt * b2.ms
    b2.seed(seed)
    ms, mV, Hz = b2.ms, b2.mV, b2.Hz
    eqs = """dv/dt = (-v + u) / tau_m : volt (unless refractory)
             du/dt = -u / tau_s : volt
             ds/dt = -s / tau_s : 1
             f : 1
             cued : 1 (constant)
             full_drive : 1 (shared)
             cue_on : 1 (shared)
             tau_m : second (constant)
             alpha : 1 (constant)"""
    grp = b2.NeuronGroup(n, eqs, threshold="v >= theta", reset="v = v_r; f = alpha * (1 - s); s += f",
                         refractory=net_cfg["t_ref_E_ms"] * ms, method="exact",
                         namespace={"theta": net_cfg["theta_mv"] * mV, "v_r": net_cfg["reset_mv"] * mV,
                                    "tau_s": net_cfg["tau_slow_ms"] * ms})
    grp.tau_m[:n_e] = net_cfg["tau_E_ms"] * ms
    grp.tau_m[n_e:] = net_cfg["tau_I_ms"] * ms
    grp.alpha[:n_e] = net_cfg["alpha_slow"]
    grp.v = seeds.rng(seed, seeds.spawn_key("benchmark", "initial", n)).uniform(5.0, 15.0, n) * mV
    E, I = grp[:n_e], grp[n_e:]
    # every synapse delivers one step early: Brian2 applies it after the threshold of the step it
    # arrives in, hopsim before the membrane update of that step
    delay = (net.delay_steps - 1) * dt * ms
    fast = b2.Synapses(grp, grp, "w : volt", on_pre="v_post += w * int(not_refractory_post)",
                       delay=delay)
    pre, post, weights = _pairs(net.delta)
    fast.connect(i=pre, j=post)
    fast.w = weights * mV
    slow = b2.Synapses(grp, grp, "W : volt", on_pre="u_post += W * f_pre", delay=delay)
    pre, post, weights = _pairs(net.slow)
    slow.connect(i=pre, j=post)
    slow.W = weights * mV
    # the E drive as two independent Poisson inputs (their sum is Poisson at the sum of the
    # rates): the warm-up part always on, the rest switched on after the warm-up
    warm = proto["warmup_fraction"] * net_cfg["nu_ext_E_hz"]
    rate_e = b2.PoissonInput(E, "v", N=net_cfg["C_ext"], rate=warm * Hz,
                             weight=f"{net_cfg['J_ext_E_mv']} * mV * int(not_refractory)")
    rest_e = b2.PoissonInput(E, "v", N=net_cfg["C_ext"], rate=(net_cfg["nu_ext_E_hz"] - warm) * Hz,
                             weight=f"{net_cfg['J_ext_E_mv']} * mV * full_drive * int(not_refractory)")
    rate_i = b2.PoissonInput(I, "v", N=net_cfg["C_ext"], rate=net_cfg["nu_ext_I_hz"] * Hz,
                             weight=f"{net_cfg['J_ext_I_mv']} * mV * int(not_refractory)")
    # the cue: ν_cue more on each of the cued neurons' C_ext external inputs (independent draws)
    grp.cued[protocol.cued_neurons(ASSOC_SEED, built.patterns, 0, 0.5, "random")] = 1
    cue = b2.PoissonInput(E, "v", N=net_cfg["C_ext"], rate=proto["cue_rate_hz"] * Hz,
                          weight=f"{net_cfg['J_ext_E_mv']} * mV * cued * cue_on * int(not_refractory)")
    mon = b2.SpikeMonitor(grp)
    network = b2.Network(grp, fast, slow, rate_e, rest_e, rate_i, cue, mon)
    starts, t, kernel, wall = {}, 0.0, 0.0, 0.0
    for name, length in PHASES:
        grp.full_drive = 0.0 if name == "warmup" else 1.0
        grp.cue_on = 1.0 if name == "cue" else 0.0
        starts[name] = t
        t0 = time.perf_counter()
        network.run(length * ms, profile=True)
        wall += time.perf_counter() - t0
        kernel += sum(float(x) for _, x in network.profiling_info)
        t += length
    return wall, kernel, associative_rates(np.asarray(mon.t / ms), np.asarray(mon.i), n_e, n,
                                           built.patterns, starts)


def run_associative(repeats):
    settings = associative_settings()
    t0 = time.perf_counter()
    built = associative_network(settings)
    print(f"associative memory: N = {built.network.n}, {built.n_synapses} synapses with weight, "
          f"P = {settings['memory']['patterns']}; built in {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    hopsim_associative(built, settings, 1)
    print(f"hopsim first call (numba compile or cache load + run): {time.perf_counter() - t0:.2f} s")
    t0 = time.perf_counter()
    brian2_associative(built, settings, 1)
    print(f"Brian2 cython first run (code generation + compilation + run): "
          f"{time.perf_counter() - t0:.2f} s")
    times = {"hopsim": [], "brian2": [], "brian2_kernel": []}
    rates = {"hopsim": [], "brian2": []}
    for r in range(repeats):  # interleaved
        el, rate = hopsim_associative(built, settings, 100 + r)
        times["hopsim"].append(el)
        rates["hopsim"].append(rate)
        el, kernel, rate = brian2_associative(built, settings, 100 + r)
        times["brian2"].append(el)
        times["brian2_kernel"].append(kernel)
        rates["brian2"].append(rate)
    th, tb, tk = (statistics.median(times[k]) for k in ("hopsim", "brian2", "brian2_kernel"))
    rh, rb = np.mean(rates["hopsim"], axis=0), np.mean(rates["brian2"], axis=0)
    simulated = sum(ms for _, ms in PHASES) / 1000
    print(f"hopsim (numba, 1 thread): {th:.2f} s for {simulated:g} s simulated "
          f"(runs: {', '.join(f'{x:.2f}' for x in times['hopsim'])})")
    print(f"Brian2 cython, net.run: {tb:.2f} s; in compiled code objects only: {tk:.2f} s")
    speed = tk / th
    print(f"speed-up vs Brian2 compiled code: {speed:.2f}x (required ≥ 3): "
          f"{'holds' if speed >= 3 else 'FAILS'}; vs net.run: {tb / th:.2f}x")
    ok = True
    for k, name in enumerate(("E rate, spontaneous", "I rate, spontaneous", "cued pattern, delay")):
        diff = abs(rh[k] - rb[k]) / rb[k]
        ok &= diff <= 0.1
        print(f"{name}: hopsim {rh[k]:.3f} Hz, Brian2 {rb[k]:.3f} Hz, {100 * diff:.1f} % "
              f"(required ≤ 10 %)")
    print(f"rates: {'hold' if ok else 'FAIL'}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--workload", choices=("associative", "c"), default="associative")
    args = ap.parse_args()
    if args.workload == "associative":
        run_associative(args.repeats)
        return
    pre, post, w = synapses()
    v0 = initial_v()
    print(f"workload (c): N = {NE + NI}, {pre.size} synapses, ν_ext = {NU_EXT:.3f} Hz, 1 s")
    t0 = time.perf_counter()
    hopsim_run(pre, post, w, v0, 1)
    print(f"hopsim first call (numba compile or cache load + run): {time.perf_counter() - t0:.2f} s")
    t0 = time.perf_counter()
    b_first, b_first_kernel, _ = brian2_run(pre, post, w, v0, 1)
    print(f"Brian2 cython first run (code generation + compilation + run): "
          f"{time.perf_counter() - t0:.2f} s (of which net.run {b_first:.2f} s, "
          f"in compiled code {b_first_kernel:.2f} s)")
    times = {"hopsim": [], "brian2": [], "brian2_kernel": []}
    rates = {"hopsim": [], "brian2": []}
    for r in range(args.repeats):  # interleaved
        el, rate = hopsim_run(pre, post, w, v0, 100 + r)
        times["hopsim"].append(el)
        rates["hopsim"].append(rate.mean())
        time.sleep(0.3)
        el, kernel, rate = brian2_run(pre, post, w, v0, 100 + r)
        times["brian2"].append(el)
        times["brian2_kernel"].append(kernel)
        rates["brian2"].append(rate.mean())
        time.sleep(0.3)
    th, tb = statistics.median(times["hopsim"]), statistics.median(times["brian2"])
    tk = statistics.median(times["brian2_kernel"])
    rh, rb = statistics.mean(rates["hopsim"]), statistics.mean(rates["brian2"])

    def runs(xs):
        return ", ".join(f"{x:.2f}" for x in xs)

    print(f"hopsim (numba, 1 thread):   {th:.2f} s  (runs: {runs(times['hopsim'])}), mean rate {rh:.2f} Hz")
    print(f"Brian2 cython, net.run:     {tb:.2f} s  (runs: {runs(times['brian2'])}), mean rate {rb:.2f} Hz "
          "(code cached; net.run still regenerates code each run)")
    print(f"Brian2 cython, in compiled code objects only (profile=True): {tk:.2f} s "
          f"(runs: {runs(times['brian2_kernel'])})")
    speed = tk / th  # judged against Brian2's pure simulation time: compilation and codegen excluded
    print(f"speed-up vs Brian2 net.run: {tb / th:.2f}x")
    diff = abs(rh - rb) / rb
    print(f"speed-up hopsim vs Brian2 cython, compiled code only: {speed:.2f}x (required ≥ 2): "
          f"{'holds' if speed >= 2 else 'FAILS'}")
    print(f"mean rates differ by {100 * diff:.1f} % (required ≤ 10 %): {'holds' if diff <= 0.1 else 'FAILS'}")
    neuron = {"tau_ms": TAU, "theta": THETA, "reset": VR, "t_ref_ms": TREF}
    predicted = lif.brunel_rate(640, 160, J, G, CEXT, NU_EXT, neuron)
    print(f"mean field (Brunel 2000, fixed in-degree): {predicted:.2f} Hz")


if __name__ == "__main__":
    main()
