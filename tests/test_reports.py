"""The committed reports/ (what config/config.yaml produces) against theory computed here.

Reference results kept for regression: regenerating reports/ with changed code must still
reproduce the classic numbers.
"""
import json

import numpy as np
import pytest

from hopsim import theory

from .conftest import REPO

REPORTS = REPO / "reports"


@pytest.fixture(scope="module")
def capacity():
    return json.loads((REPORTS / "capacity.json").read_text())


@pytest.fixture(scope="module")
def fixed_points():
    return json.loads((REPORTS / "fixed_points.json").read_text())


def test_capacity_finite_size_and_extrapolation(capacity):
    alpha_c, _ = theory.ags_critical_load()
    by_n = {int(n): v for n, v in capacity["alpha_c_by_N"].items()}
    ns = sorted(by_n)
    assert ns == [500, 1000, 2000, 4000]
    estimates = [by_n[n]["estimate"] for n in ns]
    assert all(0.14 <= e <= 0.18 for e in estimates)
    assert all(a > b for a, b in zip(estimates, estimates[1:]))  # decreasing with N
    ext = capacity["alpha_c_extrapolated"]
    assert abs(ext["estimate"] - alpha_c) <= 0.012
    assert ext["ci_low"] <= ext["estimate"] <= ext["ci_high"]
    assert "N^(-1/2)" in ext["fit"]


def test_overlap_at_low_load_matches_ags(capacity):
    m_theory = theory.ags_overlap(0.10)
    for n, m in capacity["mean_overlap_at_alpha_0.10"].items():
        if int(n) >= 1000:
            assert m >= 0.99 and m == pytest.approx(m_theory, abs=0.002)


def test_fixed_point_landscape(fixed_points):
    loads = fixed_points["by_load"]
    low, high = loads["0.05"], loads["0.2"]
    assert low["stored_fixed_points"] == low["stored_patterns"]
    from_pattern = high["conditions"]["async/pattern"]
    assert from_pattern["counts"]["pattern"] < from_pattern["runs"] / 2
    assert fixed_points["async_energy_rises_total"] == 0
    # Below the AGS 3-mixture limit (α ≈ 0.03) mixture starts stay mixtures with overlaps ½.
    mix = loads["0.02"]["conditions"]["async/mixture3"]
    assert mix["counts"]["mixture"] >= 0.9 * mix["runs"]
    assert mix["member_overlap"]["mean"] == pytest.approx(theory.mixture_overlap(3), abs=0.02)
    assert mix["mean_energy"]["mixture"] == pytest.approx(-3 / 8, abs=0.03)
    for load in loads.values():
        for key, c in load["conditions"].items():
            if key.startswith("async"):
                assert c["fixed_points_verified"] == c["runs"]


def test_unstable_bits_match_one_step_theory(fixed_points):
    for a, load in fixed_points["by_load"].items():
        ub = load["unstable_bits"]
        n = fixed_points["N"]
        expected = theory.one_step_error_finite(n, round(load["load"] * n)) * ub["bits"]
        assert abs(ub["count"] - expected) <= 4 * np.sqrt(expected) + 1, a  # Poisson spread


# ------------------------------------------------- headlines (every sidecar) and the summary page

HEADLINE_KEYS = {"name", "measured", "theory", "tolerance", "passed", "section"}


def _is_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _anchors(md_text):
    from hopsim.reports.summary import anchor

    return {anchor(line.lstrip("#")) for line in md_text.splitlines() if line.startswith("#")}


def _sidecars():
    return sorted(p for p in REPORTS.glob("*.json") if p.with_suffix(".md").exists())


@pytest.mark.parametrize("path", _sidecars(), ids=lambda p: p.stem)
def test_committed_sidecar_has_well_formed_headlines(path):
    sidecar = json.loads(path.read_text())
    assert isinstance(sidecar.get("title"), str) and sidecar["title"]
    heads = sidecar["headlines"]
    assert isinstance(heads, list) and heads
    anchors = _anchors(path.with_suffix(".md").read_text())
    for h in heads:
        assert set(h) == HEADLINE_KEYS, h
        assert isinstance(h["name"], str) and h["name"]
        assert _is_number(h["measured"]) or isinstance(h["measured"], str), h
        assert h["theory"] is None or _is_number(h["theory"]) or isinstance(h["theory"], str), h
        assert isinstance(h["tolerance"], str) and h["tolerance"], h
        assert h["passed"] is None or isinstance(h["passed"], bool), h
        assert isinstance(h["section"], str)
        if h["section"]:
            from hopsim.reports.summary import anchor

            assert anchor(h["section"]) in anchors, (h["section"], path.name)


def test_headlines_are_computed_from_the_numbers(capacity, fixed_points):
    """Change a number in a sidecar and its judgement follows (nothing typed in by hand)."""
    import copy

    from hopsim.reports.capacity import capacity_headlines
    from hopsim.reports.fixed_points import fixed_point_headlines

    assert all(h["passed"] for h in capacity_headlines(capacity) if h["passed"] is not None)
    bad = copy.deepcopy(capacity)
    bad["alpha_c_by_N"]["500"]["estimate"] = 0.19           # outside [0.14, 0.18]
    bad["alpha_c_extrapolated"]["estimate"] = 0.151         # outside 0.138 ± 0.012
    judged = {h["name"]: h["passed"] for h in capacity_headlines(bad)}
    assert judged["α_c(N), N = 500, 1000, 2000, 4000"] is False
    assert judged["α_c(N → ∞), fit in N^(-1/2)"] is False
    fp = copy.deepcopy(fixed_points)
    fp["async_energy_rises_total"] = 1
    rose = next(h for h in fixed_point_headlines(fp) if h["name"].startswith("async sweeps"))
    assert rose["passed"] is False and rose["measured"] == 1


def _write_report(root, family, heads, title=None, heading="Acceptance", run=None):
    (root / f"{family}.md").write_text(f"# {title or family}\n\n## {heading}\n")
    sidecar = {"title": title or family, "x": 1}
    if heads is not None:
        sidecar["headlines"] = heads
    if run is not None:
        sidecar["run"] = run
    (root / f"{family}.json").write_text(json.dumps(sidecar))


def _head(name, passed, section="Acceptance"):
    return {"name": name, "measured": 0.5, "theory": 0.5, "tolerance": "±0.1", "passed": passed,
            "section": section}


def _links(md_text):
    import re

    return re.findall(r"\]\(([^)]+)\)", md_text)


def test_summary_renders_every_sidecar_in_the_study_order(tmp_path):
    from hopsim.reports.summary import summary_report

    _write_report(tmp_path, "zebra", [_head("z holds", True)], title="Zebra family")
    _write_report(tmp_path, "aardvark", [_head("a | pipe", None)], title="Aardvark family")
    _write_report(tmp_path, "fixed_points", [_head("fp fails", False)], title="Fixed points")
    _write_report(tmp_path, "capacity", [_head("cap holds", True, section="Acceptance")],
                  title="Capacity")
    _write_report(tmp_path, "learning_rules", None, title="Learning rules")
    (tmp_path / "stray.json").write_text("{}")  # no markdown beside it: not a report
    text = summary_report(tmp_path, tmp_path / "README.md", ["config/config.yaml"],
                          {"results_dir": "results", "seed": 1})
    assert (tmp_path / "README.md").read_text() == text
    order = [text.index(f"## {t}") for t in ("Capacity", "Fixed points", "Learning rules",
                                             "Aardvark family", "Zebra family")]
    assert order == sorted(order)
    assert "stray" not in text
    rows = {line.split("](")[0].lstrip("| ["): line for line in text.splitlines()
            if line.startswith("| [") and "#" in line}
    assert rows["cap holds"].rstrip().endswith("| ✓ |")
    assert rows["fp fails"].rstrip().endswith("| ✗ |")
    assert rows["z holds"].rstrip().endswith("| ✓ |")
    assert rows["a \\| pipe"].rstrip().endswith("| — |")    # reported; the pipe escaped
    assert "**2 of 3 judged headlines hold**; fails:" in text
    assert "[fp fails](fixed_points.md#acceptance)" in text
    assert "no `headlines` yet" in text
    for link in _links(text):
        target, _, frag = link.partition("#")
        assert (tmp_path / target).exists(), link
        if frag:
            assert frag in _anchors((tmp_path / target).read_text()), link


def test_summary_groups_reports_by_the_commit_that_made_their_data(tmp_path):
    from hopsim.reports.summary import summary_report

    def run(commit, dirty):
        return {"versions": {"hopsim": "0.1.0"}, "seed": 1, "git": {"commit": commit, "dirty": dirty}}

    _write_report(tmp_path, "capacity", [], run=run("a" * 40, False))
    _write_report(tmp_path, "fixed_points", [], run=run("a" * 40, False))
    _write_report(tmp_path, "ring", [], run=run("b" * 40, True))
    _write_report(tmp_path, "demo", [], run={"versions": {"hopsim": "0.1.0"}, "seed": 1})  # none recorded
    text = summary_report(tmp_path, tmp_path / "README.md", [], {"results_dir": "results", "seed": 1})
    assert "- capacity, fixed_points: hopsim 0.1.0, seed 1, commit aaaaaaaaaaaa.\n" in text
    assert "- ring: hopsim 0.1.0, seed 1, commit bbbbbbbbbbbb with uncommitted changes.\n" in text
    assert "- demo: hopsim 0.1.0, seed 1.\n" in text


def test_committed_summary_is_current_and_its_links_resolve():
    """reports/README.md is what the summary renders from the committed sidecars (default
    config), and every link leads to an existing report and section."""
    import shutil
    import tempfile

    import yaml

    from hopsim.reports.summary import summary_report

    config = yaml.safe_load((REPO / "config/config.yaml").read_text())
    committed = (REPORTS / "README.md").read_text()
    with tempfile.TemporaryDirectory() as tmp:
        for p in REPORTS.glob("*.*"):
            shutil.copy(p, tmp)
        fresh = summary_report(tmp, f"{tmp}/README.md", ["config/config.yaml"],
                               {"results_dir": config["results_dir"], "seed": config["seed"]})
    assert fresh.rstrip("\n") == committed.rstrip("\n")
    links = _links(committed)
    assert {link.partition("#")[0] for link in links} >= {p.name for p in
                                                          REPORTS.glob("*.md")} - {"README.md"}
    for link in links:
        target, _, frag = link.partition("#")
        assert (REPORTS / target).exists(), link
        if frag:
            assert frag in _anchors((REPORTS / target).read_text()), link
