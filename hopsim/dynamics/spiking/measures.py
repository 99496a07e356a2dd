"""Measures on recorded spikes (steps, neurons in time order): binned counts, ISI CVs."""

from __future__ import annotations

import numpy as np


def spike_counts(steps: np.ndarray, neurons: np.ndarray, n: int, bin_steps: int,
                 n_bins: int, step0: int = 0) -> np.ndarray:
    """Spike counts (n, n_bins) in bins of bin_steps steps from step0 (spikes outside dropped)."""
    b = (np.asarray(steps, np.int64) - step0) // bin_steps
    ok = (b >= 0) & (b < n_bins)
    flat = np.asarray(neurons, np.int64)[ok] * n_bins + b[ok]
    return np.bincount(flat, minlength=n * n_bins).reshape(n, n_bins)


def isi_cv(steps: np.ndarray, neurons: np.ndarray, n: int, min_spikes: int = 3) -> np.ndarray:
    """Coefficient of variation of the inter-spike intervals of each neuron (NaN with fewer than
    min_spikes spikes). Spikes must be in time order (as recorded)."""
    neurons = np.asarray(neurons, np.int64)
    order = np.argsort(neurons, kind="stable")
    t = np.asarray(steps, np.float64)[order]
    nrn = neurons[order]
    isi = np.diff(t)
    same = nrn[1:] == nrn[:-1]
    isi, who = isi[same], nrn[1:][same]
    cnt = np.bincount(who, minlength=n)
    s1 = np.bincount(who, isi, minlength=n)
    s2 = np.bincount(who, isi * isi, minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = s1 / cnt
        var = s2 / cnt - mean**2
        cv = np.sqrt(np.maximum(var, 0.0)) / mean
    cv[cnt < max(min_spikes - 1, 2)] = np.nan
    return cv
