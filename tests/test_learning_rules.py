"""Learning rules beyond Hebb: Gardner's capacity against its integral, the perceptron's
normalised margin, fixed points of the pseudo-inverse, Storkey and dense rules above Hebb's
capacity, the modern update at P ≫ N, the symmetry and diagonal of every rule, bad input."""
import math

import numpy as np
import pytest
from scipy import integrate, special

from hopsim import learning
from hopsim.dynamics import binary
from hopsim.learning import dense, hebb, perceptron, pseudo_inverse, storkey
from hopsim.patterns import flip_bits, random_patterns
from hopsim.theory import gardner


def _gauss(t):
    return math.exp(-0.5 * t * t) / math.sqrt(2 * math.pi)


# --------------------------------------------------------------------------- Gardner

def test_gardner_capacity_is_two_at_zero_stability():
    # ∫_0^∞ Dt t² = ½ by symmetry of ∫ Dt t² = 1: α_c(0) = 2 (Cover)
    assert gardner.gardner_capacity(0.0) == pytest.approx(2.0, abs=1e-15)


@pytest.mark.parametrize("kappa", [-0.5, 0.0, 0.25, 0.5, 1.0, 2.0, 3.0])
def test_gardner_integral_against_quadrature(kappa):
    num, _ = integrate.quad(lambda t: _gauss(t) * (t + kappa) ** 2, -kappa, np.inf,
                            epsabs=1e-13, epsrel=1e-12)
    assert gardner.gardner_integral(kappa) == pytest.approx(num, rel=1e-10)
    assert gardner.gardner_capacity(kappa) == pytest.approx(1 / num, rel=1e-10)


def test_gardner_capacity_falls_with_kappa_and_inverse_round_trips():
    k = np.linspace(0, 3, 31)
    a = gardner.gardner_capacity(k)
    assert np.all(np.diff(a) < 0)
    # large κ: ∫_{−κ}^∞ Dt (t + κ)² → 1 + κ², so α_c κ² → 1
    assert gardner.gardner_capacity(30.0) * (1 + 30.0**2) == pytest.approx(1.0, rel=1e-12)
    for kappa in (0.0, 0.3, 0.5, 1.7, -0.4):
        assert gardner.gardner_stability(gardner.gardner_capacity(kappa)) == pytest.approx(kappa, abs=1e-9)
    with pytest.raises(ValueError, match="alpha"):
        gardner.gardner_stability(0.0)


# --------------------------------------------------------------------------- perceptron

@pytest.mark.parametrize("kappa", [0.0, 0.3])
def test_perceptron_reaches_the_normalised_margin(kappa):
    """α = 0.5 is well inside α_c(κ) (2 and 1.24): every neuron solved, min Δ > κ, and the
    stabilities are unchanged when w is doubled (and match the result record)."""
    rng = np.random.default_rng(1)
    x = random_patterns(rng, 40, 80)
    w, res = perceptron.perceptron_weights(x, kappa, max_epochs=500)
    assert res.converged and res.solved_fraction == 1.0
    d = perceptron.stabilities(w, x)
    assert d.min() > kappa
    np.testing.assert_allclose(d.min(axis=0), res.min_stability, rtol=1e-12)
    np.testing.assert_allclose(perceptron.stabilities(2 * w, x), d, rtol=1e-12)
    # stored patterns are fixed points of sgn dynamics
    assert np.all(np.sign(x @ w.T) == x)
    # the learning rate only scales the weights (zero start, scale-free criterion)
    w3, res3 = perceptron.perceptron_weights(x, kappa, max_epochs=500, learning_rate=0.01)
    np.testing.assert_allclose(w3, 0.01 * w, rtol=1e-12)
    np.testing.assert_array_equal(res3.epochs, res.epochs)


def test_perceptron_01_patterns_learn_a_threshold():
    """The seed's 0/1 form: inputs v ∈ {0,1}, targets 2v − 1, learned threshold θ."""
    rng = np.random.default_rng(2)
    v = (rng.random((30, 60)) < 0.3).astype(np.int8)
    w, res = perceptron.perceptron_weights(v, 0.2, max_epochs=3000, encoding="01")
    assert res.converged
    d = perceptron.stabilities(w, v, res.threshold, encoding="01")
    assert d.min() > 0.2
    np.testing.assert_allclose(perceptron.stabilities(2 * w, v, 2 * res.threshold, encoding="01"), d,
                               rtol=1e-12)
    assert np.all((v @ w.T - res.threshold > 0) == (v == 1))  # a fixed point of σ ← Θ(h − θ)


def test_perceptron_epoch_cap_above_capacity_reports_unsolved():
    """α = 3 > α_c(0) = 2: no neuron can be solved; epochs hit the cap and min Δ ≤ κ."""
    rng = np.random.default_rng(3)
    res = perceptron.solved_fraction(rng, 40, 3.0, 0.0, max_epochs=50)
    assert res.solved_fraction == 0.0 and res.epochs_used == 50
    assert np.all(res.min_stability <= 0) and np.all(res.epochs == 50)


def test_solved_fraction_falls_across_gardner_capacity():
    rng = np.random.default_rng(4)
    lo = perceptron.solved_fraction(rng, 60, 0.6, 0.5, max_epochs=300)   # α_c(0.5) = 0.96
    hi = perceptron.solved_fraction(rng, 60, 1.6, 0.5, max_epochs=300)
    assert lo.solved_fraction > 0.5 > hi.solved_fraction


# --------------------------------------------------------------------------- symmetry and diagonal

def _asym(w):
    return np.abs(w - w.T).max()


def test_every_rule_has_the_documented_symmetry_and_diagonal():
    rng = np.random.default_rng(5)
    x = random_patterns(rng, 20, 50)
    symmetric = {
        "hebb": learning.hebbian_sum(x),
        "decorrelated": hebb.decorrelated_weights(x),
        "storkey": storkey.storkey_weights(x),
        "pseudo_inverse": pseudo_inverse.pseudo_inverse_weights(x),
        "perceptron_sym": perceptron.perceptron_weights(x, 0.2, symmetric=True, max_epochs=2000)[0],
    }
    for name, w in symmetric.items():
        assert _asym(w) == 0, name
        assert np.all(np.diag(w) == 0), name
    free, res = perceptron.perceptron_weights(x, 0.2)
    assert np.all(np.diag(free) == 0) and _asym(free) > 0
    # the projection itself keeps its diagonal, mean w_ii = P/N (trace of a rank-P projection)
    proj = pseudo_inverse.pseudo_inverse_weights(x, zero_diagonal=False)
    assert _asym(proj) == 0 and np.trace(proj) == pytest.approx(20, rel=1e-12)
    np.testing.assert_allclose(proj @ proj, proj, atol=1e-12)


def test_symmetric_perceptron_stores_patterns_with_margin():
    rng = np.random.default_rng(6)
    x = random_patterns(rng, 20, 50)
    w, res = perceptron.perceptron_weights(x, 0.2, symmetric=True, max_epochs=2000)
    assert res.converged and perceptron.stabilities(w, x).min() > 0.2
    assert np.all(binary.is_fixed_point(w, x))


# --------------------------------------------------------------------------- hebb variants

def test_decorrelated_rule_removes_the_bias_term():
    """Biased patterns (bias b = 0.5 = ⟨ξ⟩): w_ij = (1/N) Σ (ξ_i − ⟨ξ_i⟩)(ξ_j − ⟨ξ_j⟩), checked
    entry by entry. Hebb's field of a stored pattern carries the common term ≈ b³ (P − 1) = 2.4
    ≫ 1 pushing every unit to +1, so most of the (1 − b)/2 = 25 % of −1 bits flip in one step;
    the decorrelated rule removes it."""
    b, p, n = 0.5, 20, 400
    rng = np.random.default_rng(7)
    x = hebb.biased_patterns(rng, p, n, b)
    assert abs(x.mean() - b) < 0.03
    w = hebb.decorrelated_weights(x)
    mean = x.mean(axis=0)
    i, j = 3, 17
    assert w[i, j] == pytest.approx(((x[:, i] - mean[i]) * (x[:, j] - mean[j])).sum() / n, rel=1e-12)

    def one_step_error(weights):
        return (binary.sgn_keep(binary.fields(weights, x), x) != x).mean()

    hebb_err = one_step_error(learning.hebbian_sum(x))
    assert hebb_err > 0.5 * (1 - b) / 2
    assert one_step_error(w) < hebb_err / 4
    with pytest.raises(ValueError, match="bias"):
        hebb.biased_patterns(rng, 3, 10, 1.0)


# --------------------------------------------------------------------------- pseudo-inverse

@pytest.mark.parametrize("alpha", [0.5, 0.9])
@pytest.mark.parametrize("zero_diagonal", [True, False])
def test_pseudo_inverse_stores_every_pattern(alpha, zero_diagonal):
    n = 200
    rng = np.random.default_rng(8)
    x = random_patterns(rng, int(alpha * n), n)
    w = pseudo_inverse.pseudo_inverse_weights(x, zero_diagonal=zero_diagonal)
    h = x @ w.T
    if zero_diagonal:  # h_i = (1 − w_ii) ξ_i with w_ii of the projection
        wii = np.diag(pseudo_inverse.pseudo_inverse_weights(x, zero_diagonal=False))
        np.testing.assert_allclose(h, x * (1 - wii), atol=1e-9)
    else:
        np.testing.assert_allclose(h, x, atol=1e-9)
    assert np.all(x * h > 0)  # every stored pattern is a fixed point


# --------------------------------------------------------------------------- Storkey

def _storkey_reference(x):
    """Storkey (1997) entry by entry, h_ij = Σ_{k≠i,j} w_ik ξ_k."""
    p, n = x.shape
    w = np.zeros((n, n))
    for xi in x.astype(float):
        old = w.copy()
        h = [[sum(old[i, k] * xi[k] for k in range(n) if k not in (i, j)) for j in range(n)]
             for i in range(n)]
        for i in range(n):
            for j in range(n):
                if i != j:
                    w[i, j] += (xi[i] * xi[j] - xi[i] * h[j][i] - h[i][j] * xi[j]) / n
    return w


def test_storkey_matches_the_entrywise_rule():
    x = random_patterns(np.random.default_rng(9), 5, 12)
    np.testing.assert_allclose(storkey.storkey_weights(x), _storkey_reference(x), atol=1e-13)


def test_storkey_stores_more_than_hebb():
    """α = 0.25, N = 200: Hebb's one-step error ½ erfc(1/√(2α)) ≈ 0.023 per bit leaves few
    patterns exactly fixed; Storkey keeps most of them."""
    n, p = 200, 50
    per_bit = 0.5 * special.erfc(1 / math.sqrt(2 * p / n))
    hebb_all, storkey_all = [], []
    for seed in range(3):
        x = random_patterns(np.random.default_rng(100 + seed), p, n)
        hebb_all.append(binary.is_fixed_point(learning.hebbian_sum(x), x))
        storkey_all.append(binary.is_fixed_point(storkey.storkey_weights(x), x))
    hebb_frac, storkey_frac = np.mean(hebb_all), np.mean(storkey_all)
    assert hebb_frac < 0.1 + (1 - per_bit) ** n   # theory (independent bits): ≈ 1 %
    assert storkey_frac > 0.5 and storkey_frac > hebb_frac + 0.4


# --------------------------------------------------------------------------- dense memory

def test_dense_degree_two_is_the_hebbian_network():
    rng = np.random.default_rng(10)
    x = random_patterns(rng, 15, 60)
    s = random_patterns(rng, 20, 60)
    c = learning.hebbian_sum(x)
    np.testing.assert_array_equal(dense.dense_update_sync(x, s, 2), binary.sgn_keep(binary.fields(c, s), s))
    # E = −Σ (ξ·σ)² = 2 E_Hebb(C) − P N
    e_hebb = binary.energy(c, s)
    np.testing.assert_allclose(dense.dense_energy(x, s, 2), 2 * e_hebb - 15 * 60, rtol=1e-12)


def test_dense_async_lowers_energy_and_ends_in_fixed_points():
    rng = np.random.default_rng(11)
    x = random_patterns(rng, 30, 60)
    s0 = random_patterns(rng, 8, 60)
    s, sweeps, done = dense.dense_relax(x, s0, 3, mode="async", rng=rng, max_sweeps=50)
    assert done.all()
    assert np.all(dense.dense_energy(x, s, 3) <= dense.dense_energy(x, s0, 3))
    np.testing.assert_array_equal(dense.dense_update_sync(x, s, 3), s)


def test_dense_cubic_stores_far_above_hebb_capacity():
    """n = 3, N = 100, α = 0.5 (Hebb's α_c = 0.138): signal/noise ~ N/√(3P) ≈ 8, every stored
    pattern is a fixed point; noisy cues (5 % flipped) go back to their pattern. Hebb fails."""
    n, p = 100, 50
    rng = np.random.default_rng(12)
    x = random_patterns(rng, p, n)
    np.testing.assert_array_equal(dense.dense_update_sync(x, x, 3), x)
    assert binary.is_fixed_point(learning.hebbian_sum(x), x).mean() < 0.2
    cues = flip_bits(x[:20], 5, rng)
    s, _, done = dense.dense_relax(x, cues, 3, mode="sync", max_sweeps=20)
    assert done.all() and np.all(s == x[:20])


def test_modern_update_retrieves_with_many_more_patterns_than_units():
    """N = 64, P = 2000: a 10 %-flipped cue has overlap 0.8·N = 51 with its pattern and ≲ 4√N
    with the others; at β = 1 one update returns the pattern, at β → 0 it returns the mean."""
    n, p = 64, 2000
    rng = np.random.default_rng(13)
    x = random_patterns(rng, p, n)
    targets = rng.choice(p, 20, replace=False)
    cues = flip_bits(x[targets], 6, rng)
    rms, bits = dense.modern_retrieval_error(x, cues, targets, [1e-3, 0.05, 1.0, 4.0])
    assert bits[2] == 0 and bits[3] == 0 and rms[3] < 1e-6
    assert rms[0] > 0.9 and bits[0] > 0.2 and np.all(np.diff(rms) <= 1e-12)
    # one update lowers the energy
    new = dense.modern_update(x, cues, 1.0)
    assert np.all(dense.modern_energy(x, new, 1.0) <= dense.modern_energy(x, cues, 1.0))


# --------------------------------------------------------------------------- bad input

def test_bad_input_raises_clear_errors():
    x = random_patterns(np.random.default_rng(14), 5, 20)
    with pytest.raises(ValueError, match="patterns"):
        perceptron.perceptron_weights(x * 2, 0.0)
    with pytest.raises(ValueError, match="kappa"):
        perceptron.perceptron_weights(x, -0.1)
    with pytest.raises(ValueError, match="max_epochs"):
        perceptron.perceptron_weights(x, 0.0, max_epochs=0)
    with pytest.raises(ValueError, match="learning_rate"):
        perceptron.perceptron_weights(x, 0.0, learning_rate=0.0)
    with pytest.raises(ValueError, match="encoding"):
        perceptron.perceptron_weights(x, 0.0, encoding="bipolar")
    with pytest.raises(ValueError, match="patterns"):
        perceptron.perceptron_weights(x, 0.0, encoding="01")   # ±1 given as 0/1
    with pytest.raises(ValueError, match="patterns"):
        pseudo_inverse.pseudo_inverse_weights(x[:, :, None])
    with pytest.raises(ValueError, match="patterns"):
        storkey.storkey_weights((x + 1) // 2)
    with pytest.raises(ValueError, match="patterns"):
        hebb.decorrelated_weights(x * 0.5)
    with pytest.raises(ValueError, match="degree"):
        dense.dense_update_sync(x, x, 1)
    with pytest.raises(ValueError, match="states"):
        dense.dense_update_sync(x, x[:, :10], 3)
    with pytest.raises(ValueError, match="mode"):
        dense.dense_relax(x, x, 3, mode="parallel")
    with pytest.raises(ValueError, match="rng"):
        dense.dense_relax(x, x, 3, mode="async")
    with pytest.raises(ValueError, match="beta"):
        dense.modern_update(x, x, -1.0)
    with pytest.raises(ValueError, match="targets"):
        dense.modern_retrieval_error(x, x[:2], [0, 5], [1.0])


# --------------------------------------------------------------------------- experiments (issue 8)

def test_storkey_is_incremental():
    x = random_patterns(np.random.default_rng(15), 12, 40)
    np.testing.assert_array_equal(storkey.storkey_weights(x[5:], storkey.storkey_weights(x[:5])),
                                  storkey.storkey_weights(x))


def test_learning_rule_experiments_are_reproducible_and_independent_of_the_job_split():
    """Same config → identical arrays; a (κ, α) point, a load of a rule, a trial do not depend
    on which other points, loads or trials share the job."""
    from hopsim.experiments import learning_rules as lr

    a = lr.perceptron_runs(5, 40, 0.5, 0.8, 2, 50)
    xr_equal = lambda u, v: all(np.array_equal(u[k].values, v[k].values) for k in u.data_vars)  # noqa: E731
    assert xr_equal(a, lr.perceptron_runs(5, 40, 0.5, 0.8, 2, 50))
    one = lr.perceptron_runs(5, 40, 0.5, 0.8, 1, 50)
    assert xr_equal(one, a.isel(trial=[0]))
    an = lr.analyse_perceptron([a, lr.perceptron_runs(5, 40, 0.5, 1.2, 2, 50)])
    an_rev = lr.analyse_perceptron([lr.perceptron_runs(5, 40, 0.5, 1.2, 2, 50), a])
    assert xr_equal(an, an_rev) and an["gardner"].values[0] == pytest.approx(0.9612, abs=1e-4)

    for rule in lr.RULES:
        full = lr.rule_runs(5, 60, rule, [0.1, 0.3, 0.5], 2, 20)
        part = lr.rule_runs(5, 60, rule, [0.3], 1, 20)
        p = 18
        for k in ("final_overlap", "status", "fixed_point"):
            np.testing.assert_array_equal(part[k].values[0, 0, 0, :p],
                                          full[k].values[0, 1, 0, :p])
    assert xr_equal(lr.decorrelation_runs(5, 100, 0.05, 0.4, 2, 20),
                    lr.decorrelation_runs(5, 100, 0.05, 0.4, 2, 20))
    d1 = lr.dense_runs(5, 30, 3, [0.05, 0.2], 2, 5, 5)
    d2 = lr.dense_runs(5, 30, 3, [0.2], 1, 5, 5)
    np.testing.assert_array_equal(d1["final_overlap"].values[0, 0, 1, 0],
                                  d2["final_overlap"].values[0, 0, 0, 0])
    m1 = lr.modern_runs(5, 32, 300, 0.1, [0.5, 1.0], 20)
    m2 = lr.modern_runs(5, 32, 300, 0.1, [1.0], 20)
    np.testing.assert_array_equal(m1["overlap"].values[1], m2["overlap"].values[0])


def test_rule_analysis_finds_the_crossing_and_pseudo_inverse_fixed_points():
    from hopsim.experiments import learning_rules as lr

    runs = [lr.rule_runs(6, 100, r, loads, 1, 30)
            for r, loads in (("hebb", [0.05, 0.3]), ("pseudo_inverse", [0.5, 0.9]))]
    an = lr.analyse_rules(runs, 0.95)
    assert 0.05 < float(an["alpha_c"].sel(rule="hebb")) < 0.3
    assert np.isnan(float(an["alpha_c"].sel(rule="pseudo_inverse")))
    np.testing.assert_array_equal(an["fixed_point_fraction"].sel(rule="pseudo_inverse").values, 1.0)
    assert an["alpha_c"].attrs["long_name"] and an["retrieved_fraction"].dims == ("rule", "point")


@pytest.mark.workflow
def test_smoke_learning_rules_report_keeps_the_contract(smoke_run):
    """reports/learning_rules.json: the contract keys of issue 8 that are measured, the rest
    listed as not measured; outside the issue's conditions at smoke size (the report says so)."""
    import json

    from hopsim import io

    out = smoke_run / "results/smoke"
    side = json.loads((out / "reports/learning_rules.json").read_text())
    assert set(side["perceptron"]) == {"0", "0.5"}
    for k, r in side["perceptron"].items():
        assert {"alpha_c", "gardner", "N", "epochs"} <= set(r) and r["N"] == 60
        assert r["gardner"] == pytest.approx(gardner.gardner_capacity(float(k)), abs=1e-4)
    assert {"hebb", "storkey", "pseudo_inverse", "perceptron_k0", "perceptron_k0.5"} <= \
        set(side["alpha_c_by_rule"])
    assert all({"estimate", "N"} <= set(v) for v in side["alpha_c_by_rule"].values())
    assert side["pseudo_inverse_fixed_points"] == {"0.5": 1.0, "0.9": 1.0}
    assert {"N", "P", "flip", "beta", "success_fraction"} <= set(side["modern"])
    assert {"hebb_retrieved", "decorrelated_retrieved", "pattern_bias"} <= set(side["decorrelation"])
    assert set(side["dense"]) == {"2", "3"} and side["not_measured"] == []
    for d, r in side["dense"].items():
        assert {"slope", "expected"} <= set(r) and r["expected"] == int(d) - 1
    assert side["conditions_met"] is False
    md = (out / "reports/learning_rules.md").read_text()
    assert "outside the conditions" in md
    an = io.load(out / "learning_rules/perceptron_analysis.zarr")
    assert an["alpha_c"].dims == ("kappa",) and an["solved_fraction"].attrs["long_name"]
    for name in ("perceptron", "rules", "dense", "modern"):
        assert (out / f"reports/figures/learning_rules_{name}.png").stat().st_size > 5_000
