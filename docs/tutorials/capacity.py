# %% [markdown]
# # Capacity beside AGS
#
# How many random patterns can a Hopfield network of N neurons store? Amit, Gutfreund and
# Sompolinsky (AGS) answered for N → ∞: with Hebbian weights, stored patterns stay retrievable up
# to the load α = P/N = α_c ≈ 0.138, with an overlap m(α) close to 1 right up to there. This
# tutorial measures the same at N = 250, 500 and 1000 in seconds and draws it beside the theory. The
# study's [capacity report](../study/capacity.md) does it for N up to 4000 (and to 500 000, with
# one run at 10⁶, in [Capacity at large N](../study/capacity_large.md)) with confidence intervals.

# %%
import matplotlib.pyplot as plt
import numpy as np

from hopsim.dynamics.binary import fields_from_patterns, relax_async
from hopsim.experiments.capacity import crossing
from hopsim.learning import hebbian_sum
from hopsim.measures import overlaps
from hopsim.patterns import random_patterns
from hopsim.theory import ags_critical_load, ags_overlap

sizes = [250, 500, 1000]  # N
loads = np.round(np.arange(0.06, 0.241, 0.02), 2)  # α = P/N
sets = 8  # independent pattern sets per load
starts = 15  # runs per set, each from one stored pattern (P ≥ 15 at every N and α here)
seed = np.random.SeedSequence(7)

# %% [markdown]
# ## The measurement
#
# For each load: draw P = αN random ±1 patterns, store them with the Hebbian rule (the exact
# integer sums N·w, `hebbian_sum`), start the asynchronous dynamics at each of the first 15 stored
# patterns and run it until a sweep changes nothing. A pattern counts as retrieved when the final
# overlap m = (1/N) Σ_i ξ_i S_i with it is at least 0.95. Below α_c the network stays near the
# pattern (a few bits flip); above it the state runs off to a spurious state far from it. The
# first fields come from the patterns, Σ_μ ξ^μ (ξ^μ·S) − P S, in O(NP) rather than O(N²)
# (`fields_from_patterns`; `symmetric=True` skips the check that Hebbian weights are symmetric).

# %%
def final_overlaps(N, seed):
    """Final overlap of each run with its pattern: (load, set, start)."""
    final = np.empty((loads.size, sets, starts))
    for i, (alpha, load_seed) in enumerate(zip(loads, seed.spawn(loads.size))):
        P = int(round(alpha * N))
        for s, set_seed in enumerate(load_seed.spawn(sets)):
            pattern_seed, order_seed = set_seed.spawn(2)
            patterns = random_patterns(np.random.default_rng(pattern_seed), P, N)
            targets = patterns[:starts]
            end = relax_async(hebbian_sum(patterns), targets,
                              order_seed.generate_state(starts, dtype=np.uint64), max_sweeps=200,
                              initial_fields=fields_from_patterns(patterns, targets), symmetric=True)
            final[i, s] = overlaps(targets, end.states).diagonal()
    return final


mean_overlap, retrieved = {}, {}
for N, size_seed in zip(sizes, seed.spawn(len(sizes))):
    final = final_overlaps(N, size_seed)
    mean_overlap[N] = final.mean(axis=(1, 2))
    retrieved[N] = (final >= 0.95).mean(axis=(1, 2))

print("fraction retrieved (m ≥ 0.95)")
print("    α" + "".join(f"{f'N = {N}':>11}" for N in sizes))
for i, alpha in enumerate(loads):
    print(f"{alpha:5.2f}" + "".join(f"{retrieved[N][i]:11.2f}" for N in sizes))

# %% [markdown]
# ## Beside the theory
#
# `ags_overlap(α)` solves the replica-symmetric AGS equations at T = 0, erf(y) = y(√(2α) +
# (2/√π) e^(−y²)), m = erf(y); it has no retrieval solution above α_c (`ags_critical_load`).
# The finite network's capacity α_c(N) is where the retrieved fraction crosses ½.

# %%
alpha_c, m_c = ags_critical_load()
theory_loads = np.linspace(0.005, alpha_c, 200)

fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
left.plot(theory_loads, ags_overlap(theory_loads), "k-", label="AGS m(α), N → ∞")
right.axvline(alpha_c, color="k", ls="--", label=f"AGS α_c = {alpha_c:.3f}")
right.axhline(0.5, color="grey", lw=0.8)
for N in sizes:
    left.plot(loads, mean_overlap[N], "o-", ms=4, label=f"N = {N}")
    right.plot(loads, retrieved[N], "o-", ms=4, label=f"N = {N}")
left.set_xlabel("load α = P/N")
left.set_ylabel("mean final overlap m")
left.legend()
right.set_xlabel("load α = P/N")
right.set_ylabel("fraction retrieved (m ≥ 0.95)")
right.legend()
fig.tight_layout()
plt.show()
print(f"AGS (N → ∞): α_c = {alpha_c:.4f}, m(α_c) = {m_c:.4f}")
for N in sizes:
    print(f"N = {N:4d}: α_c(N) = {crossing(loads, retrieved[N]):.3f}")

# %% [markdown]
# Well below α_c the measured overlaps sit on the AGS curve. Finite networks keep their patterns
# beyond the AGS α_c, and less so the larger they are: α_c(N) falls towards 0.138 as N grows,
# like N^(−1/2). The capacity report fits α_c(N) = a + b N^(−1/2) to N = 500 … 4000 and finds
# 0.140 for N → ∞.
