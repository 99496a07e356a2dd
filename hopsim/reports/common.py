"""What every report shares: compute time from benchmarks, provenance, numbers for JSON, writing."""

from __future__ import annotations

import csv
import json
import math
import os
from pathlib import Path

import numpy as np
import xarray as xr
import yaml

from ..provenance import blas, git_commit, versions


def runtime_seconds(benchmark_files: list[str]) -> float:
    """Summed wall time of the jobs, from Snakemake `benchmark:` files."""
    total = 0.0
    for path in benchmark_files:
        with open(path) as fh:
            rows = list(csv.DictReader(fh, delimiter="\t"))
        total += sum(float(r["s"]) for r in rows)
    return total


def _num(x, digits: int = 4):
    x = float(x)
    return None if not np.isfinite(x) else round(x, digits)


def headline(name: str, measured, theory, tolerance: str, passed, section: str = "") -> dict:
    """One entry of a sidecar's `headlines` list, the study-wide contract read by the summary
    (reports/README.md): an acceptance-level result beside its theory value and the criterion
    it is judged by; `passed` None for a quantity that is reported, not judged."""
    return {"name": name, "measured": measured, "theory": theory, "tolerance": tolerance,
            "passed": None if passed is None else bool(passed), "section": section}


def benchmark_rows(paths: list[str]) -> list[dict]:
    """One row per Snakemake `benchmark:` file: its job tag (the file name), wall time s and
    peak resident memory max_rss (MB) of the job's process tree."""
    rows = []
    for path in paths:
        with open(path) as fh:
            r = list(csv.DictReader(fh, delimiter="\t"))[-1]
        rows.append({"job": Path(path).stem, "s": float(r["s"]), "max_rss_mb": float(r["max_rss"])})
    return rows


def roundoff(x) -> float:
    """A round-off-level number as its bound: the next power of ten above |x| (0 stays 0).
    Its digits are no result (another algorithm or machine gives others); the bound is."""
    x = abs(float(x))
    return 0.0 if x == 0 else float(10.0 ** (math.floor(math.log10(x)) + 1))


def bound_text(x) -> str:
    """How a `roundoff` bound is printed: "< 1e-13" (or "0")."""
    return "—" if x is None else "0" if x == 0 else f"< {x:g}"


def headline_value(x) -> str:
    """A headline's measured or theory value as printed: numbers as rounded by the report."""
    if x is None:
        return "—"
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return str(x)
    return format(x, "g") if isinstance(x, float) else str(x)


_TEMPLATES = Path(__file__).parent / "templates"


def environment():
    """The Jinja2 environment of every report template, with the filters they share."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(_TEMPLATES), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["fmt"] = lambda x, spec=".3f": "—" if x is None else format(x, spec)
    env.filters["rnd"] = lambda x, digits: str(None if x is None else round(x, digits))
    env.filters["num"] = headline_value
    env.filters["bound"] = bound_text
    env.filters["cell"] = lambda x: str(x).replace("|", "\\|")  # inside a markdown table
    return env


def render(template: str, sidecar: dict, md_path: str, json_path: str, figures: dict | None = None,
           **context) -> dict:
    """Write the sidecar and the markdown rendered from it through templates/<template>.md.j2
    (every number in the markdown comes from the sidecar, so the two cannot disagree).
    `figures` (name -> path) reach the template relative to the markdown; `context` passes the
    rest that is not data (the parameters, limits)."""
    base = Path(md_path).parent
    if figures is not None:
        context["figures"] = {k: os.path.relpath(v, base) for k, v in figures.items()}
    text = environment().get_template(f"{template}.md.j2").render(s=sidecar, **context)
    Path(md_path).parent.mkdir(parents=True, exist_ok=True)
    Path(md_path).write_text(text.rstrip("\n") + "\n")
    Path(json_path).write_text(json.dumps(sidecar, indent=2, ensure_ascii=False) + "\n")
    return sidecar


def provenance(ds: xr.Dataset, config: dict, runtime: float, section: str) -> dict:
    """The 'what was run' facts of a report as data, for templates and sidecars: versions, BLAS and
    commit of the job that wrote `ds`, and under `rendering` those of this job, which computes the
    report's own numbers (theory values, fits) from the data."""
    seeds = ds.attrs.get("seed_material", {})
    plain = json.loads(json.dumps(config[section]))  # a JSON --configfile gives OrderedDicts
    return {"parameters": yaml.safe_dump({section: plain}, sort_keys=False).rstrip(),
            "seed": seeds.get("seed"), "seed_scheme": seeds.get("scheme", ""),
            "versions": ds.attrs.get("versions", {}), "runtime_seconds": round(runtime, 1),
            "blas": ds.attrs.get("blas"), "git": ds.attrs.get("git"),
            "rendering": {"versions": versions(), "blas": blas(), "git": git_commit()}}
