"""Interrupted runs: kill the workflow, resume with the README's commands, get the same stores.

One project goes through the worst a laptop run meets, and each step resumes with exactly what the
README's "When a run is interrupted" section says (`snakemake --unlock`, then the interrupted
command unchanged):

1. SIGKILL of one running `capacity_retrieval` job (as the OOM killer would do it);
2. the resume of 1, killed as a whole process group (SIGKILL) while a store is half-written;
3. the resume of 2, which must complete with every store equal to an uninterrupted run's.

A second, small project kills the run at the worst moment for Snakemake's bookkeeping (a store fully
written under its final name, the job not yet recorded as finished) and shows that the default
profile's `rerun-incomplete` and `cores` are what make the plain resume work.
"""
import base64
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hopsim import io

from .conftest import REPO, assert_same_arrays, make_project, snakemake, stores

pytestmark = pytest.mark.workflow

SNAKEMAKE = [sys.executable, "-m", "snakemake"]
RUN = ["--cores", "2", "--configfile", "config/smoke.yaml"]  # the command conftest.snakemake runs
TIMEOUT = 900  # s, for any one run; a hang fails the test instead of blocking the suite


# ------------------------------------------------------------------ processes, via /proc

def _stat(pid: int) -> tuple[str, int, int]:
    """(state, ppid, process group) of a live process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return fields[0], int(fields[1]), int(fields[2])


def job_scripts(pgid: int, rule: str) -> list[int]:
    """Pids of the running `script:` jobs of `rule` in a process group."""
    pids = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            state, _, pgrp = _stat(int(d.name))
            cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError):
            continue
        if pgrp == pgid and state != "Z" and "/.snakemake/scripts/" in cmd and f".{rule}.py" in cmd:
            pids.append(int(d.name))
    return pids


class Run:
    """A snakemake run in its own session (process group), output to a log file."""

    def __init__(self, cwd: Path, name: str, *args: str):
        self.log = cwd / f"{name}.log"
        with open(self.log, "w") as out:
            self.proc = subprocess.Popen([*SNAKEMAKE, *args], cwd=cwd, stdout=out,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        self.pgid = self.proc.pid
        self.t0 = time.monotonic()

    def until(self, what: str, found, every: float = 0.002):
        """Poll `found()` until it returns something truthy; fail if the run ends or hangs first."""
        while True:
            hit = found()
            if hit:
                return hit
            if self.proc.poll() is not None:
                raise AssertionError(f"run ended (rc {self.proc.returncode}) before {what}:\n"
                                     + self.text()[-3000:])
            if time.monotonic() - self.t0 > TIMEOUT:
                self.kill()
                raise AssertionError(f"timeout waiting for {what}")
            time.sleep(every)

    def kill(self):
        """SIGKILL the whole process group."""
        os.killpg(self.pgid, signal.SIGKILL)
        self.proc.wait()

    def wait(self) -> int:
        try:
            return self.proc.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            self.kill()
            raise

    def text(self) -> str:
        return self.log.read_text()


# ------------------------------------------------------------------ stores, safe while a run writes

def scan(root: Path) -> tuple[list[Path], list[Path]]:
    """(stores under their final name, half-written `*.zarr.partial-*`) below root.

    Does not descend into stores, and tolerates directories vanishing under it (a run renames and
    deletes while we look).
    """
    final, partial, todo = [], [], [root]
    while todo:
        d = todo.pop()
        try:
            with os.scandir(d) as entries:
                for e in entries:
                    if e.name.endswith(".zarr"):
                        final.append(Path(e.path))
                    elif ".zarr.partial" in e.name:
                        partial.append(Path(e.path))
                    elif e.is_dir(follow_symlinks=False):
                        todo.append(Path(e.path))
        except (FileNotFoundError, NotADirectoryError):
            pass
    return sorted(final), sorted(partial)


def final_name(partial: Path) -> Path:
    return partial.with_name(partial.name.split(".partial")[0])


def identity(store: Path) -> tuple[int, int]:
    """Changes whenever the store is rewritten (io.write makes a new directory)."""
    return store.stat().st_ino, (store / "zarr.json").stat().st_mtime_ns


def marked_incomplete(proj: Path) -> set[str]:
    """Outputs Snakemake has marked as started but not finished (.snakemake/incomplete/<base64>)."""
    root = proj / ".snakemake/incomplete"
    if not root.exists():
        return set()
    marks = set()
    for f in root.rglob("*"):
        if f.is_file():
            name = "".join(p.lstrip("@") for p in f.relative_to(root).parts)
            marks.add(base64.urlsafe_b64decode(name).decode())
    return marks


def differing(proj: Path, ref: Path, final: list[Path]) -> list[str]:
    """Stores under their final name (what a job would read) that do not load, or differ from ref.

    Temporary stores (capacity weights) are gone from a finished ref: those need only load.
    """
    bad = []
    for store in final:
        rel = store.relative_to(proj)
        try:
            if (ref / rel).exists():
                assert_same_arrays(store, ref / rel)
            else:
                io.load(store)
        except Exception as err:  # noqa: BLE001 - collected, the tests report them
            bad.append(f"{rel}: {err!r}")
    return bad


def resume(proj: Path, *command: str, name: str) -> Run:
    """The README's resume: `snakemake --unlock`, then the interrupted command unchanged."""
    unlock = subprocess.run([*SNAKEMAKE, "--unlock"], cwd=proj, capture_output=True, text=True)
    assert unlock.returncode == 0, unlock.stderr[-3000:]
    return Run(proj, name, *command)


# ------------------------------------------------------------------ one project, three runs

@pytest.fixture(scope="module")
def interrupted(tmp_path_factory, smoke_run):
    proj = make_project(tmp_path_factory.mktemp("interrupted"))
    results = proj / "results"
    ref = smoke_run
    obs = {"proj": proj}

    # 1. SIGKILL one running capacity_retrieval job.
    run = Run(proj, "run1", *RUN)
    while True:
        victim = run.until("a capacity_retrieval job runs",
                           lambda: job_scripts(run.pgid, "capacity_retrieval"), every=0.02)[0]
        try:
            os.kill(victim, signal.SIGKILL)
            break
        except ProcessLookupError:  # it finished between the look and the kill: take the next
            continue
    obs["job_kill"] = {"rc": run.wait(), "log": run.text(),
                       "locks": list((proj / ".snakemake/locks").glob("*")),
                       "incomplete": marked_incomplete(proj),
                       "unreadable": differing(proj, ref, scan(results)[0])}

    # 2. Resume; SIGKILL the whole process group while a store is half-written (after this run
    #    has finished at least two stores of its own, so that something is kept across the kill).
    before, stale = (set(found) for found in scan(results))  # stale: the killed job's, if any
    run = resume(proj, *RUN, name="run2")

    def half_written():
        final, partial = scan(results)
        if not set(partial) - stale or len(set(final) - before) < 2:
            return None
        os.killpg(run.pgid, signal.SIGSTOP)  # freeze, then check we still hold a partial store
        final, partial = scan(results)
        if set(partial) - stale:
            return final, sorted(set(partial) - stale)
        os.killpg(run.pgid, signal.SIGCONT)  # it was renamed meanwhile: wait for the next one
        return None

    final, partial = run.until("a store is half-written", half_written)
    os.killpg(run.pgid, signal.SIGKILL)
    run.wait()
    still_partial = [p for p in partial if p.exists()]
    obs["group_kill"] = {"log": run.text(), "partial": partial, "still_partial": still_partial,
                         "final": {s: identity(s) for s in final},
                         "unreadable": differing(proj, ref, final),
                         "incomplete": marked_incomplete(proj),
                         "locked": any((proj / ".snakemake/locks").glob("*"))}
    # Re-running without --unlock is what the user did first: refused on the stale lock.
    obs["without_unlock"] = snakemake(proj)

    # 3. Resume again, to the end.
    run = resume(proj, *RUN, name="run3")
    obs["resume"] = {"rc": run.wait(), "log": run.text(), "scan": scan(results)}
    return obs


def test_readme_says_how_to_resume():
    readme = (REPO / "README.md").read_text()
    start = readme.index("## When a run is interrupted")
    assert readme.index("## Set-up and the two commands") < start < readme.index("## Where things land")
    section = readme[start:readme.index("\n## ", start + 1)]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands[0] == "snakemake --unlock"  # what resume() runs, then the same command again
    assert commands[1].split()[1:] == RUN[2:]     # the interrupted one (its --cores is optional)
    assert not any("--cores" in c for c in commands), "the default profile gives the cores"


def test_a_killed_job_fails_the_run_without_leaving_a_store(interrupted):
    kill = interrupted["job_kill"]
    assert kill["rc"] != 0
    assert re.search(r"Error in rule capacity_retrieval", kill["log"]), kill["log"][-3000:]
    assert not kill["locks"], "a run that ends on a failed job releases its lock"
    proj = interrupted["proj"]
    assert not [f for f in kill["incomplete"] if (proj / f).exists()], "failed outputs are removed"
    assert not kill["unreadable"], kill["unreadable"]


def test_whole_run_killed_while_a_store_is_half_written(interrupted):
    kill = interrupted["group_kill"]
    assert kill["still_partial"], "the kill caught a store being written"
    assert not kill["unreadable"], kill["unreadable"]  # nothing half-written under a final name
    for p in kill["partial"]:
        assert final_name(p) not in kill["final"]
    assert kill["locked"], "SIGKILL leaves Snakemake's lock behind"
    refused = interrupted["without_unlock"]
    assert refused.returncode != 0
    assert "--unlock" in refused.stdout + refused.stderr


def test_resume_completes_with_the_stores_of_an_uninterrupted_run(interrupted, smoke_run):
    res = interrupted["resume"]
    assert res["rc"] == 0, res["log"][-3000:]
    assert "Using workflow specific profile profiles/default" in res["log"]
    assert "IncompleteFilesException" not in res["log"]
    final, partial = res["scan"]
    assert not partial, f"half-written stores left behind: {partial}"
    got, want = stores(interrupted["proj"] / "results"), stores(smoke_run / "results")
    assert got.keys() == want.keys() and len(want) > 10
    for key in want:
        assert_same_arrays(got[key], want[key])


def test_resume_keeps_finished_stores_and_redoes_the_interrupted_ones(interrupted, smoke_run):
    kill = interrupted["group_kill"]
    proj = interrupted["proj"]
    kept = [s for s in kill["final"]  # (temporary stores are deleted once used: s.exists())
            if str(s.relative_to(proj)) not in kill["incomplete"] and s.exists()]
    assert kept
    for store in kept:
        assert identity(store) == kill["final"][store], f"{store} was recomputed"
    for p in kill["partial"]:
        assert not p.exists()
        store = final_name(p).relative_to(proj)
        # written by the resume (or written, used and deleted, if temporary like the weights)
        assert (proj / store).exists() == (smoke_run / store).exists()
        assert f"output: {store}" in interrupted["resume"]["log"]


# ------------------------------------------------------------------ the default profile applies

def test_default_profile_supplies_cores_and_rerun_incomplete(tmp_path, smoke_run):
    """Kill at the worst moment for Snakemake: the store is complete under its final name but the
    job is not recorded as finished. Only the profile's rerun-incomplete lets the plain resume
    through, and only its cores let a command without --cores start."""
    proj = make_project(tmp_path / "p")
    assert not (REPO / "workflow/profiles/default").exists(), "Snakemake never reads it there"
    target = next(f"results/{k}" for k in stores(smoke_run / "results")
                  if "/fixed_points/patterns/" in k)
    command = ["--configfile", "config/smoke.yaml", "--", target]  # no --cores: from the profile

    run = Run(proj, "run", *command)
    job = run.until("the job runs", lambda: job_scripts(run.pgid, "fixed_points_patterns"),
                    every=0.01)[0]
    os.kill(run.pgid, signal.SIGSTOP)  # the head only; its job goes on, writes and exits
    try:
        deadline = time.monotonic() + TIMEOUT
        while Path(f"/proc/{job}").exists() and _stat(job)[0] != "Z":
            assert time.monotonic() < deadline
            time.sleep(0.01)
    finally:
        run.kill()  # SIGKILL of the whole group
    assert "Using workflow specific profile profiles/default" in run.text()
    assert_same_arrays(proj / target, smoke_run / target)  # complete, yet:
    assert target in marked_incomplete(proj)

    subprocess.run([*SNAKEMAKE, "--unlock"], cwd=proj, check=True, capture_output=True)
    # Without the profile the same state is refused: no cores, and an incomplete file.
    bare = subprocess.run([*SNAKEMAKE, "--workflow-profile", "none", *command],
                          cwd=proj, capture_output=True, text=True)
    assert bare.returncode != 0 and "cores have to be specified" in bare.stdout + bare.stderr
    bare = subprocess.run([*SNAKEMAKE, "--workflow-profile", "none", "--cores", "2", "-n", *command],
                          cwd=proj, capture_output=True, text=True)
    assert bare.returncode != 0 and "IncompleteFilesException" in bare.stdout + bare.stderr

    run = resume(proj, *command, name="resume")
    assert run.wait() == 0, run.text()[-3000:]
    log = run.text()
    assert "Provided cores: 2" in log
    assert "localrule fixed_points_patterns:" in log  # made again, not trusted
    assert_same_arrays(proj / target, smoke_run / target)
    assert not marked_incomplete(proj)
