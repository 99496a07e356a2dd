"""The mean field of the spiking memory (`theory.lif_memory`) with the constants of the config:
the spontaneous and the delay state, the effective transfer function φ_S(ν_S), and the same
predictions with each refinement switched off (how much each approximation moves them)."""

from __future__ import annotations

import numpy as np

from ...theory import lif_memory as lm
from . import network as nw

NO_REFINEMENTS = {"quenched": False, "slow_noise": False, "time_step": False,
                  "renewal_gating": False}


def theory_network(settings: dict, memory: dict | None) -> lm.Network:
    """The mean field's constants; memory None: no memories (J_H = 0, λ = 0)."""
    net = settings["network"]
    c_e, c_i = nw.indegrees(net)
    w_h = memory["J_hebb_mv"] if memory else 0.0
    lam = nw.balance_lambda(net, memory) if memory and w_h > 0 else 0.0
    return lm.Network(
        tau_E_ms=net["tau_E_ms"], tau_I_ms=net["tau_I_ms"], theta_mv=net["theta_mv"],
        reset_mv=net["reset_mv"], t_ref_E_ms=net["t_ref_E_ms"], t_ref_I_ms=net["t_ref_I_ms"],
        C_E=c_e, C_I=c_i, C_ext=net["C_ext"], J_ext_mv=net["J_ext_E_mv"],
        J_ext_I_mv=net["J_ext_I_mv"], nu_ext_E_hz=net["nu_ext_E_hz"],
        nu_ext_I_hz=net["nu_ext_I_hz"], J_EI_mv=net["J_EI_mv"], W_EI_mv=net["W_EI_mv"],
        J_IE_mv=net["J_IE_mv"], J_II_mv=net["J_II_mv"], W_H_mv=w_h, lam_mv=lam,
        alpha=net["alpha_slow"], tau_s_ms=net["tau_slow_ms"], dt_ms=net["dt_ms"])


def layout(settings: dict, memory: dict | None, layout_name: str, patterns: int | None = None):
    """'four' (S, R at their mean multiplicity), 'classes' (S_n, R_n by multiplicity),
    'disjoint' (S, O, B) or 'free' (no memories)."""
    c_e, _ = nw.indegrees(settings["network"])
    if layout_name == "free" or memory is None:
        return lm.free_layout()
    p = patterns if patterns is not None else memory["patterns"]
    if layout_name == "disjoint":
        return lm.disjoint_layout(p, memory["activity"], c_e)
    if layout_name == "classes":
        return lm.random_layout(p, memory["activity"], c_e)
    return lm.four_population_layout(p, memory["activity"], c_e)


def states(theory: lm.Network, lay: lm.Layout, delay_guess_hz: float = 25.0) -> dict:
    """The spontaneous state (from every class at the balance-like guess of 1 Hz, I at 10 Hz)
    and the delay state of the cued pattern (S classes started high, the rest low)."""
    spont = lm.solve(theory, lay, 1.0, 10.0)
    delay = lm.solve(theory, lay, np.where(lay.cued, delay_guess_hz, 0.5), 11.0)
    # a 'delay' solution that fell back to the spontaneous state is no delay state
    found = delay["converged"] and delay["S"] > 3.0 * max(spont["S"], 1.0)
    return {"spontaneous": _summary(spont), "delay": _summary(delay) if found else None}


def _summary(sol: dict) -> dict:
    return {"S_hz": sol["S"], "R_hz": sol["R"], "E_hz": sol["E"], "I_hz": sol["rate_I"],
            "converged": sol["converged"]}


def ablation(settings: dict, memory: dict, layout_name: str = "four") -> dict:
    """Predictions with all refinements, without each one, and with none (the plain diffusion
    approximation at the mean input)."""
    base = theory_network(settings, memory)
    lay = layout(settings, memory, layout_name)
    out = {"all": states(base, lay)}
    for name in NO_REFINEMENTS:
        out[f"without_{name}"] = states(lm.without(base, **{name: False}), lay)
    out["none"] = states(lm.without(base, **NO_REFINEMENTS), lay)
    return out


def effective_curve(settings: dict, memory: dict, grid, layout_name: str = "four") -> np.ndarray:
    """φ_S(ν_S), the rest's rate and the I rate for every ν_S of the grid (`lm.effective_transfer`)."""
    return lm.effective_transfer(theory_network(settings, memory),
                                 layout(settings, memory, layout_name), grid, 1.0, 10.0)


def crossings(grid, phi) -> list[tuple[float, str]]:
    """Where φ_S(ν) − ν changes sign on the grid (linear interpolation): 'stable' when φ crosses
    from above (slope < 1), 'unstable' from below."""
    d = np.asarray(phi) - np.asarray(grid)
    out = []
    for k in range(len(grid) - 1):
        if np.isfinite(d[k]) and np.isfinite(d[k + 1]) and d[k] != 0 and d[k] * d[k + 1] <= 0:
            t = d[k] / (d[k] - d[k + 1])
            out.append((float(grid[k] + t * (grid[k + 1] - grid[k])),
                        "stable" if d[k] > 0 else "unstable"))
    return out


def open_loop(settings: dict, memory: dict, rate_s: float, rate_r: float, rate_i: float) -> dict:
    """The mean field's output rates (and the cued pattern's gating) when every population is fed
    the measured rates: what the single-neuron approximations give, without the self-consistency."""
    theory = theory_network(settings, memory)
    lay = layout(settings, memory, "four")
    out = {}
    for name, th in (("renewal", theory), ("poisson", lm.without(theory, renewal_gating=False))):
        e, i = lm.transfer(th, lay, [rate_s, rate_r], rate_i)
        g, _ = lm.gatings(th, lay, [rate_s, rate_r], rate_i)
        out[name] = {"S_hz": float(e[0]), "R_hz": float(e[1]), "I_hz": float(i),
                     "gating_S": float(g[0])}
    return out
