"""Zarr storage of xarray Datasets with provenance (DESIGN §3).

Stores are zarr format 3 with consolidated metadata (a consolidated read never lists the
`.snakemake_timestamp` file Snakemake drops into directory outputs). Attributes carry the resolved
parameters, the seed material, the package versions, the BLAS kernel and the git commit
(hopsim.provenance) — never wall-clock time or machine paths.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import warnings
from pathlib import Path

import xarray as xr

from . import provenance


def with_provenance(ds: xr.Dataset, params: dict, seed_material: dict | None = None) -> xr.Dataset:
    """Attach parameters, seed material and what computed them (package versions, BLAS library and
    kernel, git commit: hopsim.provenance) as JSON-clean attributes."""
    ds = ds.copy()
    ds.attrs["params"] = json.loads(json.dumps(params))
    if seed_material is not None:
        ds.attrs["seed_material"] = json.loads(json.dumps(seed_material))
    ds.attrs["versions"] = provenance.versions()
    ds.attrs["blas"] = provenance.blas()
    ds.attrs["git"] = provenance.git_commit()
    return ds


def write(ds: xr.Dataset, path: str | Path, compress: bool = True) -> Path:
    """Write `ds` to a zarr v3 store at `path`, replacing what was there only once it is complete.

    The store is built under a fresh temporary name beside `path`, flushed to disk (fsync) and then
    renamed, so a reader — or a run resumed after a kill or a power cut — sees the old store or
    the whole new one, never a mixture. `compress=False` stores arrays raw (large, incompressible
    ones such as weight matrices).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Left by a killed writer of `path` (Snakemake runs one job per output, so none is live).
    for stale in path.parent.glob(path.name + ".partial*"):
        shutil.rmtree(stale, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(prefix=path.name + ".partial-", dir=path.parent))
    ds = ds.copy()
    for name, var in ds.variables.items():
        if var.dtype.kind == "U":  # fixed-width unicode warns under zarr 3
            ds[name] = var.astype(object)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*[Cc]onsolidated metadata.*")
        encoding = {name: {"compressors": None} for name in ds.data_vars} if not compress else None
        ds.to_zarr(tmp, mode="w", zarr_format=3, consolidated=True, encoding=encoding)
    _fsync_tree(tmp)
    old = None
    if path.exists():  # moved aside, not deleted in place: a kill now leaves no half-deleted store
        old = path.with_name(tmp.name + "-old")
        path.rename(old)
    tmp.rename(path)
    _fsync(path.parent)
    if old is not None:
        shutil.rmtree(old)
    return path


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(root: Path) -> None:
    """Flush every file, then every directory, of a finished store before it is renamed."""
    for dirpath, _, filenames in os.walk(root, topdown=False):
        for name in filenames:
            _fsync(Path(dirpath, name))
        _fsync(Path(dirpath))


def read(path: str | Path) -> xr.Dataset:
    """Open a store written by `write` (lazily, consolidated metadata)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*[Cc]onsolidated metadata.*")
        return xr.open_zarr(path, consolidated=True, zarr_format=3)


def load(path: str | Path) -> xr.Dataset:
    """Read a store fully into memory."""
    ds = read(path)
    return ds.load()
