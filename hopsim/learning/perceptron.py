"""Perceptron learning of recurrent weights with Gardner's normalised stability κ.

A Hopfield network is an array of perceptrons (seed 003): neuron i predicts its own bit ξ_i^μ of
every stored pattern from the other neurons' bits, through couplings w_ij (w_ii = 0). Stored
patterns are fixed points of S_i ← sgn(h_i) exactly when every neuron classifies every pattern.
The margin is Gardner's stability, normalised by the coupling norm of the row:

    Δ_i^μ = y_i^μ h_i^μ / ‖w_i‖,   ‖w_i‖² = Σ_j w_ij².

An unnormalised margin y h ≥ κ means nothing: doubling w doubles h, so any separating w reaches
any κ. Δ is unchanged by w → c w (c > 0); `theory.gardner` gives the largest load at which all
Δ ≥ κ can be reached, α_c(κ) = 1 / ∫_{−κ}^∞ Dt (t + κ)², 2 at κ = 0.

Two encodings (argument `encoding`):
* "pm1": ξ ∈ {−1, +1}; inputs x_j = ξ_j, target y_i = ξ_i, field h_i = Σ_{j≠i} w_ij ξ_j.
* "01": the seed's homework form, ξ ∈ {0, 1}; inputs v_j = ξ_j ∈ {0, 1}, target y_i = 2ξ_i − 1,
  field h_i = Σ_{j≠i} w_ij v_j − θ_i. The seed fixes θ = ½; here θ_i is learned with the couplings
  (an extra weight on a constant input −1) and ‖w_i‖ is the norm of the couplings only, Gardner's
  form for biased patterns: with a fixed θ the stability is not scale-free (growing w shrinks
  θ/‖w‖ to nothing), so a fixed threshold and a normalised κ do not go together.

Rule (batch perceptron with normalised margin): each epoch computes every Δ_i^μ; every (i, μ)
with Δ_i^μ ≤ κ adds y_i^μ x^μ to row i (−y_i^μ to θ_i), diagonal kept at zero. "≤" rather than
"<" so that at κ = 0 the zero start (Δ = 0/0, counted as failing) and zero fields are errors.
A neuron is solved when all its Δ_i^μ > κ; free rows are independent problems, so solved rows
stop (only unsolved rows are computed: the work shrinks as neurons converge). The first epoch
from w = 0 gives the Hebbian matrix (every pattern is an error), so this starts from Hebb.
When a solution with a stability larger than κ exists, the rule converges in a finite number
of epochs (perceptron convergence theorem; Gardner 1988 for the normalised
criterion); at loads near α_c(κ) the number of epochs needed diverges, so a finite epoch cap
moves the measured ½-crossing of the solved fraction below α_c(κ).

Learning rate: starting from w = 0 every update is a sum of ±x^μ, so the weights after any number
of epochs are η times those of η = 1, and since Δ is scale-free the run (errors, convergence,
epochs, stabilities) does not depend on η at all; it only scales the returned weights. The
updates are therefore done with η = 1 in float64, where the weights are integers and every
field is exact (integers below 2^53): the result does not depend on BLAS or thread count.

Symmetric variant (`symmetric=True`): one shared w_ij = w_ji. The update of row i and of row j
both act on the pair, D_ij + D_ji (D_ij = Σ_{μ err at i} y_i^μ x_j^μ), which is exactly the
perceptron step for the joint problem of all N·P constraints in the space of symmetric couplings.
It guarantees W = Wᵀ with zero diagonal at every step, hence an energy function and async
dynamics that always end in a fixed point; when it converges, the stored patterns are fixed
points with stability > κ. It does not guarantee convergence where the free rule converges (the
symmetric solutions are a subset of the free ones, and rows are now coupled: updating row j
changes row i, so a solved neuron can become unsolved and all rows run until all are solved),
and, with the row-wise normalisation, no convergence theorem is claimed for κ > 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import numerics
from ..patterns import random_patterns
from .hebb import check_patterns

ENCODINGS = {"pm1": (-1, 1), "01": (0, 1)}


@dataclass
class PerceptronResult:
    """Outcome of `perceptron_weights` for a network of N neurons."""

    solved: np.ndarray          # (N,) bool: every pattern has Δ_i^μ > κ with the returned weights
    epochs: np.ndarray          # (N,) int: epochs in which row i was updated (= epochs to converge, free)
    min_stability: np.ndarray   # (N,) min_μ Δ_i^μ with the returned weights
    threshold: np.ndarray       # (N,) θ_i (zeros for "pm1")
    kappa: float
    max_epochs: int
    symmetric: bool

    @property
    def solved_fraction(self) -> float:
        """Fraction of neurons whose perceptron problem is solved."""
        return float(self.solved.mean())

    @property
    def epochs_used(self) -> int:
        """Epochs the run took (the cap when some neuron is unsolved)."""
        return int(self.epochs.max(initial=0))

    @property
    def converged(self) -> bool:
        return bool(self.solved.all())


def _problem(patterns, encoding: str):
    if encoding not in ENCODINGS:
        raise ValueError(f"encoding must be one of {sorted(ENCODINGS)}, got {encoding!r}")
    xi = check_patterns(patterns, "patterns", ENCODINGS[encoding]).astype(np.float64)
    y = xi if encoding == "pm1" else 2.0 * xi - 1.0
    return xi, y


def stabilities(weights: np.ndarray, patterns: np.ndarray, threshold=None,
                encoding: str = "pm1") -> np.ndarray:
    """Δ_i^μ = y_i^μ (Σ_j w_ij x_j^μ − θ_i) / ‖w_i‖ for every pattern and neuron, (P, N).
    A row with ‖w_i‖ = 0 gets −inf (it classifies nothing)."""
    x, y = _problem(patterns, encoding)
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (x.shape[1], x.shape[1]):
        raise ValueError(f"weights must be (N, N) = {(x.shape[1],) * 2}, got {w.shape}")
    theta = np.zeros(x.shape[1]) if threshold is None else np.asarray(threshold, dtype=np.float64)
    return _stab(numerics.matmul(x, w.T) - theta, y, np.sqrt(np.einsum("ij,ij->i", w, w)))


def _stab(h: np.ndarray, y: np.ndarray, norm: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        s = y * h / norm
    s[:, norm == 0] = -np.inf
    return s


def perceptron_weights(patterns: np.ndarray, kappa: float = 0.0, *, max_epochs: int = 2000,
                       learning_rate: float = 1.0, symmetric: bool = False,
                       encoding: str = "pm1") -> tuple[np.ndarray, PerceptronResult]:
    """Learn W (N, N) float64, w_ii = 0, so that every stored pattern has stability Δ_i^μ > κ at
    every neuron (batch perceptron with normalised margin; see the module docstring).
    Returns (W, result); for encoding "01" the thresholds are in result.threshold."""
    x, y = _problem(patterns, encoding)
    if not (np.isfinite(kappa) and kappa >= 0):
        raise ValueError(f"kappa must be a finite number ≥ 0, got {kappa}")
    if int(max_epochs) != max_epochs or max_epochs < 1:
        raise ValueError(f"max_epochs must be a positive integer, got {max_epochs}")
    if not (np.isfinite(learning_rate) and learning_rate > 0):
        raise ValueError(f"learning_rate must be a positive number, got {learning_rate}")
    learn_theta = encoding == "01"
    n = x.shape[1]
    w = np.zeros((n, n))
    theta = np.zeros(n)
    epochs = np.zeros(n, dtype=np.int64)
    if symmetric:
        for _ in range(int(max_epochs)):
            err = _stab(numerics.matmul(x, w.T) - theta, y, np.sqrt(np.einsum("ij,ij->i", w, w))) <= kappa
            if not err.any():
                break
            e = np.where(err, y, 0.0)
            d = e.T @ x
            np.fill_diagonal(d, 0.0)
            w += d + d.T   # integers: exactly symmetric
            if learn_theta:
                theta -= e.sum(axis=0)
            epochs += err.any(axis=0)
    else:
        active = np.arange(n)
        for _ in range(int(max_epochs)):
            wa = w[active]
            err = _stab(numerics.matmul(x, wa.T) - theta[active], y[:, active],
                        np.sqrt(np.einsum("ij,ij->i", wa, wa))) <= kappa
            left = err.any(axis=0)
            active, err = active[left], err[:, left]
            if active.size == 0:
                break
            e = np.where(err, y[:, active], 0.0)
            d = e.T @ x
            d[np.arange(active.size), active] = 0.0
            w[active] += d
            if learn_theta:
                theta[active] -= e.sum(axis=0)
            epochs[active] += 1
    stab = _stab(numerics.matmul(x, w.T) - theta, y, np.sqrt(np.einsum("ij,ij->i", w, w)))
    min_stab = stab.min(axis=0)
    result = PerceptronResult(solved=min_stab > kappa, epochs=epochs, min_stability=min_stab,
                              threshold=learning_rate * theta, kappa=float(kappa),
                              max_epochs=int(max_epochs), symmetric=bool(symmetric))
    return learning_rate * w, result


def solved_fraction(rng: np.random.Generator, n_neurons: int, alpha: float, kappa: float, *,
                    max_epochs: int = 2000, symmetric: bool = False) -> PerceptronResult:
    """Train on P = round(αN) random unbiased ±1 patterns drawn from `rng` and return the result;
    its `solved_fraction` (neurons solved within the epoch cap) crosses ½ near α_c(κ) for large N
    and a large enough cap (below it for a finite cap; see the module docstring)."""
    if not alpha > 0:
        raise ValueError(f"alpha must be positive, got {alpha}")
    p = max(1, round(alpha * n_neurons))
    return perceptron_weights(random_patterns(rng, p, n_neurons), kappa, max_epochs=max_epochs,
                              symmetric=symmetric)[1]
