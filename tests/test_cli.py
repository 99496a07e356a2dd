"""The `hopsim` command line: run as a fresh install would (python -m hopsim, the console script),
checked against theory computed here, on a store written here, and on bad input."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import hopsim
from hopsim import cli, config, io, theory
from hopsim.theory import low_activity as la

from .damage import DAMAGE, damage

REPO = Path(__file__).resolve().parents[1]
SCRIPT = Path(sys.executable).with_name("hopsim")  # the console script of this environment

# Every command's parser, for --help (the theory quantities are sub-subcommands).
COMMANDS = [[], ["retrieve"], ["inspect"], ["export"], ["theory"], ["config-reference"]] + [
    ["theory", q] for q in ("alpha-c", "m", "m-t", "boundary", "meanfield", "one-step-error",
                            "gardner", "low-activity")]


def run(*args: str, script: bool = False) -> subprocess.CompletedProcess:
    """`python -m hopsim ARGS` (or the console script) in a clean process; the checkout's code first."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    cmd = [str(SCRIPT)] if script else [sys.executable, "-m", "hopsim"]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, env=env, cwd=REPO)


def call(capsys, *args: str) -> tuple[int, str, str]:
    """The same in this process (cheap): exit code, stdout, stderr."""
    try:
        code = cli.main(list(args))
    except SystemExit as e:
        code = e.code
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("script", [False, pytest.param(True, marks=pytest.mark.skipif(
    not SCRIPT.exists(), reason="no hopsim console script in this environment (not installed "
    "from a pyproject with [project.scripts] yet)"))])
def test_entry_points_help_and_version(script):
    res = run("--help", script=script)
    assert res.returncode == 0, res.stderr
    for command in ("retrieve", "inspect", "theory"):
        assert command in res.stdout
    res = run("--version", script=script)
    assert res.returncode == 0 and res.stdout.strip() == f"hopsim {hopsim.__version__}"


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "hopsim")
def test_every_command_has_help(capsys, command):
    code, out, _ = call(capsys, *command, "--help")
    assert code == 0
    assert out.startswith("usage: hopsim " + " ".join(command))
    assert len(out.splitlines()) > 3  # options described, not only the usage line


def _parse_table(out: str) -> dict:
    rows = [line.split() for line in out.splitlines() if re.match(r"\s+\d+\s+-?\d\.\d{4}\s", line)]
    summary = dict(re.findall(r"^(mean final overlap|retrieved \(m >= 0\.95\)): (.*)$", out, re.M))
    theory_line = re.search(r"^theory: .* = (\S+)", out, re.M)
    return {"cue": [int(r[0]) for r in rows], "m_start": np.array([float(r[1]) for r in rows]),
            "m_final": np.array([float(r[2]) for r in rows]), "summary": summary,
            "theory": theory_line.group(1) if theory_line else None}


def test_retrieve_at_low_load_agrees_with_ags():
    """α = 0.05, 10 % of the cue flipped: every cue retrieved, overlaps at the AGS value."""
    n, p, k, flip = 1000, 50, 20, 0.1
    res = run("retrieve", "--neurons", str(n), "--patterns", str(p), "--flip", str(flip),
              "--cues", str(k), "--seed", "3")
    assert res.returncode == 0, res.stderr
    t = _parse_table(res.stdout)
    assert t["cue"] == list(range(k))
    np.testing.assert_allclose(t["m_start"], 1 - 2 * round(flip * n) / n)  # exactly 100 bits flipped
    mean = float(t["summary"]["mean final overlap"])
    assert mean == pytest.approx(t["m_final"].mean(), abs=1e-4)
    m_ags = theory.ags_overlap(p / n)
    assert float(t["theory"]) == pytest.approx(m_ags, abs=1e-5)
    assert mean >= 0.95 and abs(mean - m_ags) < 0.01
    assert t["summary"]["retrieved (m >= 0.95)"].startswith(f"{k}/{k} ")


def test_retrieve_above_capacity_fails_as_theory_says(capsys):
    """α = 0.3 > α_c: no AGS retrieval solution, and the network does not retrieve."""
    code, out, _ = call(capsys, "retrieve", "-N", "500", "-P", "150", "--flip", "0",
                        "--cues", "20", "--json")
    assert code == 0
    r = json.loads(out)
    assert r["theory"]["value"] is None and "α_c" in r["theory"]["note"]
    assert r["fraction_retrieved"] <= 0.2 and r["mean_overlap"] < 0.8
    assert r["mean_overlap"] == pytest.approx(np.mean(r["m_final"]))


@pytest.mark.parametrize("extra", [["--dynamics", "sync"], ["--rule", "storkey"],
                                   ["--rule", "pseudo-inverse", "--dynamics", "sync"]])
def test_retrieve_binary_variants(capsys, extra):
    """Other rules and sync dynamics retrieve at α = 0.05 too (Storkey and the pseudo-inverse
    store far more; sync and async share the Hebbian fixed points)."""
    code, out, _ = call(capsys, "retrieve", "-N", "400", "-P", "20", "--cues", "10", "--json", *extra)
    assert code == 0
    r = json.loads(out)
    assert r["fraction_retrieved"] == 1.0
    assert (r["theory"] is not None) == ("--rule" not in extra)


def test_retrieve_stochastic_matches_finite_temperature_theory(capsys):
    """Glauber at T = 0.5, α = 0.01: the time-averaged overlap is AGS's m(α, T) = 0.952
    (not 1: thermal noise), within finite-N fluctuations."""
    code, out, _ = call(capsys, "retrieve", "--family", "stochastic", "-T", "0.5", "-N", "1000",
                        "-P", "10", "--cues", "10", "--max-sweeps", "40", "--json")
    assert code == 0
    r = json.loads(out)
    m_th = theory.ags_state(0.01, 0.5)[0]
    assert r["theory"]["value"] == pytest.approx(m_th)
    assert abs(r["mean_overlap"] - m_th) < 0.01
    assert r["mean_overlap"] < 0.98  # it really is noisy: the T = 0 model would give ≈ 1


def test_retrieve_low_activity(capsys):
    code, out, _ = call(capsys, "retrieve", "--family", "low-activity", "--activity", "0.1",
                        "-N", "1000", "-P", "50", "--cues", "10", "--flip", "0.05", "--json")
    assert code == 0
    r = json.loads(out)
    theta, _ = la.optimal_threshold(0.1, min_overlap=0.95)
    assert r["theory"]["value"] == pytest.approx(la.critical_load(0.1, theta, min_overlap=0.95)[0])
    assert r["alpha"] < r["theory"]["value"] and r["fraction_retrieved"] == 1.0


def test_inspect_summarises_a_store(tmp_path):
    ds = xr.Dataset(
        {"final_overlap": (("trial", "pattern"), np.zeros((3, 4), np.float32),
                           {"long_name": "final overlap m with the target pattern", "units": "1"})},
        coords={"trial": ("trial", np.arange(3), {"long_name": "pattern set"})},
        attrs={"N": 100},
    )
    path = io.write(io.with_provenance(ds, {"alpha": 0.05, "N": 100}, {"seed": 7}), tmp_path / "x.zarr")
    res = run("inspect", str(path))
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert re.search(r"^dims: .*trial = 3.*pattern = 4|^dims: .*pattern = 4.*trial = 3", out, re.M)
    assert "final_overlap (trial, pattern) float32 [1]" in out
    assert "final overlap m with the target pattern" in out
    assert re.search(r'params: \{"alpha": 0.05, "N": 100\}', out)
    assert '"seed": 7' in out and f'"hopsim": "{hopsim.__version__}"' in out
    assert "N: 100" in out  # other attributes too


@pytest.mark.parametrize("make", [lambda d: d / "missing.zarr",
                                  lambda d: (d / "plain").mkdir() or d / "plain",
                                  lambda d: (d / "x.zarr").write_text("{}") and d / "x.zarr"],
                         ids=["missing", "empty directory", "a file"])
def test_inspect_rejects_what_is_not_a_store(tmp_path, make):
    res = run("inspect", str(make(tmp_path)))
    assert res.returncode != 0
    assert "not a zarr store" in res.stderr and "Traceback" not in res.stderr


def _study_store(path: Path) -> Path:
    ds = xr.Dataset({"final_overlap": (("trial", "pattern"), np.linspace(0, 1, 3000).reshape(300, 10))},
                    coords={"trial": ("trial", np.arange(300), {"long_name": "pattern set"})})
    return io.write(io.with_provenance(ds, {"N": 100}), path)


def test_inspect_check_reads_every_chunk_of_a_whole_store(tmp_path):
    res = run("inspect", "--check", str(_study_store(tmp_path / "x.zarr")))
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines()[-1] == "integrity: all 2 chunks read, every checksum matches"


@pytest.mark.parametrize("check", [False, True], ids=["inspect", "inspect --check"])
@pytest.mark.parametrize("kind", DAMAGE)
def test_inspect_names_a_damaged_store_in_one_line(tmp_path, kind, check):
    """Exit 1 and one line: the store, the variable and the command that rebuilds it. Without
    --check a data chunk is not read, so changed bytes of an unchanged size pass."""
    store = _study_store(tmp_path / "x.zarr")
    variable = damage(store, kind, data="final_overlap", coord="trial")
    res = run("inspect", *(["--check"] if check else []), str(store))
    if kind == "data chunk corrupted" and not check:
        assert res.returncode == 0 and "(--check also reads every chunk)" in res.stdout
        return
    assert res.returncode == 1, res.stdout
    assert "Traceback" not in res.stderr and len(res.stderr.splitlines()) == 1, res.stderr
    assert res.stderr.startswith(f"hopsim inspect: damaged store {store}, variable {variable!r}: ")
    assert f"rm -r {store} && snakemake --forcerun {store}" in res.stderr


def test_theory_values(capsys):
    code, out, _ = call(capsys, "theory", "alpha-c")
    assert code == 0
    ac, mc = (float(line.split()[0]) for line in out.splitlines())
    assert f"{ac:.3f}" == "0.138" and ac == pytest.approx(theory.ags_critical_load()[0], rel=1e-5)
    assert mc == pytest.approx(theory.ags_critical_load()[1], rel=1e-5)
    for args, expected in [(("m", "--alpha", "0.1"), theory.ags_overlap(0.1)),
                           (("gardner", "--kappa", "0.5"), 1 / theory.gardner.gardner_integral(0.5)),
                           (("meanfield", "-T", "0.5"), theory.meanfield_overlap(0.5)),
                           (("one-step-error", "--alpha", "0.138"), theory.one_step_error(0.138))]:
        code, out, _ = call(capsys, "theory", *args)
        assert code == 0 and float(out.split()[0]) == pytest.approx(expected, rel=1e-5), args
    code, out, _ = call(capsys, "theory", "m", "--alpha", "0.2")
    assert out.split()[0] == "nan"  # above α_c: no retrieval solution, said so


def test_bad_input_from_the_shell():
    res = run("retrieve", "--flip", "1.5")
    assert res.returncode == 2
    assert "--flip" in res.stderr and "[0, 1]" in res.stderr and "Traceback" not in res.stderr


@pytest.mark.parametrize("args,names", [
    (["retrieve", "--neurons", "1"], ["--neurons", "[2, inf]"]),
    (["retrieve", "--neurons", "ten"], ["--neurons", "integer"]),
    (["retrieve", "--flip", "-0.1"], ["--flip", "[0, 1]"]),
    (["retrieve", "--patterns", "0"], ["--patterns", "[1, inf]"]),
    (["retrieve", "--patterns", "10", "--cues", "20"], ["--cues", "--patterns = 10"]),
    (["retrieve", "--dynamics", "glauber"], ["--dynamics", "async", "sync"]),
    (["retrieve", "--family", "low-activity", "--activity", "1"], ["--activity", "(0, 1)"]),
    (["retrieve", "--family", "low-activity", "-N", "10", "-P", "5", "--activity", "0.01"],
     ["--activity", "0 active units"]),
    (["retrieve", "--family", "stochastic", "--rule", "storkey"], ["--rule", "binary"]),
    # The model rounds aN halves up: 0.9·5 = 4.5 gives 5 = N active units, refused before the run.
    (["retrieve", "--family", "low-activity", "-N", "5", "--activity", "0.9", "-P", "1"],
     ["--activity", "5 active units"]),
    # Options of another family or rule are refused, not silently ignored.
    (["retrieve", "-T", "0.3"], ["--temperature", "--family stochastic"]),
    (["retrieve", "--kappa", "0.5"], ["--kappa", "--rule perceptron"]),
    (["retrieve", "--family", "stochastic", "--activity", "0.2"], ["--activity", "low-activity"]),
    (["retrieve", "-T", "-1", "--family", "stochastic"], ["--temperature", "[0, inf]"]),
    (["theory", "m", "--alpha", "0"], ["--alpha", "(0, inf]"]),
    (["theory", "gardner", "--kappa", "-1"], ["--kappa", "[0, inf]"]),
    (["theory", "nonsense"], ["QUANTITY", "alpha-c"]),
])
def test_bad_input_names_the_option(capsys, args, names):
    code, _, err = call(capsys, *args)
    assert code == 2
    for name in names:
        assert name in err, (args, err)


def test_config_reference_is_current():
    """docs/config.md is generated from the schema; regenerate it after a schema change."""
    schema = config.load_schema(REPO / "workflow/schemas/config.schema.yaml")
    fresh = config.reference_markdown(schema)
    assert (REPO / "docs/config.md").read_text() == fresh, \
        "docs/config.md is stale: run `hopsim config-reference > docs/config.md`"


def test_config_reference_lists_every_key():
    schema = config.load_schema(REPO / "workflow/schemas/config.schema.yaml")
    text = config.reference_markdown(schema)

    def keys(node, path):
        for k, sub in node.get("properties", {}).items():
            name = f"{path}.{k}" if path else k
            if sub.get("type") == "object":
                assert f"`{name}`" in text  # its section heading
                yield from keys(sub, name)
            else:
                yield name, sub
            if sub.get("items", {}).get("type") == "object":
                yield from keys(sub["items"], f"{name}[]")

    found = list(keys(schema, ""))
    assert len(found) > 100
    for name, sub in found:
        row = next((line for line in text.splitlines() if line.startswith(f"| `{name}` |")), None)
        assert row is not None, name
        if "default" in sub:
            assert json.dumps(sub["default"], ensure_ascii=False) in row, name
        assert sub.get("description", "").split()[0] in row, name
