"""Study configuration: JSON-schema validation with defaults, and messages that name the key.

A bad config must stop the workflow before any job runs, saying which key is wrong and what is
allowed. The schema itself lives with the workflow (workflow/schemas/config.schema.yaml) and is
passed in, so the library never imports the workflow.
"""

from __future__ import annotations

import copy
import json
import math
import re
from pathlib import Path

import jsonschema
import yaml


class ConfigError(ValueError):
    """A config value that is not allowed; the message names the key."""


def load_schema(path: str | Path) -> dict:
    return yaml.safe_load(Path(path).read_text())


def _fill_defaults(config: dict, schema: dict) -> dict:
    """Return a copy of `config` with schema defaults filled in, recursively for objects."""
    out = copy.deepcopy(config) if config is not None else {}
    for key, sub in schema.get("properties", {}).items():
        if key not in out and "default" in sub:
            out[key] = copy.deepcopy(sub["default"])
        if sub.get("type") == "object" and isinstance(out.get(key), dict):
            out[key] = _fill_defaults(out[key], sub)
    return out


def _allowed(schema: dict) -> str:
    """A short human description of what a schema node allows."""
    if "enum" in schema:
        return "one of " + ", ".join(repr(v) for v in schema["enum"])
    if "const" in schema:
        return repr(schema["const"])
    if "anyOf" in schema:
        return " or ".join(_allowed(sub) for sub in schema["anyOf"])
    kind = schema.get("type", "value")
    if kind == "array":
        inner = _allowed(schema.get("items", {}))
        extra = []
        if "minItems" in schema:
            extra.append(f"at least {schema['minItems']} item(s)")
        if schema.get("uniqueItems"):
            extra.append("no repeats")
        return f"a list of {inner}" + (f" ({', '.join(extra)})" if extra else "")
    if kind == "object":
        return "a mapping with keys " + ", ".join(schema.get("properties", {}))
    bounds = []
    if "minimum" in schema:
        bounds.append(f"≥ {schema['minimum']}")
    if "exclusiveMinimum" in schema:
        bounds.append(f"> {schema['exclusiveMinimum']}")
    if "maximum" in schema:
        bounds.append(f"≤ {schema['maximum']}")
    if "exclusiveMaximum" in schema:
        bounds.append(f"< {schema['exclusiveMaximum']}")
    if "multipleOf" in schema:
        bounds.append(f"a multiple of {schema['multipleOf']}")
    if "pattern" in schema:
        bounds.append(_pattern_words(schema["pattern"]))
    noun = {"integer": "an integer", "number": "a number", "string": "a string"}.get(kind, kind)
    return noun + (" " + " and ".join(bounds) if bounds else "")


def _pattern_words(pattern: str) -> str:
    """A string pattern in words: '^[ACE]+$' reads 'made of the letters A, C, E'."""
    letters = re.fullmatch(r"\^\[([A-Za-z]+)\]\+\$", pattern)
    if letters:
        return "made of the letters " + ", ".join(letters.group(1))
    return f"matching the pattern {pattern}"


def _key_name(path) -> str:
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "(top level)"


def _message(error: jsonschema.ValidationError) -> str:
    key = _key_name(error.absolute_path)
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        unknown = sorted(set(error.instance) - set(allowed))
        where = f" under '{key}'" if error.absolute_path else ""
        return (f"unknown config key{'s' if len(unknown) > 1 else ''} "
                f"{', '.join(repr(u) for u in unknown)}{where}; allowed keys: {', '.join(allowed)}")
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        return (f"config key{'s' if len(missing) > 1 else ''} "
                f"{', '.join(repr(f'{key}.{k}') for k in missing)} missing: "
                f"'{key}' needs {', '.join(error.validator_value)}")
    return f"config key '{key}' = {error.instance!r} is not allowed: it must be {_allowed(error.schema)}"


def _kind(schema: dict) -> str:
    """The type column of the reference: integer, list of number, 'optimal' or number, ..."""
    if "anyOf" in schema:
        return " or ".join(_kind(sub) for sub in schema["anyOf"])
    if "const" in schema:
        return repr(schema["const"])
    if "enum" in schema:
        return "string" if all(isinstance(v, str) for v in schema["enum"]) else "value"
    kind = schema.get("type", "value")
    if kind == "array":
        return f"list of {_kind(schema.get('items', {}))}"
    return kind


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _reference_rows(schema: dict, path: str) -> list[str]:
    rows = []
    for key, sub in schema.get("properties", {}).items():
        name = f"{path}.{key}" if path else key
        if sub.get("type") == "object":
            continue  # its own section
        default = (f"`{json.dumps(sub['default'], ensure_ascii=False)}`" if "default" in sub
                   else "required" if key in schema.get("required", []) else "—")
        rows.append(f"| `{name}` | {_cell(_kind(sub))} | {_cell(default)} | {_cell(_allowed(sub))} "
                    f"| {_cell(sub.get('description', ''))} |")
        if sub.get("items", {}).get("type") == "object":  # the keys of each list entry
            rows += _reference_rows(sub["items"], f"{name}[]")
    return rows


def _reference_section(schema: dict, path: str, depth: int) -> list[str]:
    lines = [f"{'#' * min(depth, 4)} `{path}`" if path else f"{'#' * depth} Top-level keys", ""]
    if path and schema.get("description"):
        lines += [_cell(schema["description"]), ""]
    if path and "default" not in schema:
        lines += ["Optional: the section is absent unless the config sets it"
                  + (f" (then {', '.join(schema['required'])} are required)."
                     if schema.get("required") else "."), ""]
    rows = _reference_rows(schema, path)
    if rows:
        lines += ["| key | type | default | allowed | description |", "|---|---|---|---|---|", *rows, ""]
    for key, sub in schema.get("properties", {}).items():
        if sub.get("type") == "object":
            lines += _reference_section(sub, f"{path}.{key}" if path else key, depth + 1)
    return lines


def reference_markdown(schema: dict) -> str:
    """The config reference (docs/config.md) generated from the schema: every key with its type,
    default, allowed values and description, one section per config section."""
    head = [
        "# Configuration reference",
        "",
        "<!-- Generated from workflow/schemas/config.schema.yaml by `hopsim config-reference > "
        "docs/config.md`; do not edit by hand (tests/test_cli.py fails when this file is stale). -->",
        "",
        _cell(schema.get("description", "")),
        "",
        "A config file (config/config.yaml, config/smoke.yaml, config/paper.yaml) sets any subset "
        "of these keys; the rest take their defaults. A bad value stops the workflow before any job "
        "starts, with a message naming the key and what it allows.",
        "",
    ]
    return "\n".join(head + _reference_section(schema, "", 2)).rstrip("\n") + "\n"


def validate(config: dict, schema: dict) -> dict:
    """Validated copy of `config` with defaults filled in; raises ConfigError naming the key."""
    if config is not None and not isinstance(config, dict):
        raise ConfigError("the config must be a mapping of keys to values")
    full = _fill_defaults(config or {}, schema)
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(full), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        raise ConfigError("; ".join(_message(e) for e in errors))
    _check_semantics(full)
    return full


def n_patterns(alpha: float, n: int) -> int:
    """P = round(αN) with halves rounded up (Python's round() goes to even). αN is a float:
    0.145·100 is 14.4999…, so P = 14 — keep α·N away from .5 where it matters."""
    return int(alpha * n + 0.5)


def _check_loads(section: str, ns: list[int], alphas: list[float], p_max: int | None,
                 key: str = "alpha") -> None:
    """α ascending, and every (N, α) of a capacity sweep stores 1 ≤ P (≤ p_max) patterns."""
    if list(alphas) != sorted(alphas):
        raise ConfigError(f"config key '{section}.{key}' must be ascending, got {alphas}")
    for n in ns:
        for a in alphas:
            p = n_patterns(a, n)
            if p < 1:
                raise ConfigError(f"config key '{section}.{key}' = {a} stores no pattern at "
                                  f"{section}.N = {n} (round(αN) = 0); use α ≥ {0.5 / n:.3g}")
            if p_max is not None and p > p_max:
                raise ConfigError(f"config key '{section}.{key}' = {a} at N = {n} gives P = {p}; "
                                  f"allowed: P ≤ {p_max}")


def _refuse(key: str, value, rule: str):
    """Stop with the key, its value and the rule it breaks."""
    raise ConfigError(f"config key '{key}' = {value!r} is not allowed: {rule}")


def _check_semantics(cfg: dict) -> None:
    """Constraints a schema cannot express (they couple keys, or follow from what a kernel or an
    analysis needs), section by section; the memory of every job last."""
    _check_paths(cfg)
    cap = cfg["capacity"]
    _check_loads("capacity", cap["N"], cap["alpha"], 32767)  # int16 Hebbian sums
    large = cfg.get("capacity_large")
    if large:
        if list(large["N"]) != sorted(large["N"]):
            raise ConfigError(f"config key 'capacity_large.N' must be ascending, got {large['N']}")
        if large["lost_overlap"] >= large["retrieved_overlap"]:
            raise ConfigError(f"config key 'capacity_large.lost_overlap' = {large['lost_overlap']}"
                              " must lie below capacity_large.retrieved_overlap = "
                              f"{large['retrieved_overlap']}")
        for key in ("trials", "starts", "trials_per_job"):
            if len(large[key]) != len(large["N"]):
                raise ConfigError(f"config key 'capacity_large.{key}' needs one entry per "
                                  f"capacity_large.N ({len(large['N'])}), got {len(large[key])}")
        _check_loads("capacity_large", large["N"], large["alpha"], None)  # W never formed
        for n, alphas in large.get("alpha_by_N", {}).items():
            if int(n) not in large["N"]:
                raise ConfigError(f"config key 'capacity_large.alpha_by_N' has N = {n}, which is not "
                                  f"in capacity_large.N = {large['N']}")
            _check_loads("capacity_large", [n], alphas, None, key=f"alpha_by_N.{n}")
        if "point" in large:
            pt = large["point"]
            _check_loads("capacity_large", [pt["N"]], [pt["alpha"]], None, key="point.alpha")
            if pt["starts"] > n_patterns(pt["alpha"], pt["N"]):
                raise ConfigError(f"config key 'capacity_large.point.starts' = {pt['starts']} exceeds "
                                  f"the {n_patterns(pt['alpha'], pt['N'])} patterns stored at N = "
                                  f"{pt['N']}, α = {pt['alpha']:g}")
    _check_fixed_points(cfg["fixed_points"])
    _check_stochastic(cfg["stochastic"])
    _check_low_activity(cfg["low_activity"])
    _check_ring(cfg["ring"])
    _check_spiking(cfg["spiking"])
    _check_learning_rules(cfg["learning_rules"])
    _check_demo(cfg["demo"])
    _check_memory(cfg)


def _check_paths(cfg: dict) -> None:
    """Stores and reports go to directories that Snakemake can name as they are written."""
    for key in ("results_dir", "reports_dir"):
        path = cfg[key]
        if not path.strip():
            _refuse(key, path, "it must name a directory (an empty one would put every store "
                    "at the root of the file system)")
        if "{" in path or "}" in path:
            _refuse(key, path, "it must not contain braces: Snakemake reads {…} in an output "
                    "path as a wildcard")
        if Path(path).exists() and not Path(path).is_dir():
            _refuse(key, path, "it names an existing file; it must name a directory")


def _check_fixed_points(fp: dict) -> None:
    """Enough patterns for 3-mixtures; the classes of `measures.classify` do not overlap for a
    symmetric 3-mixture (overlaps ½ ± mixture_tol): not a pattern, every member counted."""
    from .theory import mixture_overlap

    for a in fp["alpha"]:
        if n_patterns(a, fp["N"]) < 3:
            raise ConfigError(f"config key 'fixed_points.alpha' = {a} at fixed_points.N = "
                              f"{fp['N']} stores fewer than 3 patterns; 3-mixtures need α ≥ "
                              f"{2.5 / fp['N']:.3g}")
    mix, tol = mixture_overlap(3), fp["mixture_tol"]
    if fp["pattern_min"] <= mix + tol:
        _refuse("fixed_points.pattern_min", fp["pattern_min"], f"it must exceed ½ + "
                f"fixed_points.mixture_tol = {mix + tol:g}, else a symmetric 3-mixture (overlaps "
                "within mixture_tol of ½) is classified as a pattern")
    if fp["member_min"] > mix - tol:
        _refuse("fixed_points.member_min", fp["member_min"], f"it must be at most ½ − "
                f"fixed_points.mixture_tol = {mix - tol:g}, else the members of a symmetric "
                "3-mixture (overlaps within mixture_tol of ½) are not all counted")


def _check_low_activity(la: dict) -> None:
    """Every pattern has between 1 and N − 1 active units (K = round(aN)); a numeric threshold
    has a capacity to take the loads from."""
    checks = [("low_activity.activity", a, la["N"]) for a in la["activity"]]
    checks.append(("low_activity.overlap_map.activity", la["overlap_map"]["activity"],
                   la["overlap_map"]["N"]))
    for key, a, n in checks:
        if not 1 <= n_patterns(a, n) <= n - 1:
            raise ConfigError(f"config key '{key}' = {a} at N = {n} gives no active unit (or all "
                              f"of them) in a pattern: allowed 0.5/N ≤ a < 1 − 0.5/N")
    if la["threshold"] != "optimal":
        _check_low_activity_loads(la, float(la["threshold"]))


def _check_low_activity_loads(la: dict, theta: float) -> None:
    """A numeric θ: at every activity the theory has a retrieval state (the loads are fractions
    of its capacity), and the load grid stores at least two distinct P ≥ 1 (for a crossing).
    ('optimal' is not checked here: finding θ* takes seconds per activity.)"""
    from .experiments.low_activity import load_grid
    from .theory.low_activity import critical_load

    n, fractions, m_min = la["N"], la["load_fractions"], la["retrieved_overlap"]
    for a in la["activity"]:
        a_eff = n_patterns(a, n) / n  # every pattern has exactly round(aN) active units
        if not math.isfinite(critical_load(a_eff, theta, min_overlap=m_min)[0]):
            _refuse("low_activity.threshold", la["threshold"], f"at low_activity.activity = {a} "
                    f"the theory has no retrieval state with m ≥ low_activity.retrieved_overlap "
                    f"= {m_min} for this θ, so there is no capacity for low_activity."
                    "load_fractions to be fractions of; use 'optimal' (the θ that maximises it)")
        _, loads = load_grid(a, theta, fractions, m_min, n)
        if len(loads) < 2:
            _refuse("low_activity.load_fractions", fractions, f"at low_activity.activity = {a} "
                    f"and N = {n} they store {len(loads)} distinct pattern count(s) P ≥ 1; the "
                    "retrieved fraction needs at least two loads to cross ½")


def _check_stochastic(st: dict) -> None:
    """Temperatures ascending, burn-in and window inside the run, enough patterns to start from."""
    for part in ("low_load", "retrieval_map", "overlap_map"):
        temps = st[part]["temperature"]
        if list(temps) != sorted(temps):
            raise ConfigError(f"config key 'stochastic.{part}.temperature' must be ascending, "
                              f"got {temps}")
    for part in ("low_load", "retrieval_map"):
        sec = st[part]
        if sec["burn_in"] >= sec["sweeps"]:
            raise ConfigError(f"config key 'stochastic.{part}.burn_in' = {sec['burn_in']} must "
                              f"lie below stochastic.{part}.sweeps = {sec['sweeps']}")
        alphas = sec["alpha"] if isinstance(sec["alpha"], list) else [sec["alpha"]]
        if part == "retrieval_map":
            _check_loads("stochastic.retrieval_map", [sec["N"]], alphas, None)
            if sec["window"] > sec["sweeps"]:
                raise ConfigError(f"config key 'stochastic.retrieval_map.window' = "
                                  f"{sec['window']} must be at most stochastic.retrieval_map."
                                  f"sweeps = {sec['sweeps']}")
        for a in alphas:
            if n_patterns(a, sec["N"]) < sec["starts"]:
                raise ConfigError(f"config key 'stochastic.{part}.alpha' = {a} at N = "
                                  f"{sec['N']} stores {n_patterns(a, sec['N'])} pattern(s), fewer "
                                  f"than stochastic.{part}.starts = {sec['starts']}")


def _check_demo(demo: dict) -> None:
    """Distinct letters, the cue among them, loads that hold every picture, snapshot times on the
    recording grid of the run."""
    letters, n = demo["letters"], demo["side"] ** 2
    if len(set(letters)) != len(letters):
        raise ConfigError(f"config key 'demo.letters' = {letters!r} repeats a letter")
    if demo["cue_letter"] not in letters or len(demo["cue_letter"]) != 1:
        raise ConfigError(f"config key 'demo.cue_letter' = {demo['cue_letter']!r} is not allowed: "
                          f"it must be one of the letters {', '.join(letters)} (demo.letters)")
    loads = demo["loads"]
    if list(loads) != sorted(loads) or loads[0] < len(letters) or loads[-1] >= n:
        raise ConfigError(f"config key 'demo.loads' = {loads} is not allowed: ascending, each from "
                          f"{len(letters)} (the number of demo.letters) to N − 1 = {n - 1}")
    if n % demo["records_per_sweep"]:
        raise ConfigError(f"config key 'demo.records_per_sweep' = {demo['records_per_sweep']} must "
                          f"divide N = demo.side² = {n}")
    times = demo["snapshot_sweeps"]
    grid = [t * demo["records_per_sweep"] for t in times]
    if (list(times) != sorted(times) or times[-1] > demo["max_sweeps"]
            or any(abs(g - round(g)) > 1e-9 for g in grid)):
        raise ConfigError(f"config key 'demo.snapshot_sweeps' = {times} is not allowed: ascending, "
                          f"at most demo.max_sweeps = {demo['max_sweeps']}, multiples of "
                          f"1/demo.records_per_sweep = {1 / demo['records_per_sweep']:g}")
    if list(demo["noise"]["flip"]) != sorted(demo["noise"]["flip"]):
        raise ConfigError(f"config key 'demo.noise.flip' must be ascending, got {demo['noise']['flip']}")


def _check_ring(ring: dict) -> None:
    """dt ≤ τ/10; every network (and every J_E × J_I of the sweep) has a bump; the calibrated
    speeds cover the tracking's; the diffusion sizes ascend and the MSD fit lies inside a run
    and holds two sampled lags; sampling intervals at least one step."""
    from .resources import ring_record_every
    from .theory.ring import min_inhibition

    if ring["dt_ms"] > ring["tau_ms"] / 10:
        raise ConfigError(f"config key 'ring.dt_ms' = {ring['dt_ms']} is too coarse: allowed "
                          f"dt ≤ τ/10 = {ring['tau_ms'] / 10:g} ms (ring.tau_ms = {ring['tau_ms']})")
    net = ring["network"]
    pairs = [("ring.network.inhibition", net["excitation"], net["inhibition"])]
    pairs += [("ring.bump.inhibition", je, ji) for je in ring["bump"]["excitation"]
              for ji in ring["bump"]["inhibition"]]
    for key, je, ji in pairs:
        least = min_inhibition(je)
        if ji <= least:
            raise ConfigError(f"config key '{key}' = {ji} gives no bump at J_E = {je}: the "
                              f"threshold-linear bump needs J_I > {least:.4g} there")
    cal, track = ring["calibration"], ring["tracking"]
    if cal["max_speed_deg_s"] < track["max_speed_deg_s"]:
        raise ConfigError(f"config key 'ring.calibration.max_speed_deg_s' = "
                          f"{cal['max_speed_deg_s']} must be at least ring.tracking."
                          f"max_speed_deg_s = {track['max_speed_deg_s']} (calibrate the speeds "
                          "the trajectory uses)")
    dif = ring["diffusion"]
    if list(dif["N"]) != sorted(dif["N"]):
        raise ConfigError(f"config key 'ring.diffusion.N' must be ascending, got {dif['N']}")
    if not dif["fit_from_s"] < dif["max_lag_s"] < dif["duration_s"]:
        raise ConfigError(f"config key 'ring.diffusion.max_lag_s' = {dif['max_lag_s']} must lie "
                          f"between ring.diffusion.fit_from_s = {dif['fit_from_s']} and "
                          f"ring.diffusion.duration_s = {dif['duration_s']}")
    for key, value in (("tracking.record_ms", track["record_ms"]),
                       ("diffusion.record_ms", dif["record_ms"])):
        if value < ring["dt_ms"]:
            raise ConfigError(f"config key 'ring.{key}' = {value} must be at least one step, "
                              f"ring.dt_ms = {ring['dt_ms']}")
    # `experiments.ring.analyse_diffusion` fits MSD = 2Dt + c to the sampled lags in the window.
    interval = ring_record_every(ring, dif["record_ms"]) * ring["dt_ms"] / 1000
    inside = (math.floor(dif["max_lag_s"] / interval + 1e-9)
              - math.ceil(dif["fit_from_s"] / interval - 1e-9) + 1)
    if inside < 2:
        _refuse("ring.diffusion.record_ms", dif["record_ms"], f"samples {interval * 1000:g} ms "
                f"apart put {max(inside, 0)} lag(s) inside the diffusion fit's window, "
                f"ring.diffusion.fit_from_s = {dif['fit_from_s']} s to max_lag_s = "
                f"{dif['max_lag_s']} s; the fit MSD = 2Dt + c needs at least two")


def _check_spiking(sp: dict) -> None:
    """What the LIF kernel and the spike analysis need: times on the grid of steps they count
    in, measuring windows inside the periods they measure, a reset below threshold, a slow time
    constant apart from the membrane's, inputs to every neuron, patterns and cues that exist, at
    most one spike per external input and step."""
    from .experiments.spiking import indegrees
    from .patterns import active_units

    net, mem, proto, an = sp["network"], sp["memory"], sp["protocol"], sp["analysis"]
    ref, cap = sp["reference"], sp["capacity"]
    dt = net["dt_ms"]
    _whole("spiking.network.delay_ms", net["delay_ms"], "spiking.network.dt_ms", dt, 1,
           "the delay ring buffer holds whole steps, at least one")
    for name in ("t_ref_E_ms", "t_ref_I_ms"):
        _whole(f"spiking.network.{name}", net[name], "spiking.network.dt_ms", dt, 0,
               "the kernel counts the refractory period in whole steps (below one it is dropped)")
    _whole("spiking.analysis.bin_ms", an["bin_ms"], "spiking.network.dt_ms", dt, 1,
           "spikes are counted in bins of whole steps")
    _whole("spiking.analysis.window_ms", an["window_ms"], "spiking.analysis.bin_ms",
           an["bin_ms"], 1, "the sliding window is a whole number of bins")
    if net["reset_mv"] >= net["theta_mv"]:
        _refuse("spiking.network.reset_mv", net["reset_mv"], f"the reset must lie below the "
                f"threshold spiking.network.theta_mv = {net['theta_mv']}")
    for name in ("tau_E_ms", "tau_I_ms"):
        if abs(net[name] - net["tau_slow_ms"]) < 1e-6 * net["tau_slow_ms"]:
            _refuse("spiking.network.tau_slow_ms", net["tau_slow_ms"], f"the slow current is "
                    f"integrated exactly over a step only when its time constant differs from "
                    f"the membrane's, spiking.network.{name} = {net[name]}")
    window = an["window_ms"]
    for key, period, what in (
            ("spiking.protocol.transient_ms", proto["spontaneous_ms"] - proto["transient_ms"],
             f"the spontaneous period (spiking.protocol.spontaneous_ms = {proto['spontaneous_ms']}) "
             "less this transient"),
            ("spiking.capacity.spontaneous_ms", cap["spontaneous_ms"] - proto["transient_ms"],
             f"a capacity run's spontaneous period less spiking.protocol.transient_ms = "
             f"{proto['transient_ms']}"),
            ("spiking.reference.spontaneous_ms", ref["spontaneous_ms"] - proto["transient_ms"],
             f"the reference run's spontaneous period less spiking.protocol.transient_ms = "
             f"{proto['transient_ms']}"),
            ("spiking.mean_field.transient_ms",
             sp["mean_field"]["duration_ms"] - sp["mean_field"]["transient_ms"],
             f"the memory-free run (spiking.mean_field.duration_ms = "
             f"{sp['mean_field']['duration_ms']}) less this transient"),
            ("spiking.protocol.delay_ms", proto["delay_ms"], "the delay"),
            ("spiking.protocol.long_delay_ms", proto["long_delay_ms"], "the long delay"),
            ("spiking.protocol.recovery_ms", proto["recovery_ms"], "the recovery after a reset")):
        if period < window:
            _refuse(key, _get(sp, key.removeprefix("spiking.")), f"{what} must last at least "
                    f"one analysis window, spiking.analysis.window_ms = {window} (its rates and "
                    "overlaps are measured in that window)")
    for name, count in zip(("N_E", "N_I"), indegrees(net)):
        if not 1 <= count <= net[name] - 1:
            _refuse("spiking.network.epsilon", net["epsilon"], f"every neuron needs between 1 "
                    f"and {name} − 1 = {net[name] - 1} inputs from the {name[-1]} population, and "
                    f"ε·{name} = {net['epsilon'] * net[name]:g} gives {count}")
    for key, activity in (("spiking.memory.activity", mem["activity"]),
                          ("spiking.reference.activity", ref["activity"])):
        try:
            active_units(activity, net["N_E"])
        except ValueError as err:
            _refuse(key, activity, str(err))
    k_ref = active_units(ref["activity"], net["N_E"])
    if ref["patterns"] * k_ref > net["N_E"]:
        _refuse("spiking.reference.patterns", ref["patterns"], f"{ref['patterns']} disjoint "
                f"patterns of round(a N_E) = {k_ref} neurons need {ref['patterns'] * k_ref} E "
                f"neurons, more than spiking.network.N_E = {net['N_E']} (lower the count or the "
                "activity)")
    k = min(active_units(mem["activity"], net["N_E"]), k_ref)
    if round(proto["cue_fraction"] * k) < 1:
        _refuse("spiking.protocol.cue_fraction", proto["cue_fraction"], f"the cue reaches "
                f"round(fraction × {k}) = 0 of a pattern's {k} neurons; it must reach at least one")
    for key, rate in (("spiking.network.nu_ext_E_hz", net["nu_ext_E_hz"]),
                      ("spiking.protocol.cue_rate_hz", net["nu_ext_E_hz"] + proto["cue_rate_hz"]),
                      ("spiking.network.nu_ext_I_hz", net["nu_ext_I_hz"]),
                      ("spiking.protocol.reset_rate_hz",
                       net["nu_ext_I_hz"] + proto["reset_rate_hz"])):
        if rate * dt / 1000 >= 1:
            _refuse(key, _get(sp, key.removeprefix("spiking.")), f"an external input spikes at "
                    f"most once per step, so its rate × dt must stay below 1, and {rate:g} Hz × "
                    f"{dt:g} ms = {rate * dt / 1000:g} (the rate is that of each of the C_ext "
                    "inputs, not of all of them)")


def _whole(key: str, value: float, unit_key: str, unit: float, least: int, why: str) -> None:
    """`value` is a whole number (at least `least`) of `unit`."""
    count = value / unit
    if abs(count - round(count)) > 1e-9 * max(1.0, count) or round(count) < least:
        _refuse(key, value, f"it must be a whole number{' (≥ 1)' if least else ''} of "
                f"{unit_key} = {unit:g}: {why}")


def _get(section: dict, dotted: str):
    """The value at a dotted key, e.g. 'ring.diffusion.N'."""
    for part in dotted.split("."):
        section = section[part]
    return section


def _strictly_ascending(key: str, values: list) -> None:
    if any(b <= a for a, b in zip(values, values[1:])):
        raise ConfigError(f"config key '{key}' must be strictly ascending, got {values}")


def _check_stored(key: str, n: int, alphas: list[float]) -> None:
    """Every load α stores 1 ≤ P = round(αN) ≤ N − 1 patterns."""
    for a in alphas:
        if not 1 <= n_patterns(a, n) <= n - 1:
            raise ConfigError(f"config key '{key}' = {a} gives P = {n_patterns(a, n)} patterns at "
                              f"N = {n}; allowed: 1 ≤ round(αN) ≤ N − 1")


def _check_learning_rules(lr: dict) -> None:
    """Loads ascending and storing 1 ≤ P < N patterns (nested sets, job tags); the reported β on
    the β grid; the basins' load below every κ's Gardner capacity; enough patterns to cue; every
    dense load stores a pattern at every N (the run would store one silently)."""
    from .resources import dense_patterns
    from .theory.gardner import gardner_capacity

    perc, rules = lr["perceptron"], lr["rules"]
    _strictly_ascending("learning_rules.perceptron.load_fractions", perc["load_fractions"])
    for k in perc["kappa"]:
        for f in perc["load_fractions"]:
            if n_patterns(round(f * float(gardner_capacity(k)), 4), perc["N"]) < 1:
                raise ConfigError(f"config key 'learning_rules.perceptron.load_fractions' = {f} "
                                  f"stores no pattern at κ = {k}, N = {perc['N']}")
    for rule, loads in rules["loads"].items():
        key = f"learning_rules.rules.loads.{rule}"
        _strictly_ascending(key, loads)
        _check_stored(key, rules["N"], loads)
    missing = [a for a in (0.5, 0.9) if a not in rules["loads"]["pseudo_inverse"]]
    if missing:
        raise ConfigError(f"config key 'learning_rules.rules.loads.pseudo_inverse' must include "
                          f"0.5 and 0.9 (the fixed-point acceptance loads), missing {missing}")
    dec = lr["decorrelation"]
    _check_stored("learning_rules.decorrelation.alpha", dec["N"], [dec["alpha"]])
    degrees = [r["degree"] for r in lr["dense"]["runs"]]
    if len(set(degrees)) != len(degrees):
        raise ConfigError(f"config key 'learning_rules.dense.runs' has a degree twice, got {degrees}")
    for r in lr["dense"]["runs"]:
        key = f"learning_rules.dense.runs[degree {r['degree']}].loads"
        _strictly_ascending(key, r["loads"])
        for n in r["N"]:
            if dense_patterns(r["loads"][0], n, r["degree"]) < 1:
                _refuse(key, r["loads"], f"λ = {r['loads'][0]} stores no pattern at N = {n} "
                        f"(P = round(λ N^(n−1)) = 0); use λ ≥ {0.5 / n ** (r['degree'] - 1):.3g}")
    mod = lr["modern"]
    _strictly_ascending("learning_rules.modern.beta", mod["beta"])
    if mod["beta_reported"] not in mod["beta"]:
        raise ConfigError(f"config key 'learning_rules.modern.beta_reported' = "
                          f"{mod['beta_reported']} must be one of learning_rules.modern.beta = "
                          f"{mod['beta']}")
    if mod["cues"] > mod["P"]:
        raise ConfigError(f"config key 'learning_rules.modern.cues' = {mod['cues']} must be at "
                          f"most learning_rules.modern.P = {mod['P']} (one cue per distinct pattern)")
    bas = lr["basins"]
    _strictly_ascending("learning_rules.basins.flips", bas["flips"])
    _strictly_ascending("learning_rules.basins.pseudo_inverse_alpha", bas["pseudo_inverse_alpha"])
    _check_stored("learning_rules.basins.alpha", bas["N"], [bas["alpha"]])
    _check_stored("learning_rules.basins.pseudo_inverse_alpha", bas["N"], bas["pseudo_inverse_alpha"])
    if bas["starts"] > n_patterns(bas["alpha"], bas["N"]):
        raise ConfigError(f"config key 'learning_rules.basins.starts' = {bas['starts']} must be at "
                          f"most the patterns stored at learning_rules.basins.alpha, "
                          f"{n_patterns(bas['alpha'], bas['N'])}")
    for k in bas["kappa"]:
        if bas["alpha"] >= float(gardner_capacity(k)):
            raise ConfigError(f"config key 'learning_rules.basins.alpha' = {bas['alpha']} must lie "
                              f"below Gardner's α_c(κ = {k}) = {float(gardner_capacity(k)):.4g} "
                              "(learning_rules.basins.kappa): the perceptron could not store the "
                              "patterns")
    reg = lr["modern_regimes"]
    _strictly_ascending("learning_rules.modern_regimes.beta", reg["beta"])
    if reg["cues"] > reg["clusters"] * reg["cluster_size"]:
        raise ConfigError(f"config key 'learning_rules.modern_regimes.cues' = {reg['cues']} must "
                          f"be at most P = clusters × cluster_size = "
                          f"{reg['clusters'] * reg['cluster_size']}")


def _check_memory(cfg: dict) -> None:
    """No job asks for more memory than max_job_mem_mb (the rules' own estimates,
    `hopsim.resources`): a config that cannot fit is refused, not killed in a job."""
    from .resources import jobs

    limit = cfg["max_job_mem_mb"]
    over = [j for j in jobs(cfg) if j.mem_mb > limit]
    if over:
        job = max(over, key=lambda j: j.mem_mb)
        others = f" ({len(over)} jobs are above it)" if len(over) > 1 else ""
        _refuse(job.keys[0], _get(cfg, job.keys[0]), f"a {job.rule} job ({job.size}) needs "
                f"{job.mem_mb:,} MB, more than max_job_mem_mb = {limit:,} MB{others}; lower "
                f"{' or '.join(job.keys)}, or raise max_job_mem_mb if every node has that memory")
