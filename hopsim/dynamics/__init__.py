"""Dynamics of the model families, one module each: binary (deterministic sync and async; its
Hebbian async kernel on patterns stored as bits in bitpacked), glauber (stochastic, temperature T),
low_activity (0/1 units, threshold), ring (rate bump) and spiking (leaky integrate-and-fire).

Numba caches a compiled kernel keyed on its own source file only, so a kernel that inlines a helper
from another module (glauber and spiking use `binary._uniform`) would keep running the old helper
after that helper changes. The kernels therefore cache under a directory named by a digest of every
dynamics module: any edit here starts a fresh cache. A user's own NUMBA_CACHE_DIR wins.
"""

import hashlib
import os
from pathlib import Path

import numba

_HERE = Path(__file__).parent
if not numba.config.CACHE_DIR and os.access(_HERE, os.W_OK):
    _digest = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(_HERE.rglob("*.py"))))
    numba.config.CACHE_DIR = str(_HERE / "__pycache__" / f"numba-{_digest.hexdigest()[:12]}")
