# %% [markdown]
# # Glauber dynamics: overlap against temperature
#
# At temperature T a neuron no longer follows its field h_i = Σ_j w_ij S_j deterministically:
# Glauber dynamics sets S_i = +1 with probability g(h_i) = ½(1 + tanh(h_i/T)), one neuron at a
# time. At low load (few patterns, α = P/N → 0) mean-field theory predicts the overlap m with a
# stored pattern from m = tanh(m/T): retrieval (m > 0) below T_c = 1, none above. This tutorial
# measures m(T) in a network of 5000 neurons and draws it beside that curve. The study's
# [stochastic report](../study/stochastic.md) adds the overlap map and the (α, T) retrieval region.

# %%
import matplotlib.pyplot as plt
import numpy as np

from hopsim.dynamics.glauber import glauber_async
from hopsim.patterns import random_pattern_columns
from hopsim.theory import ags_state, meanfield_overlap, retrieval_boundary

N, P = 5000, 5  # α = 0.001: low load, as the mean-field curve assumes
sweeps, burn_in = 300, 50  # m is averaged over sweeps burn_in + 1 … sweeps
temperatures = np.round(np.arange(0.1, 1.31, 0.05), 2)
starts = 4  # independent runs per temperature, each from stored pattern 0
seed = np.random.SeedSequence(11)

# %% [markdown]
# ## The mean-field equation
#
# The stationary overlap solves m = tanh(m/T). Drawn as curves, its solutions are where tanh(m/T)
# crosses the diagonal: besides m = 0, a pair ±m* for T < 1, none for T ≥ 1.
# `meanfield_overlap(T)` finds m* by root finding.

# %%
m = np.linspace(-1.2, 1.2, 241)
fig, ax = plt.subplots(figsize=(4.5, 3.6))
ax.plot(m, m, "k-", lw=0.8, label="m")
for T in (0.5, 0.9, 1.2):
    line, = ax.plot(m, np.tanh(m / T), label=f"tanh(m/T), T = {T}")
    root = meanfield_overlap(T)
    ax.plot([root, -root], [root, -root], "o", color=line.get_color())
ax.set_xlabel("m")
ax.legend(fontsize=8)
plt.show()
print({T: round(meanfield_overlap(T), 4) for T in (0.5, 0.8, 0.9, 1.2)})

# %% [markdown]
# ## Simulation
#
# `glauber_async` runs the dynamics with the Hebbian weights w = (1/N) Σ_μ ξ^μ ξ^μᵀ given by the
# patterns themselves (neuron-major, (N, P)), for a fixed number of sweeps, and records the
# overlap with pattern 0 after every sweep. Each run has its own seeds: one for the order in
# which neurons are visited, one for the update noise.

# %%
pattern_seed, order_seed, noise_seed = seed.spawn(3)
columns = random_pattern_columns(np.random.default_rng(pattern_seed), P, N)  # (N, P)
start = np.repeat(columns[:, 0][None, :], starts, axis=0)  # every run starts at pattern 0

traces = {}
for T, order, noise in zip(temperatures, order_seed.spawn(temperatures.size),
                           noise_seed.spawn(temperatures.size)):
    _, overlap = glauber_async(columns, start, order.generate_state(starts, dtype=np.uint64),
                               noise.generate_state(starts, dtype=np.uint64), T, sweeps)
    traces[T] = overlap[:, :, 0]  # (start, sweep 0 … sweeps)

fig, ax = plt.subplots(figsize=(6, 3.2))
for T in (0.5, 0.9, 1.1):
    ax.plot(traces[T][0], lw=0.8, label=f"T = {T}")
ax.axvline(burn_in, color="grey", ls=":", label="end of burn-in")
ax.set_xlabel("sweep")
ax.set_ylabel("overlap m with pattern 0")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# At T = 0.5 the overlap stays close to 1; at T = 0.9 it fluctuates widely around a lower value;
# at T = 1.1, above T_c, it decays to zero within a few sweeps.
#
# ## m against T
#
# The stationary overlap of a run is its time average after the burn-in; the points are the mean
# over the runs. Beside the mean-field curve (α → 0), the replica-symmetric AGS solution at this
# network's load α = P/N (`ags_state(α, T)`, which also counts the noise from the other stored
# patterns): its retrieval branch ends at T_M(α) (`retrieval_boundary`) with a jump to m = 0.

# %%
measured = np.array([traces[T][:, burn_in + 1:].mean() for T in temperatures])
alpha = P / N
theory_T = np.linspace(0.02, 1.3, 300)
fig, ax = plt.subplots(figsize=(5.5, 3.6))
ax.plot(theory_T, [meanfield_overlap(T) for T in theory_T], "k-", label="m = tanh(m/T), α → 0")
ax.plot(theory_T, [ags_state(alpha, T)[0] for T in theory_T], "k--", label=f"AGS, α = {alpha}")
ax.plot(temperatures, measured, "o", label=f"Glauber, N = {N}, P = {P}")
ax.set_xlabel("temperature T")
ax.set_ylabel("stationary overlap ⟨m⟩")
ax.legend()
plt.show()
print(f"AGS retrieval boundary at α = {alpha}: T_M = {retrieval_boundary(alpha):.3f}")
for T in (0.5, 0.8, 0.9, 0.95, 1.2):
    print(f"T = {T}: measured {measured[np.isclose(temperatures, T)][0]:.3f}, "
          f"mean field {meanfield_overlap(T):.3f}, AGS {ags_state(alpha, T)[0]:.3f}")

# %% [markdown]
# The measured overlaps follow the mean-field curve up to T ≈ 0.9, and the AGS curve of their own
# load a little more closely: the other stored patterns add noise to every field, which lowers m
# and ends retrieval at T_M(α) < 1 (0.938 at α = 0.001; the transition is discontinuous there).
# Just below T_M a finite network leaves the retrieval state now and then by a fluctuation, which
# lowers the time average; above it the overlap decays to zero and fluctuates by about 1/√N.
