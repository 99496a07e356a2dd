"""Stores leave Python: `hopsim export` to netCDF-4 and CSV keeps every value and attribute, and
every store of the smoke study exports to netCDF with units pint understands."""
import json
import sys
from numbers import Number

import netCDF4  # noqa: F401  the engine every export test needs: fail here if it is missing
import numpy as np
import pandas as pd
import pint_xarray  # noqa: F401  registers the .pint accessor
import pytest
import xarray as xr

from hopsim import cli, export, io

from .conftest import stores
from .damage import chunk_file, corrupt


def _store(tmp_path):
    """A store with what hopsim stores hold: nested, list, boolean and null attributes, text and
    boolean variables, a dimension without a coordinate, a 2-D coordinate, a scalar coordinate."""
    ds = xr.Dataset(
        {"final_overlap": (("N", "alpha", "trial"), np.linspace(-1, 1, 24, dtype=np.float32).reshape(2, 3, 4),
                           {"long_name": "final overlap m", "units": "1"}),
         "converged": (("N", "alpha"), np.array([[True, False, True], [False, True, True]]),
                       {"long_name": "reached a fixed point"}),
         "label": ("N", np.array(["small", "large"], dtype=object), {"long_name": "size class"}),
         "rate": ("alpha", np.array([1.5, np.nan, 1e-300]), {"long_name": "rate", "units": "Hz"})},
        coords={"N": ("N", [100, 200], {"long_name": "neurons N", "units": "1"}),
                "alpha": ("alpha", [0.05, 0.1, 0.14], {"long_name": "load α = P/N", "units": "1"}),
                "load_patterns": (("N", "alpha"), np.array([[5, 10, 14], [10, 20, 28]]),
                                  {"long_name": "stored patterns P", "units": "1"}),
                "activity": ((), 0.1, {"long_name": "activity a"})},
        attrs={"outcomes": ["fixed point", "2-cycle"], "memory_free": True, "nothing": None,
               "retrieved_overlap": 0.95, "dynamics": "async", "phases": [{"name": "cue", "ms": 50}]},
    )
    prov = io.with_provenance(ds, {"N": [100, 200], "alpha": [0.05, 0.1, 0.14]}, {"seed": 7})
    return io.write(prov, tmp_path / "sweep.zarr")


def _netcdf_clean(attrs: dict) -> bool:
    return all(isinstance(v, str) or (isinstance(v, Number) and not isinstance(v, bool | np.bool_))
               for v in attrs.values())


def _same_variables(original: xr.Dataset, exported: xr.Dataset, where: str = ""):
    assert set(original.variables) == set(exported.variables), where
    for name, var in original.variables.items():
        got = exported[name]
        assert got.dims == var.dims, f"{where}:{name}"
        if var.dtype.kind in "OTU":  # text: compared as Python strings
            assert [str(x) for x in got.values.ravel()] == [str(x) for x in var.values.ravel()], name
        else:
            assert got.dtype == var.dtype, f"{where}:{name}"
            np.testing.assert_array_equal(got.values, var.values, err_msg=f"{where}:{name}")


def test_netcdf_keeps_every_value_and_attribute(tmp_path):
    store = _store(tmp_path)
    original = io.load(store)
    path = export.to_netcdf(original, tmp_path / "sweep.nc")
    with xr.open_dataset(path, engine="netcdf4") as nc:
        nc.load()
    _same_variables(original, nc)
    assert _netcdf_clean(nc.attrs) and all(_netcdf_clean(v.attrs) for v in nc.variables.values())
    assert set(nc.attrs["json_attributes"].split()) == {"outcomes", "memory_free", "nothing", "phases",
                                                       "params", "seed_material", "versions", "blas", "git"}
    assert export.decode_attrs(nc.attrs) == original.attrs
    for name, var in original.variables.items():
        assert nc[name].attrs == var.attrs, name


def test_netcdf_attributes_round_trip_through_json():
    attrs = {"a": 1, "b": 2.5, "c": "text", "d": {"x": [1, {"y": None}]}, "e": False, "f": [1, 2],
             "g": np.int64(3), "h": np.bool_(True), "i": np.arange(2)}
    clean = export.netcdf_attrs(attrs)
    assert _netcdf_clean(clean)
    assert clean["g"] == 3 and clean["json_attributes"] == "d e f h i"
    plain = {**attrs, "g": 3, "h": True, "i": [0, 1]}
    assert export.decode_attrs(clean) == plain
    assert export.netcdf_attrs({"units": "1"}) == {"units": "1"}  # nothing to encode, no extra key


def test_csv_is_long_format_with_coordinate_columns(tmp_path):
    original = io.load(_store(tmp_path))
    files = export.to_csv(original, tmp_path / "csv")
    assert sorted(p.name for p in files) == sorted([f"{v}.csv" for v in original.data_vars]
                                                   + ["attributes.json"])
    table = pd.read_csv(tmp_path / "csv/final_overlap.csv")
    columns = list(table.columns)  # dimensions, other coordinates, the values
    assert columns[:3] == ["N", "alpha", "trial"] and columns[-1] == "final_overlap"
    assert set(columns[3:-1]) == {"load_patterns", "activity"}
    assert len(table) == original["final_overlap"].size
    back = table.set_index(["N", "alpha", "trial"])["final_overlap"].to_xarray()
    np.testing.assert_array_equal(back.values.astype(np.float32), original["final_overlap"].values)
    np.testing.assert_array_equal(table["trial"].unique(), np.arange(4))  # no coordinate: positions
    rate = pd.read_csv(tmp_path / "csv/rate.csv")["rate"].to_numpy()
    np.testing.assert_array_equal(rate, original["rate"].values)  # NaN and 1e-300 read back exactly
    meta = json.loads((tmp_path / "csv/attributes.json").read_text())
    assert meta["dataset"] == original.attrs
    assert meta["columns"]["alpha"] == {"long_name": "load α = P/N", "units": "1"}


def test_export_command_writes_beside_the_store(tmp_path, capsys):
    store = _store(tmp_path)
    assert cli.main(["export", str(store), "--to", "netcdf"]) == 0
    assert capsys.readouterr().out.split() == [str(tmp_path / "sweep.nc")]
    assert cli.main(["export", str(store), "--to", "csv"]) == 0
    assert str(tmp_path / "sweep-csv/final_overlap.csv") in capsys.readouterr().out.split()
    assert cli.main(["export", str(store), "--to", "netcdf", "-o", str(tmp_path / "out/x.nc")]) == 0
    assert (tmp_path / "out/x.nc").is_file()


def test_export_command_refuses_in_one_line(tmp_path, capsys, monkeypatch):
    assert cli.main(["export", str(tmp_path / "missing.zarr"), "--to", "csv"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hopsim export: ") and "not a zarr store" in err and len(err.splitlines()) == 1
    monkeypatch.setitem(sys.modules, "netCDF4", None)  # as if the netcdf extra were not installed
    assert cli.main(["export", str(_store(tmp_path)), "--to", "netcdf"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'hopsim[netcdf]'" in err and len(err.splitlines()) == 1


def test_export_command_names_a_damaged_store_and_writes_nothing(tmp_path, capsys):
    store = _store(tmp_path)
    corrupt(chunk_file(store, "final_overlap"))  # same size: found only by reading the chunk
    assert cli.main(["export", str(store), "--to", "netcdf"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("hopsim export: damaged store") and "final_overlap" in err
    assert not (tmp_path / "sweep.nc").exists()


@pytest.mark.workflow
def test_every_smoke_store_exports_to_netcdf_with_pint_units(smoke_run, tmp_path):
    """Every store of the smoke study: written to netCDF-4, read back with the same values and
    attributes, and quantified by pint-xarray (every `units` attribute parses)."""
    found = stores(smoke_run / "results/smoke")
    assert len(found) > 50
    for name, store in found.items():
        original = io.load(store)
        path = export.to_netcdf(original, tmp_path / name.replace("/", "__").replace(".zarr", ".nc"))
        with xr.open_dataset(path, engine="netcdf4") as nc:
            nc.load()
        _same_variables(original, nc, name)
        assert export.decode_attrs(nc.attrs) == original.attrs, name
        quantified = nc.pint.quantify()  # raises on a unit pint cannot parse
        for var, da in original.variables.items():
            if "units" in da.attrs:
                assert quantified[var].pint.units is not None, f"{name}:{var}"
