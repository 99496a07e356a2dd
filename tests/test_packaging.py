"""The library as a user installs it: a wheel built from this checkout installs into a fresh venv
with the library's own dependencies only (at the versions requirements.lock pins), imports, runs
its command line and finds its report templates, and brings neither Snakemake nor matplotlib.

Slow (about a minute: pip installs numpy, scipy, numba, ... into the new venv, from pip's cache or
the package index); `pytest -m 'not packaging'` leaves it out."""
import os
import shutil
import subprocess
import sys
import textwrap
import venv

import pytest
from packaging.utils import canonicalize_name

import hopsim

from .conftest import REPO
from .test_lock import _pins

pytestmark = pytest.mark.packaging

# Run inside the fresh venv; prints nothing when every check holds.
CHECKS = textwrap.dedent("""
    import importlib, importlib.metadata as md, pkgutil, sys
    from pathlib import Path
    import hopsim
    from packaging.requirements import Requirement
    from hopsim.reports import common

    assert Path(sys.prefix) in Path(hopsim.__file__).parents, hopsim.__file__
    assert md.version("hopsim") == hopsim.__version__ == sys.argv[1], md.version("hopsim")
    assert any(f.name == "LICENSE" for f in md.files("hopsim")), "no LICENSE in the wheel"
    for spec in md.requires("hopsim"):  # the study's packages only behind an extra
        req = Requirement(spec)
        if req.name in ("snakemake", "matplotlib", "seaborn", "snakemake-executor-plugin-slurm"):
            assert req.marker and "extra" in str(req.marker), spec
    for name in ("snakemake", "matplotlib", "seaborn"):
        try:
            importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        raise AssertionError(f"{name} is installed with the library")
    for mod in pkgutil.walk_packages(hopsim.__path__, "hopsim."):
        if not mod.name.startswith("hopsim.figures") and mod.name != "hopsim.__main__":
            importlib.import_module(mod.name)
    try:
        import hopsim.figures.capacity
    except ModuleNotFoundError as err:
        assert "pip install 'hopsim[workflow]'" in str(err), err
    else:
        raise AssertionError("hopsim.figures imported without matplotlib")
    assert set(common.environment().list_templates()) >= set(sys.argv[2].split()), "templates missing"
""")


def _run(*cmd, cwd=None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    res = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, cwd=cwd, env=env)
    assert res.returncode == 0, f"{' '.join(map(str, cmd))}\n{res.stdout[-2000:]}\n{res.stderr[-3000:]}"
    return res


def test_wheel_installs_the_library_without_the_study(tmp_path):
    # Build from a copy: an in-tree build would leave build/ and *.egg-info in the checkout.
    src = tmp_path / "src"
    shutil.copytree(REPO / "hopsim", src / "hopsim", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(REPO / name, src)
    # No build isolation: the backend is the one the lock pins (setuptools), nothing fetched.
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", tmp_path / "dist", src)
    (wheel,) = (tmp_path / "dist").glob("hopsim-*.whl")

    env = tmp_path / "venv"
    venv.create(env, with_pip=True)  # no system site packages
    python = env / "bin/python"
    _run(python, "-m", "pip", "install", "-q", "-c", REPO / "requirements.lock", wheel)

    templates = " ".join(p.name for p in (REPO / "hopsim/reports/templates").glob("*.md.j2"))
    _run(python, "-c", CHECKS, hopsim.__version__, templates, cwd=tmp_path)
    res = _run(env / "bin/hopsim", "theory", "alpha-c", cwd=tmp_path)
    assert res.stdout.startswith("0.137906")

    # Everything installed is what the lock pins: the library's dependencies, nothing of the study.
    freeze = _run(python, "-m", "pip", "list", "--format=freeze", "--exclude", "pip",
                  "--exclude", "setuptools", "--exclude", "hopsim").stdout.split()
    pins = _pins()
    for line in freeze:
        name, version = line.split("==")
        assert pins.get(canonicalize_name(name)) == version, f"{line}: not the locked version"
    assert len(freeze) < 40, freeze  # the study's environment is over 100 packages
