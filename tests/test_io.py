"""io.write: a store appears whole under its name, replaces the old one, and leaves nothing behind."""
import numpy as np
import xarray as xr

from hopsim import io


def _ds(value):
    return xr.Dataset({"x": (("i",), np.full(4, value), {"units": "1", "long_name": "x"})})


def test_write_replaces_the_store_and_leaves_no_temporary_directories(tmp_path):
    path = tmp_path / "s.zarr"
    stale = tmp_path / "s.zarr.partial-killed"  # what a killed writer of this store left
    (stale / "x").mkdir(parents=True)
    io.write(_ds(1.0), path)
    io.write(_ds(2.0), path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.zarr"]
    np.testing.assert_array_equal(io.load(path)["x"].values, np.full(4, 2.0))


def test_write_leaves_other_stores_alone(tmp_path):
    io.write(_ds(1.0), tmp_path / "a.zarr")
    io.write(_ds(2.0), tmp_path / "a.zarr.b.zarr")  # a name that merely starts like the other
    io.write(_ds(3.0), tmp_path / "a.zarr")
    assert io.load(tmp_path / "a.zarr.b.zarr")["x"].values[0] == 2.0
