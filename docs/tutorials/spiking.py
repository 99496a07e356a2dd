# %% [markdown]
# # A spiking associative memory
#
# The Hopfield model carried over to neurons that spike: 1600 excitatory (E) and 400 inhibitory (I)
# leaky integrate-and-fire neurons, each with 800 E and 200 I inputs drawn at random and 800
# external Poisson inputs. P = 20 random patterns are stored, each a set of exactly a·N_E = 80 E
# neurons (activity a = 0.05) drawn independently of the others, so that two patterns share about
# a²·N_E = 4 neurons and many neurons belong to more than one. The covariance rule
# w_ij ∝ Σ_μ ξ_i^μ (ξ_j^μ − a) is split in two: its Hebbian term J_H Σ_μ ξ_i^μ ξ_j^μ is a slow,
# saturating (NMDA-like) E→E synapse, and its pooled negative term is carried by the I population,
# whose inhibition onto each E neuron grows with that neuron's potentiated synapses. No E neuron
# inhibits another directly.
#
# Without a cue the network fires irregularly at low rates and no memory switches on by itself. A
# brief cue to half of one pattern's neurons ignites that pattern: its neurons keep firing after
# the cue is gone (delay activity) while the rest stay quiet, and an input to the I population
# switches it off again. The settings below are those of the smoke-test config
# (`config/smoke.yaml`, with the defaults filled in; the [configuration reference](../config.md)
# explains every key), sized to run in seconds. The study's [spiking report](../study/spiking.md)
# runs 8000 E + 2000 I neurons with 100 patterns, measures the capacity against P and sets the
# rates beside the mean field.

# %%
import matplotlib.pyplot as plt
import numpy as np

from hopsim.experiments.spiking import associative

settings = {  # times in ms, potentials in mV, rates in Hz
    "network": {
        "N_E": 1600, "N_I": 400, "connectivity": "fixed_indegree", "epsilon": 0.5, "dt_ms": 0.25,
        "delay_ms": 1.5, "tau_E_ms": 20.0, "tau_I_ms": 20.0, "theta_mv": 20.0, "reset_mv": 10.0,
        "t_ref_E_ms": 2.0, "t_ref_I_ms": 2.0,
        "C_ext": 800, "J_ext_E_mv": 0.1, "J_ext_I_mv": 0.4, "nu_ext_E_hz": 20.69, "nu_ext_I_hz": 2.87,
        "J_EI_mv": 0.1, "W_EI_mv": 0.4, "J_IE_mv": 0.5, "J_II_mv": 0.3,  # W: slow, J: fast synapses
        "tau_slow_ms": 100.0, "alpha_slow": 0.3,  # decay and jump of the slow synapses' gating
    },
    "memory": {"layout": "random", "patterns": 20, "activity": 0.05, "rule": "linear",
               "J_hebb_mv": 0.4, "balance_E_hz": 1.0, "balance_I_hz": 10.0},
    "protocol": {
        "warmup_ms": 300, "warmup_fraction": 0.8, "spontaneous_ms": 2000, "transient_ms": 300,
        "cues": 4, "cue_ms": 150, "cue_fraction": 0.5, "cue_rate_hz": 10.0,
        "delay_ms": 1000, "long_delay_ms": 2000, "reset_ms": 200, "reset_rate_hz": 10.0,
        "recovery_ms": 700,
    },
    "analysis": {"bin_ms": 10, "window_ms": 100, "overlap_rate_hz": 20.0},
}

# %% [markdown]
# ## One sequence
#
# `associative.simulate_sequence(seed, settings)` draws the patterns and the network from the seed,
# picks 4 distinct patterns to cue in random order and simulates the whole sequence in one run: a
# 300 ms warm-up (the E neurons' external drive at 80 %, so that the inhibition is up before they
# fire fully), 2 s of spontaneous activity, then for each cue 150 ms in which half of the pattern's
# neurons get 10 Hz more on each of their external inputs, a delay without any input (1 s; 2 s
# after the last cue), a 200 ms reset (10 Hz more on every external input of every I neuron) and
# 700 ms of recovery. A long run has millions of spikes, so the xarray Dataset it returns keeps
# spike counts (per pattern in 10 ms bins, per neuron over each delay) and the spikes of a few
# neurons only: about 40 from each of the first four cued patterns and from one never cued.

# %%
run = associative.simulate_sequence(seed=7, settings=settings)
x = run["patterns"].values.astype(bool)  # (pattern, E neuron)
shared = x.astype(int) @ x.T.astype(int)  # neurons that two patterns have in common
print(f"{x.shape[0]} patterns of {x.sum(axis=1).min()} neurons; two share "
      f"{shared[np.triu_indices(x.shape[0], 1)].mean():.1f} on average; "
      f"{(x.sum(axis=0) >= 2).sum()} neurons are in two or more")
phases = list(zip(run["phase_name"].values, run["phase_start"].values / 1000,
                  run["phase_end"].values / 1000, run["phase_pattern"].values))
for name, start, end, mu in phases:
    print(f"{name:>11} {'' if mu < 0 else f'pattern {mu}':>10}: {start:5.2f} – {end:5.2f} s")

# %% [markdown]
# ## Raster
#
# The recorded neurons grouped by pattern, one row per neuron and one tick per spike: the cued
# patterns in the order of their cues, and one never cued. A neuron that belongs to two of the
# shown patterns appears in both groups, its spikes in black: it fires whenever either of its
# patterns is on, so black rows light up in the delays of other patterns. Yellow bands are the
# cues, blue ones the resets.

# %%
def shade(ax):
    for name, start, end, _ in phases:
        if name in ("cue", "reset"):
            ax.axvspan(start, end, color="#f2c14e" if name == "cue" else "#9ecae1", lw=0, zorder=0)


times, neurons = run["raster_time"].values / 1000, run["raster_neuron"].values
recorded = np.array(run.attrs["raster_neurons"])
groups = run.attrs["raster_patterns"]
in_group = x[groups][:, recorded]  # (group, recorded neuron)
fig, ax = plt.subplots(figsize=(10, 4.5))
top, ticks = 0, []
for g, mu in enumerate(groups):
    members = recorded[in_group[g]]
    in_two = in_group[:, in_group[g]].sum(axis=0) >= 2
    members = np.concatenate([members[in_two], members[~in_two]])  # the shared ones first
    row = np.full(x.shape[1], -1)
    row[members] = top + np.arange(members.size)
    two = np.zeros(x.shape[1], bool)
    two[members[: in_two.sum()]] = True
    for pick, color in ((~two[neurons], f"C{g}"), (two[neurons], "k")):
        hit = pick & (row[neurons] >= 0)
        ax.scatter(times[hit], row[neurons[hit]], s=4, marker="|", lw=0.8, color=color)
    label = f"pattern {mu}" if mu in run.attrs["cues"] else f"pattern {mu}\n(never cued)"
    ticks.append((top + members.size / 2, label))
    top += members.size + 6
shade(ax)
ax.set_yticks(*zip(*ticks))
ax.set_ylim(-3, top)
ax.set_xlabel("time (s)")
plt.show()

# %% [markdown]
# ## Overlaps
#
# How much a pattern is on: m^μ(t) = c Σ_j (ξ_j^μ − a) r_j(t) / r_max with c = 1/(N_E a (1 − a)),
# r_j the rate of E neuron j in a 100 ms sliding window and r_max = 20 Hz
# (`associative.overlaps`, from the stored counts). Since every pattern has exactly a·N_E neurons,
# this is the mean rate of the pattern's neurons minus that of the other E neurons, over 20 Hz:
# m^μ = 0.5 (dotted) is a pattern firing 10 Hz above the rest, where the analysis calls a memory
# on. Subtracting a matters when patterns overlap: the neurons that an uncued pattern ν shares with
# the retrieved one fire, but about as large a fraction of the neurons outside ν belongs to the
# retrieved pattern too, so m^ν stays near 0. Below: the four cued patterns in colour and four of
# the never-cued ones in grey (each window is drawn at its centre, so a step shows 50 ms early).
# r_max is a scale, not a ceiling: during a cue the pattern's neurons fire about 40 Hz above the
# rest, and m^μ reaches 2.

# %%
t, m = associative.overlaps(run, settings)  # window centres (ms), m (pattern, window)
cued = run.attrs["cues"]
uncued = [mu for mu in range(x.shape[0]) if mu not in cued]
fig, ax = plt.subplots(figsize=(10, 3.6))
for k, mu in enumerate(uncued[:4]):
    ax.plot(t / 1000, m[mu], color="0.55", lw=0.7, label="never cued" if k == 0 else None)
for k, mu in enumerate(cued):
    ax.plot(t / 1000, m[mu], color=f"C{k}", lw=1, label=f"pattern {mu} (cue {k + 1})")
ax.axhline(associative.ACTIVE_OVERLAP, color="k", lw=0.7, ls=":")
shade(ax)
ax.set_xlabel("time (s)")
ax.set_ylabel(r"overlap $m^\mu(t)$")
ax.legend(fontsize=8, ncols=5, loc="upper center", bbox_to_anchor=(0.5, -0.18))
plt.show()

# %% [markdown]
# The numbers behind the pictures (`associative.spontaneous_summary`, `cue_rows` and
# `reset_summary`): the rates before the first cue, and for each delay the mean rate of the cued
# pattern's neurons (the delay rate), of the other E neurons and of the I neurons, the lowest
# overlap of the cued pattern and the largest |m^ν| of any other pattern over the delay.

# %%
spont = associative.spontaneous_summary(run, settings)
print(f"spontaneous: E {spont['rate_E_hz']:.2f} Hz, I {spont['rate_I_hz']:.2f} Hz, "
      f"ISI CV {spont['cv_isi']:.2f}, largest overlap {spont['max_overlap']:.2f}")
print("pattern  delay  delay rate  other E     I   lowest m  other |m|  retrieved")
for r in associative.cue_rows(run, settings):
    print(f"{r['pattern']:7d} {r['delay_s']:4.0f} s {r['delay_rate_hz']:8.1f} Hz "
          f"{r['background_rate_hz']:5.2f} Hz {r['rate_I_hz']:5.1f} Hz {r['overlap']:8.2f} "
          f"{r['max_other_overlap']:10.2f}  {r['retrieved']}")
reset = associative.reset_summary(run, settings)
print(f"after the resets: E {reset['rate_E_after_hz']:.2f} Hz, largest |m| {reset['overlap_after']:.2f}")

# %% [markdown]
# Before the first cue the E neurons fire irregularly at about 1 Hz and the I neurons at about
# 10 Hz, the rates the external drive was calibrated for, and no pattern stands out. Each cue
# ignites its pattern, and the pattern's neurons hold about 20 Hz through the whole delay with no
# input at all: they excite each other through their potentiated slow synapses, and the rate
# settles where those synapses' gating saturates (half open at 1/(α τ_slow) ≈ 33 Hz) rather than
# at the refractory ceiling. The I neurons, which the active pattern excites too, fire a little
# faster, and the other E neurons drop from about 1 Hz to about 0.3 Hz; no other pattern comes
# near m = 0.5, although each shares a few neurons with the retrieved one. The reset brings the
# network back to its spontaneous state, ready for the next cue. The report runs 20 cues in the
# full-sized network, counts how many are retrieved as P grows, and compares the rates with the
# mean field of the populations.
