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

    a = lr.perceptron_runs(5, 40, 0.5, 0.8, 2, 50, 20)
    xr_equal = lambda u, v: all(np.array_equal(u[k].values, v[k].values) for k in u.data_vars)  # noqa: E731
    assert xr_equal(a, lr.perceptron_runs(5, 40, 0.5, 0.8, 2, 50, 20))
    one = lr.perceptron_runs(5, 40, 0.5, 0.8, 1, 50, 20)
    assert xr_equal(one, a.isel(trial=[0]))
    an = lr.analyse_perceptron([a, lr.perceptron_runs(5, 40, 0.5, 1.2, 2, 50, 20)], 0.95)
    an_rev = lr.analyse_perceptron([lr.perceptron_runs(5, 40, 0.5, 1.2, 2, 50, 20), a], 0.95)
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
    b1 = lr.basins_runs(5, 60, 0.1, [0.0], [0.0, 0.2, 0.4], 2, 6, 20, 100, [0.3])
    b2 = lr.basins_runs(5, 60, 0.1, [0.0], [0.2], 1, 6, 20, 100, [])
    np.testing.assert_array_equal(b2["final_overlap"].values[:, 0, 0],
                                  b1["final_overlap"].values[:4, 1, 0])
    r1 = lr.modern_regime_runs(5, 16, 3, 4, 0.1, 0.1, [0.1, 1.0], 5, 50)
    r2 = lr.modern_regime_runs(5, 16, 3, 4, 0.1, 0.1, [1.0], 5, 50)
    np.testing.assert_array_equal(r1["effective_patterns"].values[1], r2["effective_patterns"].values[0])


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
    for k in ("0", "0.5"):
        assert side["alpha_c_by_rule"][f"perceptron_k{k}"]["solved_fraction_crossing"] == \
            side["perceptron"][k]["alpha_c"]
    # basins: every rule and κ of the smoke config, probabilities in [0, 1], 1 at f = 0 for the
    # rules whose stored patterns are fixed points
    curves = {"hebb", "storkey", "pseudo_inverse", "perceptron_k0", "perceptron_k1",
              "pseudo_inverse_a0.5"}
    assert set(side["basins"]) == curves == set(side["basin_half_points"])
    assert all(set(v) == {"0", "0.2", "0.4"} and all(0 <= p <= 1 for p in v.values())
               for v in side["basins"].values())
    assert side["basins"]["pseudo_inverse"]["0"] == 1.0
    reg = side["modern_regimes"]
    assert reg["P"] == 80 and set(reg["by_beta"]) == {"0.02", "0.3", "2"}
    assert set(reg["beta_ranges"]) == {"global", "metastable", "single"}
    heads = side["headlines"]
    assert len(heads) == 10 and all(
        set(h) == {"name", "measured", "theory", "tolerance", "passed", "section"} for h in heads)
    assert all(h["section"] in md for h in heads)
    storkey_head = [h for h in heads if h["name"].startswith("Storkey")][0]
    assert storkey_head["measured"] == side["storkey_over_hebb"]["estimate"]
    for name in ("perceptron", "rules", "dense", "modern", "basins", "modern_regimes"):
        assert (out / f"reports/figures/learning_rules_{name}.png").stat().st_size > 5_000


# --------------------------------------------------------------------------- config (cross-key)

@pytest.mark.parametrize(
    "section, bad, match",
    [
        ("rules", {"loads": {"hebb": [0.1, 0.1, 0.2]}},
         r"learning_rules.rules.loads.hebb' must be strictly ascending"),
        ("rules", {"N": 10, "loads": {"hebb": [0.01, 0.2]}},
         r"learning_rules.rules.loads.hebb' = 0.01 gives P = 0"),
        ("rules", {"loads": {"pseudo_inverse": [0.5, 0.7]}},
         r"loads.pseudo_inverse' must include 0.5 and 0.9.*\[0.9\]"),
        ("perceptron", {"load_fractions": [0.9, 0.8]},
         r"perceptron.load_fractions' must be strictly ascending"),
        ("perceptron", {"N": 10, "load_fractions": [0.001, 0.5]},
         r"perceptron.load_fractions' = 0.001 stores no pattern"),
        ("decorrelation", {"N": 10, "alpha": 0.01}, r"decorrelation.alpha' = 0.01 gives P = 0"),
        ("dense", {"runs": [{"degree": 2, "N": [10, 20], "loads": [0.1, 0.2]},
                            {"degree": 2, "N": [30, 40], "loads": [0.1, 0.2]}]},
         r"dense.runs' has a degree twice"),
        ("dense", {"runs": [{"degree": 3, "N": [10, 20], "loads": [0.2, 0.1]}]},
         r"dense.runs\[degree 3\].loads' must be strictly"),
        ("modern", {"beta": [1.0, 0.5]}, r"modern.beta' must be strictly ascending"),
        ("modern", {"beta": [0.5, 2.0], "beta_reported": 1.0}, r"modern.beta_reported' = 1.0 must be one of"),
        ("modern", {"P": 100, "cues": 200}, r"modern.cues' = 200 must be at most learning_rules.modern.P"),
        ("basins", {"flips": [0.0, 0.3, 0.2]}, r"basins.flips' must be strictly ascending"),
        ("basins", {"pseudo_inverse_alpha": [0.5, 0.25]}, r"basins.pseudo_inverse_alpha' must be strictly"),
        ("basins", {"N": 100, "pseudo_inverse_alpha": [0.001]},
         r"basins.pseudo_inverse_alpha' = 0.001 gives P = 0"),
        ("basins", {"N": 100, "alpha": 0.1, "starts": 11}, r"basins.starts' = 11 must be at most .* 10"),
        ("basins", {"alpha": 0.6, "kappa": [0.0, 1.0]},
         r"basins.alpha' = 0.6 must lie below Gardner's α_c\(κ = 1.0\) = 0.5196"),
        ("modern_regimes", {"beta": [0.1, 0.1]}, r"modern_regimes.beta' must be strictly ascending"),
        ("modern_regimes", {"clusters": 2, "cluster_size": 3, "cues": 7},
         r"modern_regimes.cues' = 7 must be at most P .* = 6"),
    ],
)
def test_learning_rules_config_cross_key_checks_name_the_key(schema, section, bad, match):
    from hopsim.config import ConfigError, validate

    with pytest.raises(ConfigError, match=match):
        validate({"learning_rules": {section: bad}}, schema)


def test_flip_fractions_of_half_or_more_are_refused(schema):
    from hopsim.config import ConfigError, validate

    with pytest.raises(ConfigError, match=r"learning_rules.basins.flips\[1\]"):
        validate({"learning_rules": {"basins": {"flips": [0.0, 0.5]}}}, schema)



# --------------------------------------------------------------------------- basins, modern regimes

def test_perceptron_runs_retrieve_every_pattern_when_every_neuron_is_solved():
    """Far below α_c every neuron is solved: every stored pattern is a fixed point, so sync
    dynamics from it ends there with m = 1 (the rule comparison's criterion holds trivially)."""
    from hopsim.experiments import learning_rules as lr

    r = lr.perceptron_runs(3, 60, 0.5, 0.3, 2, 500, 20)
    assert r["solved"].all()
    assert r["fixed_point"].all() and np.all(r["final_overlap"].values == 1.0)
    an = lr.analyse_perceptron([r], 0.95)
    assert float(an["retrieved_fraction"][0, 0]) == 1.0 and float(an["fixed_point_fraction"][0, 0]) == 1.0


def test_basin_curve_at_zero_flips_is_retrieval_from_the_stored_patterns():
    """At f = 0 the cues are the stored patterns: the end overlaps equal those of sync dynamics
    from the stored patterns with the same rule's weights; the pseudo-inverse and the solved
    perceptron have every stored pattern as a fixed point, so their probability at f = 0 is 1."""
    from hopsim.experiments import learning_rules as lr

    seed, n, alpha, starts, steps = 11, 80, 0.1, 8, 20
    runs = lr.basins_runs(seed, n, alpha, [0.0, 1.0], [0.0, 0.25, 0.45], 2, starts, steps, 500, [0.5])
    for t in range(2):
        x = random_patterns(lr._rng("patterns", "basins", seed, n, t), n, n)
        for rule in lr.RULES:
            w = lr.rule_weights(rule, x[:8])
            np.testing.assert_array_equal(runs["final_overlap"].sel(curve=rule).values[0, t],
                                          lr._retrieve(w, x[:starts], steps)[0])
    an = lr.analyse_basins(runs, 0.95)
    for c in ("pseudo_inverse", "pseudo_inverse_a0.5", "perceptron_k0", "perceptron_k1"):
        assert float(an["probability"].sel(curve=c).isel(flip=0)) == 1.0
    assert np.all(an["solved_fraction"].sel(curve=["perceptron_k0", "perceptron_k1"]) == 1.0)
    assert np.isnan(an["solved_fraction"].sel(curve="hebb"))
    # the half-point is the linear interpolation of the curve's first fall below ½
    for c in an["curve"].values:
        p = an["probability"].sel(curve=c).values
        k = np.flatnonzero(p < 0.5)
        if k.size and k[0] > 0 and p[k[0] - 1] >= 0.5:
            f0, f1 = an["flip"].values[k[0] - 1], an["flip"].values[k[0]]
            expect = f0 + (p[k[0] - 1] - 0.5) / (p[k[0] - 1] - p[k[0]]) * (f1 - f0)
            assert float(an["half_point"].sel(curve=c)) == pytest.approx(expect)
        else:
            assert np.isnan(float(an["half_point"].sel(curve=c)))
    # at f = 0.45 almost half the bits are wrong: no rule retrieves (m ≥ 0.95) from such cues
    assert np.all(an["probability"].isel(flip=-1).values <= 0.25)


def test_modern_update_at_small_beta_is_the_pattern_mean():
    """softmax(β X ξ) → uniform as β → 0: the update and its fixed point are the mean of all
    patterns (the global-average regime), and n_eff = 1/Σ p² → P."""
    rng = np.random.default_rng(21)
    x = random_patterns(rng, 300, 32)
    cues = flip_bits(x[:5], 3, rng)
    mean = x.mean(axis=0)
    np.testing.assert_allclose(dense.modern_update(x, cues, 1e-9), np.tile(mean, (5, 1)), atol=1e-7)
    s, upd, done = dense.modern_fixed_point(x, cues, 1e-9)
    assert done.all() and np.abs(s - mean).max() < 1e-7 and upd.max() <= 3
    p = dense.modern_weights(x, s, 1e-9)
    np.testing.assert_allclose(1 / (p ** 2).sum(axis=1), 300, rtol=1e-6)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)


def test_modern_fixed_point_lowers_the_energy_and_averages_identical_patterns():
    """Every update lowers the modern energy (CCCP); with identical members in a cluster
    (within-cluster flip 0) the large-β fixed point is the cue's prototype and its softmax weight
    is shared equally by the cluster's members: n_eff = cluster size exactly."""
    rng = np.random.default_rng(22)
    x = dense.clustered_patterns(rng, 5, 6, 48, 0.0)
    assert x.shape == (30, 48) and np.all(x.reshape(5, 6, 48) == x[::6][:, None])
    cues = flip_bits(x[[0, 7, 20]], 4, rng)
    s = cues.astype(float)
    for _ in range(5):
        new = dense.modern_update(x, s, 0.5)
        assert np.all(dense.modern_energy(x, new, 0.5) <= dense.modern_energy(x, s, 0.5) + 1e-12)
        s = new
    fp, _, done = dense.modern_fixed_point(x, cues, 2.0)
    assert done.all()
    np.testing.assert_allclose(fp, x[[0, 7, 20]], atol=1e-9)
    p = dense.modern_weights(x, fp, 2.0)
    np.testing.assert_allclose(1 / (p ** 2).sum(axis=1), 6.0, rtol=1e-9)
    # members of a cluster differ from its prototype in exactly round(flip·N) bits
    y = dense.clustered_patterns(np.random.default_rng(23), 4, 5, 40, 0.1)
    protos = dense.clustered_patterns(np.random.default_rng(23), 4, 1, 40, 0.0)
    assert np.all((y.reshape(4, 5, 40) != protos[:, None]).sum(axis=2) == 4)


def test_modern_regimes_global_metastable_single():
    """Clustered patterns (6 clusters of 8, 5 % within-cluster flips, N = 32): at β = 0.001 every
    cue's fixed point is the global average; at β = 0.3 an average over the cue's cluster (n_eff
    near the cluster size, close to the cluster mean); at β = 1 single-pattern retrieval."""
    from hopsim.experiments import learning_rules as lr

    runs = lr.modern_regime_runs(2, 32, 6, 8, 0.05, 0.1, [0.001, 0.3, 1.0], 20, 200)
    reg = lr.modern_regimes(runs)
    frac = reg["fraction"]
    assert float(frac.sel(regime="global", beta=0.001)) == 1.0
    assert float(runs["distance_to_mean"].sel(beta=0.001).max()) < 0.01
    assert float(frac.sel(regime="metastable", beta=0.3)) >= 0.9
    assert 4 <= float(reg["median_effective_patterns"].sel(beta=0.3)) <= 8
    assert float(runs["distance_to_cluster"].sel(beta=0.3).median()) < 0.1
    assert float(frac.sel(regime="single", beta=1.0)) >= 0.9
    assert float(reg["mean_overlap"].sel(beta=1.0)) > 0.9
    np.testing.assert_allclose(frac.sum("regime"), 1.0)
