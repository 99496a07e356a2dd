"""Fingerprints: digests of every stored array, and of every number in the report sidecars.

The study promises the same bytes from the same config on any machine (DESIGN §8). A fingerprint
file records, per store and variable (coordinates included), a SHA-256 of the array's dtype, shape
and bytes, and, per report sidecar, a SHA-256 of its numbers with the run's own facts (compute
times, provenance) left out. Comparing a fresh run against the committed file names every store and
variable whose bytes changed: a BLAS kernel, thread count or package version that leaks into a
result fails the comparison on whichever machine runs it.

    python -m hopsim.fingerprints check             compare results/smoke and reports/ with the files
    python -m hopsim.fingerprints update            rewrite the files after a deliberate change

Both read the smoke study's stores (`snakemake --cores 2 --configfile config/smoke.yaml` first)
and the default study's `reports/*.json`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

SMOKE_RESULTS = Path("results/smoke")
REPORTS = Path("reports")
STORES_FILE = Path("tests/fingerprints/smoke_stores.json")
REPORTS_FILE = Path("tests/fingerprints/default_reports.json")
# Sidecar keys that describe the run, not its result (wall times, versions, machine).
RUN_KEYS = frozenset({"run", "runtime_seconds", "timing", "compute", "wall_s", "peak_rss_gib", "jobs"})


def array_digest(values: np.ndarray) -> str:
    """SHA-256 of an array's dtype, shape and bytes (strings and objects through JSON)."""
    a = np.asarray(values)
    h = hashlib.sha256()
    if a.dtype.kind in "OUS":
        h.update(f"text{a.shape}".encode())
        h.update(json.dumps([str(x) for x in a.ravel().tolist()]).encode())
    else:
        h.update(f"{a.dtype.str}{a.shape}".encode())
        h.update(np.ascontiguousarray(a).tobytes())
    return h.hexdigest()


def store_digests(path: Path) -> dict[str, str]:
    """Digest of every variable (data and coordinates) of one store."""
    from . import io

    ds = io.load(path)
    return {name: array_digest(ds[name].values) for name in sorted(ds.variables)}


def tree_digests(root: Path) -> dict[str, dict[str, str]]:
    """Digests of every store under `root`, keyed by its path relative to `root`."""
    root = Path(root)
    paths = sorted(p for p in root.rglob("*.zarr") if ".partial" not in p.name)
    return {p.relative_to(root).as_posix(): store_digests(p) for p in paths}


def _numbers(x):
    """A sidecar with the run's own facts removed (RUN_KEYS at any depth)."""
    if isinstance(x, dict):
        return {k: _numbers(v) for k, v in x.items() if k not in RUN_KEYS}
    if isinstance(x, list):
        return [_numbers(v) for v in x]
    return x


def report_digests(reports: Path) -> dict[str, str]:
    """Digest of the numbers of every report sidecar (`*.json`) in `reports`."""
    out = {}
    for path in sorted(Path(reports).glob("*.json")):
        text = json.dumps(_numbers(json.loads(path.read_text())), sort_keys=True)
        out[path.name] = hashlib.sha256(text.encode()).hexdigest()
    return out


def differences(expected: dict, found: dict, what: str) -> list[str]:
    """One line per entry missing, added or changed, naming the store (or report) and variable."""
    lines = []
    for key in sorted(set(expected) | set(found)):
        if key not in found:
            lines.append(f"{what} {key}: missing from the fresh run")
        elif key not in expected:
            lines.append(f"{what} {key}: not in the fingerprints (new)")
        elif isinstance(expected[key], dict):
            e, f = expected[key], found[key]
            for var in sorted(set(e) | set(f)):
                if e.get(var) != f.get(var):
                    state = "missing" if var not in f else "new" if var not in e else "changed"
                    lines.append(f"{what} {key}: variable {var!r} {state}")
        elif expected[key] != found[key]:
            lines.append(f"{what} {key}: numbers changed")
    return lines


def check(stores_root: Path, reports: Path | None, stores_file: Path, reports_file: Path | None) -> list[str]:
    """Every difference between a run and the committed fingerprints (empty: identical)."""
    lines = differences(json.loads(Path(stores_file).read_text()), tree_digests(stores_root), "store")
    if reports is not None and reports_file is not None:
        lines += differences(json.loads(Path(reports_file).read_text()), report_digests(reports), "report")
    return lines


def _write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m hopsim.fingerprints", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("action", choices=["check", "update"])
    p.add_argument("--stores", type=Path, default=SMOKE_RESULTS, help="the smoke study's results")
    p.add_argument("--reports", type=Path, default=REPORTS, help="the default study's reports")
    args = p.parse_args(argv)
    if not args.stores.is_dir():
        p.error(f"--stores {args.stores}: no such directory; run the smoke study first "
                "(snakemake --cores 2 --configfile config/smoke.yaml)")
    if args.action == "update":
        _write(STORES_FILE, tree_digests(args.stores))
        _write(REPORTS_FILE, report_digests(args.reports))
        print(f"wrote {STORES_FILE} and {REPORTS_FILE}")
        return 0
    lines = check(args.stores, args.reports, STORES_FILE, REPORTS_FILE)
    for line in lines:
        print(line)
    print("fingerprints: identical" if not lines else f"fingerprints: {len(lines)} differences")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
