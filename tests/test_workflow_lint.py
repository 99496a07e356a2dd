"""Workflow conventions (issue 19): `snakemake --lint` finds nothing but the one lint the README
justifies, for the default, smoke and paper configs; `snakefmt --check` would change no file."""
import re
import subprocess
import sys

import pytest

from .conftest import REPO, make_project

# No conda: or container: directive (README, "Workflow conventions", says why).
JUSTIFIED = "Specify a conda environment or container for each rule."


def lints(output: str) -> dict[str, list[str]]:
    """The titles of the lints of each rule or snakefile in `snakemake --lint`'s text output
    ('Lints for rule x (line n, path):' followed by '    * title:' lines). Snakemake 9 prints
    text even when asked for `--lint json`."""
    found = {}
    for block in re.split(r"^(?=Lints for )", output, flags=re.M)[1:]:
        item = re.match(r"Lints for (rule \w+|snakefile .+?)(?: \(line |:\n)", block).group(1)
        found[item] = re.findall(r"^    \* (.+):$", block, re.M)
    return found


def test_lints_are_read_from_the_text_output():
    text = ("Using workflow specific profile profiles/default\n"
            "Lints for snakefile /p/workflow/rules/x.smk:\n"
            "    * Mixed rules and functions in same snakefile.:\n      Small one-liner ...\n\n"
            "Lints for rule a (line 3, /p/workflow/rules/x.smk):\n"
            "    * No log directive defined:\n      Without ...\n"
            f"    * {JUSTIFIED}:\n      This way ...\n      Also see:\n      https://x\n")
    assert lints(text) == {
        "snakefile /p/workflow/rules/x.smk": ["Mixed rules and functions in same snakefile."],
        "rule a": ["No log directive defined", JUSTIFIED]}


@pytest.mark.parametrize("configfile", [None, "config/smoke.yaml", "config/paper.yaml"])
def test_snakemake_lint_finds_only_the_justified_lint(tmp_path, configfile):
    proj = make_project(tmp_path / "lint")
    res = subprocess.run([sys.executable, "-m", "snakemake", "--lint",
                          *(["--configfile", configfile] if configfile else [])],
                         cwd=proj, capture_output=True, text=True)
    found = lints(res.stdout + res.stderr)
    assert len(found) > 40, res.stdout[-3000:] + res.stderr[-3000:]  # every rule that runs a script
    others = {item: titles for item, titles in found.items() if set(titles) != {JUSTIFIED}}
    assert not others, others
    assert res.returncode == 1  # the justified lint is still a lint


def test_readme_justifies_the_remaining_lint():
    readme = (REPO / "README.md").read_text()
    section = " ".join(readme.split("## Workflow conventions", 1)[1].split("\n## ", 1)[0].split())
    assert f"“{JUSTIFIED}”" in section and "conda" in section and "container" in section


def test_snakefmt_would_change_no_file():
    res = subprocess.run([sys.executable, "-m", "snakefmt", "--check", "."], cwd=REPO,
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "would be left unchanged" in res.stderr + res.stdout  # it did find the files
