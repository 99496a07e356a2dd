# Shared names: where things go, and what every data rule records.
RESULTS = config["results_dir"]
REPORTS = config["reports_dir"]
SEED = config["seed"]
VERSION = hopsim.__version__  # a params entry, so a new hopsim version re-runs the data rules
FIGURES = config["figures"]


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
