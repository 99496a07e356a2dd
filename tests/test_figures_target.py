"""`snakemake figures`: after a complete run, every figure and report is made again from the stores,
by the figure and report rules alone, and the same data give the same bytes."""
import re

import pytest

from .conftest import snakemake

pytestmark = pytest.mark.workflow

FIGURE_OR_REPORT = re.compile(r"_(figures|report)$")


def rules_run(log: str) -> list[str]:
    """Names of the rules whose jobs ran, from Snakemake's log (`rule x:` / `localrule x:`)."""
    return re.findall(r"^(?:local)?rule (\w+):$", log, re.M)


def test_figures_target_reruns_only_figure_and_report_rules(smoke_run):
    out = smoke_run / "results/smoke/reports"
    files = sorted(p for p in out.rglob("*") if p.is_file() and p.suffix in {".png", ".svg", ".md", ".json"})
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in files}
    assert sum(p.suffix == ".svg" for p in files) == sum(p.suffix == ".png" for p in files) > 20

    listed = snakemake(smoke_run, "--list-rules")
    assert listed.returncode == 0, listed.stderr[-3000:]
    expected = {r for r in re.findall(r"^(\w+)$", listed.stdout, re.M) if FIGURE_OR_REPORT.search(r)}
    assert len(expected) >= 14  # two per family

    res = snakemake(smoke_run, "--", "figures")
    assert res.returncode == 0, res.stderr[-3000:]
    ran = rules_run(res.stderr + res.stdout)
    # No simulation or analysis rule; every figure and report rule once.
    assert sorted(ran) == sorted(expected | {"figures"}), ran

    for p, (mtime, data) in before.items():
        assert p.stat().st_mtime_ns > mtime, f"{p} was not made again"
        if p.suffix in {".png", ".svg"}:
            # Same data, same figure, byte for byte.
            assert p.read_bytes() == data, f"{p} changed"
