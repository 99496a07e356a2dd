"""Binary ±1 and sparse 0/1 patterns, and the start states built from them (noisy cues,
symmetric mixtures, partial cues)."""

from __future__ import annotations

import numpy as np


def random_pattern_columns(rng: np.random.Generator, n_patterns: int, n_neurons: int) -> np.ndarray:
    """P independent patterns ξ^μ ∈ {−1, +1}^N with Pr{ξ_i = +1} = ½, neuron-major: int8 (N, P),
    column μ is pattern μ. Each bit of the generator's raw 64-bit outputs (little-endian, in
    order) fills the next entry: 64 entries per draw, so N = 10^5, P = 14 000 takes seconds, and
    the layout the pattern kernel reads comes out without a transpose."""
    size = n_patterns * n_neurons
    raw = rng.bit_generator.random_raw(-(-size // 64)).astype("<u8", copy=False)
    bits = np.unpackbits(raw.view(np.uint8), count=size, bitorder="little").view(np.int8)
    bits *= 2  # in place: at N = 10^5 one copy is already gigabytes
    bits -= 1
    return bits.reshape(n_neurons, n_patterns)


REPACK_BLOCK_WORDS = 2**20  # raw outputs repacked at a time (8 MiB): bounds the temporaries


def random_pattern_bits(rng: np.random.Generator, n_patterns: int, n_neurons: int) -> np.ndarray:
    """The patterns of `random_pattern_columns` as packed bits, never inflated to int8: uint64
    (N, ⌈P/64⌉), bit μ % 64 of word μ // 64 of row i is 1 where ξ_i^μ = +1 (padding bits 0).
    Memory N·⌈P/64⌉·8 bytes: the raw draw is repacked into rows a block at a time."""
    words = -(-n_patterns // 64)
    out = np.zeros((n_neurons, words), dtype=np.uint64)
    if out.size == 0:
        return out
    # 64 rows hold 64·P bits, a whole number of raw outputs: blocks of 64k rows start on a word.
    rows = 64 * max(1, REPACK_BLOCK_WORDS // n_patterns)
    top = np.uint64(2**64 - 1) >> np.uint64(-n_patterns % 64)  # valid bits of a row's last word
    for first in range(0, n_neurons, rows):
        r = min(rows, n_neurons - first)
        raw = rng.bit_generator.random_raw(-(-r * n_patterns // 64))
        raw = np.append(raw, np.uint64(0))  # the last row's last word may read one past the end
        start = np.arange(r, dtype=np.int64) * n_patterns  # first bit of each row in the block
        at = (start // 64)[:, None] + np.arange(words)
        shift = (start % 64).astype(np.uint64)[:, None]
        # Row bits from `shift` on: the low word's high bits, then the next word's low bits (shifted
        # in two steps: a shift by 64 is undefined).
        block = (raw[at] >> shift) | ((raw[at + 1] << np.uint64(1)) << (np.uint64(63) - shift))
        block[:, -1] &= top
        out[first:first + r] = block
    return out


def pack_columns(columns: np.ndarray) -> np.ndarray:
    """±1 patterns neuron-major (..., N, P) as the bits of `random_pattern_bits` (..., N, ⌈P/64⌉)."""
    x = np.asarray(columns)
    bits = np.packbits(x > 0, axis=-1, bitorder="little")
    pad = -bits.shape[-1] % 8
    bits = np.pad(bits, [(0, 0)] * (bits.ndim - 1) + [(0, pad)])
    return np.ascontiguousarray(bits).view("<u8").astype(np.uint64, copy=False)


def unpack_patterns(bits: np.ndarray, which: np.ndarray) -> np.ndarray:
    """Patterns ξ^μ for μ in `which`, one per row, from bits (N, ⌈P/64⌉): int8 (len(which), N)."""
    mu = np.asarray(which, dtype=np.int64)
    b = (bits[:, mu // 64] >> (mu % 64).astype(np.uint64)) & np.uint64(1)
    return np.ascontiguousarray((2 * b.astype(np.int8) - 1).T)


def random_patterns(rng: np.random.Generator, n_patterns: int, n_neurons: int) -> np.ndarray:
    """The patterns of `random_pattern_columns`, one per row: int8 (P, N)."""
    return np.ascontiguousarray(random_pattern_columns(rng, n_patterns, n_neurons).T)


def sparse_patterns(rng: np.random.Generator, n_patterns: int, n_neurons: int,
                    activity: float) -> np.ndarray:
    """P patterns ξ^μ ∈ {0, 1}^N with exactly K = round(aN) active units each, chosen uniformly:
    int8 (P, N). A fixed K makes c Σ_j (ξ_j − a) ξ_j = 1 exactly for a = K/N (with independent
    bits a pattern's own overlap would scatter by ±sqrt((1 − a)/(aN)): ±0.16 at a = 0.02,
    N = 2000, more than the retrieval criterion allows)."""
    k = active_units(activity, n_neurons)
    x = np.zeros((n_patterns, n_neurons), dtype=np.int8)
    if n_patterns:
        idx = np.argpartition(rng.random((n_patterns, n_neurons)), k - 1, axis=1)[:, :k]
        x[np.arange(n_patterns)[:, None], idx] = 1
    return x


def active_units(activity: float, n_neurons: int) -> int:
    """K = round(aN) (halves up), at least 1 and at most N − 1."""
    k = int(activity * n_neurons + 0.5)
    if not 1 <= k < n_neurons:
        raise ValueError(f"activity {activity} gives {k} active units of N = {n_neurons}; "
                         f"a pattern needs between 1 and N − 1")
    return k


def flip_bits(states: np.ndarray, n_flip: int, rng: np.random.Generator) -> np.ndarray:
    """Copy of `states` (M, N) with exactly `n_flip` distinct bits flipped in each row."""
    states = np.array(states, dtype=np.int8, copy=True)
    m, n = states.shape
    if not 0 <= n_flip <= n:
        raise ValueError(f"n_flip must be in [0, {n}], got {n_flip}")
    if n_flip == 0:
        return states
    # argpartition of uniform keys picks a uniformly random subset of size n_flip per row.
    idx = np.argpartition(rng.random((m, n)), n_flip - 1, axis=1)[:, :n_flip]
    rows = np.arange(m)[:, None]
    states[rows, idx] *= -1
    return states


def mixture_states(patterns: np.ndarray, members: np.ndarray) -> np.ndarray:
    """Symmetric odd mixtures sgn(Σ_k ξ^{μ_k}) for each row of `members` (M, odd k)."""
    members = np.asarray(members)
    if members.shape[1] % 2 == 0:
        raise ValueError("a symmetric mixture needs an odd number of patterns")
    total = patterns[members].astype(np.int16).sum(axis=1)
    return np.sign(total).astype(np.int8)


# Block letters of the associative-memory demo (seed 002): hand-written 5×5 bitmaps, scaled up
# with numpy only (no fonts, no downloaded images), so every machine draws the same pictures.
GLYPHS = {
    "A": ("01110", "10001", "11111", "10001", "10001"),
    "C": ("11111", "10000", "10000", "10000", "11111"),
    "E": ("11111", "10000", "11110", "10000", "11111"),
    "F": ("11111", "10000", "11110", "10000", "10000"),
    "H": ("10001", "10001", "11111", "10001", "10001"),
    "I": ("11111", "00100", "00100", "00100", "11111"),
    "J": ("00111", "00010", "00010", "10010", "01100"),
    "K": ("10010", "10100", "11000", "10100", "10010"),
    "L": ("10000", "10000", "10000", "10000", "11111"),
    "M": ("10001", "11011", "10101", "10001", "10001"),
    "N": ("10001", "11001", "10101", "10011", "10001"),
    "O": ("11111", "10001", "10001", "10001", "11111"),
    "P": ("11110", "10001", "11110", "10000", "10000"),
    "S": ("11111", "10000", "11111", "00001", "11111"),
    "T": ("11111", "00100", "00100", "00100", "00100"),
    "U": ("10001", "10001", "10001", "10001", "11111"),
    "V": ("10001", "10001", "10001", "01010", "00100"),
    "X": ("10001", "01010", "00100", "01010", "10001"),
    "Y": ("10001", "01010", "00100", "00100", "00100"),
    "Z": ("11111", "00010", "00100", "01000", "11111"),
}


def letter_pictures(letters: str, side: int = 50, glyph_side: int | None = None) -> np.ndarray:
    """One ±1 picture per letter of `letters` (keys of GLYPHS): the 5×5 glyph scaled to
    glyph_side × glyph_side (default: the whole frame; a multiple of 5) and centred on a
    side × side page, ink +1, paper −1, flattened row-major: int8 (len(letters), side²).
    Glyphs that fill the frame cover 36 … 64 % of it; small glyphs on a page (dark letters on a
    white sheet) are strongly biased and overlap strongly."""
    glyph_side = side if glyph_side is None else glyph_side
    if glyph_side < 5 or glyph_side % 5 or glyph_side > side:
        raise ValueError(f"glyph_side must be a positive multiple of 5 up to side = {side}, "
                         f"got {glyph_side}")
    unknown = sorted(set(letters) - set(GLYPHS))
    if unknown or not letters:
        raise ValueError(f"letters must be a non-empty string of {''.join(GLYPHS)}, got {letters!r}")
    block = np.ones((glyph_side // 5, glyph_side // 5), dtype=np.int8)
    top = (side - glyph_side) // 2
    out = np.full((len(letters), side, side), -1, dtype=np.int8)
    for k, c in enumerate(letters):
        bits = np.array([[int(b) for b in row] for row in GLYPHS[c]], dtype=np.int8)
        out[k, top:top + glyph_side, top:top + glyph_side] = 2 * np.kron(bits, block) - 1
    return out.reshape(len(letters), side * side)
