"""One capacity point at N = 100 000: the large-N path's time and memory (issue: capacity to N = 10^5).

Workload: N = 100 000 neurons, P = 14 000 patterns (α = 0.14) drawn from the seed, 10 async runs
from stored patterns 0..9 to a fixed point, W never formed (`capacity.retrieve_large`, the
workflow's `capacity_large_retrieval` job). Prints the wall time of the draw and of the dynamics,
the peak resident memory of this process, and the multiply-add rate of the kernel (N·P per
visited unit, counted from the sweeps each run took) against the float32 GEMM rate measured in
the same run (the GEMM bound of this kernel's dot products).

    python benchmarks/bench_large.py [--neurons 100000] [--alpha 0.14] [--starts 10] [--threads 2]
"""

from __future__ import annotations

import argparse
import resource
import time

import numba
import numpy as np
import threadpoolctl

from hopsim import seeds
from hopsim.config import n_patterns
from hopsim.dynamics import binary
from hopsim.experiments import capacity

SEED = 20261123  # the default config's seed: the same pattern set as config/paper.yaml's job


def gemm_rate(size: int = 2000) -> float:
    a = np.random.default_rng(0).random((size, size), dtype=np.float32)
    a @ a
    t = time.perf_counter()
    a @ a
    return 2 * size**3 / (time.perf_counter() - t)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--neurons", type=int, default=100_000)
    ap.add_argument("--alpha", type=float, default=0.14)
    ap.add_argument("--starts", type=int, default=10)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    n, p = args.neurons, n_patterns(args.alpha, args.neurons)
    numba.set_num_threads(args.threads)
    # Compile on a small problem first: compilation is not part of the job's steady cost.
    capacity.retrieve_large(SEED, 40_000, [0.001], [0], 2, 5)

    t0 = time.perf_counter()
    cols = capacity.pattern_columns(SEED, n, args.alpha, 0)
    t1 = time.perf_counter()
    s = min(args.starts, p)
    target = np.ascontiguousarray(cols[:, :s].T)
    order = seeds.stream_seeds(SEED, seeds.spawn_key("capacity", "order", n,
                                                     seeds.value_key(args.alpha), 0,
                                                     seeds.value_key(0.0)), s)
    r = binary.relax_async_hebbian(cols, target, order, 1000, targets=np.arange(s),
                                   lost_below=0.5)
    t2 = time.perf_counter()
    m = np.einsum("sn,sn->s", r.states.astype(np.int64), target) / n
    peak_gib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    work = n * p * (r.steps.sum() + s)  # every sweep visits N units at P each, plus the first overlaps
    with threadpoolctl.threadpool_limits(args.threads):
        blas = next((i for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"), {})
        gemm = gemm_rate()
    print(f"N = {n}, P = {p}, {s} starts, {args.threads} threads")
    print(f"  draw of the patterns:  {t1 - t0:6.1f} s")
    print(f"  async dynamics:        {t2 - t1:6.1f} s   ({r.steps.sum()} sweeps in all: "
          f"{r.steps.tolist()})")
    print(f"  total:                 {t2 - t0:6.1f} s   peak resident memory {peak_gib:.2f} GiB")
    print(f"  final overlaps:        {np.round(m, 4).tolist()}")
    print(f"  kernel rate:           {work / (t2 - t1) / 1e9:.1f} G multiply-adds/s; float32 GEMM "
          f"{gemm / 2e9:.1f} G multiply-adds/s ({blas.get('internal_api', '?')} "
          f"{blas.get('version', '')}, kernel {blas.get('architecture', '?')}): "
          f"{gemm / 2 / (work / (t2 - t1)):.1f}× the bound")


if __name__ == "__main__":
    main()
