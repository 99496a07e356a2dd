"""Stochastic experiments against the theory computed in the theory module."""
import numpy as np
import pytest

from hopsim import theory
from hopsim.experiments import stochastic


def test_low_load_stationary_overlap_is_the_mean_field_solution():
    """N = 5000, P = 10 (α = 0.002): the time average over sweeps 101–300 of each run, then over
    runs, within ±0.03 of m = tanh(m/T) at T = 0.5 and 0.8; |m| ≤ 0.1 above T_c = 1."""
    ds = stochastic.stationary(3, 5000, [0.002], [0.5, 0.8, 1.2], trials=2, starts=2,
                               sweeps=300, burn_in=100)
    m = ds.mean_overlap.mean(["trial", "pattern"]).sel(alpha=0.002)
    for temp in (0.5, 0.8):
        assert float(m.sel(temperature=temp)) == pytest.approx(theory.meanfield_overlap(temp), abs=0.03)
    assert abs(float(m.sel(temperature=1.2))) <= 0.1
    # The theory stored beside it is the RS value at that load (already below the α → 0 limit).
    assert float(ds.theory.sel(alpha=0.002, temperature=0.8)) == pytest.approx(0.700, abs=0.001)


def test_zero_temperature_runs_stay_at_their_patterns_at_low_load():
    ds = stochastic.stationary(1, 1000, [0.02], [0.0], trials=1, starts=3, sweeps=5, burn_in=0)
    assert np.all(ds.overlap.values == 1.0)


def test_overlap_map_follows_the_iterates():
    ds = stochastic.overlap_map(5, 20_000, 0.0005, [0.5, 0.9], 0.4, 5, trials=2)
    assert np.allclose(ds.simulated.values, ds.map_iterates.values[:, None, :], atol=0.03)
    # From m(0) = 0.4 the map climbs towards the stable solution of m = tanh(m/T) (T < 1).
    last = ds.map_iterates.isel(step=-1)
    assert float(last.sel(temperature=0.5)) == pytest.approx(theory.meanfield_overlap(0.5), abs=0.01)
    assert 0.4 < float(last.sel(temperature=0.9)) < theory.meanfield_overlap(0.9)


def test_stationary_refuses_a_burn_in_past_the_run():
    with pytest.raises(ValueError, match="burn_in"):
        stochastic.stationary(1, 100, [0.02], [0.5], 1, 1, sweeps=10, burn_in=10)


# --------------------------------------------------------------- retrieval map and boundary

def test_crossing_temperature_interpolates_between_the_bracketing_grid_points():
    temps = [0.2, 0.4, 0.6, 0.8]
    est, lo, hi = stochastic.crossing_temperature(temps, [1.0, 0.75, 0.25, 0.0])
    assert (est, lo, hi) == pytest.approx((0.5, 0.4, 0.6))
    assert np.isnan(stochastic.crossing_temperature(temps, [1, 1, 1, 0.5])[0])  # never below ½
    assert np.isnan(stochastic.crossing_temperature(temps, [0.25, 0, 0, 0])[0])  # below already


def test_retrieval_criterion_averages_the_end_of_each_run():
    import xarray as xr

    trace = np.ones((1, 1, 1, 3, 11))
    trace[..., 1, 8:] = 0.0   # lost the pattern for the last 3 sweeps: late mean 0.4 over 5
    trace[..., 2, 6:] = 0.0   # lost it for the last 5
    da = xr.DataArray(trace, dims=("alpha", "temperature", "trial", "pattern", "step"))
    hit, valid = stochastic.retrieved(da, window=5, threshold=0.4)
    assert hit.values.ravel().tolist() == [True, True, False] and bool(valid.all())
    with pytest.raises(ValueError, match="window"):
        stochastic.retrieved(da, window=11, threshold=0.4)


def test_measured_boundary_lies_at_the_ags_boundary():
    """α = 0.05, N = 2000: runs from stored patterns still retrieve at T = 0.4 and have lost
    them at 0.7; the temperature where half of them still retrieve lies within 0.1 of T_M(α)."""
    alpha, temps = 0.05, [0.3, 0.4, 0.5, 0.6, 0.7]
    parts = [stochastic.stationary(11, 2000, [alpha], temps, trials=2, starts=2, sweeps=200,
                                   burn_in=100)]
    an = stochastic.analyse_map(parts, window=50, retrieved_overlap=0.4)
    frac = an.retrieved_fraction.sel(alpha=alpha)
    assert float(frac.sel(temperature=0.4)) == 1.0 and float(frac.sel(temperature=0.7)) == 0.0
    t_m = theory.retrieval_boundary(alpha)
    assert float(an.T_M.sel(alpha=alpha)) == pytest.approx(t_m)
    assert float(an.boundary_temperature.sel(alpha=alpha)) == pytest.approx(t_m, abs=0.1)
    # Where every run retrieves, the time-averaged overlap is the RS value.
    assert float(an.mean_overlap.sel(alpha=alpha, temperature=0.4)) == pytest.approx(
        theory.ags_state(alpha, 0.4)[0], abs=0.03)


def test_results_do_not_depend_on_the_split_into_jobs():
    """One job for two loads or one job each: the same runs (seeds keyed by N, α, trial, T)."""
    temps = [0.3, 0.9]
    both = stochastic.stationary(2, 300, [0.02, 0.05], temps, trials=2, starts=2, sweeps=20,
                                 burn_in=5)
    for a in (0.02, 0.05):
        one = stochastic.stationary(2, 300, [a], temps, trials=2, starts=2, sweeps=20, burn_in=5)
        np.testing.assert_array_equal(one.overlap.sel(alpha=a), both.overlap.sel(alpha=a))
    again = stochastic.stationary(2, 300, [0.02, 0.05], temps, trials=2, starts=2, sweeps=20,
                                  burn_in=5)
    np.testing.assert_array_equal(again.overlap, both.overlap)
    split = stochastic.analyse_map([one.sel(alpha=[0.05]), both.sel(alpha=[0.02])], 5, 0.4)
    joint = stochastic.analyse_map([both], 5, 0.4)
    np.testing.assert_array_equal(split.retrieved_fraction, joint.retrieved_fraction)


def test_graded_response_fixed_points_at_low_load():
    ds = stochastic.graded_response(4, 3000, 0.001, [0.0, 0.5, 0.8], trials=2, steps=300)
    assert np.all(np.isnan(ds.overlap.sel(temperature=0.0)))  # no graded response at T = 0
    for temp in (0.5, 0.8):
        m = ds.overlap.sel(temperature=temp)
        assert np.allclose(m, theory.meanfield_overlap(temp), atol=0.02)
        assert float(ds.change.sel(temperature=temp).max()) < 1e-6
    # The top eigenvalue of W at P = 3, N = 3000 lies near 1 (Marchenko–Pastur edge (1 + √α)²).
    assert np.all(np.abs(ds.top_eigenvalue - 1) < 0.1)


def test_overlap_map_is_reproducible_from_the_seed():
    a = stochastic.overlap_map(9, 2000, 0.002, [0.5], 0.4, 3, trials=2)
    b = stochastic.overlap_map(9, 2000, 0.002, [0.5], 0.4, 3, trials=2)
    np.testing.assert_array_equal(a.simulated, b.simulated)
    assert np.all(a.simulated.isel(step=0) == pytest.approx(0.4))


# --------------------------------------------------------------- config

@pytest.mark.parametrize("section, bad, key", [
    ("low_load", {"burn_in": 400, "sweeps": 400}, "stochastic.low_load.burn_in"),
    ("retrieval_map", {"window": 500}, "stochastic.retrieval_map.window"),
    ("retrieval_map", {"temperature": [0.5, 0.3]}, "stochastic.retrieval_map.temperature"),
    ("retrieval_map", {"alpha": [0.0001]}, "stochastic.retrieval_map.alpha"),
    ("low_load", {"starts": 20}, "stochastic.low_load.alpha"),
    ("retrieval_map", {"retrieved_overlap": 1.5}, "stochastic.retrieval_map.retrieved_overlap"),
    ("overlap_map", {"m0": 2}, "stochastic.overlap_map.m0"),
])
def test_bad_stochastic_config_names_the_key(schema, section, bad, key):
    from hopsim.config import ConfigError, validate

    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        validate({"stochastic": {section: bad}}, schema)


def test_default_stochastic_config_is_valid(schema):
    from hopsim.config import validate

    cfg = validate({}, schema)["stochastic"]
    assert cfg["low_load"]["N"] >= 5000 and cfg["low_load"]["alpha"] <= 0.002
    assert cfg["overlap_map"]["N"] >= 5000 and cfg["overlap_map"]["alpha"] <= 0.001
