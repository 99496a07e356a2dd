"""Associative-memory demo (seed 002): N = side² neurons shown as an image, a few block-letter
pictures stored together with random ±1 patterns at P = 10, 100, 1000, a cue with a fraction q
of flipped pixels, and what the asynchronous dynamics make of it.

Rule: plain Hebb, w_ij = (1/N) Σ_μ ξ_i^μ ξ_j^μ, w_ii = 0 (the seed's rule; its 1/P prefactor
does not change sgn dynamics), kept as the integer sum C = N w (`learning.hebbian_sum`).
Why: the demo is about what Hebbian storage does, the regimes the seed shows (perfect, noise-
dependent, none) are Hebbian ones, and its "confusion"/spurious states at intermediate load come
from crosstalk — which correlated pictures add to. The pictures are block letters that fill the
frame (ink 36 … 64 %), chosen so that their mutual overlaps stay small (|m| ≤ 0.2 for the
default letters): correlated enough to add crosstalk, not so much that Hebb cannot store them.
Their overlap matrix is stored and shown. A control (`correlated_control`, run with the
showcase) draws the same letters small on a white page (overlaps 0.5 … 0.7): at P = 10 they are
not fixed points under Hebb, nor under the decorrelated rule of the seed (its means run over all
P patterns). The pseudo-inverse would make every stored pattern an exact fixed point at every
load P < N, so P = 1000 would no longer be overloaded in the seed's sense.

Dynamics: asynchronous (Hopfield), a fresh random order each sweep, S_i ← sgn(h_i), sgn(0)
keeps the state; time in sweeps (N single-unit updates, the seed's "steps per neuron").

Randomness (`hopsim.seeds`, experiment "demo"): the random patterns of draw `trial` by (trial)
only, drawn once for the largest load, so the smaller loads store the first P − (pictures) of the
same patterns (as the seed's jmat10/jmat100/jmat1000 from one pattern file); a cue by (trial,
picture, q), the same cue at every load; the update order by (load, trial).
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from .. import seeds
from ..dynamics import binary
from ..learning import hebbian_sum
from ..learning.hebb import decorrelated_weights
from ..measures import CLASSES, classify, overlaps
from ..patterns import flip_bits, letter_pictures, random_patterns

EXPERIMENT = "demo"
# What a final state is, judged from its overlaps with every stored pattern (`outcomes`).
OUTCOMES = ("retrieved", "near the cue", "another stored pattern", "reversed", "mixture",
            "spurious")
SHOWCASE, NOISE, CONTROL = 0, 1, 2  # order streams of the runs
CONTROL_RULES = ("hebb", "decorrelated")


def page_glyph_side(side: int) -> int:
    """Glyph size of the control's 'dark letters on a white page': 3/5 of the side, a multiple
    of 5 (30 on a 50 × 50 page)."""
    return max(5, side * 3 // 25 * 5)


def correlated_control(seed: int, letters: str, side: int, load: int, max_sweeps: int = 100):
    """The same letters drawn small on a white page (strongly biased and overlapping), stored
    with the same random patterns at `load` by plain Hebb and by the decorrelated rule: is each
    picture a fixed point, and where does the dynamics started on the picture itself end?
    Returns (page pictures (K, N), fixed point (rule, K) bool, final overlap (rule, K))."""
    k = len(letters)
    page = letter_pictures(letters, side, page_glyph_side(side))
    _, rand = pattern_set(seed, letters, side, load, 0)
    stored = np.vstack([page, rand])
    fixed, final = [], []
    for rule in CONTROL_RULES:
        w = hebbian_sum(stored) if rule == "hebb" else decorrelated_weights(stored)
        order = seeds.stream_seeds(seed, seeds.spawn_key(EXPERIMENT, "order", load, 0, CONTROL), k)
        r = binary.relax_async(w, page, order, max_sweeps, symmetric=True)
        fixed.append(binary.is_fixed_point(w, page))
        final.append(np.diag(overlaps(page, r.states)))
    return page, np.array(fixed), np.array(final)


def pattern_set(seed: int, letters: str, side: int, max_load: int,
                trial: int) -> tuple[np.ndarray, np.ndarray]:
    """(pictures (K, N), random patterns (max_load − K, N)) of draw `trial`; a load P stores the
    pictures and the first P − K random patterns."""
    pics = letter_pictures(letters, side)
    rng = seeds.rng(seed, seeds.spawn_key(EXPERIMENT, "patterns", trial))
    return pics, random_patterns(rng, max_load - len(letters), side * side)


def cue(seed: int, picture: np.ndarray, index: int, flip: float, trial: int) -> np.ndarray:
    """The picture with exactly ⌊qN + ½⌋ distinct pixels flipped (halves round up) (int8 (N,))."""
    rng = seeds.rng(seed, seeds.spawn_key(EXPERIMENT, "cue", trial, index, seeds.value_key(flip)))
    return flip_bits(picture[None], int(flip * picture.size + 0.5), rng)[0]


def outcomes(m: np.ndarray, target: np.ndarray, retrieved_overlap: float) -> np.ndarray:
    """Index into OUTCOMES of each final state from its overlaps m (M, P) with every stored
    pattern: retrieved (m_target ≥ retrieved_overlap); else `measures.classify` (pattern ≥ 0.9,
    reversed, symmetric 3/5-mixture, spurious), a 'pattern' split into the cue itself
    (0.9 ≤ m_target < retrieved_overlap) and another stored pattern."""
    m = np.atleast_2d(m)
    target = np.asarray(target)
    cls, _ = classify(m)
    name = np.array(CLASSES)[cls]
    out = np.select(
        [m[np.arange(len(m)), target] >= retrieved_overlap,
         (name == "pattern") & (m.argmax(axis=1) == target),
         name == "pattern", name == "reversed", name == "mixture"],
        [0, 1, 2, 3, 4], default=5)
    return out.astype(np.int8)


def cue_overlap(noise: xr.Dataset) -> np.ndarray:
    """Final overlap of each run of `noise_dependence` with its own cued picture, as
    (load, cue noise q, trial × cue): the runs of one (P, q) point along the last axis."""
    k = noise.sizes["cue"]
    own = np.stack([noise["final_overlap"].isel(cue=c, picture=c).values for c in range(k)], -1)
    return own.transpose(0, 2, 1, 3).reshape(own.shape[0], own.shape[2], -1)


def _picture_coords(letters: str) -> dict:
    return {"picture": ("picture", list(letters), {"long_name": "stored picture (block letter)"})}


def showcase(seed: int, letters: str, side: int, loads: list[int], cue_letter: str, flip: float,
             max_sweeps: int, records_per_sweep: int, snapshot_sweeps: list[float],
             retrieved_overlap: float) -> xr.Dataset:
    """One cue (`cue_letter` with a fraction `flip` of flipped pixels, draw 0) relaxed at every
    load: overlaps with every picture every 1/records_per_sweep sweep, the state at
    `snapshot_sweeps` and at the end, the pictures and their mutual overlaps."""
    n = side * side
    if n % records_per_sweep:
        raise ValueError(f"records_per_sweep must divide N = {n}")
    pics, rand = pattern_set(seed, letters, side, max(loads), 0)
    c = letters.index(cue_letter)
    start = cue(seed, pics[c], c, flip, 0)
    rec = np.rint(np.asarray(snapshot_sweeps) * records_per_sweep).astype(int)
    traces, best_random, snaps, finals, settled, m_final, kinds = [], [], [], [], [], [], []
    for p in loads:
        stored = np.vstack([pics, rand[:p - len(letters)]])
        rng = seeds.rng(seed, seeds.spawn_key(EXPERIMENT, "order", p, 0, SHOWCASE))
        traj, sweeps = binary.async_trajectory(hebbian_sum(stored), start, rng, max_sweeps,
                                               n // records_per_sweep)
        traces.append(overlaps(pics, traj).T)
        best_random.append(np.abs(overlaps(rand[:p - len(letters)], traj)).max(axis=1)
                           if p > len(letters) else np.zeros(len(traj)))
        snaps.append(traj[rec])
        finals.append(traj[-1])
        settled.append(sweeps)
        m_all = overlaps(stored, traj[-1:])
        m_final.append(m_all[0, :len(letters)])
        kinds.append(outcomes(m_all, np.array([c]), retrieved_overlap)[0])
    page, page_fixed, page_final = correlated_control(seed, letters, side, loads[0])
    img = ("load", "row", "col")
    t = np.arange(max_sweeps * records_per_sweep + 1) / records_per_sweep
    return xr.Dataset(
        {
            "pictures": (("picture", "row", "col"), pics.reshape(-1, side, side),
                         {"long_name": "stored picture ξ^μ (+1 ink, −1 paper)", "units": "1"}),
            "picture_overlap": (("picture", "picture_b"), overlaps(pics, pics),
                                {"long_name": "mutual overlap (1/N) Σ_i ξ_i^μ ξ_i^ν of the pictures",
                                 "units": "1"}),
            "cue": (("row", "col"), start.reshape(side, side),
                    {"long_name": "initial state S(0): the cued picture with a fraction q of "
                                  "pixels flipped", "units": "1"}),
            "overlap": (("load", "picture", "sweep"), np.array(traces),
                        {"long_name": "overlap m_μ(t) = (1/N) Σ_i ξ_i^μ S_i(t) with each picture",
                         "units": "1"}),
            "max_random_overlap": (("load", "sweep"), np.array(best_random),
                                   {"long_name": "largest |m_μ(t)| over the stored random patterns "
                                                 "(0 when none is stored)", "units": "1"}),
            "snapshot": (("load", "snapshot_sweep", "row", "col"),
                         np.array(snaps).reshape(len(loads), len(rec), side, side),
                         {"long_name": "state S_i(t) at the snapshot times", "units": "1"}),
            "final_state": (img, np.array(finals).reshape(len(loads), side, side),
                            {"long_name": f"state after {max_sweeps} sweeps", "units": "1"}),
            "final_overlap": (("load", "picture"), np.array(m_final),
                              {"long_name": f"overlap with each picture after {max_sweeps} sweeps",
                               "units": "1"}),
            "settled_sweeps": ("load", np.array(settled, dtype=np.int32),
                               {"long_name": "sweeps until one changed nothing (−1: still "
                                             "moving at the end)", "units": "1"}),
            "outcome": ("load", np.array(kinds, dtype=np.int8),
                        {"long_name": "final state: index into attribute 'outcomes'", "units": "1"}),
            "page_pictures": (("picture", "row", "col"), page.reshape(-1, side, side),
                              {"long_name": "control: the same letters small on a white page",
                               "units": "1"}),
            "page_picture_overlap": (("picture", "picture_b"), overlaps(page, page),
                                     {"long_name": "mutual overlap of the page pictures",
                                      "units": "1"}),
            "page_fixed_point": (("rule", "picture"), page_fixed,
                                 {"long_name": f"control: page picture is a fixed point at "
                                               f"P = {loads[0]}", "units": "1"}),
            "page_final_overlap": (("rule", "picture"), page_final,
                                   {"long_name": f"control: final overlap of a run started on the "
                                                 f"page picture itself, P = {loads[0]}",
                                    "units": "1"}),
        },
        coords={
            **_picture_coords(letters),
            "rule": ("rule", list(CONTROL_RULES), {"long_name": "learning rule of the control"}),
            "picture_b": ("picture_b", list(letters), {"long_name": "stored picture (block letter)"}),
            "load": ("load", np.asarray(loads), {"long_name": "stored patterns P", "units": "1"}),
            "alpha": ("load", np.asarray(loads) / n, {"long_name": "load α = P/N", "units": "1"}),
            "sweep": ("sweep", t, {"long_name": "time t in async sweeps (N updates each)", "units": "1"}),
            "snapshot_sweep": ("snapshot_sweep", np.asarray(snapshot_sweeps, float),
                               {"long_name": "snapshot time t in async sweeps (N updates each)",
                                "units": "1"}),
            "row": ("row", np.arange(side), {"long_name": "image row"}),
            "col": ("col", np.arange(side), {"long_name": "image column"}),
        },
        attrs={"N": n, "side": side, "letters": letters, "cue_letter": cue_letter, "flip": flip,
               "trial": 0, "max_sweeps": max_sweeps, "retrieved_overlap": retrieved_overlap,
               "outcomes": list(OUTCOMES), "rule": "hebb", "dynamics": "async",
               "page_glyph_side": page_glyph_side(side)},
    )


def noise_dependence(seed: int, letters: str, side: int, loads: list[int], flips: list[float],
                     trials: int, max_sweeps: int, retrieved_overlap: float) -> xr.Dataset:
    """Every picture as the cue at every flip fraction q, over `trials` draws of the random
    patterns (and cues), relaxed to a fixed point (async, `dynamics.binary.relax_async`):
    final overlaps with every picture and the outcome of each run."""
    n, k = side * side, len(letters)
    shape = (len(loads), trials, len(flips), k)
    m_out = np.empty(shape + (k,))
    kinds = np.empty(shape, dtype=np.int8)
    sweeps = np.empty(shape, dtype=np.int32)
    status = np.empty(shape, dtype=np.int8)
    target = np.tile(np.arange(k), len(flips))
    for tr in range(trials):
        pics, rand = pattern_set(seed, letters, side, max(loads), tr)
        cues = np.array([cue(seed, pics[c], c, q, tr) for q in flips for c in range(k)])
        for i, p in enumerate(loads):
            stored = np.vstack([pics, rand[:p - k]])
            order = seeds.stream_seeds(seed, seeds.spawn_key(EXPERIMENT, "order", p, tr, NOISE),
                                       len(cues))
            r = binary.relax_async(hebbian_sum(stored), cues, order, max_sweeps, symmetric=True)
            m_all = overlaps(stored, r.states)
            m_out[i, tr] = m_all[:, :k].reshape(len(flips), k, k)
            kinds[i, tr] = outcomes(m_all, target, retrieved_overlap).reshape(len(flips), k)
            sweeps[i, tr] = r.steps.reshape(len(flips), k)
            status[i, tr] = r.status.reshape(len(flips), k)
    dims = ("load", "trial", "cue_noise", "cue")
    return xr.Dataset(
        {
            "final_overlap": (dims + ("picture",), m_out,
                              {"long_name": "overlap of the final state with each picture",
                               "units": "1"}),
            "outcome": (dims, kinds, {"long_name": "final state: index into attribute 'outcomes'",
                                      "units": "1"}),
            "sweeps": (dims, sweeps, {"long_name": "async sweeps (N updates each) to the fixed "
                                                    "point (or the cap)", "units": "1"}),
            "status": (dims, status, {"long_name": "0 fixed point, 2 hit the sweep cap",
                                      "units": "1"}),
        },
        coords={
            **_picture_coords(letters),
            "cue": ("cue", list(letters), {"long_name": "cued picture"}),
            "load": ("load", np.asarray(loads), {"long_name": "stored patterns P", "units": "1"}),
            "alpha": ("load", np.asarray(loads) / n, {"long_name": "load α = P/N", "units": "1"}),
            "trial": ("trial", np.arange(trials), {"long_name": "draw of the random patterns and cues"}),
            "cue_noise": ("cue_noise", np.asarray(flips, float),
                          {"long_name": "fraction q of flipped pixels in the cue", "units": "1"}),
        },
        attrs={"N": n, "side": side, "letters": letters, "max_sweeps": max_sweeps,
               "retrieved_overlap": retrieved_overlap, "outcomes": list(OUTCOMES),
               "rule": "hebb", "dynamics": "async"},
    )
