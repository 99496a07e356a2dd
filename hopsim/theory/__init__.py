"""Analytic predictions, computed (not tabulated): one module per model family.

- ags: the Hopfield model at T = 0 and T > 0 (Amit, Gutfreund & Sompolinsky), the mean-field
  m = tanh(m/T) and the one-step error rate; its names are re-exported here (`theory.ags_overlap`).
- low_activity: 0/1 units with covariance weights, α_c(a, θ) and the Tsodyks–Feigel'man asymptote.
- ring: the cosine ring's spectrum, the threshold-linear bump (width, height), its speed and diffusion.
- lif: integrate-and-fire rates: constant input, the Siegert (diffusion) rate, self-consistent E–I networks.
- gardner: the capacity α_c(κ) of a perceptron with normalised stability κ (α_c(0) = 2), and its inverse.
"""

from .ags import (  # noqa: F401
    ags_critical_load,
    ags_overlap,
    ags_state,
    gaussian_tanh_moments,
    meanfield_overlap,
    mixture_overlap,
    one_step_error,
    one_step_error_finite,
    retrieval_boundary,
)
