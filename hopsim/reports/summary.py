"""reports/README.md, the one-page summary of the whole study: every report's headlines (the
`headlines` list of its JSON sidecar) beside their theory values, with a mark against the
tolerance the report states, and links to the reports.

The reports are discovered, not listed: every `<family>.json` beside a `<family>.md` in the
reports directory is a report's sidecar, so a family added later joins by writing one."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .common import environment

# Families in the order of the study (the README's); others follow, alphabetically.
ORDER = ("capacity", "capacity_large", "fixed_points", "stochastic", "low_activity", "spiking",
         "ring", "learning_rules", "demo")
MARK = {True: "✓", False: "✗", None: "—"}


def anchor(heading: str) -> str:
    """The anchor GitHub (and most markdown renderers) give a heading: lower case, punctuation
    dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _order(family: str) -> tuple:
    return (0, ORDER.index(family), "") if family in ORDER else (1, 0, family)


def collect(reports_dir: str | Path) -> list[dict]:
    """Every report in `reports_dir` (a JSON sidecar beside its markdown), in the study's order,
    with its title, its link and its headlines (None where the sidecar has none)."""
    out = []
    for sidecar in Path(reports_dir).glob("*.json"):
        md = sidecar.with_suffix(".md")
        data = json.loads(sidecar.read_text())
        if not md.exists() or not isinstance(data, dict):
            continue
        family = sidecar.stem
        heads = data.get("headlines")
        out.append({"family": family, "title": data.get("title", family), "report": md.name,
                    "headlines": None if heads is None else [
                        {**h, "link": md.name + (f"#{anchor(h['section'])}" if h.get("section") else "")}
                        for h in heads],
                    "run": data.get("run") or {}})
    return sorted(out, key=lambda f: _order(f["family"]))


def _tally(families: list[dict]) -> dict:
    heads = [h for f in families for h in (f["headlines"] or [])]
    failed = [(f, h) for f in families for h in (f["headlines"] or []) if h["passed"] is False]
    return {"judged": sum(h["passed"] is not None for h in heads),
            "held": sum(h["passed"] is True for h in heads), "failed": failed,
            "reported": sum(h["passed"] is None for h in heads)}


def provenance(families: list[dict], configfiles: list[str], config: dict) -> dict:
    """What the reports were made from: the config, and per report the hopsim version and seed
    (and code digest and git commit, where a sidecar records them), grouped when they agree."""
    runs = {}
    for f in families:
        run = f["run"]
        git = run.get("git") or {}
        key = (run.get("versions", {}).get("hopsim", "not recorded"), run.get("seed", "not recorded"),
               run.get("code", ""), git.get("commit", ""), git.get("dirty", False))
        runs.setdefault(key, []).append(f["family"])
    return {"configfiles": configfiles, "results_dir": config.get("results_dir"),
            "seed": config.get("seed"),
            "runs": [{"hopsim": k[0], "seed": k[1], "code": k[2], "commit": k[3], "dirty": k[4],
                      "families": v}
                     for k, v in runs.items()]}


def summary_report(reports_dir: str | Path, md_path: str | Path, configfiles: list[str],
                   config: dict) -> str:
    """Render the summary of every report in `reports_dir` to `md_path`; returns the text."""
    families = collect(reports_dir)
    text = environment().get_template("summary.md.j2").render(
        families=families, tally=_tally(families), mark=MARK,
        run=provenance(families, configfiles, config))
    Path(md_path).write_text(text.rstrip("\n") + "\n")
    return text
