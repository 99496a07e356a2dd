"""Capacity experiment: split independence, crossing estimate, agreement with AGS."""
import subprocess
import sys

import numpy as np
import pytest
import xarray as xr

from hopsim import theory
from hopsim.dynamics import binary
from hopsim.experiments import capacity

ALPHAS = [0.05, 0.10, 0.14, 0.2]


def run_split(per_job, n=120, trials=2, seed=3):
    parts = []
    for chunk in capacity.alpha_chunks(ALPHAS, per_job):
        p = capacity.make_patterns(seed, n, chunk, trials)
        parts.append(capacity.retrieve(p, capacity.learn(p), seed, [0.0, 0.2], 10, 200))
    return capacity.gather(parts)


def test_results_do_not_depend_on_the_split_into_jobs():
    one, two, four = run_split(1), run_split(2), run_split(4)
    xr.testing.assert_identical(one, two)
    xr.testing.assert_identical(one, four)


def test_large_path_equals_the_weight_path_and_its_trial_split():
    """retrieve_large (patterns drawn in the job, W never formed) gives the very runs of
    retrieve (stored W) from the same seed, however its pattern sets are split into jobs."""
    seed, n, alphas = 5, 300, [0.1, 0.15]
    pat = capacity.make_patterns(seed, n, alphas, 3)
    via_w = capacity.gather([capacity.retrieve(pat, capacity.learn(pat), seed, [0.0], 12, 100)])
    whole = capacity.gather([capacity.retrieve_large(seed, n, alphas, [0, 1, 2], 12, 100)])
    split = capacity.gather([capacity.retrieve_large(seed, n, alphas, [2], 12, 100),
                             capacity.retrieve_large(seed, n, alphas, [0, 1], 12, 100)])
    xr.testing.assert_identical(via_w, whole)
    xr.testing.assert_identical(whole, split)
    assert capacity.pattern_columns(seed, n, 0.1, 1).shape == (n, 30)
    assert np.array_equal(capacity.pattern_columns(seed, n, 0.1, 1).T,
                          pat.patterns.sel(alpha=0.1).values[1, :30])


def test_stopping_lost_runs_changes_no_outcome():
    """Runs stopped once their overlap falls below ½ end unretrieved in full runs too; the rule
    must fire (many runs above α_c) for the check to mean anything."""
    seed, n, alphas = 11, 1000, [0.12, 0.14, 0.16, 0.2]
    full = capacity.retrieve_large(seed, n, alphas, [0, 1, 2], 40, 1000)
    early = capacity.retrieve_large(seed, n, alphas, [0, 1, 2], 40, 1000, lost_overlap=0.5)
    lost = early.status.values == binary.LOST
    assert lost.sum() > 100 and np.all(full.status.values == binary.FIXED_POINT)
    assert np.array_equal(full.final_overlap.values >= 0.95, early.final_overlap.values >= 0.95)
    assert np.all(early.final_overlap.values[lost] < 0.5)
    assert np.array_equal(full.final_overlap.values[~lost], early.final_overlap.values[~lost])
    assert early.sweeps.values[lost].sum() < 0.5 * full.sweeps.values[lost].sum()


def test_large_job_resources_bound_memory_and_time():
    """The memory asked for covers a real job's peak (a short one: the peak comes from the draw
    and the kernel's scratch, not from the sweeps), and it is the bit layout's, below the
    int8 layout's N·P bytes; time grows with the work."""
    n, alpha, starts = 100_000, 0.14, 2
    job = ("import resource, numba; from hopsim.experiments import capacity; "
           "numba.set_num_threads(1); "
           f"capacity.retrieve_large(1, {n}, [{alpha}], [0], {starts}, 1); "
           "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    peak_kib = int(subprocess.run([sys.executable, "-c", job], capture_output=True, text=True,
                                  check=True).stdout)
    asked = capacity.large_job_resources(n, 14_000, starts, 1, 1, 1)
    assert peak_kib * 1024 <= asked["mem_mb"] * 1e6 < n * 14_000
    small = capacity.large_job_resources(1000, 140, 10, 1, 300, 1)
    big = capacity.large_job_resources(100_000, 14_000, 10, 1, 300, 2)
    assert big["runtime"] > small["runtime"] >= 5


def test_patterns_depend_on_seed_and_load_only():
    a = capacity.make_patterns(1, 50, [0.1, 0.2], 2)
    b = capacity.make_patterns(1, 50, [0.2], 2)
    c = capacity.make_patterns(2, 50, [0.2], 2)
    p = int(b.n_patterns[0])
    assert np.array_equal(a.patterns.sel(alpha=0.2).values[:, :p], b.patterns.values[0])
    assert not np.array_equal(c.patterns.values, b.patterns.values)


def test_crossing_interpolates_linearly():
    load = np.array([0.1, 0.12, 0.14, 0.16])
    expected = 0.12 + 0.02 * 0.4 / 0.6
    assert capacity.crossing(load, np.array([1.0, 0.9, 0.3, 0.0])) == pytest.approx(expected)
    assert np.isnan(capacity.crossing(load, np.array([1.0, 1.0, 0.9, 0.6])))


def test_retrieval_at_low_load_matches_ags_overlap():
    """Mean final overlap at α = 0.10, N = 1000, against the AGS m(0.10) (finite-N noise ~1e-3)."""
    p = capacity.make_patterns(9, 1000, [0.10], 2)
    r = capacity.retrieve(p, capacity.learn(p), 9, [0.0], 100, 100)
    m = float(r.final_overlap.mean())
    assert m == pytest.approx(theory.ags_overlap(0.10), abs=0.003)
    assert int((r.status != 0).sum()) == 0


def test_analysis_recovers_a_known_crossing():
    """A synthetic sweep whose retrieved fraction falls linearly through ½ at α = 0.15."""
    ns, alphas = [100, 400], np.array([0.10, 0.14, 0.16, 0.20])
    frac = {100: [1.0, 0.6, 0.3, 0.0], 400: [1.0, 0.7, 0.2, 0.0]}
    n_starts, trials = 400, 4
    final = np.zeros((2, len(alphas), trials, 1, n_starts), np.float32)  # dims of `gather`
    for i, n in enumerate(ns):
        for j, f in enumerate(frac[n]):
            final[i, j, :, 0, : int(f * n_starts)] = 1.0
    g = xr.Dataset(
        {"final_overlap": (("N", "alpha", "trial", "cue_noise", "pattern"), final),
         "status": (("N", "alpha", "trial", "cue_noise", "pattern"), np.zeros(final.shape, np.int8))},
        coords={"N": ns, "alpha": alphas, "cue_noise": [0.0],
                "load": (("N", "alpha"), np.stack([alphas, alphas]))},
    )
    an = capacity.analyse(g, 0, 0.95, 50, "inverse_sqrt").sel(cue_noise=0.0)
    assert float(an.alpha_c.sel(N=100)) == pytest.approx(0.14 + 0.02 * 0.1 / 0.3)
    assert float(an.alpha_c.sel(N=400)) == pytest.approx(0.14 + 0.02 * 0.2 / 0.5)
    # Identical pattern sets: resampling them changes nothing, so only the binomial spread of
    # the starts is left: an interval around the estimate, narrower than a grid step.
    sel = an.sel(N=400)
    assert float(sel.alpha_c_low) < float(sel.alpha_c) < float(sel.alpha_c_high)
    assert float(sel.alpha_c_high - sel.alpha_c_low) < 0.02


def synthetic_sweep(alpha_c_of_n, trials=6, n_starts=500, width=0.01, seed=0):
    """Retrieved fractions following a logistic step at α_c(N), with binomial noise per set."""
    rng = np.random.default_rng(seed)
    ns = sorted(alpha_c_of_n)
    alphas = np.round(np.arange(0.10, 0.22, 0.005), 4)
    final = np.zeros((len(ns), len(alphas), trials, 1, n_starts), np.float32)
    for i, n in enumerate(ns):
        f = 1 / (1 + np.exp((alphas - alpha_c_of_n[n]) / width))
        for j in range(len(alphas)):
            for t in range(trials):
                final[i, j, t, 0, : rng.binomial(n_starts, f[j])] = 1.0
    dims = ("N", "alpha", "trial", "cue_noise", "pattern")
    return xr.Dataset(
        {"final_overlap": (dims, final), "status": (dims, np.zeros(final.shape, np.int8))},
        coords={"N": ns, "alpha": alphas, "cue_noise": [0.0],
                "load": (("N", "alpha"), np.tile(alphas, (len(ns), 1)))})


def test_extrapolation_recovers_a_known_finite_size_law():
    """α_c(N) = 0.138 + 0.6/sqrt(N): the N^(−1/2) fit recovers the intercept within its interval."""
    law = {n: 0.138 + 0.6 / np.sqrt(n) for n in (500, 1000, 2000, 4000)}
    an = capacity.analyse(synthetic_sweep(law), 1, 0.95, 300, "inverse_sqrt").sel(cue_noise=0.0)
    for n, a_c in law.items():
        assert float(an.alpha_c.sel(N=n)) == pytest.approx(a_c, abs=0.002)
    est, lo, hi = an.alpha_c_extrapolated.values
    assert lo <= 0.138 <= hi and est == pytest.approx(0.138, abs=0.003)
    assert float(an.extrapolation_slope) == pytest.approx(0.6, abs=0.1)
    # The other scaling misses the intercept: it is a different law.
    other = an.scaling_intercept.sel(scaling="1/N").item()
    assert abs(other - 0.138) > 0.003


def test_fits_up_to_each_size_and_a_narrower_grid_at_the_largest():
    """The fits on the sizes up to each N: on all sizes they are the full fit; on fewer sizes of
    the same law they find the same intercept. The largest size, run on a narrower grid of loads
    (the others' grid, cut to the loads around α_c), gets the α_c(N) of its full grid."""
    law = {n: 0.138 + 0.6 / np.sqrt(n) for n in (500, 1000, 2000, 4000, 8000)}
    g = synthetic_sweep(law)
    full = capacity.analyse(g, 1, 0.95, 300, "inverse_sqrt", fits_up_to=(2000, 4000, 8000))
    full = full.sel(cue_noise=0.0)
    top = full.fit_up_to_intercept.sel(up_to_N=8000)
    assert np.allclose(top.sel(bound="estimate").values, full.scaling_intercept.values)
    for n in (2000, 4000):
        est, lo, hi = full.fit_up_to_intercept.sel(up_to_N=n, scaling="N^(-1/2)").values
        assert lo <= 0.138 <= hi and est == pytest.approx(0.138, abs=0.004)
    # Each N bootstraps from its own stream: the study without its largest sizes gives the same
    # intervals at the sizes it keeps, and its full fit is the fit up to its largest size.
    small = capacity.analyse(g.sel(N=[500, 1000, 2000, 4000]), 1, 0.95, 300, "inverse_sqrt")
    small = small.sel(cue_noise=0.0)
    for name in ("alpha_c", "alpha_c_low", "alpha_c_high"):
        assert np.array_equal(small[name].values, full[name].sel(N=small.N).values)
    assert np.array_equal(small.alpha_c_extrapolated.values,
                          full.fit_up_to_intercept.sel(up_to_N=4000, scaling="N^(-1/2)").values)
    # Narrow the largest size's grid: its loads far from α_c(8000) ≈ 0.1447 have no starts.
    narrow = g.copy(deep=True)
    far = np.abs(narrow.alpha.values - law[8000]) > 0.012
    narrow["status"].loc[dict(N=8000, alpha=narrow.alpha.values[far])] = -1
    cut = capacity.analyse(narrow, 1, 0.95, 300, "inverse_sqrt").sel(cue_noise=0.0)
    assert float(cut.alpha_c.sel(N=8000)) == float(full.alpha_c.sel(N=8000))
    assert np.isnan(cut["load"].sel(N=8000).values[far]).all()


def test_crossing_skips_loads_not_run():
    load = np.array([0.1, np.nan, 0.14, 0.16])
    assert capacity.crossing(load, np.array([1.0, 0.0, 0.9, 0.3])) == pytest.approx(0.14 + 0.02 * 0.4 / 0.6)
