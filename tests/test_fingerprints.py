"""Fingerprints (issue 16): the smoke study reproduces the committed digests on this machine, a
changed value is caught and named, and the regeneration command restores agreement."""
import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

from hopsim import fingerprints, io

from .conftest import REPO

COMMITTED = REPO / "tests/fingerprints"


@pytest.mark.workflow
def test_smoke_study_reproduces_the_committed_fingerprints(smoke_run):
    """Every store array and figure of a fresh smoke run has the committed bytes: a result that
    depends on the BLAS kernel, thread count or a package version fails here, on any machine."""
    expected = json.loads((COMMITTED / "smoke.json").read_text())
    lines = fingerprints.compare(expected, fingerprints.smoke_fingerprints(smoke_run / "results/smoke"))
    assert not lines, ("the smoke study differs from tests/fingerprints/smoke.json:\n"
                       + "\n".join(lines) + f"\nafter a deliberate change: {fingerprints.REGENERATE}")


def test_committed_reports_are_the_fingerprinted_ones():
    """reports/ holds what default.json records (numbers and figures), so a default run on any
    machine can be checked against it with `python -m hopsim.fingerprints check`."""
    expected = json.loads((COMMITTED / "default.json").read_text())
    assert not fingerprints.compare(expected, fingerprints.default_fingerprints(REPO / "reports"))


def test_run_facts_do_not_count_but_numbers_do(tmp_path):
    side = {"alpha_c": 0.1379, "run": {"versions": {"numpy": "2.4.6"}}, "runtime_seconds": 12.0,
            "nested": [{"wall_s": 3.0, "m": 0.967}]}
    (tmp_path / "a.json").write_text(json.dumps(side))
    before = fingerprints.report_digests(tmp_path)
    side["run"]["versions"]["numpy"] = "9.9"
    side["runtime_seconds"] = 99.0
    side["nested"][0]["wall_s"] = 1.0
    (tmp_path / "a.json").write_text(json.dumps(side))
    assert fingerprints.report_digests(tmp_path) == before
    side["nested"][0]["m"] = 0.968
    (tmp_path / "a.json").write_text(json.dumps(side))
    assert fingerprints.report_digests(tmp_path) != before


def test_array_digest_sees_the_last_bit_dtype_and_shape():
    x = np.linspace(0, 1, 12)
    y = x.copy()
    y[5] = np.nextafter(y[5], 2.0)
    digest = fingerprints.array_digest
    assert digest(x) == digest(x.copy())
    assert digest(x) != digest(y)
    assert digest(x) != digest(x.astype(np.float32))
    assert digest(x) != digest(x.reshape(3, 4))
    assert digest(np.array([0.0])) != digest(np.array([-0.0]))


def _fingerprint_cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "hopsim.fingerprints", *args], cwd=cwd,
                          capture_output=True, text=True)


@pytest.mark.workflow
def test_a_perturbed_value_fails_names_store_and_variable_and_update_restores(smoke_run, tmp_path):
    """One value of one store changed by one ulp: `check` exits 1 naming the store and the
    variable; `update` (the regeneration command) rewrites the files and `check` passes again."""
    work = tmp_path / "work"
    shutil.copytree(smoke_run / "results/smoke", work / "results/smoke")
    shutil.copytree(REPO / "reports", work / "reports")
    shutil.copytree(COMMITTED, work / "fingerprints")
    args = ("--smoke", "results/smoke", "--reports", "reports", "--into", "fingerprints")
    ok = _fingerprint_cli("check", *args, cwd=work)
    assert ok.returncode == 0, ok.stdout + ok.stderr

    store = work / "results/smoke/capacity/analysis.zarr"
    ds = io.load(store)
    values = ds["alpha_c"].values.copy()
    values.flat[0] = np.nextafter(values.flat[0], np.inf)
    ds["alpha_c"] = (ds["alpha_c"].dims, values, ds["alpha_c"].attrs)
    io.write(ds, store)

    bad = _fingerprint_cli("check", *args, cwd=work)
    assert bad.returncode == 1
    assert "store capacity/analysis.zarr: variable 'alpha_c' changed" in bad.stdout, bad.stdout
    assert "1 differences" in bad.stdout and "update" in bad.stdout

    assert _fingerprint_cli("update", *args, cwd=work).returncode == 0
    again = _fingerprint_cli("check", *args, cwd=work)
    assert again.returncode == 0, again.stdout
