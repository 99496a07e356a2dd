# Shared names: where things go, and what every data rule records.
import hashlib
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
SHARED_CODE = ("__init__.py", "config.py", "io.py", "provenance.py", "numerics.py",
               "learning/__init__.py", "learning/hebb.py", "patterns.py", "seeds.py",
               "theory/__init__.py", "theory/ags.py", "dynamics/__init__.py", "dynamics/binary.py")
CAPACITY_CODE = source_hash(*SHARED_CODE, "dynamics/bitpacked.py", "experiments/capacity.py")
FIXED_POINT_CODE = source_hash(*SHARED_CODE, "measures.py", "experiments/fixed_points.py")


# Figures and reports also read helpers of their experiment's module (e.g. demo.cue_overlap).
def figure_code(experiment, theory="ags"):
    return source_hash("figures/style.py", f"figures/{experiment}.py", f"experiments/{experiment}.py",
                       "numerics.py", "theory/__init__.py", f"theory/{theory}.py")


def vector_copies(figures):
    """The SVG copies hopsim.figures.style.save writes beside a figure rule's PNGs. Unnamed outputs
    (listed before the named PNGs), so the script's named outputs stay the PNGs, and only the PNGs
    go into the HTML report."""
    return [str(vector_path(path)) for path in figures.values()]


def report_code(experiment, theory="ags"):
    return source_hash("reports/common.py", "provenance.py", "numerics.py", f"reports/{experiment}.py",
                       f"experiments/{experiment}.py", f"reports/templates/{experiment}*.md.j2",
                       "reports/templates/provenance.md.j2", "reports/templates/headlines.md.j2",
                       "theory/__init__.py", f"theory/{theory}.py")


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
    """A data rule's log: its progress lines (hopsim.progress), warnings and any traceback."""
    return f"{RESULTS}/logs/{rule_name}/{pattern}.log"
