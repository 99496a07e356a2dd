"""Zarr storage of xarray Datasets with provenance.

Stores are zarr format 3 with consolidated metadata (a consolidated read never lists the
`.snakemake_timestamp` file Snakemake drops into directory outputs). Attributes carry the resolved
parameters, the seed material, the package versions, the BLAS kernel and the git commit
(hopsim.provenance) — never wall-clock time or machine paths.

Integrity: a store can be damaged after it was written (a full disk, a killed copy, a bad sync
from a cluster), and zarr alone does not notice — a missing chunk file even reads as fill values.
So every chunk ends in a CRC-32C checksum (zarr's crc32c codec, checked whenever the chunk is
decoded), and `write` puts a manifest into the store last: the size of every file and the SHA-256
of every metadata file. `read` and `load` compare the store with its manifest (a stat per file)
before they open it; `load` and `verify` decode the chunks. Whatever they find is one
`DamagedStoreError` naming the store, the variable and the command that rebuilds it.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shlex
import shutil
import socket
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import xarray as xr
import zarr
from zarr.codecs import Crc32cCodec, ZstdCodec

from . import provenance

MANIFEST = "hopsim-manifest.json"
MANIFEST_FORMAT = 1
METADATA = "zarr.json"  # the metadata files, digested in the manifest; the rest are chunks
# zarr's default compressor (zstd level 0) followed by a checksum of the compressed bytes.
COMPRESSED = (ZstdCodec(level=0, checksum=False), Crc32cCodec())
RAW = (Crc32cCodec(),)


class DamagedStoreError(Exception):
    """A store whose files are not the ones `write` made (missing, truncated, changed bytes)."""

    def __init__(self, store: str | Path, variable: str | None, problem: str):
        self.store, self.variable, self.problem = Path(store), variable, problem
        where = f", variable {variable!r}" if variable else ""
        self.damage = f"damaged store {self.store}{where}: {problem}"
        super().__init__(f"{self.damage}. Rebuild it (with the --configfile of the run that made "
                         f"it): {rebuild_command([self.store])}")


def _print_damage(kind, value, traceback, previous=sys.excepthook):
    """A damaged store is the user's to fix, not a bug: uncaught (in a workflow job, a script) it
    prints its one-line message instead of a traceback. Other exceptions go to the previous hook;
    IPython and Jupyter show their own tracebacks."""
    if issubclass(kind, DamagedStoreError):
        print(f"error: {value}", file=sys.stderr)
    else:
        previous(kind, value, traceback)


sys.excepthook = _print_damage


def rebuild_command(stores: list[Path], configfiles: list[Path] = ()) -> str:
    """The shell command that remakes damaged stores and what depends on them: delete them (the
    workflow refuses to start while they exist), then force their jobs."""
    names = " ".join(shlex.quote(_shown(store)) for store in stores)
    options = "".join(f" --configfile {shlex.quote(_shown(f))}" for f in configfiles)
    return f"rm -r {names} && snakemake{options} --forcerun {names}"


def _shown(path: Path) -> str:
    """`path` relative to the working directory when it lies inside (as Snakemake names outputs)."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


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


# --------------------------------------------------------------------------- writing

def write(ds: xr.Dataset, path: str | Path, compress: bool = True) -> Path:
    """Write `ds` to a zarr v3 store at `path`, replacing what was there only once it is complete.

    The store is built under a temporary name beside `path` (`<name>.partial-<writer>-<random>`),
    its manifest written last, flushed to disk (fsync) and then renamed, so a reader — or a run
    resumed after a kill or a power cut — sees the old store or the whole new one, never a mixture.
    Two writers of the same store at once (an orphaned cluster job and its resumed twin) each
    build their own and the last rename wins; both stores are whole. `compress=False` stores
    arrays raw (large, incompressible ones such as weight matrices), still checksummed.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(path)
    tmp = Path(tempfile.mkdtemp(prefix=f"{path.name}.partial-{_writer()}-", dir=path.parent))
    try:
        ds = ds.copy()
        for name, var in list(ds.variables.items()):
            if var.dtype.kind == "U":  # fixed-width unicode warns under zarr 3
                ds[name] = var.astype(object)
        for var in ds.variables.values():  # the copy's own variables: the caller's keep theirs
            var.encoding = {**var.encoding, "compressors": COMPRESSED if compress else RAW}
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*[Cc]onsolidated metadata.*")
            ds.to_zarr(tmp, mode="w", zarr_format=3, consolidated=True)
        _write_manifest(tmp)
        _fsync_tree(tmp)
        _put_in_place(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return path


def _writer() -> str:
    """Who writes a partial store: host, PID namespace and process id (see _remove_abandoned)."""
    return f"{socket.gethostname()}-{_pid_namespace()}-{os.getpid()}"


def _pid_namespace() -> int:
    # Containers on one host may share its name but not its process ids.
    try:
        return os.stat("/proc/self/ns/pid").st_ino
    except OSError:
        return 0


# `<store>.partial-<host>-<PID namespace>-<pid>-<random>[.old<k>]` (mkdtemp's random part has no
# '-' or '.'): a store being written, or one it moved aside (_put_in_place).
PARTIAL = re.compile(r"\.partial-(?P<host>.+)-(?P<ns>\d+)-(?P<pid>\d+)-[a-z0-9_]+(\.old\d+)?")


def _remove_abandoned(path: Path) -> None:
    """Delete the partial stores of `path` whose writer is known to be dead: one on this host and
    in this PID namespace whose process is gone. Any other may belong to a live writer (on
    another node of a cluster), so it stays; a name in no known form stays too."""
    here = (socket.gethostname(), str(_pid_namespace()))
    for partial in path.parent.iterdir():
        if not partial.name.startswith(path.name + ".partial-"):
            continue
        found = PARTIAL.fullmatch(partial.name[len(path.name):])
        if found and (found["host"], found["ns"]) == here and not _running(int(found["pid"])):
            shutil.rmtree(partial, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _put_in_place(tmp: Path, path: Path) -> None:
    """Rename the finished store `tmp` to `path`, first moving aside whatever is there (the old
    store, or a twin writer's equal one) and deleting it after: a kill at any moment leaves no
    half-deleted store under `path`. Retried, as a twin may be moving stores at the same time."""
    aside = []
    while True:
        try:
            tmp.rename(path)
            break
        except OSError as err:
            if err.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                raise
        old = path.with_name(f"{tmp.name}.old{len(aside)}")
        try:
            path.rename(old)
            aside.append(old)
        except FileNotFoundError:  # a twin moved it first
            pass
    _fsync(path.parent)
    for old in aside:
        shutil.rmtree(old)


def _write_manifest(root: Path) -> None:
    files = {}
    for file in sorted(p for p in root.rglob("*") if p.is_file()):
        entry = {"size": file.stat().st_size}
        if file.name == METADATA:
            entry["sha256"] = _sha256(file)
        files[file.relative_to(root).as_posix()] = entry
    text = json.dumps({"hopsim_manifest": MANIFEST_FORMAT, "files": files}, indent=1, sort_keys=True)
    (root / MANIFEST).write_text(text + "\n")


def _sha256(file: Path) -> str:
    with open(file, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


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


# --------------------------------------------------------------------------- checking

def check_files(path: str | Path) -> None:
    """Compare a store with its manifest: every file there with its size, every metadata file
    with its digest (cheap: no chunk is read). Raise DamagedStoreError on the first difference."""
    path = Path(path)
    try:
        manifest = json.loads((path / MANIFEST).read_text())
        files = manifest["files"]
    except FileNotFoundError:
        raise DamagedStoreError(path, None, f"no {MANIFEST}: an incomplete copy, or a store "
                                            f"written before hopsim kept manifests") from None
    except (ValueError, KeyError, TypeError) as err:
        raise DamagedStoreError(path, None, f"its {MANIFEST} is unreadable ({err})") from None
    for name, entry in files.items():
        file = path / name
        variable = name.split("/")[0] if "/" in name else None
        kind = "metadata file" if file.name == METADATA else "chunk file"
        try:
            size = file.stat().st_size
        except FileNotFoundError:
            raise DamagedStoreError(path, variable, f"{kind} {name} is missing") from None
        if size != entry["size"]:
            how = "truncated" if size < entry["size"] else "grown"
            raise DamagedStoreError(path, variable, f"{kind} {name} has {size} bytes, "
                                                    f"{entry['size']} were written ({how})")
        if "sha256" in entry and _sha256(file) != entry["sha256"]:
            raise DamagedStoreError(path, variable, f"{kind} {name} has changed since it was "
                                                    f"written (SHA-256 differs)")


def verify(path: str | Path) -> int:
    """Check a store completely: `check_files`, then decode every chunk of every array (which
    checks its CRC-32C). Returns the number of chunks read; raises DamagedStoreError."""
    path = Path(path)
    check_files(path)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*[Cc]onsolidated metadata.*")
        group = zarr.open_group(path, mode="r", use_consolidated=True, zarr_format=3)
    chunks = 0
    for name, array in group.arrays():
        for block in np.ndindex(*array.cdata_shape):
            try:
                array.get_block_selection(block)
            except Exception as err:  # noqa: BLE001 - any decoding failure is damage, named below
                key = f"{name}/{array.metadata.encode_chunk_key(block)}"
                raise DamagedStoreError(path, name, f"chunk file {key} {_decode_problem(err)}") from err
            chunks += 1
    return chunks


def _decode_problem(err: Exception) -> str:
    if "checksum" in str(err):
        return "fails its CRC-32C checksum (bytes changed since it was written)"
    return f"cannot be decoded ({type(err).__name__}: {err})"


def damaged_stores(root: str | Path) -> dict[Path, DamagedStoreError]:
    """Every store (`*.zarr` directory) below `root` that `check_files` finds damaged, without
    descending into the stores themselves."""
    damaged, todo = {}, [Path(root)]
    while todo:
        try:
            entries = list(os.scandir(todo.pop()))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if not entry.is_dir(follow_symlinks=False):
                continue
            if entry.name.endswith(".zarr"):
                try:
                    check_files(entry.path)
                except DamagedStoreError as err:
                    damaged[Path(entry.path)] = err
            else:
                todo.append(Path(entry.path))
    return dict(sorted(damaged.items()))


# --------------------------------------------------------------------------- reading

def read(path: str | Path) -> xr.Dataset:
    """Open a store written by `write` (lazily, consolidated metadata), once `check_files` finds
    it whole. Opening decodes the index coordinates; a data chunk whose bytes changed is found
    when it is decoded, by `load` or `verify` as a DamagedStoreError, later as zarr's checksum
    error."""
    path = Path(path)
    if (path / METADATA).exists() or (path / MANIFEST).exists():  # otherwise zarr says what it is
        check_files(path)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*[Cc]onsolidated metadata.*")
            return xr.open_zarr(path, consolidated=True, zarr_format=3)
    except Exception:
        _name_damage(path)
        raise


def load(path: str | Path) -> xr.Dataset:
    """Read a store fully into memory."""
    path = Path(path)
    ds = read(path)
    try:
        return ds.load()
    except Exception:
        _name_damage(path)
        raise


def _name_damage(path: Path) -> None:
    """After a failed read: raise DamagedStoreError if a damaged chunk is the cause (opening
    decodes the index coordinates), else return so the original error propagates."""
    if (path / MANIFEST).exists():
        verify(path)
