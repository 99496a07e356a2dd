"""hopsim.provenance: what computed a number, recorded on every store and report, without paths."""
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import hopsim
from hopsim import io, provenance
from hopsim.reports.common import provenance as report_provenance


def _store(tmp_path):
    ds = xr.Dataset({"x": (("i",), np.arange(3))})
    ds = io.with_provenance(ds, {"N": 3}, {"seed": 1, "scheme": "test"})
    return io.read(io.write(ds, tmp_path / "s.zarr"))


def test_versions_name_python_and_every_package_that_can_change_a_number():
    v = provenance.versions()
    assert list(v) == ["hopsim", "python"] + list(provenance.PACKAGES)
    assert {"numpy", "scipy", "numba", "llvmlite", "xarray", "zarr", "numcodecs", "pandas",
            "matplotlib", "seaborn"} <= set(v)
    assert v["hopsim"] == hopsim.__version__ and v["numpy"] == np.__version__
    assert all(v.values())  # every one of them is a dependency, so installed here


def test_versions_do_not_import_matplotlib():
    code = ("import sys; from hopsim import provenance; provenance.versions(); "
            "assert 'matplotlib' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_blas_names_each_library_its_version_and_kernel(monkeypatch):
    monkeypatch.setenv("OPENBLAS_CORETYPE", "Sandybridge")
    b = provenance.blas()
    assert b["OPENBLAS_CORETYPE"] == "Sandybridge"
    assert len(b["libraries"]) >= 2  # numpy's and scipy's
    for lib in b["libraries"]:
        assert lib["internal_api"] and lib["version"] and lib["library"]
        assert lib["architecture"] or lib["internal_api"] != "openblas"
    monkeypatch.delenv("OPENBLAS_CORETYPE")
    assert provenance.blas()["OPENBLAS_CORETYPE"] is None


def _git(cwd, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=cwd,
                   check=True, capture_output=True)


@pytest.fixture
def checkout(tmp_path):
    """A git checkout with a package `pkg`, a generated report and a README, all committed."""
    repo = tmp_path / "repo"
    for name in ("pkg/__init__.py", "reports/r.md", "README.md"):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text("v1\n")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "first")
    return repo


def test_git_state_of_a_clean_checkout_is_its_head(checkout):
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=checkout, capture_output=True, text=True,
                          check=True).stdout.strip()
    assert provenance.git_state(checkout / "pkg") == {"commit": head, "dirty": False}


def test_git_state_is_dirty_when_a_tracked_file_changed(checkout):
    (checkout / "README.md").write_text("v2\n")
    assert provenance.git_state(checkout / "pkg")["dirty"] is True


def test_git_state_ignores_untracked_files_and_the_regenerated_reports(checkout):
    (checkout / "notes.txt").write_text("scratch\n")
    (checkout / "reports/r.md").write_text("rendered again\n")
    assert provenance.git_state(checkout / "pkg")["dirty"] is False


def test_git_state_is_none_outside_a_checkout_for_an_untracked_copy_or_without_git(checkout, tmp_path,
                                                                                    monkeypatch):
    outside = tmp_path / "plain/pkg"
    outside.mkdir(parents=True)
    (outside / "__init__.py").write_text("")
    assert provenance.git_state(outside) is None
    installed = checkout / ".venv/site-packages/pkg"  # an installed copy inside some checkout
    installed.mkdir(parents=True)
    (installed / "__init__.py").write_text("")
    assert provenance.git_state(installed) is None
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))
    assert provenance.git_state(checkout / "pkg") is None


def test_git_commit_is_the_checkout_hopsim_runs_from():
    package = Path(hopsim.__file__).parent
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=package, capture_output=True, text=True)
    if head.returncode != 0:
        pytest.skip("hopsim is not imported from a git checkout")
    assert provenance.git_commit()["commit"] == head.stdout.strip()


def test_stores_record_versions_blas_and_commit_without_a_path(tmp_path):
    attrs = _store(tmp_path).attrs
    assert attrs["versions"] == provenance.versions()
    assert attrs["blas"] == provenance.blas() and attrs["git"] == provenance.git_commit()
    recorded = json.dumps([attrs["versions"], attrs["blas"], attrs["git"]])
    assert "/" not in recorded and "\\" not in recorded


def test_report_provenance_is_json_with_the_data_and_the_rendering_environment(tmp_path):
    ds = _store(tmp_path)
    run = report_provenance(ds, {"capacity": {"N": [3]}}, 1.25, "capacity")
    assert json.loads(json.dumps(run)) == run
    assert {"parameters", "seed", "seed_scheme", "versions", "runtime_seconds"} <= set(run)  # the contract
    assert run["blas"] == ds.attrs["blas"] and run["git"] == ds.attrs["git"]
    assert set(run["rendering"]) == {"versions", "blas", "git"}
    recorded = json.dumps([run[k] for k in ("versions", "blas", "git", "rendering")])
    assert "/" not in recorded and "\\" not in recorded
