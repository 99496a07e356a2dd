"""Leaky integrate-and-fire networks: an event-driven numba kernel (Gerstner week 6, §6.5;
Brunel 2000; Amit & Brunel 1997).

Neuron (current-based, delta synapses): between inputs τ dV/dt = −V + R I (R I a constant bias,
0 in networks); a spike arriving through a synapse of weight J makes V jump by J; when V ≥ θ the
neuron spikes, V is reset to V_r and held there for the refractory period t_ref, during which
arriving inputs are lost (Brunel 2000: "insensitive to stimulation"). Units: mV, ms.

Time steps dt. Step t of neuron i:
    1. input = (synaptic input delivered to slot t of the ring buffer) + J_ext · k,
       k ~ Binomial(C_ext, ν_ext dt) external Poisson spikes;
    2. refractory: count down, drop the input; otherwise V ← V e^{−dt/τ} + R I (1 − e^{−dt/τ}) + input
       (exact for constant R I between inputs);
    3. V ≥ θ: spike at t; V ← V_r; the spike is propagated at once through the neuron's row of the
       CSR table (targets, weights) into slot t + D of the delay ring buffer (D = delay/dt steps),
       so it arrives D steps later. Nothing is ever a dense N × N product: the work per step is
       O(N) plus O(out-degree) per spike.

External drive: counts drawn by inversion of the binomial CDF with a guide table (exact up to
double rounding, one uniform per non-refractory neuron per step); each neuron has a drive class
(a row of the tables), so a cue is a change of class for the cued neurons. Every random number of
a run comes from one splitmix64 stream seeded from the config seed: identical seeds give identical
spikes, independent of threads (the kernel is serial).

The package: `connectivity` (random (pre, post) pairs, the CSR table), `drive` (binomial external
drive), `delta` (the kernel above: delta synapses only, the Amit–Brunel reference mode), `nmda`
(fast delta synapses plus a slow saturating excitatory current: the associative memory), and
`measures` (binned counts, ISI CVs). The names of the delta kernel are re-exported here.
"""

from .connectivity import CSR, connect
from .delta import Network, State, simulate
from .drive import GUIDE_SIZE, binomial_table, stack_tables
from .measures import isi_cv, spike_counts

__all__ = ["CSR", "GUIDE_SIZE", "Network", "State", "binomial_table", "connect", "isi_cv",
           "simulate", "spike_counts", "stack_tables"]
