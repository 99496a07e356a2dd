# %% [markdown]
# # A spiking network: raster and rates
#
# The attractor memory of the binary model, in neurons that spike: 6400 excitatory (E) and 1600
# inhibitory (I) leaky integrate-and-fire neurons, each with 640 E and 160 I inputs drawn at random
# and 640 external Poisson inputs. Six memories are stored in the E→E synapses as disjoint groups
# of 320 neurons (Amit & Brunel 1997): synapses within a group are potentiated by J_H, and the I
# neurons carry the matching inhibition. Without a cue the network fires irregularly at a few Hz.
# A brief cue to half of one group's neurons ignites that memory: its neurons keep firing after
# the cue is gone (delay activity) while everything else stays quiet. These are the default
# study's parameters; the [spiking report](../study/spiking.md) runs every memory for longer and
# sets the spontaneous rate beside the mean-field theory.

# %%
import matplotlib.pyplot as plt
import numpy as np

from hopsim.experiments.spiking import phase_window, simulate_run, window_rates

settings = {
    "network": {  # times in ms, potentials in mV
        "N_E": 6400, "N_I": 1600, "connectivity": "fixed_indegree", "epsilon": 0.1,
        "dt_ms": 0.1, "delay_ms": 1.5, "tau_ms": 20.0, "theta_mv": 20.0, "reset_mv": 10.0,
        "t_ref_ms": 2.0, "J_mv": 0.1, "J_IE_mv": 0.4, "g_E": 5.0, "g_I": 8.0,
        "C_ext": 640, "nu_ext_hz": 18.0, "nu_ext_I_hz": 16.0,
    },
    "memory": {"patterns": 6, "activity": 0.05, "layout": "disjoint", "J_hebb_mv": 1.2,
               "inhibitory_gain": 1.3},
    "protocol": {  # warm-up, spontaneous activity, cue, delay
        "warmup_ms": 300, "warmup_fraction": 0.8, "spontaneous_ms": 500, "transient_ms": 200,
        "pre_cue_ms": 500, "cue_ms": 150, "cue_fraction": 0.5, "cue_rate_hz": 10.0,
        "delay_ms": 800,
    },
    "analysis": {"bin_ms": 10, "window_ms": 100, "overlap_rate_hz": "delay"},
}

# %% [markdown]
# ## One run
#
# `simulate_run(seed, settings, 0)` builds the network from the seed, warms it up, lets it run
# on its own, cues memory 0 (the external rate of half its neurons raised by 10 Hz for 150 ms)
# and follows the delay. It returns every spike (time, neuron) and the population rates in a
# 100 ms sliding window.

# %%
run = simulate_run(seed=5, settings=settings, run=0)
n_e = run.attrs["N_E"]
patterns = run["patterns"].values.astype(bool)  # (memory, E neuron)
for phase in run.attrs["phases"]:
    print(f"{phase['name']:>11}: {phase['start_ms']:6.0f} – {phase['end_ms']:6.0f} ms")
print(f"{run.sizes['spike']} spikes from {run.attrs['N']} neurons")

# %% [markdown]
# ## Raster
#
# 80 neurons of each kind: the cued memory 0, memory 1 (not cued), E neurons in no memory, and
# I neurons; one dot per spike. The shaded band is the cue. During the first 300 ms (the warm-up)
# the E neurons get a weaker external drive, so that the inhibition is up before they fire fully.

# %%
pick = np.random.default_rng(0)
groups = {
    "memory 0 (cued)": np.flatnonzero(patterns[0]),
    "memory 1": np.flatnonzero(patterns[1]),
    "E, no memory": np.flatnonzero(~patterns.any(axis=0)),
    "I": np.arange(n_e, run.attrs["N"]),
}
shown = {name: np.sort(pick.choice(members, 80, replace=False)) for name, members in groups.items()}
cue_start, cue_end = phase_window(run, "cue")
times, neurons = run["spike_time"].values, run["spike_neuron"].values

fig, ax = plt.subplots(figsize=(9, 4.5))
row = 0
for name, members in shown.items():
    rows = np.full(run.attrs["N"], -1)
    rows[members] = row + np.arange(members.size)
    hit = rows[neurons] >= 0
    ax.plot(times[hit], rows[neurons[hit]], ".", ms=1.5, label=name)
    row += members.size
ax.axvspan(cue_start, cue_end, color="grey", alpha=0.2, lw=0)
ax.set_xlabel("time (ms)")
ax.set_ylabel("neuron")
ax.set_yticks(40 + 80 * np.arange(len(shown)), list(shown))
plt.show()

# %% [markdown]
# ## Rates
#
# The population rates over time (each point is a 100 ms window centred on it, so a sudden change
# shows 50 ms early), and the mean rate of each kind of neuron before the cue and over the delay
# (from the spike counts).

# %%
rate = run["rate"]
fig, ax = plt.subplots(figsize=(9, 3.4))
for group, label in (("pattern 0", "memory 0 (cued)"), ("pattern 1", "memory 1"),
                     ("E outside patterns", "E, no memory"), ("I", "I")):
    ax.plot(rate["time"], rate.sel(group=group), label=label)
ax.axvspan(cue_start, cue_end, color="grey", alpha=0.2, lw=0)
ax.set_xlabel("time (ms)")
ax.set_ylabel("rate (Hz, 100 ms window)")
ax.set_yscale("symlog", linthresh=1)
ax.legend(fontsize=8, ncols=2)
plt.show()

before = window_rates(run, *phase_window(run, "spontaneous"))
delay = window_rates(run, *phase_window(run, "delay"))
print("mean rate (Hz)     before the cue   delay")
for name, members in groups.items():
    print(f"{name:>16}   {before[members].mean():12.2f} {delay[members].mean():7.2f}")

# %% [markdown]
# Before the cue the E neurons in no memory fire irregularly at about 3 Hz and the I neurons at
# about 9 Hz, while the memories' own neurons are held nearly silent: the inhibition that comes
# with their potentiated synapses outweighs the excitation those bring while no memory is on.
# After the cue, memory 0's neurons fire at tens of Hz through the whole delay, held up by their
# potentiated synapses alone, and the raised inhibition silences the other memories and the
# remaining E neurons. The report runs a cue to every memory and sets these rates beside the mean
# field of the four populations (the cued memory, the other memories, the rest of E, and I).
