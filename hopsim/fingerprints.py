"""Fingerprints: digests of every stored array, every report number and every figure.

The study promises the same bytes from the same config on any machine (README, "Same numbers on
any machine"). Two committed
files record them:

- `tests/fingerprints/smoke.json`, the smoke study: per store and variable (coordinates included)
  a SHA-256 of the array's dtype, shape and bytes, and a SHA-256 of every figure file;
- `tests/fingerprints/default.json`, the default study: a SHA-256 of each report sidecar's numbers
  (the run's own facts — compute times, versions, machine — left out) and of every figure.

Comparing a fresh run against them names every store and variable, sidecar or figure that changed,
so a BLAS kernel, thread count or package version that leaks into a result fails the comparison
on whichever machine runs it (the test suite checks the smoke study on every CI run).

    python -m hopsim.fingerprints check     compare results/smoke/ and reports/ with the files
    python -m hopsim.fingerprints update    rewrite both after a deliberate change of results

Both need the smoke study's results (`snakemake --cores 2 --configfile config/smoke.yaml`) and
the default study's reports (`snakemake --cores 2`) in the working tree.
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
FINGERPRINTS = Path("tests/fingerprints")
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


def figure_digests(figures: Path) -> dict[str, str]:
    """SHA-256 of every figure file (PNG, SVG) under `figures`, keyed by its relative path."""
    figures = Path(figures)
    paths = sorted(p for p in figures.rglob("*") if p.suffix in (".png", ".svg"))
    return {p.relative_to(figures).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in paths}


def smoke_fingerprints(results: Path) -> dict:
    """Stores and figures of a smoke-study results directory."""
    results = Path(results)
    return {"stores": tree_digests(results), "figures": figure_digests(results / "reports/figures")}


def default_fingerprints(reports: Path) -> dict:
    """Report numbers and figures of the default study's `reports/`."""
    reports = Path(reports)
    return {"reports": report_digests(reports), "figures": figure_digests(reports / "figures")}


def compare(expected: dict, found: dict) -> list[str]:
    """Every difference between two fingerprint dicts, one line each (empty: identical)."""
    names = {"stores": "store", "reports": "report", "figures": "figure"}
    lines = []
    for part, what in names.items():
        if part in expected or part in found:
            lines += differences(expected.get(part, {}), found.get(part, {}), what)
    return lines


def _write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")


REGENERATE = ("snakemake --cores 2 --configfile config/smoke.yaml && snakemake --cores 2 && "
              "python -m hopsim.fingerprints update")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m hopsim.fingerprints", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("action", choices=["check", "update"])
    p.add_argument("--smoke", type=Path, default=SMOKE_RESULTS,
                   help=f"the smoke study's results (default {SMOKE_RESULTS})")
    p.add_argument("--reports", type=Path, default=REPORTS,
                   help=f"the default study's reports (default {REPORTS})")
    p.add_argument("--into", type=Path, default=FINGERPRINTS,
                   help=f"where smoke.json and default.json live (default {FINGERPRINTS})")
    args = p.parse_args(argv)
    if not args.smoke.is_dir():
        p.error(f"--smoke {args.smoke}: no such directory; run the smoke study first "
                "(snakemake --cores 2 --configfile config/smoke.yaml)")
    if not any(args.reports.glob("*.json")):
        p.error(f"--reports {args.reports}: no report sidecars (*.json); run the default study "
                "first (snakemake --cores 2)")
    found = {"smoke.json": smoke_fingerprints(args.smoke),
             "default.json": default_fingerprints(args.reports)}
    if args.action == "update":
        for name, data in found.items():
            _write(args.into / name, data)
        print(f"wrote {args.into / 'smoke.json'} and {args.into / 'default.json'}")
        return 0
    lines = []
    for name, data in found.items():
        path = args.into / name
        if not path.exists():
            p.error(f"{path}: no fingerprints yet; write them with 'update'")
        lines += [f"{name}: {line}" for line in compare(json.loads(path.read_text()), data)]
    for line in lines:
        print(line)
    print("fingerprints: identical" if not lines else
          f"fingerprints: {len(lines)} differences (after a deliberate change: {REGENERATE})")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
