"""A store damaged after its job finished (truncated, deleted or corrupted chunk: a full disk, a
killed copy, a bad sync) is not taken for a result: the workflow refuses to start, or the job
reading it fails, with one message naming the store, the variable and the command that rebuilds
it; that command rebuilds it, equal to the store it replaces.

One small target of the smoke study (a capacity retrieval store: its patterns, temporary weights
and the retrieval), damaged in its patterns store, in a copy of the project per case."""
import re
import shlex
import shutil
import subprocess
import sys

import pytest

from hopsim import io

from .conftest import assert_same_arrays, make_project, snakemake
from .damage import FOUND_WITHOUT_READING, damage

pytestmark = pytest.mark.workflow

TARGET = "results/smoke/capacity/retrieval/N100_chunk0.zarr"
PATTERNS = "results/smoke/capacity/patterns/N100_chunk0.zarr"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A project that has made TARGET, and a copy of its stores as they were."""
    proj = make_project(tmp_path_factory.mktemp("damaged") / "built")
    res = snakemake(proj, "--", TARGET)
    assert res.returncode == 0, res.stderr[-3000:]
    ref = proj.parent / "ref"
    for store in (PATTERNS, TARGET):
        shutil.copytree(proj / store, ref / store)
    return proj, ref


@pytest.fixture
def proj(built, tmp_path):
    """A fresh copy of the built project (file times kept: Snakemake sees it up to date)."""
    return shutil.copytree(built[0], tmp_path / "proj", symlinks=True)


def rebuild(proj, output: str):
    """Run the rebuild command the message gives (for TARGET only, on this machine's Python)."""
    command = re.search(r"(rm -r \S.* && snakemake .*)$", output, re.M).group(1)
    remove, make = command.split(" && ")
    subprocess.run(shlex.split(remove), cwd=proj, check=True)
    args = shlex.split(make)
    assert args[0] == "snakemake" and "--forcerun" in args, args
    if "--configfile" not in args:  # a job's message asks for the run's, as it cannot know it
        args[1:1] = ["--configfile", "config/smoke.yaml"]
    return subprocess.run([sys.executable, "-m", "snakemake", "--cores", "2", *args[1:], "--", TARGET],
                          cwd=proj, capture_output=True, text=True)


def assert_rebuilt(proj, ref, res):
    assert res.returncode == 0, res.stderr[-3000:]
    for store in (PATTERNS, TARGET):
        io.verify(proj / store)
        assert_same_arrays(proj / store, ref / store)


@pytest.mark.parametrize("kind", sorted(FOUND_WITHOUT_READING))
def test_a_truncated_or_missing_chunk_stops_the_workflow_before_any_job(built, proj, kind):
    variable = damage(proj / PATTERNS, kind, data="patterns", coord="trial")
    res = snakemake(proj, "--", TARGET)
    out = res.stdout + res.stderr
    assert res.returncode != 0
    assert "Building DAG of jobs" not in out and "Nothing to be done" not in out, out[-3000:]
    assert f"damaged store {PATTERNS}, variable {variable!r}: chunk file {variable}/c/" in out
    assert_rebuilt(proj, built[1], rebuild(proj, out))


def test_a_corrupted_chunk_fails_the_job_that_reads_it(built, proj):
    """Bytes changed at an unchanged size are found when the chunk is decoded (its CRC-32C):
    here by the weights job, which runs again because the retrieval store is gone."""
    damage(proj / PATTERNS, "data chunk corrupted", data="patterns", coord="trial")
    shutil.rmtree(proj / TARGET)
    res = snakemake(proj, "--", TARGET)
    out = res.stdout + res.stderr
    assert res.returncode != 0
    assert "Error in rule capacity_weights" in out and "Traceback" not in out, out[-3000:]
    assert (f"damaged store {PATTERNS}, variable 'patterns': chunk file patterns/c/0/0/0/0 fails "
            f"its CRC-32C checksum") in out
    assert_rebuilt(proj, built[1], rebuild(proj, out))

