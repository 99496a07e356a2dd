# %% [markdown]
# # Store your own pictures
#
# A Hopfield network stores patterns of ±1 and retrieves them from noisy cues. Any picture can be
# such a pattern: one neuron per pixel, +1 where the pixel is dark, −1 where it is light. This
# tutorial makes four PNG files with matplotlib (put your own PNG files in their place), turns
# each into a ±1 pattern with a threshold, stores the patterns, and retrieves each picture from
# a cue with a fraction of its pixels flipped. Along the way it shows why the plain Hebbian rule
# fails on pictures and which rule does not.

# %%
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from hopsim.dynamics.binary import relax_async
from hopsim.learning import hebbian_sum
from hopsim.learning.pseudo_inverse import pseudo_inverse_weights
from hopsim.measures import overlaps
from hopsim.patterns import flip_bits

SIDE = 40  # pictures are resampled to SIDE × SIDE pixels: N = 1600 neurons
seed = np.random.SeedSequence(2024)  # every random number below derives from it

# %% [markdown]
# ## Four PNG files
#
# Four symbols, drawn in black on white and saved as PNG files in the working directory. To store
# your own pictures, replace this cell by a list of your files: `files = [Path("cat.png"), …]`.

# %%
symbols = {"H": "H", "smile": "☺", "heart": "♥", "Z": "Z"}
for name, symbol in symbols.items():
    fig = plt.figure(figsize=(2, 2), dpi=100)
    fig.text(0.5, 0.5, symbol, ha="center", va="center", fontsize=150, fontweight="bold")
    fig.savefig(f"{name}.png")
    plt.close(fig)
files = [Path(f"{name}.png") for name in symbols]
for f in files:
    print(f"{f}: {f.stat().st_size} bytes")


# %% [markdown]
# ## From any PNG to a ±1 pattern
#
# `plt.imread` reads a PNG as floats in [0, 1] (grey, RGB or RGBA). The picture is averaged to
# grey, resampled to SIDE × SIDE by taking the nearest pixel, and thresholded at its own mean grey
# level: darker pixels become +1, lighter ones −1. A photograph works the same way.

# %%
def png_to_pattern(path, side=SIDE):
    image = plt.imread(path)
    grey = image[..., :3].mean(axis=-1) if image.ndim == 3 else image
    rows = np.arange(side) * grey.shape[0] // side
    cols = np.arange(side) * grey.shape[1] // side
    small = grey[np.ix_(rows, cols)]
    return np.where(small < small.mean(), 1, -1).astype(np.int8).ravel()


patterns = np.array([png_to_pattern(f) for f in files])  # (P, N): one pattern per row
P, N = patterns.shape
names = [f.stem for f in files]


def show(rows, titles, row_labels):
    """A grid of ±1 states shown as pictures, one row per entry of `rows`."""
    fig, axes = plt.subplots(len(rows), len(titles), figsize=(1.6 * len(titles), 1.7 * len(rows)),
                             squeeze=False)
    for r, (states, label) in enumerate(zip(rows, row_labels)):
        for c, state in enumerate(states):
            axes[r, c].imshow(state.reshape(SIDE, SIDE), cmap="gray_r", vmin=-1, vmax=1)
            axes[r, c].set_xticks([])
            axes[r, c].set_yticks([])
            axes[0, c].set_title(titles[c])
        axes[r, 0].set_ylabel(label)
    fig.tight_layout()
    plt.show()


show([patterns], names, ["pattern"])
print(f"N = {N} neurons, P = {P} pictures; fraction of +1 (dark) pixels:",
      np.round((patterns > 0).mean(axis=1), 2))

# %% [markdown]
# ## Pictures are alike
#
# The overlap m = (1/N) Σ_i ξ_i^μ ξ_i^ν of two independent random patterns is about ±1/√N = ±0.03.
# Pictures share their light background, so their overlaps are far larger:

# %%
similarity = overlaps(patterns, patterns)
print("overlaps between the pictures:")
print("        " + " ".join(f"{n:>6}" for n in names))
for name, row in zip(names, similarity):
    print(f"{name:>6}  " + " ".join(f"{m:6.2f}" for m in row))

# %% [markdown]
# ## Cues, and the Hebbian rule
#
# Each cue is a picture with exactly 20 % of its pixels flipped (`flip_bits`). The Hebbian weights
# w_ij = (1/N) Σ_μ ξ_i^μ ξ_j^μ are kept as the exact integer sums N·w (`hebbian_sum`), and
# `relax_async` updates one neuron at a time, S_i ← sgn(Σ_j w_ij S_j), in a fresh random order each
# sweep, until a sweep changes nothing. Each start has its own seed for its update order.

# %%
flip_rng, order_seed = (np.random.default_rng(s) for s in seed.spawn(2))
cues = flip_bits(patterns, int(0.2 * N), flip_rng)
orders = order_seed.integers(0, 2**63, P, dtype=np.uint64)

hebb = relax_async(hebbian_sum(patterns), cues, orders, max_sweeps=50)
show([cues, hebb.states], names, ["cue", "Hebb"])
print("overlap of each end state with its own picture:",
      np.round(overlaps(patterns, hebb.states).diagonal(), 2))

# %% [markdown]
# Only the smile, the picture least like the others, is retrieved. The other cues end in spurious
# states, their picture with parts of the others stamped on it (overlap 0.75–0.9, short of the
# 0.95 that counts as retrieved): a picture's field carries every other picture in proportion to
# their overlap (0.4–0.5 here), and together these outweigh its own. The Hebbian rule is made for
# uncorrelated patterns.
#
# ## The pseudo-inverse rule
#
# The projection rule W = Xᵀ (X Xᵀ)⁻¹ X (the patterns are the rows of X; zero diagonal) makes every
# stored pattern an exact fixed point however correlated the patterns are, as long as they are
# linearly independent (`pseudo_inverse_weights`). Same cues, same update orders:

# %%
projection = pseudo_inverse_weights(patterns)
pinv = relax_async(projection, cues, orders, max_sweeps=50)
show([cues, pinv.states], names, ["cue", "pseudo-inverse"])
print("overlap of each end state with its own picture:",
      np.round(overlaps(patterns, pinv.states).diagonal(), 2))

# %% [markdown]
# ## How much noise is too much?
#
# 20 cues per picture at each fraction q of flipped pixels; a cue counts as retrieved when the end
# state's overlap with its picture is at least 0.95. At q = ½ a cue carries no information.

# %%
noise = [0.1, 0.2, 0.3, 0.35, 0.4, 0.45]
repeats = 20
targets = np.repeat(np.arange(P), repeats)
retrieved = {"Hebb": [], "pseudo-inverse": []}
for q in noise:
    cues = flip_bits(patterns[targets], int(q * N), flip_rng)
    orders = order_seed.integers(0, 2**63, targets.size, dtype=np.uint64)
    for rule, weights in (("Hebb", hebbian_sum(patterns)), ("pseudo-inverse", projection)):
        end = relax_async(weights, cues, orders, max_sweeps=50).states
        m = overlaps(patterns, end)[np.arange(targets.size), targets]
        retrieved[rule].append(np.mean(m >= 0.95))

fig, ax = plt.subplots(figsize=(5, 3.2))
for rule, fraction in retrieved.items():
    ax.plot(noise, fraction, "o-", label=rule)
ax.set_xlabel("fraction of flipped pixels q")
ax.set_ylabel("fraction retrieved")
ax.set_ylim(-0.05, 1.05)
ax.legend()
plt.show()

# %% [markdown]
# The pseudo-inverse network retrieves every picture until the cues are nearly random; the
# Hebbian one retrieves only the picture least like the others. The study's
# [associative-memory demo](../study/demo.md) stores block letters together with many random
# patterns by plain Hebb, and the [learning-rule report](../study/learning_rules.md) compares the
# rules' capacities and basins on random patterns.
