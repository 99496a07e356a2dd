"""io.write: a store appears whole under its name, replaces the old one, and leaves nothing behind;
two writers of one store at once both finish with the store whole; every chunk is checksummed
and a damaged store is named (store, variable, rebuild command) by read, load and verify."""
import json
import multiprocessing
import os
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from hopsim import io

from .damage import DAMAGE, FOUND_WITHOUT_READING, damage


def _ds(value):
    return xr.Dataset({"x": (("i",), np.full(4, value), {"units": "1", "long_name": "x"})})


def _study_like():
    """A store like the study's: an index coordinate, numbers and strings, several chunks."""
    return xr.Dataset(
        {"overlap": (("trial", "pattern"), np.linspace(-1, 1, 40 * 500).reshape(40, 500)),
         "status": (("trial",), np.array(["fixed point", "2-cycle"] * 20))},
        coords={"trial": ("trial", np.arange(40), {"long_name": "pattern set"})},
        attrs={"params": {"N": 100}})


def _files(store: Path) -> dict[str, bytes]:
    return {p.relative_to(store).as_posix(): p.read_bytes() for p in sorted(store.rglob("*"))
            if p.is_file()}


def _partial_name(store: Path, host: str, pid: int, suffix: str = "") -> Path:
    """A partial store as io.write names it, for a writer `pid` on `host` in our PID namespace."""
    return store.with_name(f"{store.name}.partial-{host}-{io._pid_namespace()}-{pid}-ab12cd{suffix}")


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_write_replaces_the_store_and_leaves_no_temporary_directories(tmp_path):
    path = tmp_path / "s.zarr"
    dead = _dead_pid()  # what a killed writer of this store on this machine left
    for stale in (_partial_name(path, socket.gethostname(), dead),
                  _partial_name(path, socket.gethostname(), dead, ".old0")):
        (stale / "x").mkdir(parents=True)
    io.write(_ds(1.0), path)
    io.write(_ds(2.0), path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.zarr"]
    np.testing.assert_array_equal(io.load(path)["x"].values, np.full(4, 2.0))


def test_write_leaves_the_partial_stores_of_live_or_unknown_writers(tmp_path):
    """A partial store may be a live twin's (an orphaned cluster job still writing): only one
    whose writer is known to be dead (this host, process gone) is removed."""
    path = tmp_path / "s.zarr"
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        kept = [_partial_name(path, socket.gethostname(), live.pid),  # alive here
                _partial_name(path, "another-node.cluster", _dead_pid()),  # cannot tell
                path.with_name("s.zarr.partial-k7x2_9q")]  # a name in no known form
        for partial in kept:
            (partial / "x").mkdir(parents=True)
        io.write(_ds(1.0), path)
        assert all((p / "x").is_dir() for p in kept)
    finally:
        live.kill()
        live.wait()


def test_write_leaves_other_stores_alone(tmp_path):
    io.write(_ds(1.0), tmp_path / "a.zarr")
    io.write(_ds(2.0), tmp_path / "a.zarr.b.zarr")  # a name that merely starts like the other
    io.write(_ds(3.0), tmp_path / "a.zarr")
    assert io.load(tmp_path / "a.zarr.b.zarr")["x"].values[0] == 2.0


def test_write_leaves_the_callers_dataset_unchanged(tmp_path):
    ds = _study_like()
    io.write(ds, tmp_path / "s.zarr")
    assert all(not v.encoding for v in ds.variables.values())


# ------------------------------------------------------------------ checksums and the manifest

@pytest.mark.parametrize("compress", [True, False])
def test_every_array_ends_in_a_checksum_and_the_manifest_lists_every_file(tmp_path, compress):
    store = io.write(_study_like(), tmp_path / "s.zarr", compress=compress)
    for name in ("overlap", "status", "trial"):
        codecs = [c["name"] for c in json.loads((store / name / "zarr.json").read_text())["codecs"]]
        assert codecs[-1] == "crc32c", (name, codecs)
        assert ("zstd" in codecs) == compress
    manifest = json.loads((store / io.MANIFEST).read_text())["files"]
    files = _files(store)
    assert set(manifest) == set(files) - {io.MANIFEST}
    assert all(manifest[name]["size"] == len(data) for name, data in files.items() if name in manifest)


def test_stored_values_do_not_change(tmp_path):
    ds = _study_like()
    got = io.load(io.write(ds, tmp_path / "s.zarr"))
    for name in ds.variables:
        np.testing.assert_array_equal(got[name].values, ds[name].values)


def test_a_whole_store_verifies(tmp_path):
    store = io.write(_study_like(), tmp_path / "s.zarr")
    (store / ".snakemake_timestamp").touch()  # what Snakemake adds to a directory output
    assert io.verify(store) == 3  # one chunk per array


# ------------------------------------------------------------------ damaged stores

@pytest.mark.parametrize("kind", DAMAGE)
@pytest.mark.parametrize("reader", ["read", "load", "verify"])
def test_a_damaged_store_is_named_with_its_variable_and_the_rebuild_command(tmp_path, monkeypatch,
                                                                             kind, reader):
    monkeypatch.chdir(tmp_path)
    store = io.write(_study_like(), Path("results/s.zarr"))
    before = _files(store)
    variable = damage(store, kind, data="overlap", coord="trial")
    damaged = _files(store)
    if reader == "read" and kind == "data chunk corrupted":
        io.read(store)  # lazy: no data chunk decoded yet, so the damage is found by load/verify
        return
    with pytest.raises(io.DamagedStoreError) as caught:
        getattr(io, reader)(store)
    err = caught.value
    assert (err.store, err.variable) == (store, variable)
    text = str(err)
    assert text.startswith(f"damaged store results/s.zarr, variable {variable!r}: ")
    assert "rm -r results/s.zarr && snakemake --forcerun results/s.zarr" in text
    assert _files(store) == damaged != before  # a read changes nothing


@pytest.mark.parametrize("kind", sorted(FOUND_WITHOUT_READING))
def test_check_files_finds_missing_and_truncated_chunks_without_reading_them(tmp_path, kind):
    store = io.write(_study_like(), tmp_path / "s.zarr")
    damage(store, kind, data="overlap", coord="trial")
    with pytest.raises(io.DamagedStoreError):
        io.check_files(store)


@pytest.mark.parametrize("what", ["manifest deleted", "manifest garbled", "metadata edited"])
def test_a_store_with_a_missing_manifest_or_changed_metadata_is_damaged(tmp_path, what):
    store = io.write(_study_like(), tmp_path / "s.zarr")
    if what == "manifest deleted":
        (store / io.MANIFEST).unlink()
    elif what == "manifest garbled":
        (store / io.MANIFEST).write_text('{"files": ')
    else:  # same size, a different attribute value: zarr would read it without a word
        meta = store / "zarr.json"
        meta.write_text(meta.read_text().replace('"N": 100', '"N": 900'))
    with pytest.raises(io.DamagedStoreError, match="damaged store .*s.zarr: .*Rebuild it"):
        io.load(store)


def test_damaged_stores_lists_only_the_damaged_ones(tmp_path):
    whole = io.write(_ds(1.0), tmp_path / "a/whole.zarr")
    broken = io.write(_study_like(), tmp_path / "b/c/broken.zarr")
    damage(broken, "data chunk deleted", data="overlap", coord="trial")
    (tmp_path / "b/c/broken.zarr.partial-x-1-2-abc").mkdir()  # not a store under its name
    found = io.damaged_stores(tmp_path)
    assert list(found) == [broken] and whole not in found
    assert found[broken].variable == "overlap"


# ------------------------------------------------------------------ two writers at once

def _write_holding(path, holding, release):
    """io.write of the study-like store that, with everything on disk, waits before its rename."""
    put_in_place = io._put_in_place

    def held(tmp, final):
        holding.set()
        release.wait(60)
        put_in_place(tmp, final)

    io._put_in_place = held
    io.write(_study_like(), path)


def _write_when(path, go):
    go.wait(60)
    io.write(_study_like(), path)


@pytest.mark.parametrize("timing", ["twin starts and ends while the first writes",
                                    "both rename at once"])
def test_two_writers_of_one_store_both_finish_and_it_is_whole(tmp_path, timing):
    """An orphaned cluster job and its resumed twin write the same store: neither may remove
    the other's partial store, and the store that stays equals one written alone."""
    clean = io.write(_study_like(), tmp_path / "clean/s.zarr")
    path = tmp_path / "s.zarr"
    ctx = multiprocessing.get_context("spawn")
    release = ctx.Event()
    if timing.startswith("twin"):
        holding = ctx.Event()
        first = ctx.Process(target=_write_holding, args=(path, holding, release))
        twin = ctx.Process(target=_write_when, args=(path, holding))  # once the first holds
        procs = [first, twin]
        for p in procs:
            p.start()
        twin.join(120)
    else:
        holdings = [ctx.Event(), ctx.Event()]
        procs = [ctx.Process(target=_write_holding, args=(path, h, release)) for h in holdings]
        for p in procs:
            p.start()
        assert all(h.wait(120) for h in holdings)  # both stores complete, neither renamed yet
    release.set()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0]
    assert _files(path) == _files(clean)
    assert io.verify(path) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean", "s.zarr"]


def test_an_uncaught_damaged_store_error_prints_one_line_not_a_traceback(tmp_path):
    """As in a workflow job: the message is for the user; any other error keeps its traceback."""
    raise_it = "from hopsim import io; raise {}"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))  # this checkout
    damaged = subprocess.run([sys.executable, "-c", raise_it.format(
        "io.DamagedStoreError('s.zarr', 'x', 'chunk file x/c/0 is missing')")],
        capture_output=True, text=True, cwd=tmp_path, env=env)
    assert damaged.returncode == 1
    assert damaged.stderr.startswith("error: damaged store s.zarr, variable 'x': chunk file x/c/0 "
                                     "is missing. Rebuild it")
    assert len(damaged.stderr.splitlines()) == 1
    other = subprocess.run([sys.executable, "-c", raise_it.format("ValueError('a bug')")],
                           capture_output=True, text=True, cwd=tmp_path, env=env)
    assert other.returncode == 1 and other.stderr.startswith("Traceback")
