"""Bad input on the command line: one line naming the option and the rule, exit code 2, no
traceback, nothing computed; runs too large for memory refused from their size alone."""
import argparse
import os
import subprocess
import sys
import tracemalloc

import pytest

from hopsim import cli

from .conftest import REPO

# (arguments, what the one line must say)
MISTAKES = [
    (["retrieve", "--neurons", "200000", "--rule", "storkey"],
     ["--neurons", "1,600.1 GB", "Storkey", "--max-mem-mb = 16000"]),
    (["retrieve", "-N", "100000", "--rule", "pseudo-inverse", "--dynamics", "sync"],
     ["--neurons", "pseudo-inverse forms the N × N weights"]),
    (["retrieve", "-N", "100000", "--rule", "perceptron", "--kappa", "0.5"],
     ["--neurons", "perceptron learning"]),
    (["retrieve", "--family", "low-activity", "-N", "100000"], ["--neurons", "covariance rule"]),
    (["retrieve", "-N", "1000000", "-P", "4000000"], ["--patterns", "the patterns"]),
    (["retrieve", "--max-sweeps", "1000000000"], ["--max-sweeps", "an energy per cue and sweep"]),
    (["retrieve", "--family", "stochastic", "-N", "5000", "-P", "5000", "--cues", "5000",
      "--max-sweeps", "1000"], ["--max-sweeps", "every cued pattern at every sweep"]),
    (["retrieve", "--flip", "10"], ["--flip", "[0, 1]", "got 10"]),
    (["retrieve", "--neurons", "1e4"], ["--neurons", "an integer", "'1e4'"]),
    (["retrieve", "--patterns", "100", "--cues", "200"], ["--cues", "--patterns = 100"]),
    (["retrieve", "-N", "1000", "-P", "5000"], ["--patterns", "4·--neurons = 4000"]),
    (["retrieve", "-T", "0.5"], ["--temperature", "--family stochastic only"]),
    (["retrieve", "--kappa", "0.5"], ["--kappa", "--rule perceptron only"]),
    (["retrieve", "--family", "low-activity", "--activity", "1.5"], ["--activity", "(0, 1)"]),
    (["retrieve", "--family", "hopfield"], ["--family", "invalid choice", "binary"]),
    (["retrieve", "--max-mem-mb", "0"], ["--max-mem-mb", "[1, inf]"]),
    (["retrieve", "--seed", "-1"], ["--seed", "[0, inf]"]),
    (["config-reference", "--schema", "README.md"], ["--schema", "not a YAML file"]),
    (["config-reference", "--schema", "config/config.yaml"], ["--schema", "not a JSON schema"]),
    (["theory", "m", "--alpha", "-0.1"], ["--alpha", "(0, inf]"]),
    (["theory", "gardner"], ["--kappa", "required"]),
]


def call(capsys, args):
    """cli.main in this process (from the checkout, for its relative paths): exit code, stderr.
    Any exception other than SystemExit fails the test, as a traceback would show."""
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        code = cli.main(args)
    except SystemExit as e:
        code = e.code
    finally:
        os.chdir(cwd)
    return code, capsys.readouterr()


@pytest.mark.parametrize("args, said", MISTAKES, ids=[" ".join(m[0]) for m in MISTAKES])
def test_mistake_is_one_line_naming_the_option(capsys, args, said):
    code, out = call(capsys, args)
    assert code == 2 and out.out == ""
    lines = out.err.splitlines()
    assert len(lines) == 1, out.err
    assert lines[0].startswith(f"hopsim {args[0]}")
    for words in said:
        assert words in lines[0], (args, lines[0])


@pytest.mark.parametrize("args", [MISTAKES[0][0], MISTAKES[7][0], MISTAKES[17][0]],
                         ids=["memory", "range", "schema"])
def test_no_traceback_from_the_shell(args):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    res = subprocess.run([sys.executable, "-m", "hopsim", *args], capture_output=True, text=True,
                         env=env, cwd=REPO, timeout=120)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert len(res.stderr.splitlines()) == 1 and args[1] in res.stderr


def namespace(**changes) -> argparse.Namespace:
    """The options of `retrieve` as `cmd_retrieve` completes them, with `changes`."""
    args = cli.build_parser().parse_args(["retrieve"])
    options = {"cues": 10, "temperature": cli.TEMPERATURE, "activity": cli.ACTIVITY, **changes}
    for key, value in options.items():
        setattr(args, key, value)
    return args


@pytest.mark.parametrize("changes", [
    dict(rule="storkey"), dict(rule="pseudo-inverse", patterns=600), dict(rule="perceptron"),
    dict(dynamics="sync", patterns=900, cues=100), dict(family="low-activity"),
    dict(family="stochastic", cues=40, max_sweeps=50),
], ids=str)
def test_memory_estimate_covers_what_a_run_allocates(changes):
    """The estimate is at least the peak of the arrays a run allocates (tracemalloc)."""
    args = namespace(**{"neurons": 800, "patterns": 80, "max_sweeps": 20, **changes})
    cli.FAMILIES[args.family](args)  # compile the kernels first: their caches are not the run's
    tracemalloc.start()
    try:
        cli.FAMILIES[args.family](args)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= sum(size for size, _ in cli.memory_terms(args).values())


def test_a_run_just_under_the_ceiling_runs(capsys):
    """--max-mem-mb is a ceiling, not a guess: a Storkey run that fits in it runs."""
    args = ["retrieve", "-N", "400", "-P", "20", "--rule", "storkey", "--cues", "5", "--json"]
    need = sum(size for size, _ in cli.memory_terms(namespace(neurons=400, patterns=20, cues=5,
                                                              rule="storkey")).values())
    code, out = call(capsys, args + ["--max-mem-mb", str(int(need / 1e6) + 1)])
    assert code == 0 and '"fraction_retrieved": 1.0' in out.out
    code, out = call(capsys, args + ["--max-mem-mb", str(int(need / 1e6) - 1)])
    assert code == 2 and "--neurons" in out.err


def test_the_default_ceiling_is_the_workflows(schema):
    assert cli.MAX_MEM_MB == schema["properties"]["max_job_mem_mb"]["default"]
