"""What a number was computed with (README, "Same numbers on any machine"): package versions, the
BLAS library and the kernel it chose, and the commit of the hopsim sources. Every store
(io.with_provenance) and every report records them.

Provenance is data too: it holds no machine path, host name or time, so that the same code in the
same environment records the same attributes.
"""

from __future__ import annotations

import functools
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

import hopsim

# Distributions whose version can change a stored number (numba and llvmlite compile the kernels,
# numcodecs encodes the arrays), and matplotlib and seaborn, which draw the figures.
PACKAGES = ("numpy", "scipy", "numba", "llvmlite", "xarray", "zarr", "numcodecs", "pandas",
            "matplotlib", "seaborn")


# numpy picks SIMD kernels of exp, log, sin, cos, tanh, arctan2, … per CPU (AVX2, AVX-512, …) at
# import, and they differ in the last bit: a smoke study with them switched off changed 27 arrays
# (ring headings, softmax weights, theory curves). The workflow's jobs therefore run numpy's
# baseline kernels, the same on every x86-64 CPU. Unknown names are ignored by numpy, so the list
# may name the dispatch targets of several numpy versions.
NUMPY_DISPATCH_OFF = "X86_V3 X86_V4 AVX512_ICL AVX512_SPR AVX512F AVX512CD AVX512_SKX AVX2 FMA3 AVX"


def portable_environment() -> dict[str, str]:
    """Environment variables for every workflow job (set by the Snakefile before any job starts,
    so jobs inherit them): numpy's baseline kernels instead of the CPU's SIMD ones."""
    return {"NPY_DISABLE_CPU_FEATURES": NUMPY_DISPATCH_OFF}


def versions() -> dict[str, str | None]:
    """hopsim, Python and each of PACKAGES (None if not installed). Read from the installed
    metadata, so that a data job does not import matplotlib just to name its version."""
    found = {"hopsim": hopsim.__version__, "python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def blas() -> dict:
    """The BLAS libraries of numpy and scipy and the kernel each chose for this CPU (threadpoolctl's
    `architecture`, e.g. Haswell or SkylakeX), and OPENBLAS_CORETYPE, which overrides that choice
    (None when unset). A library is named by its file name, never its path."""
    import numpy  # noqa: F401  threadpoolctl lists only the libraries already loaded:
    import scipy.linalg  # noqa: F401  load both, so the record does not depend on a job's imports
    from threadpoolctl import threadpool_info

    libraries = [{"library": Path(lib["filepath"]).name, "internal_api": lib["internal_api"],
                  "version": lib["version"], "architecture": lib.get("architecture"),
                  "threading_layer": lib.get("threading_layer")}
                 for lib in threadpool_info() if lib["user_api"] == "blas"]
    return {"libraries": sorted(libraries, key=lambda lib: lib["library"]),
            "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
            "NPY_DISABLE_CPU_FEATURES": os.environ.get("NPY_DISABLE_CPU_FEATURES")}


@functools.cache
def git_commit() -> dict | None:
    """The commit of the checkout hopsim is imported from and whether its tracked files differ from
    it; None for an installed copy of hopsim, outside a git checkout or without git. Cached: the
    sources of a running process do not change under it."""
    return git_state(Path(hopsim.__file__).resolve().parent)


def git_state(package: Path) -> dict | None:
    """{"commit": sha, "dirty": bool} of the git checkout whose tracked files include `package`
    (a directory with __init__.py). Changes to reports/ do not count as dirty: the workflow itself
    rewrites it, so its later jobs would otherwise call the run dirty."""
    def git(*args: str, cwd: Path = package) -> str:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                              check=True).stdout.strip()

    try:
        # A copy installed into site-packages of a venv inside some checkout is not that checkout.
        git("ls-files", "--error-unmatch", "__init__.py")
        top = Path(git("rev-parse", "--show-toplevel"))
        commit = git("rev-parse", "HEAD")
        changes = git("status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)reports",
                      cwd=top)
    except (OSError, subprocess.CalledProcessError):
        return None
    return {"commit": commit, "dirty": bool(changes)}
