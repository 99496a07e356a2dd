"""The `hopsim` command line: quick runs, store summaries and theory values outside the workflow.

    hopsim retrieve --neurons 1000 --patterns 100 --flip 0.1     cue, retrieve, print overlaps
    hopsim inspect results/capacity/overlaps.zarr                 dims, variables, provenance
    hopsim export results/capacity/analysis.zarr --to netcdf      the store for other tools
    hopsim theory alpha-c                                         AGS capacity (and friends)
    hopsim config-reference > docs/config.md                      the config reference

Runs use the library's kernels (hopsim.dynamics) exactly as the workflow does; their random
streams come from SeedSequence(seed, spawn_key=(purpose,)), independent of the study's.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import yaml

import hopsim

STATUS = {0: "fixed point", 1: "2-cycle", 2: "sweep cap", 3: "lost"}
# Purposes of the random streams of `retrieve` (spawn keys).
PATTERNS, CUES, ORDER, NOISE = 1, 2, 3, 4
RETRIEVED = 0.95  # the study's retrieval criterion (capacity.retrieved_overlap)
TEMPERATURE, ACTIVITY = 0.2, 0.1  # defaults of --temperature and --activity
MAX_MEM_MB = 16000  # default of --max-mem-mb: the workflow's max_job_mem_mb


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (the option and the rule it breaks) and
    exit code 2, without the usage block."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


# --------------------------------------------------------------------------- argument types

def _number(kind, lo=None, hi=None, lo_open=False, hi_open=False):
    """An argparse type: `kind` within [lo, hi] (open ends where asked), with a message that
    states the allowed range (argparse adds the option's name)."""
    left, right = "(" if lo_open else "[", ")" if hi_open else "]"
    allowed = f"{left}{'-inf' if lo is None else lo}, {'inf' if hi is None else hi}{right}"
    noun = "an integer" if kind is int else "a number"

    def convert(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be {noun} in {allowed}, got {text!r}") from None
        if kind is float and not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"must be a finite number in {allowed}, got {text!r}")
        below = lo is not None and (value <= lo if lo_open else value < lo)
        above = hi is not None and (value >= hi if hi_open else value > hi)
        if below or above:
            raise argparse.ArgumentTypeError(f"must be {noun} in {allowed}, got {text}")
        return value

    convert.__name__ = kind.__name__
    return convert


# --------------------------------------------------------------------------- retrieve

def _rng(seed: int, purpose: int) -> np.random.Generator:
    from .seeds import rng

    return rng(seed, (purpose,))


def _stream_seeds(seed: int, purpose: int, n: int) -> np.ndarray:
    from .seeds import stream_seeds

    return stream_seeds(seed, (purpose,), n)


def _binary_weights(rule: str, patterns: np.ndarray, kappa: float) -> np.ndarray:
    from .experiments.learning_rules import rule_weights
    from .learning import perceptron

    if rule == "perceptron":
        return perceptron.perceptron_weights(patterns, kappa)[0]
    return rule_weights(rule.replace("-", "_"), patterns)  # hebb: integer N·w, exact fields


def run_binary(args) -> dict:
    """±1 units, the chosen rule, async or sync sgn dynamics from noisy cues."""
    from . import theory
    from .dynamics import binary
    from .patterns import flip_bits, random_patterns

    n, p, k = args.neurons, args.patterns, args.cues
    x = random_patterns(_rng(args.seed, PATTERNS), p, n)
    targets = x[:k]
    cues = flip_bits(targets, round(args.flip * n), _rng(args.seed, CUES))
    if args.rule == "hebb" and args.dynamics == "async":  # the pattern kernel: W never formed
        r = binary.relax_async_hebbian(np.ascontiguousarray(x.T), cues,
                                       _stream_seeds(args.seed, ORDER, k), args.max_sweeps)
    elif args.rule == "hebb":
        r = binary.relax_sync(None, cues, args.max_sweeps, patterns=x)
    else:
        w = _binary_weights(args.rule, x, args.kappa)
        r = (binary.relax_async(w, cues, _stream_seeds(args.seed, ORDER, k), args.max_sweeps)
             if args.dynamics == "async" else binary.relax_sync(w, cues, args.max_sweeps))
    out = {
        "m_start": np.einsum("kn,kn->k", cues.astype(np.int32), targets) / n,
        "m_final": np.einsum("kn,kn->k", r.states.astype(np.int32), targets) / n,
        "steps": r.steps, "end": [STATUS[int(s)] for s in r.status],
        "model": f"binary ±1 units, {args.rule} rule, {args.dynamics} sgn dynamics (T = 0)",
        "step_name": "sweeps" if args.dynamics == "async" else "steps",
    }
    if args.rule == "hebb":
        m = theory.ags_overlap(p / n)
        out["theory"] = {"name": "AGS retrieval overlap m(α), T = 0, N → ∞",
                         "value": None if math.isnan(m) else m,
                         "note": "" if not math.isnan(m) else
                         f"no retrieval solution: α > α_c = {theory.ags_critical_load()[0]:.4f}"}
    return out


def run_stochastic(args) -> dict:
    """±1 units, Hebb, async Glauber dynamics at temperature T for a fixed number of sweeps;
    the overlap is averaged over the second half of the run (the stationary part)."""
    from . import theory
    from .dynamics import glauber
    from .patterns import flip_bits, random_patterns

    n, p, k = args.neurons, args.patterns, args.cues
    x = random_patterns(_rng(args.seed, PATTERNS), p, n)
    targets = x[:k]
    cues = flip_bits(targets, round(args.flip * n), _rng(args.seed, CUES))
    _, traces = glauber.glauber_async(np.ascontiguousarray(x.T), cues,
                                      _stream_seeds(args.seed, ORDER, k),
                                      _stream_seeds(args.seed, NOISE, k), args.temperature,
                                      args.max_sweeps, record=range(k))
    own = traces[np.arange(k), :, np.arange(k)]  # (cue, sweep): overlap with its own target
    m, _, _ = theory.ags_state(p / n, args.temperature) if args.temperature > 0 else (
        theory.ags_overlap(p / n), None, None)
    return {
        "m_start": own[:, 0], "m_final": own[:, own.shape[1] // 2:].mean(axis=1),
        "steps": np.full(k, args.max_sweeps), "end": ["time average"] * k,
        "model": f"±1 units, Hebb rule, async Glauber dynamics at T = {args.temperature:g} "
                 f"(final overlap = mean over sweeps {own.shape[1] // 2}..{args.max_sweeps})",
        "step_name": "sweeps",
        "theory": {"name": f"AGS retrieval overlap m(α, T = {args.temperature:g}), N → ∞",
                   "value": None if math.isnan(m) else float(m), "note": ""},
    }


def run_low_activity(args) -> dict:
    """0/1 units with activity a, covariance rule (b = a), async threshold dynamics."""
    from .dynamics import low_activity as dyn
    from .patterns import active_units, flip_bits, sparse_patterns
    from .theory import low_activity as la

    n, p, k = args.neurons, args.patterns, args.cues
    a = active_units(args.activity, n) / n  # every pattern has exactly round(aN) active units
    x = sparse_patterns(_rng(args.seed, PATTERNS), p, n, args.activity)
    if args.threshold is None:
        theta, _ = la.optimal_threshold(a, min_overlap=RETRIEVED)
    else:
        theta = args.threshold
    cues = (flip_bits(2 * x[:k] - 1, round(args.flip * n), _rng(args.seed, CUES)) + 1) // 2
    final, sweeps, status, _ = dyn.relax_async(dyn.covariance_weights(x, a, a), cues,
                                               _stream_seeds(args.seed, ORDER, k), theta,
                                               args.max_sweeps)
    ac, _ = la.critical_load(a, theta, min_overlap=RETRIEVED)
    diag = np.arange(k)
    return {
        "m_start": dyn.overlaps(x[:k], cues, a)[diag, diag],
        "m_final": dyn.overlaps(x[:k], final, a)[diag, diag],
        "steps": sweeps, "end": [STATUS[int(s)] for s in status],
        "model": f"0/1 units, activity a = {a:g}, covariance rule (b = a), async threshold "
                 f"dynamics θ = {theta:.4f}" + (" (the theory's optimum)" if args.threshold is None else ""),
        "step_name": "sweeps",
        "theory": {"name": f"capacity α_c(a = {a:g}, θ) with m ≥ {RETRIEVED} (Shiino–Fukai), N → ∞",
                   "value": None if math.isnan(ac) else ac,
                   "note": f"retrieval expected for α = {p / n:g} " + ("<" if p / n < ac else "≥")
                           + " α_c" if not math.isnan(ac) else "no retrieval state at this θ"},
    }


FAMILIES = {"binary": run_binary, "stochastic": run_stochastic, "low-activity": run_low_activity}

# Float64 N × N matrices each rule holds at its peak (tracemalloc: Storkey 4.1, the
# pseudo-inverse 2.2, the perceptron 4.1, the covariance rule 2.0; rounded up).
MATRICES = {"storkey": (5, "Storkey's rule forms the N × N weights"),
            "pseudo-inverse": (4, "the pseudo-inverse forms the N × N weights"),
            "perceptron": (5, "perceptron learning forms the N × N weights"),
            "low-activity": (3, "the covariance rule forms the N × N weights")}


def memory_terms(args) -> dict[str, tuple[float, str]]:
    """Bytes of the arrays a `retrieve` run holds at its peak, by the option that sets them:
    the patterns (drawn, and a transposed copy), the cues, the energy or overlap traces and the
    rule's N × N matrices with their pattern-sized temporaries."""
    n, p, k, sweeps = args.neurons, args.patterns, args.cues, args.max_sweeps + 1
    rule = args.family if args.family == "low-activity" else args.rule
    count, why = MATRICES.get(rule, (0, ""))
    per_pattern = {"pseudo-inverse": 8 * (p + 2 * n), "perceptron": 40 * n,
                   "low-activity": 24 * n}.get(rule, 8 * n if args.dynamics == "sync" else 0)
    terms = {"--neurons": (8.0 * count * n * n, f"{count} float64 N × N matrices: {why}"),
             "--patterns": (p * (3 * n + per_pattern), "the patterns and their copies"),
             "--max-sweeps": (8.0 * k * sweeps, "an energy per cue and sweep"),
             "--cues": (24.0 * k * n, "the cues and their fields")}
    if args.family == "stochastic":
        terms["--max-sweeps"] = (8.0 * k * k * sweeps,
                                 "every cue's overlap with every cued pattern at every sweep")
    return terms


def check_memory(args, parser) -> None:
    """Refuse a run whose arrays would need more than --max-mem-mb, naming the option whose
    term is largest, before anything is allocated."""
    terms = memory_terms(args)
    total = sum(size for size, _ in terms.values())
    if total > args.max_mem_mb * 1e6:
        option, (size, what) = max(terms.items(), key=lambda t: t[1][0])
        value = getattr(args, option[2:].replace("-", "_"))
        parser.error(f"argument {option}: with {option} {value} the run would need about "
                     f"{total / 1e9:,.1f} GB ({size / 1e9:,.1f} GB for {what}), more than "
                     f"--max-mem-mb = {args.max_mem_mb} MB; lower {option} or raise --max-mem-mb")


def cmd_retrieve(args, parser) -> int:
    if args.cues is None:
        args.cues = min(args.patterns, 10)
    if args.cues > args.patterns:
        parser.error(f"argument --cues: must be in [1, --patterns = {args.patterns}], got {args.cues}")
    if args.patterns > 4 * args.neurons:
        parser.error(f"argument --patterns: must be in [1, 4·--neurons = {4 * args.neurons}], "
                     f"got {args.patterns}")
    if args.family == "low-activity":
        from .patterns import active_units

        try:  # the model's own rounding (halves up)
            active_units(args.activity if args.activity is not None else ACTIVITY, args.neurons)
        except ValueError as err:
            parser.error(f"argument --activity: {err}")
    # An option of another family or rule would be ignored without a word: refuse it instead.
    for option, value, default, applies, where in (
            ("--rule", args.rule, "hebb", args.family == "binary", "--family binary"),
            ("--dynamics", args.dynamics, "async", args.family == "binary", "--family binary"),
            ("--kappa", args.kappa, 0.0, args.rule == "perceptron", "--rule perceptron"),
            ("--temperature", args.temperature, None, args.family == "stochastic", "--family stochastic"),
            ("--activity", args.activity, None, args.family == "low-activity", "--family low-activity"),
            ("--threshold", args.threshold, None, args.family == "low-activity", "--family low-activity")):
        if value != default and not applies:
            parser.error(f"argument {option}: applies to {where} only")
    args.temperature = TEMPERATURE if args.temperature is None else args.temperature
    args.activity = ACTIVITY if args.activity is None else args.activity
    check_memory(args, parser)
    start = time.perf_counter()
    out = FAMILIES[args.family](args)
    seconds = time.perf_counter() - start
    m = np.asarray(out["m_final"], float)
    summary = {
        "family": args.family, "model": out["model"], "neurons": args.neurons,
        "patterns": args.patterns, "alpha": args.patterns / args.neurons, "flip": args.flip,
        "flipped_bits": round(args.flip * args.neurons), "seed": args.seed, "cues": args.cues,
        "m_start": [float(v) for v in out["m_start"]], "m_final": [float(v) for v in m],
        out["step_name"]: [int(v) for v in out["steps"]], "end": out["end"],
        "mean_overlap": float(m.mean()), "fraction_retrieved": float((m >= RETRIEVED).mean()),
        "retrieved_overlap": RETRIEVED, "theory": out.get("theory"), "seconds": seconds,
    }
    if args.json:
        print(json.dumps(summary, indent=1))
        return 0
    print(f"model: {out['model']}")
    print(f"N = {args.neurons} neurons, P = {args.patterns} patterns (α = P/N = "
          f"{summary['alpha']:g}), cues flip {summary['flipped_bits']} bits (f = {args.flip:g}), "
          f"seed {args.seed}")
    print(f"{'cue':>5} {'m_start':>8} {'m_final':>8} {out['step_name']:>7}  end")
    for i in range(args.cues):
        print(f"{i:5d} {out['m_start'][i]:8.4f} {m[i]:8.4f} {int(out['steps'][i]):7d}  {out['end'][i]}")
    print(f"mean final overlap: {summary['mean_overlap']:.4f}")
    print(f"retrieved (m >= {RETRIEVED}): {int((m >= RETRIEVED).sum())}/{args.cues} = "
          f"{summary['fraction_retrieved']:.3f}")
    th = out.get("theory")
    if th:
        value = "none" if th["value"] is None else f"{th['value']:.5f}"
        print(f"theory: {th['name']} = {value}" + (f" ({th['note']})" if th["note"] else ""))
    print(f"time: {seconds:.2f} s")
    return 0


# --------------------------------------------------------------------------- inspect

def _attr_text(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _open_store(path: Path, prog: str, whole: bool = False):
    """The store at `path` (read into memory if `whole`, which checks every chunk) and exit status
    0, or None and the status after a one-line error: 1 a damaged store, 2 not a store."""
    import zarr

    from . import io

    if not path.is_dir():
        why = "a file, not a directory" if path.exists() else "no such directory"
        print(f"{prog}: {path} is not a zarr store ({why})", file=sys.stderr)
        return None, 2
    try:
        return (io.load(path) if whole else io.read(path)), 0
    except io.DamagedStoreError as e:
        print(f"{prog}: {e}", file=sys.stderr)
        return None, 1
    except (zarr.errors.BaseZarrError, FileNotFoundError, KeyError, ValueError) as e:
        print(f"{prog}: {path} is not a zarr store written by hopsim "
              f"(zarr v3, consolidated metadata): {e}", file=sys.stderr)
        return None, 2


def cmd_inspect(args, parser) -> int:
    from . import io

    path = Path(args.path)
    ds, status = _open_store(path, parser.prog)
    if ds is None:
        return status
    print(f"store: {path}")
    print("dims: " + (", ".join(f"{d} = {s}" for d, s in ds.sizes.items()) or "(none)"))
    for title, names in (("coordinates", list(ds.coords)), ("variables", list(ds.data_vars))):
        print(f"{title}:")
        for name in names:
            v = ds[name]
            dims = f"({', '.join(v.dims)})" if v.dims else "()"
            units = v.attrs.get("units", "")
            dtype = "string" if v.dtype.kind in "OTU" else str(v.dtype)  # zarr 3 reads text as StringDType
            print(f"  {name} {dims} {dtype}" + (f" [{units}]" if units else ""))
            if "long_name" in v.attrs:
                print(f"      {v.attrs['long_name']}")
    prov = {k: ds.attrs[k] for k in ("params", "seed_material", "versions", "blas", "git") if k in ds.attrs}
    other = {k: v for k, v in ds.attrs.items() if k not in prov}
    print("provenance:" + ("" if prov else " none (no params, seed_material or versions attributes)"))
    for k, v in prov.items():
        print(f"  {k}: {_attr_text(v)}")
    if other:
        print("other attributes:")
        for k, v in other.items():
            print(f"  {k}: {_attr_text(v)}")
    if not args.check:
        print("integrity: every file present with its written size, metadata unchanged "
              "(--check also reads every chunk)")
        return 0
    try:
        chunks = io.verify(path)
    except io.DamagedStoreError as e:
        print(f"hopsim inspect: {e}", file=sys.stderr)
        return 1
    print(f"integrity: all {chunks} chunks read, every checksum matches")
    return 0


# --------------------------------------------------------------------------- export

def default_export_path(store: Path, to: str) -> Path:
    """Beside the store: results/x/analysis.zarr -> results/x/analysis.nc or results/x/analysis-csv/."""
    stem = store.with_suffix("") if store.suffix == ".zarr" else store
    return stem.with_name(stem.name + ".nc") if to == "netcdf" else stem.with_name(stem.name + "-csv")


def cmd_export(args, parser) -> int:
    from . import export

    store = Path(args.path)
    ds, status = _open_store(store, parser.prog, whole=True)
    if ds is None:
        return status
    out = Path(args.output) if args.output else default_export_path(store, args.to)
    try:
        written = export.to_netcdf(ds, out) if args.to == "netcdf" else export.to_csv(ds, out)
    except ModuleNotFoundError as err:  # the netcdf extra; its message names the install
        print(f"{parser.prog}: {err}", file=sys.stderr)
        return 2
    for path in [written] if args.to == "netcdf" else written:
        print(path)
    return 0


# --------------------------------------------------------------------------- theory

def _theory_values(args) -> list[tuple[str, float]]:
    from . import theory
    from .theory import gardner
    from .theory import low_activity as la

    what = args.quantity
    if what == "alpha-c":
        ac, mc = theory.ags_critical_load()
        return [("AGS capacity α_c of the Hopfield model (Hebb, T = 0, N → ∞)", ac),
                ("retrieval overlap there, m(α_c)", mc)]
    if what == "m":
        return [(f"AGS retrieval overlap m(α = {args.alpha:g}), T = 0 (nan means α > α_c: no retrieval)",
                 theory.ags_overlap(args.alpha))]
    if what == "m-t":
        m, q, _ = theory.ags_state(args.alpha, args.temperature)
        return [(f"AGS retrieval overlap m(α = {args.alpha:g}, T = {args.temperature:g}) "
                 f"(a value near 0 means no retrieval state)", m), ("Edwards–Anderson order parameter q", q)]
    if what == "boundary":
        return [(f"retrieval boundary T_M(α = {args.alpha:g}): the largest T with a retrieval state",
                 theory.retrieval_boundary(args.alpha))]
    if what == "meanfield":
        return [(f"mean-field overlap m = tanh(m/T) at T = {args.temperature:g} (α → 0)",
                 theory.meanfield_overlap(args.temperature))]
    if what == "one-step-error":
        return [(f"one-step error rate ½ erfc(1/√(2α)) of a stored bit at α = {args.alpha:g}",
                 float(theory.one_step_error(args.alpha)))]
    if what == "gardner":
        return [(f"Gardner capacity α_c(κ = {args.kappa:g}) of a perceptron with stability κ",
                 gardner.gardner_capacity(args.kappa))]
    if what == "low-activity":
        a = args.activity
        theta, ac = la.optimal_threshold(a, min_overlap=args.min_overlap)
        return [(f"optimal threshold θ*(a = {a:g}) of the covariance rule, m ≥ {args.min_overlap:g}",
                 theta),
                (f"capacity α_c(a = {a:g}, θ*) (Shiino–Fukai, 0/1 units)", ac),
                (f"Tsodyks–Feigel'man asymptote 1/(2a ln(1/a)) at a = {a:g}", la.tsodyks_feigelman(a))]
    raise AssertionError(what)


def cmd_theory(args, parser) -> int:
    for label, value in _theory_values(args):
        print(f"{float(value):.6g}  {label}")
    return 0


# --------------------------------------------------------------------------- config reference

def default_schema() -> Path:
    """The workflow's schema in a source checkout (the library itself never reads it)."""
    return Path(__file__).resolve().parents[1] / "workflow/schemas/config.schema.yaml"


def cmd_config_reference(args, parser) -> int:
    from . import config

    path = Path(args.schema) if args.schema else default_schema()
    if not path.is_file():
        parser.error(f"argument --schema: no schema file at {path}")
    try:
        schema = config.load_schema(path)
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        parser.error(f"argument --schema: {path} is not a YAML file ({type(err).__name__})")
    if not isinstance(schema, dict) or not isinstance(schema.get("properties"), dict):
        parser.error(f"argument --schema: {path} is not a JSON schema of the config (a mapping "
                     "with 'properties')")
    sys.stdout.write(config.reference_markdown(schema))
    return 0


# --------------------------------------------------------------------------- parser

def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="hopsim", description="Attractor networks (Hopfield model and generalisations): "
        "quick runs, store summaries and theory values. The full study is the Snakemake workflow.")
    parser.add_argument("--version", action="version", version=f"hopsim {hopsim.__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    r = sub.add_parser(
        "retrieve", help="store random patterns, cue with flipped bits, print the final overlaps",
        description="Store P random patterns in N neurons, start from K cues (stored patterns "
        "0..K−1 with a fraction of their bits flipped), run the dynamics and print each cue's "
        f"final overlap with its pattern, the mean, the fraction retrieved (m ≥ {RETRIEVED}) and "
        "the theory value beside them.")
    r.add_argument("--neurons", "-N", type=_number(int, 2), default=1000, help="N (default 1000)")
    r.add_argument("--patterns", "-P", type=_number(int, 1), default=100,
                   help="stored patterns P ≤ 4N (default 100; beyond 4N no rule retrieves); "
                   "the load is α = P/N")
    r.add_argument("--flip", type=_number(float, 0, 1), default=0.1,
                   help="fraction of cue bits flipped, in [0, 1] (default 0.1)")
    r.add_argument("--cues", type=_number(int, 1), default=None,
                   help="number of cues K ≤ P (default min(P, 10))")
    r.add_argument("--seed", type=_number(int, 0), default=0, help="random seed (default 0)")
    r.add_argument("--family", choices=list(FAMILIES), default="binary",
                   help="binary: ±1 units, T = 0 (default); stochastic: Glauber dynamics at "
                   "--temperature; low-activity: 0/1 units with --activity, covariance rule")
    r.add_argument("--dynamics", choices=["async", "sync"], default="async",
                   help="binary family: async (Hopfield, default) or sync (Little) updates")
    r.add_argument("--rule", choices=["hebb", "storkey", "pseudo-inverse", "perceptron"],
                   default="hebb", help="binary family: learning rule (default hebb; the AGS "
                   "theory is printed for hebb only)")
    r.add_argument("--kappa", type=_number(float, 0), default=0.0,
                   help="perceptron rule: stability margin κ ≥ 0 (default 0)")
    r.add_argument("--temperature", "-T", type=_number(float, 0), default=None,
                   help=f"stochastic family: temperature T ≥ 0 (default {TEMPERATURE})")
    r.add_argument("--activity", type=_number(float, 0, 1, True, True), default=None,
                   help=f"low-activity family: pattern activity a in (0, 1) (default {ACTIVITY})")
    r.add_argument("--threshold", type=_number(float), default=None,
                   help="low-activity family: threshold θ (default: the theory's optimum)")
    r.add_argument("--max-sweeps", type=_number(int, 1), default=100,
                   help="cap on sweeps (async) or steps (sync); the stochastic family runs "
                   "exactly this many (default 100)")
    r.add_argument("--max-mem-mb", type=_number(int, 1), default=MAX_MEM_MB,
                   help=f"refuse a run whose arrays would need more memory, in MB (default "
                   f"{MAX_MEM_MB}, the workflow's max_job_mem_mb); the need is computed from N, P, "
                   "the cues and the sweeps before anything is allocated")
    r.add_argument("--json", action="store_true", help="print the results as JSON")
    r.set_defaults(parser=r, func=cmd_retrieve)

    i = sub.add_parser("inspect", help="summarise a zarr store (dims, variables, units, provenance)",
                       description="Summarise a zarr store written by hopsim: its dimensions and "
                       "sizes, every coordinate and variable with dims, dtype, units and long_name, "
                       "and the provenance attributes (params, seed_material, versions, blas, git). "
                       "Every file is checked against the store's manifest (present, with the size "
                       "it was written with). Exit status: 0 a whole store, 1 a damaged one (the "
                       "message names the variable and the command that rebuilds it), 2 not a "
                       "store.")
    i.add_argument("path", metavar="PATH.zarr", help="a store, e.g. results/capacity/overlaps.zarr")
    i.add_argument("--check", action="store_true",
                   help="also read every chunk and check its CRC-32C checksum (reads the whole store)")
    i.set_defaults(parser=i, func=cmd_inspect)

    e = sub.add_parser("export", help="write a store as netCDF or CSV, for tools outside Python",
                       description="Write a zarr store written by hopsim as one netCDF-4 file "
                       "(--to netcdf: every variable and coordinate with its attributes; attributes "
                       "that are not text or numbers, such as params, as JSON text named by the "
                       "attribute json_attributes) or as CSV (--to csv: a directory with one "
                       "<variable>.csv per data variable in long format, a column per dimension and "
                       "coordinate, and attributes.json). Prints the files written. Exit status: 0 "
                       "written, 1 a damaged store (nothing written), 2 not a store or netCDF4 missing.")
    e.add_argument("path", metavar="PATH.zarr", help="a store, e.g. results/capacity/analysis.zarr")
    e.add_argument("--to", choices=["netcdf", "csv"], required=True, help="the format")
    e.add_argument("--output", "-o", metavar="PATH",
                   help="the file (netcdf) or directory (csv) to write; default: beside the store, "
                   "PATH.nc or PATH-csv/ (e.g. results/capacity/analysis.nc)")
    e.set_defaults(parser=e, func=cmd_export)

    t = sub.add_parser("theory", help="print a theory value (AGS capacity, overlaps, Gardner, ...)",
                       description="Print analytic predictions of hopsim.theory, each with what it is.")
    tq = t.add_subparsers(dest="quantity", required=True, metavar="QUANTITY")
    tq.add_parser("alpha-c", help="AGS capacity α_c ≈ 0.138 and m(α_c)",
                  description="The AGS capacity α_c of the Hopfield model and the overlap there.")
    alpha = dict(type=_number(float, 0, lo_open=True), required=True, help="load α = P/N > 0")
    temp = dict(type=_number(float, 0, lo_open=True), required=True, help="temperature T > 0")
    q = tq.add_parser("m", help="AGS retrieval overlap m(α) at T = 0",
                      description="The AGS retrieval overlap m(α) at T = 0 (NaN above α_c).")
    q.add_argument("--alpha", **alpha)
    q = tq.add_parser("m-t", help="AGS retrieval overlap m(α, T) at T > 0",
                      description="The replica-symmetric AGS state (m, q) at load α, temperature T.")
    q.add_argument("--alpha", **alpha)
    q.add_argument("--temperature", "-T", **temp)
    q = tq.add_parser("boundary", help="retrieval boundary T_M(α)",
                      description="The largest temperature with a retrieval state at load α.")
    q.add_argument("--alpha", type=_number(float, 0, 0.14, lo_open=True), required=True,
                   help="load α in (0, 0.14]")
    q = tq.add_parser("meanfield", help="m = tanh(m/T) at α → 0",
                      description="The mean-field overlap, largest root of m = tanh(m/T).")
    q.add_argument("--temperature", "-T", **temp)
    q = tq.add_parser("one-step-error", help="one-step error rate ½ erfc(1/√(2α))",
                      description="Probability that a bit of a stored pattern is unstable.")
    q.add_argument("--alpha", **alpha)
    q = tq.add_parser("gardner", help="Gardner capacity α_c(κ) (α_c(0) = 2)",
                      description="Gardner's capacity of a perceptron with normalised stability κ.")
    q.add_argument("--kappa", type=_number(float, 0), required=True, help="stability κ ≥ 0")
    q = tq.add_parser("low-activity", help="capacity of 0/1 units with activity a",
                      description="Optimal threshold and capacity of the covariance rule at "
                      "activity a (Shiino–Fukai), and the Tsodyks–Feigel'man asymptote.")
    q.add_argument("--activity", type=_number(float, 0, 0.5, lo_open=True), required=True,
                   help="pattern activity a in (0, 0.5]")
    q.add_argument("--min-overlap", type=_number(float, 0, 1, hi_open=True), default=RETRIEVED,
                   help=f"retrieval criterion m ≥ this, in [0, 1) (default {RETRIEVED}; 0: the fold)")
    t.set_defaults(parser=t, func=cmd_theory)

    c = sub.add_parser("config-reference", help="print the config reference (markdown) from the schema",
                       description="Print docs/config.md, generated from the config schema: "
                       "hopsim config-reference > docs/config.md")
    c.add_argument("--schema", help="schema file (default: workflow/schemas/config.schema.yaml "
                   "of this checkout)")
    c.set_defaults(parser=c, func=cmd_config_reference)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.func(args, args.parser)  # the subcommand's parser: its errors carry its name


if __name__ == "__main__":
    sys.exit(main())
