"""Progress: a tqdm bar on a terminal, one plain line per item in a log (no carriage returns)."""

import io

from hopsim.experiments import stochastic
from hopsim.progress import note, track


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_one_line_per_item_in_a_log():
    out = io.StringIO()
    items = list(track(range(5), "retrieval N=100", file=out))
    assert items == list(range(5))
    lines = out.getvalue().splitlines()
    assert "\r" not in out.getvalue() and len(lines) == 5
    for k, line in enumerate(lines, 1):
        assert line.startswith(f"retrieval N=100: {k}/5 (") and line.endswith(" s)")


def test_lines_without_a_known_total_and_when_disabled():
    out = io.StringIO()
    assert list(track((x for x in "abc"), "runs", file=out)) == list("abc")
    assert [line.split(" (")[0] for line in out.getvalue().splitlines()] == ["runs: 1", "runs: 2", "runs: 3"]
    quiet = io.StringIO()
    assert list(track(range(3), "runs", enabled=False, file=quiet)) == [0, 1, 2]
    note("done", enabled=False, file=quiet)
    assert quiet.getvalue() == ""
    note("spiking run 0: cue done", file=quiet)
    assert quiet.getvalue() == "spiking run 0: cue done\n"


def test_a_bar_on_a_terminal():
    out = Terminal()
    assert list(track(range(3), "runs", file=out)) == [0, 1, 2]
    assert "\r" in out.getvalue() and "3/3" in out.getvalue()  # tqdm redraws in place


def test_an_experiment_reports_on_stderr(capsys):
    stochastic.stationary(1, 100, [0.05], [0.5], trials=2, starts=1, sweeps=3, burn_in=0,
                          progress=True)
    err = capsys.readouterr().err
    assert "\r" not in err
    assert [line.rsplit(" (", 1)[0] for line in err.splitlines()] == [
        f"stochastic stationary N=100 (α, pattern set): {k}/2" for k in (1, 2)]
