"""The committed reports/ (what config/config.yaml produces) against theory computed here.

Reference results kept for regression: regenerating reports/ with changed code must still
reproduce the classic numbers.
"""
import json

import numpy as np
import pytest

from hopsim import theory

from .conftest import REPO

REPORTS = REPO / "reports"


@pytest.fixture(scope="module")
def capacity():
    return json.loads((REPORTS / "capacity.json").read_text())


@pytest.fixture(scope="module")
def fixed_points():
    return json.loads((REPORTS / "fixed_points.json").read_text())


def test_capacity_finite_size_and_extrapolation(capacity):
    alpha_c, _ = theory.ags_critical_load()
    by_n = {int(n): v for n, v in capacity["alpha_c_by_N"].items()}
    ns = sorted(by_n)
    assert ns == [500, 1000, 2000, 4000]
    estimates = [by_n[n]["estimate"] for n in ns]
    assert all(0.14 <= e <= 0.18 for e in estimates)
    assert all(a > b for a, b in zip(estimates, estimates[1:]))  # decreasing with N
    ext = capacity["alpha_c_extrapolated"]
    assert abs(ext["estimate"] - alpha_c) <= 0.012
    assert ext["ci_low"] <= ext["estimate"] <= ext["ci_high"]
    assert "N^(-1/2)" in ext["fit"]


def test_overlap_at_low_load_matches_ags(capacity):
    m_theory = theory.ags_overlap(0.10)
    for n, m in capacity["mean_overlap_at_alpha_0.10"].items():
        if int(n) >= 1000:
            assert m >= 0.99 and m == pytest.approx(m_theory, abs=0.002)


def test_fixed_point_landscape(fixed_points):
    loads = fixed_points["by_load"]
    low, high = loads["0.05"], loads["0.2"]
    assert low["stored_fixed_points"] == low["stored_patterns"]
    from_pattern = high["conditions"]["async/pattern"]
    assert from_pattern["counts"]["pattern"] < from_pattern["runs"] / 2
    assert fixed_points["async_energy_rises_total"] == 0
    # Below the AGS 3-mixture limit (α ≈ 0.03) mixture starts stay mixtures with overlaps ½.
    mix = loads["0.02"]["conditions"]["async/mixture3"]
    assert mix["counts"]["mixture"] >= 0.9 * mix["runs"]
    assert mix["member_overlap"]["mean"] == pytest.approx(theory.mixture_overlap(3), abs=0.02)
    assert mix["mean_energy"]["mixture"] == pytest.approx(-3 / 8, abs=0.03)
    for load in loads.values():
        for key, c in load["conditions"].items():
            if key.startswith("async"):
                assert c["fixed_points_verified"] == c["runs"]


def test_unstable_bits_match_one_step_theory(fixed_points):
    for a, load in fixed_points["by_load"].items():
        ub = load["unstable_bits"]
        n = fixed_points["N"]
        expected = theory.one_step_error_finite(n, round(load["load"] * n)) * ub["bits"]
        assert abs(ub["count"] - expected) <= 4 * np.sqrt(expected) + 1, a  # Poisson spread
