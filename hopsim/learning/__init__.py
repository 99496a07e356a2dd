"""Learning rules: one module per rule family. Patterns are rows, (P, N); weights are (N, N).

- hebb: the Hebbian sum C = Σ_μ ξ^μ ξ^μᵀ (integer, w = C/N, zero diagonal; re-exported here as
  `learning.hebbian_sum`), the decorrelated (mean-subtracted) rule of seed 002, and biased ±1
  patterns for it.
- perceptron: every neuron a perceptron with Gardner's normalised stability Δ = ξ h / ‖w_i‖ ≥ κ;
  free (asymmetric) or symmetric couplings, ±1 or 0/1 patterns; the solved fraction at a load α
  (its ½-crossing estimates α_c(κ), `theory.gardner`).
- pseudo_inverse: the projection rule W = Xᵀ (X Xᵀ)⁻¹ X (stored patterns are exact fixed points
  for any P < N).
- storkey: Storkey's (1997) incremental rule with local fields h_ij, symmetric, zero diagonal.
- dense: Krotov–Hopfield dense associative memory, E = −Σ_μ F(ξ^μ·σ) with F(x) = xⁿ, its sync and
  async updates; the modern (continuous) Hopfield update ξ ← Xᵀ softmax(β X ξ) of Ramsauer et al.

Symmetry and diagonal: Hebb, decorrelated, Storkey, pseudo-inverse (zero_diagonal=True) and the
symmetric perceptron give W = Wᵀ with w_ii = 0; the free perceptron gives w_ii = 0 and W ≠ Wᵀ.
"""

from .hebb import hebbian_sum  # noqa: F401
