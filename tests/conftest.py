import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def schema():
    from hopsim.config import load_schema

    return load_schema(REPO / "workflow/schemas/config.schema.yaml")


# ---------------------------------------------------------------- workflow runs in a temp dir

def make_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "Snakefile", dest)
    for d in ("workflow", "config", "profiles"):
        shutil.copytree(REPO / d, dest / d)
    return dest


def snakemake(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "snakemake", "--cores", "2",
                           "--configfile", "config/smoke.yaml", *args],
                          cwd=cwd, capture_output=True, text=True)


def stores(root: Path) -> dict[str, Path]:
    return {str(p.relative_to(root)): p for p in sorted(root.rglob("*.zarr"))}


def assert_same_arrays(a: Path, b: Path):
    from hopsim import io

    da, db = io.load(a), io.load(b)
    assert set(da.variables) == set(db.variables), a
    for name in da.variables:
        np.testing.assert_array_equal(da[name].values, db[name].values, err_msg=f"{a}:{name}")


@pytest.fixture(scope="session")
def smoke_run(tmp_path_factory):
    proj = make_project(tmp_path_factory.mktemp("smoke"))
    res = snakemake(proj)
    assert res.returncode == 0, res.stderr[-3000:]
    return proj
