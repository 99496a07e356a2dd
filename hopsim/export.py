"""Stores out of Python: a store as one netCDF-4 file, or as CSV files, for any other tool.

netCDF (`hopsim export STORE --to netcdf`): one file, `<store>.nc` by default, in the NETCDF4
format (HDF5 underneath; read by the netCDF library, ncdump, R, MATLAB, Julia, xarray). It holds
every variable and coordinate of the store with its attributes (`units`, `long_name`, ...).
netCDF attributes are text or numbers only, so an attribute whose value is anything else — a
mapping (`params`, `seed_material`, `versions`, `blas`, `git`), a list, true/false or null — is
stored as its JSON text, and the attribute `json_attributes` (on the file or on the variable)
names those, space-separated; `decode_attrs` turns them back.

CSV (`hopsim export STORE --to csv`): a directory, `<store>-csv/` by default, with one
`<variable>.csv` per data variable in long format — one row per element, a column per dimension
(its coordinate values, or the position where the dimension has no coordinate), a column per other
coordinate along those dimensions, and the values in a column named after the variable — and
`attributes.json`: the store's attributes (`dataset`) and each column's (`columns`: units,
long_name, ...). Floats are written with as many digits as they need to read back exactly; NaN
as `NaN`.

The stores themselves keep their nested attributes as they are: zarr attributes are JSON, which
every zarr reader parses, and `hopsim.io.load(...).attrs["params"]` stays a dict.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from .extras import require

JSON_ATTRIBUTES = "json_attributes"  # names the attributes stored as JSON text


def _plain(value):
    """A numpy scalar or array as the Python value JSON and netCDF writers know."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return value


def netcdf_attrs(attrs: dict) -> dict:
    """`attrs` with every value that is not text or a number (bool is not a number here: netCDF
    has no boolean) replaced by its JSON text, and `json_attributes` naming those."""
    out, encoded = {}, []
    for key, value in attrs.items():
        value = _plain(value)
        if isinstance(value, str) or (isinstance(value, int | float) and not isinstance(value, bool)):
            out[key] = value
        else:
            out[key] = json.dumps(value, ensure_ascii=False, default=_plain)
            encoded.append(key)
    if encoded:
        out[JSON_ATTRIBUTES] = " ".join(encoded)
    return out


def decode_attrs(attrs: dict) -> dict:
    """The attributes `netcdf_attrs` encoded, decoded: what the store held."""
    attrs = dict(attrs)
    for key in attrs.pop(JSON_ATTRIBUTES, "").split():
        attrs[key] = json.loads(attrs[key])
    return attrs


def portable(ds: xr.Dataset) -> xr.Dataset:
    """A copy of `ds` (loaded) that every netCDF writer accepts: attributes through
    `netcdf_attrs`, and no encoding carried over from zarr (chunks, compressors)."""
    out = ds.load().copy()
    out.attrs = netcdf_attrs(ds.attrs)
    for name, var in out.variables.items():
        var.attrs = netcdf_attrs(ds[name].attrs)
        var.encoding = {}
    return out


def to_netcdf(ds: xr.Dataset, path: str | Path) -> Path:
    """Write `ds` as one NETCDF4 file at `path`; numeric arrays zlib-compressed (lossless)."""
    require("netcdf", "netCDF export", "netCDF4")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    out = portable(ds)
    encoding = {name: {"zlib": True, "complevel": 4} for name, var in out.variables.items()
                if var.ndim and var.dtype.kind in "biuf"}
    out.to_netcdf(path, format="NETCDF4", engine="netcdf4", encoding=encoding)
    return path


def _long_table(da: xr.DataArray) -> pd.DataFrame:
    """One row per element: dimension and coordinate columns, then the values."""
    if da.ndim == 0:  # to_dataframe refuses scalars
        return pd.DataFrame({**{c: [_plain(da[c].values)] for c in da.coords},
                             da.name: [_plain(da.values)]})
    return da.to_dataframe().reset_index()


def to_csv(ds: xr.Dataset, directory: str | Path) -> list[Path]:
    """Write every data variable of `ds` as `directory/<variable>.csv` (long format) and the
    attributes as `directory/attributes.json`; returns the files written."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    ds = ds.load()
    written = []
    for name, da in ds.data_vars.items():
        path = directory / f"{name}.csv"
        _long_table(da).to_csv(path, index=False, na_rep="NaN")
        written.append(path)
    meta = {"dataset": ds.attrs, "columns": {name: var.attrs for name, var in ds.variables.items()}}
    path = directory / "attributes.json"
    path.write_text(json.dumps(meta, indent=1, ensure_ascii=False, default=_plain) + "\n")
    return written + [path]
