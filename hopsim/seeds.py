"""Seed material: every random stream is a SeedSequence spawned from the config seed by a key.

The key names *what* the numbers are for (experiment, network size, load, trial, purpose), never
*where* they are computed, so a result does not depend on how a sweep is split into jobs.
"""

from __future__ import annotations

import numpy as np

# Experiments and purposes are small integers so that spawn keys stay plain tuples of ints.
EXPERIMENTS = {"capacity": 1, "fixed_points": 2, "stochastic": 3, "low_activity": 4, "ring": 5,
               "spiking": 6, "learning_rules": 7, "demo": 8, "benchmark": 99}
PURPOSES = {"patterns": 1, "cue": 2, "order": 3, "random_start": 4, "mixture": 5, "bootstrap": 6,
            "noise": 7, "map_noise": 8, "connectivity": 61, "initial": 62, "drive": 63,
            "cue_order": 64}


def value_key(x: float) -> int:
    """Integer key for a real parameter (α, flip fraction): the value in millionths."""
    return int(round(float(x) * 1_000_000))


def spawn_key(experiment: str, purpose: str, *parts: int) -> tuple[int, ...]:
    return (EXPERIMENTS[experiment], PURPOSES[purpose], *(int(p) for p in parts))


def seed_sequence(seed: int, key: tuple[int, ...]) -> np.random.SeedSequence:
    return np.random.SeedSequence(int(seed), spawn_key=key)


def rng(seed: int, key: tuple[int, ...]) -> np.random.Generator:
    return np.random.default_rng(seed_sequence(seed, key))


def stream_seeds(seed: int, key: tuple[int, ...], n: int) -> np.ndarray:
    """n independent 64-bit seeds for per-state generators inside compiled kernels."""
    return seed_sequence(seed, key).generate_state(n, dtype=np.uint64)


def material(seed: int, experiment: str) -> dict:
    """Seed material recorded with every dataset: the root seed and how keys are formed."""
    return {
        "seed": int(seed),
        "experiment_key": EXPERIMENTS[experiment],
        "purpose_keys": PURPOSES,
        "scheme": "numpy SeedSequence(seed, spawn_key=(experiment, purpose, N, "
                  "round(alpha*1e6), trial, ...)); per-state async orders: splitmix64 seeded "
                  "from SeedSequence.generate_state",
    }
