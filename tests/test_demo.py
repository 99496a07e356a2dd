"""Associative-memory demo (seed 002) and the four-neuron example (seed 001)."""

import contextlib
import io as stdio
import itertools
import json
import re

import numpy as np
import pytest
import yaml

from hopsim import io
from hopsim.config import ConfigError, validate
from hopsim.dynamics import binary
from hopsim.experiments import demo
from hopsim.learning import hebbian_sum
from hopsim.measures import overlaps
from hopsim.patterns import GLYPHS, flip_bits, letter_pictures, random_patterns

from .conftest import REPO

SEED = 20261123


# ------------------------------------------------------------------------------------ pictures

def _glyph(c):
    return np.array([[1 if b == "1" else -1 for b in row] for row in GLYPHS[c]])


def test_pictures_are_the_scaled_glyphs_and_deterministic():
    pics = letter_pictures("XTEVKJ", 50)
    assert pics.shape == (6, 2500) and pics.dtype == np.int8
    np.testing.assert_array_equal(pics, letter_pictures("XTEVKJ", 50))
    img = pics[0].reshape(50, 50)  # X: ink on the diagonals' blocks, paper elsewhere
    assert img[0, 0] == img[24, 24] == img[49, 49] == img[0, 49] == 1
    assert img[0, 24] == img[24, 0] == -1
    for k, c in enumerate("XTEVKJ"):  # every 10 × 10 block is one glyph cell
        blocks = pics[k].reshape(5, 10, 5, 10)
        assert np.all(blocks == _glyph(c)[:, None, :, None])


def test_pictures_are_correlated_as_stated():
    """Scaling keeps overlaps: the 50 × 50 pictures overlap exactly as their 5 × 5 glyphs. The
    default letters overlap by up to 0.2, ten times the 1/√N of random patterns, and they are
    the six glyphs whose largest mutual |overlap| is smallest (what the config says)."""
    pics = letter_pictures("XTEVKJ", 50)
    m = overlaps(pics, pics)
    g = np.array([_glyph(c).ravel() for c in "XTEVKJ"])
    np.testing.assert_allclose(m, g @ g.T / 25, atol=1e-12)
    off = np.abs(m[~np.eye(6, dtype=bool)])
    assert off.max() == pytest.approx(0.2) and off.max() > 5 / np.sqrt(2500)
    assert np.all(np.abs(pics.mean(axis=1)) > 0.1)  # biased, unlike random patterns
    names = list(GLYPHS)
    all_g = np.array([_glyph(c).ravel() for c in names]) / 5.0
    mm = np.abs(all_g @ all_g.T)
    best = min(mm[np.ix_(s, s)][~np.eye(6, dtype=bool)].max()
               for s in map(list, itertools.combinations(range(len(names)), 6)))
    assert best == pytest.approx(off.max())


@pytest.mark.parametrize("letters, side", [("XQ", 50), ("", 50), ("XT", 52), ("XT", 0)])
def test_bad_pictures_are_refused(letters, side):
    with pytest.raises(ValueError):
        letter_pictures(letters, side)


# ---------------------------------------------------------------------------------- dynamics

def test_async_trajectory_descends_to_a_fixed_point_and_matches_relax_async_rules():
    rng = np.random.default_rng(3)
    x = random_patterns(rng, 20, 400)
    w = hebbian_sum(x)
    start = flip_bits(x[:1], 60, rng)[0]
    traj, settled = binary.async_trajectory(w, start, np.random.default_rng(5), 30, 100)
    assert traj.shape == (30 * 4 + 1, 400)
    np.testing.assert_array_equal(traj[0], start)
    e = binary.energy(w, traj)
    assert np.all(np.diff(e) <= 0)  # async sgn dynamics with symmetric W never raise E
    assert settled > 0 and binary.is_fixed_point(w, traj[-1:])[0]
    np.testing.assert_array_equal(traj[settled * 4:], np.broadcast_to(traj[-1], traj[settled * 4:].shape))
    assert overlaps(x[:1], traj[-1:])[0, 0] == 1.0  # α = 0.05, 15 % noise: retrieved
    with pytest.raises(ValueError, match="record_every"):
        binary.async_trajectory(w, start, rng, 3, 7)


# --------------------------------------------------------------------------------- the regimes

def test_showcase_shows_the_three_regimes():
    """The seed's demo at full size, the committed parameters: perfect retrieval at P = 10, no
    retrieval at P = 1000 (α = 0.4 > α_c); the traces start at the cue's overlap 1 − 2q."""
    sc = demo.showcase(SEED, "XTEVKJ", 50, [10, 100, 1000], "X", 0.2, 50, 10, [0, 1, 5], 0.95)
    m = sc["final_overlap"].sel(picture="X").values
    assert m[0] >= 0.95 and m[2] < 0.5
    np.testing.assert_allclose(sc["overlap"].sel(picture="X").isel(sweep=0), 1 - 2 * 0.2)
    np.testing.assert_array_equal(sc["snapshot"].isel(snapshot_sweep=0).isel(load=0), sc["cue"])
    # at P = 10 the final state is the picture: its overlaps are the pictures' mutual overlaps
    np.testing.assert_allclose(sc["final_overlap"].isel(load=0), sc["picture_overlap"].sel(picture_b="X"))
    assert demo.OUTCOMES[int(sc["outcome"][0])] == "retrieved"
    assert demo.OUTCOMES[int(sc["outcome"][2])] != "retrieved"
    for name, var in sc.variables.items():
        assert var.attrs.get("long_name") or name in ("row", "col"), name


def test_retrieval_at_intermediate_load_depends_on_the_noise():
    """Every picture cued over two draws: at P = 10 every cue is retrieved at small and large
    noise, at P = 1000 none is, at P = 100 fewer at q = 0.4 than at q = 0.05."""
    nz = demo.noise_dependence(SEED, "XTEVKJ", 50, [10, 100, 1000], [0.05, 0.4], 2, 100, 0.95)
    own = np.stack([nz["final_overlap"].isel(cue=c, picture=c).values for c in range(6)], -1)
    p = (own >= 0.95).mean(axis=(1, 3))  # (load, q)
    assert np.all(p[0] >= 0.9) and p[0, 0] == 1.0
    assert np.all(p[2] == 0.0)
    assert p[1, 0] > p[1, 1]
    # the same cue at every load (keyed by trial, picture and q only)
    c1 = demo.cue(SEED, letter_pictures("X", 50)[0], 0, 0.2, 1)
    assert (c1 != letter_pictures("X", 50)[0]).sum() == 500


def test_outcomes():
    m = np.array([[0.97, 0.1, 0.0],     # retrieved
                  [0.92, 0.1, 0.0],     # near the cue
                  [0.1, 0.95, 0.0],     # another stored pattern
                  [-0.95, 0.0, 0.1],    # reversed
                  [0.5, 0.5, 0.5],      # symmetric 3-mixture
                  [0.4, 0.3, 0.0]])     # spurious
    got = demo.outcomes(m, np.zeros(6, int), 0.95)
    assert [demo.OUTCOMES[k] for k in got] == list(demo.OUTCOMES)


# --------------------------------------------------------------------------------- the report

def test_report_sidecar_keeps_the_contract(tmp_path):
    from hopsim.reports.demo import demo_report

    loads = [6, 25, 250]  # N = 625: α = 0.0096, 0.04, 0.4
    sc = demo.showcase(SEED, "XTEVKJ", 25, loads, "T", 0.1, 20, 5, [0, 1], 0.95)
    nz = demo.noise_dependence(SEED, "XTEVKJ", 25, loads, [0.05, 0.3], 2, 50, 0.95)
    bench = []
    for name in ("demo_showcase", "demo_noise"):
        f = tmp_path / name / "all.tsv"
        f.parent.mkdir()
        f.write_text("s\th:m:s\tmax_rss\n1.5\t0:00:01\t100\n")
        bench.append(str(f))
    figs = {k: str(tmp_path / f"figures/demo_{k}.png")
            for k in ("pictures", "snapshots", "overlaps", "noise")}
    config = {"demo": {"side": 25, "letters": "XTEVKJ"}}
    out = demo_report({"showcase": sc, "noise": nz}, config, bench, figs,
                      str(tmp_path / "demo.md"), str(tmp_path / "demo.json"))
    side = json.loads((tmp_path / "demo.json").read_text())
    assert side == json.loads(json.dumps(out))
    assert set(side["final_overlap"]) == {"6", "25", "250"}
    for p, v in side["final_overlap"].items():
        assert v == pytest.approx(float(sc["final_overlap"].sel(load=int(p), picture="T")), abs=1e-4)
    assert side["N"] == 625 and side["q"] == 0.1 and side["rule"]["name"] == "Hebb"
    assert side["dynamics"]["name"] == "asynchronous" and side["run"]["seed"] is None
    assert side["timing"]["total_s"] == 3.0
    keys = {"name", "measured", "theory", "tolerance", "passed", "section"}
    assert len(side["headlines"]) == 5
    for h in side["headlines"]:
        assert set(h) == keys and h["passed"] in (True, False, None)
    low = side["headlines"][0]
    assert low["passed"] == (side["final_overlap"]["6"] >= 0.95)
    md = (tmp_path / "demo.md").read_text()
    assert f"**{side['final_overlap']['250']:.3f}**" in md and "figures/demo_snapshots.png" in md


def test_bad_demo_config_names_the_key(schema):
    base = yaml.safe_load((REPO / "config/smoke.yaml").read_text())
    for change, key in [({"cue_letter": "A"}, "demo.cue_letter"), ({"loads": [5, 100]}, "demo.loads"),
                        ({"snapshot_sweeps": [0, 0.25]}, "demo.snapshot_sweeps"),
                        ({"letters": "XX"}, "demo.letters"), ({"letters": "xq"}, "demo.letters"),
                        ({"records_per_sweep": 7}, "demo.records_per_sweep")]:
        cfg = {**base, "demo": {**base["demo"], **change}}
        with pytest.raises(ConfigError, match=re.escape(key)):
            validate(cfg, schema)


# ---------------------------------------------------------------------- four neurons (seed 001)

def _readme_example():
    text = (REPO / "README.md").read_text()
    section = text.split("## Worked example: four neurons (seed 001)", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    printed = re.search(r"prints\n\n```text\n(.*?)```", section, re.S).group(1)
    return code, printed


def test_readme_four_neuron_example_prints_what_it_says():
    code, printed = _readme_example()
    out = stdio.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    assert out.getvalue() == printed


def test_four_neurons_converge_to_the_stored_state_in_every_order():
    """w_ij = (2V_i − 1)(2V_j − 1) by hand; from (−1, −1, −1, −1) every async order (many seeds)
    and the synchronous update end in (−1, −1, −1, 1), which is a fixed point (and so is its
    reverse); no field is ever zero, so the post's threshold rule (≥ 0 fires) gives the same."""
    v = np.array([0, 0, 0, 1])
    w_hand = np.array([[(2 * a - 1) * (2 * b - 1) if i != j else 0 for j, b in enumerate(v)]
                       for i, a in enumerate(v)])
    w = hebbian_sum((2 * v - 1)[None])
    np.testing.assert_array_equal(w, w_hand)
    start = -np.ones((64, 4), dtype=np.int8)
    r = binary.relax_async(w, start, np.arange(64, dtype=np.uint64), 10)
    assert np.all(r.states == [-1, -1, -1, 1]) and np.all(r.flips == 1)
    s = binary.relax_sync(w, start[:1], 10)
    np.testing.assert_array_equal(s.states[0], [-1, -1, -1, 1])
    assert binary.is_fixed_point(w, np.array([[-1, -1, -1, 1], [1, 1, 1, -1]])).all()
    h = binary.fields(w, np.array([[-1, -1, -1, -1], [-1, -1, -1, 1]]))
    assert np.all(h != 0)


# ---------------------------------------------------------------------------------- workflow

@pytest.mark.workflow
def test_smoke_demo_report_and_stores(smoke_run):
    out = smoke_run / "results/smoke"
    side = json.loads((out / "reports/demo.json").read_text())
    cfg = yaml.safe_load((REPO / "config/smoke.yaml").read_text())["demo"]
    assert set(side["final_overlap"]) == {str(p) for p in cfg["loads"]}
    assert side["headlines"] and side["rule"]["why"]
    for name in ("showcase", "noise"):
        ds = io.load(out / f"demo/{name}.zarr")
        assert ds.attrs["params"]["letters"] and ds.attrs["seed_material"]["experiment_key"] == 8
        for v in ds.data_vars.values():
            assert v.attrs["long_name"] and "units" in v.attrs
    for fig in ("pictures", "snapshots", "overlaps", "noise"):
        assert (out / f"reports/figures/demo_{fig}.png").stat().st_size > 5_000
