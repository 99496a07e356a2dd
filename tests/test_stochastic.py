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
