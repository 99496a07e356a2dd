"""One capacity point at N = 100 000: the int8 and the bit-packed kernel on the same work.

Workload: N = 100 000 neurons, P = 14 000 patterns (α = 0.14) drawn from the seed, 10 async runs
from stored patterns 0..9 until a fixed point or until the overlap falls below ½ (the
`capacity_large_retrieval` job of config/paper.yaml), W never formed. Each kernel runs in a child
process of its own, so that its peak resident memory is its own: the draw of the pattern set in
the kernel's layout (int8: N·P bytes, `capacity.pattern_columns`; bits: N·⌈P/64⌉·8 bytes,
`capacity.pattern_bits`), then the dynamics (`binary.relax_async_hebbian`,
`bitpacked.relax_async_hebbian_bits`). The parent compiles both kernels first (numba's cache:
the children load them), compares the final state, sweeps, status and flips of every start,
and measures the float32 GEMM rate with the BLAS kernel that ran. Rates are multiply-adds of the
int8 kernel (N·P per visited unit, counted from the sweeps each run took) per second of dynamics.

    python benchmarks/bench_large.py [--neurons 100000] [--alpha 0.14] [--starts 10] [--threads 2]
                                     [--repeats 1] [--json]

`--repeats R` runs the kernels alternately R times each (times: medians). `--json` prints one
JSON object last: {"N", "P", "starts", "threads", "blas_kernel", "gemm_gmacs", "kernels":
{"int8": {"gmacs", "dynamics_s", "draw_s", "peak_rss_gib"}, "bits": {...}}, "identical"}.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numba
import numpy as np
import threadpoolctl

from hopsim import seeds
from hopsim.config import n_patterns
from hopsim.dynamics import binary, bitpacked
from hopsim.experiments import capacity
from hopsim.patterns import pack_columns, random_pattern_columns, unpack_patterns

SEED = 20261123  # the default config's seed: the same pattern set as config/paper.yaml's job
MAX_SWEEPS, LOST_BELOW = 1000, 0.5  # config/paper.yaml's capacity_large
KERNELS = ("int8", "bits")
COMPARED = ("states", "steps", "status", "flips")


def gemm_rate(size: int = 2000) -> float:
    a = np.random.default_rng(0).random((size, size), dtype=np.float32)
    a @ a
    t = time.perf_counter()
    a @ a
    return 2 * size**3 / (time.perf_counter() - t)


def relax(kernel: str, table: np.ndarray, p: int, target: np.ndarray, order: np.ndarray,
          max_sweeps: int) -> binary.Relaxation:
    stop = {"targets": np.arange(target.shape[0]), "lost_below": LOST_BELOW}
    if kernel == "int8":
        return binary.relax_async_hebbian(table, target, order, max_sweeps, **stop)
    return bitpacked.relax_async_hebbian_bits(table, p, target, order, max_sweeps, **stop)


def warm_up(kernel: str, threads: int) -> None:
    """Compile (or load from numba's cache) the kernel's parallel driver on a small problem."""
    cols = random_pattern_columns(np.random.default_rng(0), 70, 300)
    table = cols if kernel == "int8" else pack_columns(cols)
    relax(kernel, table, 70, np.ascontiguousarray(cols[:, :threads].T),
          np.arange(threads, dtype=np.uint64), 5)


def child(kernel: str, args: argparse.Namespace, out: Path) -> None:
    """One kernel's draw and dynamics; results to out.npz, times and peak memory to out.json."""
    numba.set_num_threads(args.threads)
    warm_up(kernel, args.threads)
    n, p = args.neurons, n_patterns(args.alpha, args.neurons)
    s = min(args.starts, p)
    t0 = time.perf_counter()
    if kernel == "int8":
        table = capacity.pattern_columns(SEED, n, args.alpha, 0)
        target = np.ascontiguousarray(table[:, :s].T)
    else:
        table = capacity.pattern_bits(SEED, n, args.alpha, 0)
        target = unpack_patterns(table, np.arange(s))
    order = seeds.stream_seeds(SEED, seeds.spawn_key("capacity", "order", n,
                                                     seeds.value_key(args.alpha), 0,
                                                     seeds.value_key(0.0)), s)
    t1 = time.perf_counter()
    r = relax(kernel, table, p, target, order, MAX_SWEEPS)
    t2 = time.perf_counter()
    m = np.einsum("sn,sn->s", r.states.astype(np.int64), target) / n
    np.savez(out.with_suffix(".npz"), **{f: getattr(r, f) for f in COMPARED}, overlaps=m)
    out.with_suffix(".json").write_text(json.dumps({
        "draw_s": t1 - t0, "dynamics_s": t2 - t1,
        "peak_rss_gib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20}))


def run_child(kernel: str, args: argparse.Namespace, out: Path) -> tuple[dict, dict]:
    cmd = [sys.executable, __file__, "--child", kernel, "--out", str(out),
           "--neurons", str(args.neurons), "--alpha", str(args.alpha),
           "--starts", str(args.starts), "--threads", str(args.threads)]
    subprocess.run(cmd, check=True)
    with np.load(out.with_suffix(".npz")) as z:
        result = {k: z[k] for k in z.files}
    return json.loads(out.with_suffix(".json").read_text()), result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--neurons", type=int, default=100_000)
    ap.add_argument("--alpha", type=float, default=0.14)
    ap.add_argument("--starts", type=int, default=10)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--json", action="store_true", help="print one JSON object last")
    ap.add_argument("--child", choices=KERNELS, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args, args.out)
        return

    n, p = args.neurons, n_patterns(args.alpha, args.neurons)
    s = min(args.starts, p)
    numba.set_num_threads(args.threads)
    for kernel in KERNELS:  # compiles into numba's cache here, not in the measured children
        warm_up(kernel, args.threads)
    runs: dict[str, list[dict]] = {k: [] for k in KERNELS}
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for rep in range(args.repeats):
            for kernel in KERNELS:
                timing, result = run_child(kernel, args, Path(tmp) / f"{kernel}{rep}")
                runs[kernel].append(timing)
                results.append(result)
    first = results[0]
    identical = all(np.array_equal(first[f], r[f]) for r in results[1:] for f in COMPARED)
    work = n * p * (int(first["steps"].sum()) + s)  # N visits per sweep at P each, + first overlaps
    with threadpoolctl.threadpool_limits(args.threads):
        # numpy's own OpenBLAS (scipy may have loaded another one first)
        libs = [i for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"]
        blas = next((i for i in libs if "numpy" in i["filepath"]), libs[0] if libs else {})
        gemm = gemm_rate() / 2  # multiply-adds per second
    blas_kernel = f"{blas.get('internal_api', '?')} {blas.get('version', '')} " \
                  f"{blas.get('architecture', '?')}"
    kernels = {}
    for kernel, timings in runs.items():
        dyn = float(np.median([t["dynamics_s"] for t in timings]))
        kernels[kernel] = {"gmacs": round(work / dyn / 1e9, 2), "dynamics_s": round(dyn, 2),
                           "draw_s": round(float(np.median([t["draw_s"] for t in timings])), 2),
                           "peak_rss_gib": round(max(t["peak_rss_gib"] for t in timings), 3)}

    print(f"N = {n}, P = {p}, {s} starts, {args.threads} threads, {args.repeats} run(s) per kernel")
    print(f"  sweeps: {first['steps'].tolist()} ({first['steps'].sum()} in all), status "
          f"{first['status'].tolist()}, final overlaps {np.round(first['overlaps'], 4).tolist()}")
    for kernel, k in kernels.items():
        print(f"  {kernel:5s} draw {k['draw_s']:6.1f} s   dynamics {k['dynamics_s']:6.1f} s   "
              f"{k['gmacs']:5.1f} G multiply-adds/s   peak resident memory {k['peak_rss_gib']:.2f} GiB")
    print(f"  bits / int8: {kernels['bits']['gmacs'] / kernels['int8']['gmacs']:.2f}× the rate; "
          f"identical results: {identical}")
    print(f"  float32 GEMM {gemm / 1e9:.1f} G multiply-adds/s ({blas_kernel})")
    if args.json:
        print(json.dumps({"N": n, "P": p, "starts": s, "threads": args.threads,
                          "blas_kernel": blas_kernel, "gemm_gmacs": round(gemm / 1e9, 1),
                          "kernels": kernels, "identical": identical}))


if __name__ == "__main__":
    main()
