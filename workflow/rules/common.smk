# Shared names: where things go, and what every data rule records; and every function the rules
# call (Snakemake's linter wants no function defined in a file that defines rules).
import hashlib
import os
import subprocess
import sys
from pathlib import Path

from hopsim import resources, runtimes
from hopsim.figures import vector_path

RESULTS = config["results_dir"]
REPORTS = config["reports_dir"]
REPORTS_ALL = []  # every report (markdown, sidecar): each experiment's .smk adds its own
SEED = config["seed"]
FIGURES = config["figures"]


def source_hash(*patterns, exclude=()):
    """Digest of hopsim source files; as a rule's params it re-runs the rule when they change."""
    root = Path(hopsim.__file__).parent
    files = sorted({f for p in patterns for f in root.glob(p)} - {root / e for e in exclude})
    digest = hashlib.sha256(hopsim.__version__.encode())
    for f in files:
        digest.update(f.read_bytes())
    return digest.hexdigest()[:16]


# Each experiment's data rules depend on the library modules they use (a change to another
# family's dynamics re-runs nothing here); figures and reports on their experiment's own modules.
SHARED_CODE = (
    "__init__.py",
    "config.py",
    "io.py",
    "provenance.py",
    "numerics.py",
    "learning/__init__.py",
    "learning/hebb.py",
    "patterns.py",
    "seeds.py",
    "theory/__init__.py",
    "theory/ags.py",
    "dynamics/__init__.py",
    "dynamics/binary.py",
)
CAPACITY_CODE = source_hash(*SHARED_CODE, "dynamics/bitpacked.py", "experiments/capacity.py")
FIXED_POINT_CODE = source_hash(*SHARED_CODE, "measures.py", "experiments/fixed_points.py")


# Figures and reports also read helpers of their experiment's module (e.g. demo.cue_overlap).
# `theory` may be a glob ("lif*"); an experiment grown into a package is matched by its folder.
def figure_code(experiment, theory="ags"):
    return source_hash(
        "figures/style.py",
        f"figures/{experiment}.py",
        f"experiments/{experiment}.py",
        f"experiments/{experiment}/*.py",
        "numerics.py",
        "theory/__init__.py",
        f"theory/{theory}.py",
    )


def vector_copies(figures):
    """The SVG copies hopsim.figures.style.save writes beside a figure rule's PNGs. Unnamed outputs
    (listed before the named PNGs), so the script's named outputs stay the PNGs, and only the PNGs
    go into the HTML report."""
    return [str(vector_path(path)) for path in figures.values()]


def report_code(experiment, theory="ags", extra=()):
    return source_hash(
        "reports/common.py",
        "provenance.py",
        "numerics.py",
        f"reports/{experiment}.py",
        f"experiments/{experiment}.py",
        f"experiments/{experiment}/*.py",
        f"reports/templates/{experiment}*.md.j2",
        "reports/templates/provenance.md.j2",
        "reports/templates/headlines.md.j2",
        "theory/__init__.py",
        f"theory/{theory}.py",
        *extra,
    )


wildcard_constraints:
    N=r"\d+",
    chunk=r"\d+",
    alpha=r"[0-9.]+",
    dynamics="async|sync",


def tag(x):
    """Path tag of a real parameter (0.138 -> '0.138')."""
    return f"{x:g}"


def benchmark_path(rule_name, pattern):
    return f"{RESULTS}/benchmarks/{rule_name}/{pattern}.tsv"


def log_path(rule_name, pattern):
    """A rule's log: its script's stderr (hopsim.progress.to_log), i.e. progress lines,
    warnings and any traceback."""
    return f"{RESULTS}/logs/{rule_name}/{pattern}.log"


def shown_path(path):
    """A path as a report may show it: relative to the working directory, or its bare name when
    it lies outside (no machine paths in reports)."""
    rel = os.path.relpath(path)
    return Path(path).name if rel.startswith("..") else rel


def applied_configfiles():
    """The config files in the order they were applied (the Snakefile's, then --configfile's)."""
    cli = [str(f) for f in workflow.overwrite_configfiles or []]
    return [shown_path(f) for f in [str(f) for f in workflow.configfiles if str(f) not in cli] + cli]


def figures_command():
    """The second Snakemake that the `figures` target starts (figures.smk), forcing every
    rule named `<experiment>_figures` or `<experiment>_report`, with this run's config."""
    names = sorted(r.name for r in workflow.rules if r.name.endswith(("_figures", "_report")))
    # The same config as this run: its --configfile files (the Snakefile names the default)
    # and its --config overrides, passed on as they came, so every rule sees the same params.
    files = [str(f) for f in workflow.overwrite_configfiles or []]
    settings = workflow.config_settings
    overrides = list(settings.config_args) if settings.config else []
    # Targets first: --configfile, --config and --forcerun take every word after them. The
    # figure and report jobs are light, so they run here even when this run uses a cluster
    # profile.
    return [
        sys.executable,
        "-m",
        "snakemake",
        *names,
        "--snakefile",
        workflow.main_snakefile,
        "--cores",
        str(workflow.cores),
        *(["--configfile", *files] if files else []),
        *(["--config", *overrides] if overrides else []),
        "--forcerun",
        *names,
    ]
