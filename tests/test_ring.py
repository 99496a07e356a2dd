"""Ring attractor: the spectrum of cos(θ_i − θ_j), the linear ring's ring of fixed points, the
threshold-linear bump against its analytic solution, speed and drift against the first-order
theory, velocity integration on a short trajectory, reproducibility, config errors, and the
contract of reports/ring.json in the smoke run."""
import math

import numpy as np
import pytest
from scipy import integrate

from hopsim.config import ConfigError, validate
from hopsim.dynamics import ring as dyn
from hopsim.experiments import ring as experiment
from hopsim.theory import ring as theory

TAU, DT = 0.010, 0.0005


def _net(n=128, je=6.0, ji=6.0, i0=50.0):
    return dyn.RingNetwork(n, je, ji, i0, TAU)


@pytest.mark.parametrize("n", [3, 8, 50, 100, 257, 512])
def test_spectrum_two_eigenvalues_n_over_2_and_the_rest_zero(n):
    lam, vec = dyn.spectrum(n)
    np.testing.assert_allclose(lam[:2], n / 2, rtol=1e-9, atol=0)
    assert np.max(np.abs(lam[2:]), initial=0.0) < 1e-9 * n
    np.testing.assert_allclose(lam, theory.expected_spectrum(n), rtol=0, atol=1e-9 * n)
    _, dev = dyn.align_to_cos_sin(vec[:, :2], n)  # the plane is span{cos θ, sin θ}
    assert dev < 1e-10


def test_angles_are_equally_spaced_without_a_duplicate_at_2pi():
    th = dyn.angles(12)
    assert th[0] == 0 and th[-1] < 2 * np.pi and np.allclose(np.diff(th), 2 * np.pi / 12)


def test_linear_ring_every_phase_and_height_is_a_fixed_point_at_gain_one():
    n = 60
    th = dyn.angles(n)
    rng = np.random.default_rng(0)
    phases, heights = rng.uniform(0, 2 * np.pi, 7), rng.uniform(0.1, 500, 7)
    v0 = heights[:, None] * np.cos(th[None, :] - phases[:, None])
    traj = dyn.linear_run(v0, 1.0, TAU, DT, 400, record_every=100)  # 20 τ
    rel = np.abs(traj - v0[None]).max(axis=(0, 2)) / np.abs(v0).max(axis=1)
    assert rel.max() < 1e-10


@pytest.mark.parametrize("gain", [0.8, 1.2])
def test_linear_ring_height_changes_as_exp_of_gain_minus_one_and_the_rest_decays(gain):
    n = 40
    th = dyn.angles(n)
    v0 = 3.0 * np.cos(th - 1.0) + np.random.default_rng(1).standard_normal(n)
    traj = dyn.linear_run(v0, gain, TAU, DT, 200)  # 0.1 s
    t = np.arange(traj.shape[0]) * DT
    z = traj[:, 0] @ np.exp(1j * th) / (n / 2)
    np.testing.assert_allclose(np.abs(z), np.abs(z[0]) * np.exp((gain - 1) * t / TAU), rtol=1e-9)
    basis = np.stack([np.cos(th), np.sin(th)], axis=1) / np.sqrt(n / 2)
    off = traj[:, 0] - traj[:, 0] @ basis @ basis.T
    np.testing.assert_allclose(np.linalg.norm(off, axis=1)[:50],
                               np.linalg.norm(off[0]) * np.exp(-t[:50] / TAU), rtol=1e-8)


def test_population_vector_and_active_width_of_a_cosine_cap():
    n = 360
    th = dyn.angles(n)
    for psi, tc in ((0.3, 1.0), (-2.5, 0.5), (3.1, 2.2)):
        h = np.cos(th - psi) - np.cos(tc)
        assert dyn.wrap(dyn.population_vector(h) - psi) == pytest.approx(0, abs=1e-12)
        # a rectified cap off the lattice is decoded to within a small fraction of a spacing
        assert dyn.wrap(dyn.population_vector(np.maximum(h, 0)) - psi) == pytest.approx(0, abs=1e-3)
        assert dyn.active_width(h) == pytest.approx(2 * tc, abs=1e-4)  # linear interpolation, O(Δ²)
    assert dyn.active_width(np.ones(n)) == pytest.approx(2 * np.pi)


def test_analytic_bump_solves_its_self_consistency():
    """v = A[cos θ − cos θ_c]_+ with A = 2 J_E ⟨v cos θ⟩ and −A cos θ_c = I_0 − 2 J_I ⟨v⟩,
    by adaptive quadrature."""
    for je, ji, i0 in ((1.5, 2.0, 10.0), (6.0, 6.0, 50.0), (8.0, 20.0, 30.0)):
        b = theory.bump(je, ji, i0)

        def v(x, b=b):
            return max(b["amplitude"] * math.cos(x) - b["offset"], 0.0)

        pts = [-b["theta_c"], b["theta_c"]]
        first = integrate.quad(lambda x, v=v: v(x) * math.cos(x), -math.pi, math.pi, points=pts)[0]
        mean = integrate.quad(v, -math.pi, math.pi, points=pts)[0]
        assert 2 * je * first / (2 * math.pi) == pytest.approx(b["amplitude"], rel=1e-9)
        assert -b["offset"] == pytest.approx(i0 - 2 * ji * mean / (2 * math.pi), rel=1e-9, abs=1e-9)
    assert theory.half_width(2.0) == pytest.approx(math.pi / 2, abs=1e-12)
    with pytest.raises(ValueError, match="J_I >"):
        theory.bump(12.0, 2.0, 50.0)


@pytest.mark.parametrize("je,ji", [(2.0, 6.0), (6.0, 6.0), (8.0, 20.0)])
def test_simulated_bump_matches_the_analytic_width_and_height(je, ji):
    net = _net(512, je, ji)
    v = dyn.settle(net, 0.7, DT, 0.8)
    b = theory.bump(je, ji, net.drive)
    width = math.degrees(dyn.active_width(dyn.input_field(net, v)[0]))
    assert width == pytest.approx(b["width_deg"], abs=0.1)
    assert v.max() == pytest.approx(b["peak"], rel=2e-3)


def test_halving_dt_changes_the_bump_width_by_less_than_half_a_degree():
    net = _net(128)
    widths = []
    for dt in (DT, DT / 2):
        v = dyn.settle(net, 0.0, dt, 0.6)
        widths.append(math.degrees(dyn.active_width(dyn.input_field(net, v)[0])))
    assert abs(widths[1] - widths[0]) < 0.5


def test_dense_weights_reproduce_the_low_rank_field():
    net = _net(64)
    v = dyn.settle(net, 1.0, DT, 0.3)
    low = dyn.simulate(net, v, DT, 200, record_every=200)["rates"]
    dense = dyn.simulate(net, v, DT, 200, weights=net.dense_weights(), record_every=200)["rates"]
    np.testing.assert_allclose(dense, low, rtol=0, atol=1e-9)


def test_bump_holds_without_input_and_drifts_at_most_to_the_nearest_lattice_point():
    net = _net(128)
    v = dyn.settle(net, math.radians(100.0), DT, 0.3)
    out = dyn.simulate(net, v, DT, 6000, record_every=100)  # 3 s
    drift = np.degrees(np.unwrap(out["heading"][:, 0]))
    assert abs(drift[-1] - drift[0]) <= 360 / net.n / 2 + 1e-6
    assert out["amplitude"][-1, 0] == pytest.approx(out["amplitude"][0, 0], rel=1e-3)


def test_bump_speed_is_linear_in_gamma_and_matches_the_first_order_theory():
    net = _net(128)
    cal = experiment.calibration(net, DT, 360.0, 5, 0.2, 0.5)
    assert cal.attrs["r2"] >= 0.99
    assert cal.attrs["slope_deg_s"] == pytest.approx(cal.attrs["theory_slope_scheme_deg_s"], rel=5e-3)
    half = experiment.calibration(net, DT / 2, 360.0, 5, 0.2, 0.5)
    ratio = half.attrs["slope_deg_s"] / cal.attrs["slope_deg_s"]
    expect = theory.scheme_speed_factor(TAU, DT / 2) / theory.scheme_speed_factor(TAU, DT)
    assert ratio == pytest.approx(expect, rel=2e-3)


def test_velocity_integration_on_a_short_trajectory():
    """Smoke-sized: N = 64, 3 s of head turning up to 180°/s through the calibrated inverse map."""
    net = _net(64)
    cal = experiment.calibration(net, DT, 360.0, 5, 0.1, 0.3)
    tr = experiment.tracking(5, net, DT, cal.attrs["slope_deg_s"], cal.attrs["intercept_deg_s"],
                             3.0, 180.0, 0.5, 1.0, 1, 20)
    err = tr["error"].values
    assert np.sqrt(np.mean(err[:, 0] ** 2)) < 2.0
    assert tr.attrs["max_abs_angular_velocity_deg_s"] <= 180.0
    # the true heading is the integral of the angular velocity
    omega = experiment.head_turning(5, 3.0, DT, 180.0, 0.5)
    assert tr["true_heading"].values[-1] == pytest.approx(np.sum(omega) * DT, rel=1e-12)


def test_noise_rows_do_not_depend_on_the_batch_and_runs_are_reproducible():
    net = _net(32)
    two = experiment.diffusion_runs(11, net, DT, 1.0, 2, 0.2, 10)
    three = experiment.diffusion_runs(11, net, DT, 1.0, 3, 0.2, 10)
    again = experiment.diffusion_runs(11, net, DT, 1.0, 2, 0.2, 10)
    np.testing.assert_array_equal(two["heading"].values, again["heading"].values)
    np.testing.assert_array_equal(two["heading"].values, three["heading"].isel(trial=[0, 1]).values)
    assert not np.array_equal(three["heading"].values[0], three["heading"].values[1])


def test_diffusion_theory_falls_as_one_over_n_and_msd_of_a_random_walk():
    d = theory.diffusion_coefficient(np.array([32, 64, 128]), 1.0, TAU, 6.0, 90.0)
    np.testing.assert_allclose(d[:-1] / d[1:], 2.0)
    rng = np.random.default_rng(3)
    walk = np.cumsum(rng.standard_normal((200, 400)), axis=1) * math.sqrt(2 * 5.0 * 0.01)  # D = 5
    m = experiment.msd(walk, 20)
    slope = np.polyfit(np.arange(21) * 0.01, m, 1)[0]
    assert slope / 2 == pytest.approx(5.0, rel=0.05)


def test_first_order_drift_predicts_the_initial_velocity_under_weak_heterogeneity():
    net = _net(96)
    th = dyn.angles(net.n)
    w0 = net.dense_weights()
    eta = np.random.default_rng(4).standard_normal(w0.shape)
    b = theory.bump(net.excitation, net.inhibition, net.drive)
    for psi in (0.4, 2.0):
        v = dyn.settle(net, psi, DT, 0.5)
        psi0 = float(dyn.population_vector(v)[0])
        h = b["amplitude"] * np.cos(th - psi0) - b["offset"]
        pred = theory.drift_velocity(0.01 * w0 * eta, v[0], h, TAU)
        out = dyn.simulate(net, v, DT, 400, weights=w0 * (1 + 0.01 * eta), record_every=20)
        hd = np.unwrap(out["heading"][:, 0])
        meas = np.polyfit(np.arange(hd.size)[5:] * 20 * DT, hd[5:], 1)[0]  # after ~5 τ
        assert meas == pytest.approx(pred, rel=0.15, abs=0.02)


@pytest.mark.parametrize("bad,key", [
    ({"dt_ms": 2.0}, "ring.dt_ms"),
    ({"network": {"inhibition": 1.0}}, "ring.network.inhibition"),
    ({"bump": {"excitation": [2.0, 12.0]}}, "ring.bump.inhibition"),
    ({"calibration": {"max_speed_deg_s": 90.0}}, "ring.calibration.max_speed_deg_s"),
    ({"diffusion": {"N": [64, 32]}}, "ring.diffusion.N"),
    ({"diffusion": {"max_lag_s": 20.0}}, "ring.diffusion.max_lag_s"),
    ({"network": {"excitation": 1.0}}, "ring.network.excitation"),
    ({"tracking": {"speed": 1}}, "'speed' under 'ring.tracking'"),
])
def test_bad_ring_config_names_the_key(schema, bad, key):
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        validate({"ring": bad}, schema)


@pytest.mark.workflow
def test_smoke_ring_report_keeps_the_contract(smoke_run):
    """reports/ring.json: the keys of issue 7 (outside the issue's conditions in the smoke run,
    which the report says), stores with shared dimension names and units."""
    import json

    from hopsim import io

    out = smoke_run / "results/smoke"
    side = json.loads((out / "reports/ring.json").read_text())
    assert {"N", "top_two", "expected", "max_abs_rest"} <= set(side["spectrum"])
    assert {"duration_s", "drift_deg", "width_deg", "width_theory_deg"} <= set(side["bump"])
    assert {"slope", "r2", "range"} <= set(side["speed_calibration"])
    assert {"duration_s", "max_speed_deg_s", "rms_error_deg", "rms_error_noisy_deg"} <= set(side["tracking"])
    assert {"N", "D", "loglog_slope"} <= set(side["diffusion"])
    assert side["spectrum"]["expected"] == side["spectrum"]["N"] / 2 and side["spectrum"]["pass"]
    assert len(side["diffusion"]["N"]) == len(side["diffusion"]["D"]) >= 2
    assert side["speed_calibration"]["r2"] >= 0.99
    assert abs(side["bump"]["width_deg"] - side["bump"]["width_theory_deg"]) < 5
    assert side["conditions_met"] is False
    assert "outside the conditions" in (out / "reports/ring.md").read_text()
    tr = io.load(out / "ring/tracking.zarr")
    assert tr["activity"].dims == ("condition", "time", "neuron")
    assert tr["time"].attrs["units"] == "s" and tr["decoded_heading"].attrs["units"] == "degree"
    runs = io.load(out / "ring/diffusion/N32.zarr")
    assert runs["heading"].dims == ("trial", "time") and runs.attrs["seed_material"]["seed"] == 7
    d = io.load(out / "ring/diffusion.zarr")
    assert d["D"].dims == ("N",) and d["D"].attrs["units"] == "degree^2/s"
    for name in ("spectrum", "linear", "bump", "calibration", "tracking", "diffusion",
                 "heterogeneity"):
        assert (out / f"reports/figures/ring_{name}.png").stat().st_size > 10_000
