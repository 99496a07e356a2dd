"""Progress of long loops: a tqdm bar on an interactive terminal, plain lines in a log.

A bar redraws itself with carriage returns, which turns a log file (a Snakemake rule's stderr,
a cluster job's output) into one unreadable line. So the bar is drawn only when the stream is a
terminal; otherwise every finished item writes one line: `desc: k/total (elapsed s)`.
Steps that are one long call rather than a loop (a spiking run's phases) report milestones with
`note`. Experiment functions take `progress: bool = False`; the workflow's scripts pass True.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")


def track(iterable: Iterable[T], desc: str, total: int | None = None, enabled: bool = True,
          file: TextIO | None = None) -> Iterator[T]:
    """Yield the items of `iterable`, reporting progress on `file` (default: stderr) when `enabled`.

    With `enabled=False` the items pass through silently (library calls from tests and notebooks
    that do not want the chatter)."""
    if not enabled:
        yield from iterable
        return
    stream = sys.stderr if file is None else file
    if total is None:
        try:
            total = len(iterable)  # type: ignore[arg-type]
        except TypeError:
            total = None
    if _interactive(stream):
        from tqdm import tqdm

        yield from tqdm(iterable, desc=desc, total=total, file=stream)
        return
    start = time.perf_counter()
    of = f"/{total}" if total is not None else ""
    for k, item in enumerate(iterable, 1):
        yield item
        stream.write(f"{desc}: {k}{of} ({time.perf_counter() - start:.1f} s)\n")
        stream.flush()


def note(message: str, enabled: bool = True, file: TextIO | None = None) -> None:
    """One progress line (a milestone), flushed at once so that it reaches a log in time."""
    if enabled:
        stream = sys.stderr if file is None else file
        stream.write(message + "\n")
        stream.flush()


def _interactive(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def to_log(log_paths) -> None:
    """Send this process's stderr (progress lines, warnings, a traceback) to a Snakemake rule's
    log file when the rule declares one; a rule without `log:` keeps the terminal."""
    if log_paths:
        sys.stderr = open(log_paths[0], "w", buffering=1)  # noqa: SIM115 - open for the process
