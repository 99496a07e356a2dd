"""The smoke study through the SLURM profile on a real single-node SLURM cluster.

The fixture reuses SLURM daemons that already run on this machine and are healthy, and leaves them
alone. Otherwise (as root) it installs slurm-wlm and munge with apt-get if they are missing, starts
munged (unless one runs), slurmctld and slurmd with tests/cluster/slurm.conf, and stops exactly the
processes it started (by pid), also when the test fails. Deselect with `-m "not cluster"`.
"""
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

from .conftest import assert_same_arrays, make_project, stores

pytestmark = pytest.mark.cluster

CONF_TEMPLATE = Path(__file__).parent / "cluster/slurm.conf"
SLURM_CONF = Path("/etc/slurm/slurm.conf")
MUNGE_SOCKET = Path("/run/munge/munge.socket.2")
SEARCH_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin", "/usr/bin"])
NEEDED = ("munged", "munge", "slurmctld", "slurmd", "sbatch", "squeue", "scontrol", "sinfo", "scancel")
# Every rule of the smoke study asks for one thread; one job gets two, so that threads ->
# --cpus-per-task is seen. The gather job runs alone anyway: two CPUs cost no time there.
MORE_THREADS = {"capacity_gather": 2}
RUN_TIMEOUT = 900  # s; a status query that never answers would otherwise hang CI


def which(name):
    return shutil.which(name, path=SEARCH_PATH)


def run(*cmd, check=True, timeout=120):
    return subprocess.run(cmd, capture_output=True, text=True, check=check, timeout=timeout)


def pids_of(name) -> set[int]:
    res = run("pgrep", "-x", name, check=False)
    return {int(p) for p in res.stdout.split()}


def node_states() -> list[str]:
    if not which("sinfo"):
        return []
    try:
        res = run(which("sinfo"), "-h", "-N", "-o", "%T", check=False, timeout=20)
    except subprocess.TimeoutExpired:
        return []
    return res.stdout.split() if res.returncode == 0 else []


def healthy() -> bool:
    return any(s.rstrip("*~#$@+") in ("idle", "mixed", "allocated", "completing")
               for s in node_states())


def tail(path: Path, n=3000) -> str:
    try:
        return f"--- {path}:\n{path.read_text(errors='replace')[-n:]}"
    except OSError as e:
        return f"--- {path}: {e}"


class JobWatcher:
    """Polls `scontrol show job` while the workflow runs and keeps the last record of every job.

    Finished jobs stay visible for MinJobAge (300 s here), so a poll every few seconds sees them all.
    """

    def __init__(self, interval=3.0):
        self.interval, self.jobs = interval, {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def poll(self):
        res = run(which("scontrol"), "-o", "show", "job", check=False, timeout=30)
        for line in res.stdout.splitlines():
            rec = dict(tok.split("=", 1) for tok in line.split() if "=" in tok)
            if "JobId" in rec:
                self.jobs[rec["JobId"]] = rec

    def _loop(self):
        while not self._stop.wait(self.interval):
            try:
                self.poll()
            except (OSError, subprocess.SubprocessError):
                pass

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.poll()


def install_slurm():
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (["apt-get", "update", "-qq"],
                ["apt-get", "install", "-y", "-qq", "-o", "DPkg::Lock::Timeout=300",
                 "slurm-wlm", "munge"]):
        res = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)
        if res.returncode != 0:
            pytest.fail(f"{' '.join(cmd)} failed ({res.returncode}):\n{res.stdout[-2000:]}"
                        f"\n{res.stderr[-3000:]}")
    missing = [n for n in NEEDED if not which(n)]
    assert not missing, f"installed slurm-wlm and munge but still missing: {missing}"


def wait_for(predicate, seconds, what, logs=()):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    pytest.fail(f"{what} not ready after {seconds} s\n" + "\n".join(tail(p) for p in logs))


def start_daemon(started, name, cmd, log: Path, **popen):
    with open(log, "ab") as out:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True, **popen)
    started.append((name, proc))
    return proc


def stop_daemons(started):
    for _, proc in reversed(started):
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def cancel_jobs(job_ids):
    job_ids = sorted(job_ids)
    if not job_ids:
        return
    run(which("scancel"), *job_ids, check=False)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        res = run(which("squeue"), "-h", "-o", "%i", "-j", ",".join(job_ids), check=False)
        if not res.stdout.split():
            return
        time.sleep(1)


@pytest.fixture(scope="module")
def slurm_cluster(tmp_path_factory):
    """Yields {'ours': bool, 'rundir': Path | None}: a single-node cluster ready for jobs."""
    if pids_of("slurmctld") or pids_of("slurmd"):
        # Somebody else's cluster on this machine: use it if it works, never touch it.
        if not healthy():
            pytest.fail("slurmctld/slurmd already run on this machine but no node is up "
                        f"(sinfo: {node_states()}); not touching daemons this test did not start")
        yield {"ours": False, "rundir": None}
        return
    if os.geteuid() != 0:
        pytest.skip("needs root to install and start slurm/munge daemons (none run here)")
    if any(not which(n) for n in NEEDED):
        if not shutil.which("apt-get"):
            pytest.skip("slurm-wlm/munge are not installed and there is no apt-get to install them")
        install_slurm()

    rundir = tmp_path_factory.mktemp("slurm")
    for d in ("state", "spool"):
        (rundir / d).mkdir()
    hardware = run(which("slurmd"), "-C").stdout.splitlines()[0]  # "NodeName=vm CPUs=2 ... RealMemory=..."
    hardware = " ".join(t for t in hardware.split() if not t.startswith("NodeName="))
    conf = (CONF_TEMPLATE.read_text().replace("@RUNDIR@", str(rundir))
            .replace("@HARDWARE@", hardware))
    previous_conf = SLURM_CONF.read_bytes() if SLURM_CONF.exists() else None

    started = []
    try:
        SLURM_CONF.parent.mkdir(parents=True, exist_ok=True)
        SLURM_CONF.write_text(conf)
        if not pids_of("munged"):
            MUNGE_SOCKET.parent.mkdir(parents=True, exist_ok=True)
            shutil.chown(MUNGE_SOCKET.parent, "munge", "munge")
            munged = start_daemon(started, "munged", [which("munged"), "-F"], rundir / "munged.out",
                                  user="munge", group="munge", extra_groups=[])
            wait_for(lambda: munged.poll() is None and run(which("munge"), "-n", check=False).returncode == 0,
                     30, "munged", [rundir / "munged.out"])
        logs = [rundir / "slurmctld.log", rundir / "slurmd.log",
                rundir / "slurmctld.out", rundir / "slurmd.out"]
        start_daemon(started, "slurmctld", [which("slurmctld"), "-D"], rundir / "slurmctld.out")
        start_daemon(started, "slurmd", [which("slurmd"), "-D", "-N", "localhost"],
                     rundir / "slurmd.out")
        wait_for(healthy, 60, "single-node cluster (sinfo: node idle)", logs)
        yield {"ours": True, "rundir": rundir}
    finally:
        try:
            if started and pids_of("slurmctld"):
                cancel_jobs(run(which("squeue"), "-h", "-o", "%i", check=False).stdout.split())
        finally:
            stop_daemons(started)
            if previous_conf is None:
                SLURM_CONF.unlink(missing_ok=True)
            else:
                SLURM_CONF.write_bytes(previous_conf)


# ------------------------------------------------------------------ what the workflow asked for

def submitted_jobs(log: str) -> dict[str, dict]:
    """Snakemake job id -> rule, threads, mem_mb, runtime (from the job blocks of the log) and the
    SLURM job id and log file (from the executor's submission lines)."""
    jobs = {}
    for block in re.split(r"\n\s*\n", log):
        head = re.search(r"^(local)?rule (\w+):$", block, re.M)
        jobid = re.search(r"^\s+jobid: (\d+)$", block, re.M)
        if not head or not jobid:
            continue
        res = re.search(r"^\s+resources: (.*)$", block, re.M)
        res = dict(kv.split("=", 1) for kv in res.group(1).split(", ")) if res else {}
        threads = re.search(r"^\s+threads: (\d+)$", block, re.M)
        jobs[jobid.group(1)] = {"rule": head.group(2), "local": bool(head.group(1)),
                                "threads": int(threads.group(1)) if threads else 1,
                                "mem_mb": res.get("mem_mb"), "runtime": res.get("runtime")}
    for jobid, slurm_id, path in re.findall(
            r"Job (\d+) has been submitted with SLURM jobid (\d+) \(log: (.+?)\)\.", log):
        jobs.setdefault(jobid, {}).update(slurm_id=slurm_id, slurm_log=Path(path))
    return jobs


def megabytes(mem: str) -> int:
    num, unit = re.fullmatch(r"(\d+(?:\.\d+)?)([KMGT]?)", mem).groups()
    return round(float(num) * {"K": 1 / 1024, "": 1, "M": 1, "G": 1024, "T": 1024**2}[unit])


def minutes(limit: str) -> int:
    days, _, hms = limit.rpartition("-")
    h, m, s = (int(x) for x in hms.split(":"))
    return int(days or 0) * 1440 + h * 60 + m + (s > 0)


def slurm_command(proj: Path, cluster) -> list[str]:
    cmd = [sys.executable, "-m", "snakemake", "--profile", "workflow/profiles/slurm",
           "--configfile", "config/smoke.yaml", "--slurm-keep-successful-logs",
           "--set-threads", *(f"{r}={t}" for r, t in MORE_THREADS.items())]
    if not cluster["ours"]:
        # another cluster: submit to its default partition instead of the profile's
        default = [p.rstrip("*") for p in run(which("sinfo"), "-h", "-o", "%P").stdout.split()
                   if p.endswith("*")]
        profile = yaml.safe_load((proj / "workflow/profiles/slurm/config.yaml").read_text())
        resources = dict(profile.get("default-resources", {}))
        if default and resources.get("slurm_partition") != default[0]:
            resources["slurm_partition"] = default[0]
            cmd += ["--default-resources", *(f"{k}={v}" for k, v in resources.items())]
    return cmd


def test_smoke_study_on_slurm_equals_local_run(slurm_cluster, smoke_run, tmp_path):
    proj = make_project(tmp_path / "proj").resolve()  # SLURM records the resolved work dir
    watcher = JobWatcher()
    try:
        with watcher:
            res = subprocess.run(slurm_command(proj, slurm_cluster), cwd=proj, capture_output=True,
                                 text=True, timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired as e:  # its output comes as bytes, text=True or not
        err = e.stderr.decode(errors="replace") if isinstance(e.stderr, bytes) else e.stderr or ""
        pytest.fail(f"snakemake on SLURM did not finish in {RUN_TIMEOUT} s:\n{err[-5000:]}")
    finally:  # never leave jobs of this run behind (snakemake cancels its own, unless it was killed)
        cancel_jobs(j for j, rec in watcher.jobs.items() if rec.get("WorkDir") == str(proj)
                    and rec.get("JobState") in ("PENDING", "RUNNING", "CONFIGURING"))
    log = res.stdout + res.stderr
    if res.returncode != 0:
        rundir = slurm_cluster["rundir"]
        daemon_logs = [rundir / "slurmctld.log", rundir / "slurmd.log"] if rundir else []
        job_logs = sorted((proj / ".snakemake/slurm_logs").rglob("*.log"))[-3:]
        pytest.fail(f"snakemake on SLURM failed ({res.returncode}):\n{log[-6000:]}\n"
                    + "\n".join(tail(p) for p in [*job_logs, *daemon_logs]))

    # Every job went through sbatch, as root, in this project, and got what its rule declares.
    jobs = submitted_jobs(log)
    remote = {j: info for j, info in jobs.items() if not info.get("local")}
    assert remote, f"no jobs found in the log:\n{log[-3000:]}"
    unknown = sorted(info["slurm_id"] for info in remote.values() if "rule" not in info)
    assert not unknown, f"SLURM jobs {unknown} match no job block of the log"
    not_submitted = sorted(info.get("rule", j) for j, info in remote.items() if "slurm_id" not in info)
    assert not not_submitted, f"jobs that did not go through sbatch: {not_submitted}"
    assert any(info["threads"] > 1 for info in remote.values()), "no multi-threaded job in the run"
    for info in remote.values():
        rule, slurm_id = info["rule"], info["slurm_id"]
        assert info["slurm_log"].is_file(), f"{rule}: no SLURM log {info['slurm_log']}"
        assert f"rule_{rule}" in info["slurm_log"].parts, info["slurm_log"]
        rec = watcher.jobs.get(slurm_id)
        assert rec, f"{rule}: SLURM job {slurm_id} never seen by scontrol"
        assert rec["WorkDir"] == str(proj), rec
        assert rec["Comment"].startswith(f"rule_{rule}"), rec
        assert rec["UserId"].endswith(f"({os.getuid()})"), rec  # root on a cluster we started
        assert rec["JobState"] == "COMPLETED", (rule, rec["JobState"])
        assert int(rec["CPUs/Task"]) == info["threads"], (rule, rec["CPUs/Task"], info["threads"])
        assert megabytes(rec["MinMemoryNode"]) == int(info["mem_mb"]), (rule, rec["MinMemoryNode"])
        assert minutes(rec["TimeLimit"]) == int(info["runtime"]), (rule, rec["TimeLimit"])

    # The results do not depend on where the jobs ran.
    local, cluster = stores(smoke_run / "results"), stores(proj / "results")
    assert local, "the local smoke run wrote no zarr stores"
    assert sorted(cluster) == sorted(local)
    for name in local:
        assert_same_arrays(cluster[name], local[name])
