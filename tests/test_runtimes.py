"""Time limits of the data jobs (hopsim.runtimes): 3× the work at the conservative rate plus 5
minutes of start-up, and a larger network never gets a shorter limit."""
import copy

import pytest

from hopsim import runtimes
from hopsim.config import validate
from hopsim.experiments.capacity import MULTIPLY_ADDS_PER_SECOND


def test_limit_is_three_times_the_work_plus_start_up():
    minute = MULTIPLY_ADDS_PER_SECOND * 60  # one minute of work on one thread
    assert runtimes.minutes(0) == 5
    assert runtimes.minutes(minute) == 8
    assert runtimes.minutes(minute + 1) == 9  # rounded up
    assert runtimes.minutes(minute, threads=2) == 7


def _set(cfg: dict, path: str, value) -> dict:
    cfg = copy.deepcopy(cfg)
    *sections, key = path.split(".")
    node = cfg
    for s in sections:
        node = node[s]
    node[key] = value
    return cfg


@pytest.mark.parametrize("path, limit", [
    ("capacity.N", lambda c: runtimes.capacity_retrieval(c["capacity"], c["capacity"]["N"], [0.1, 0.14], 1)),
    ("fixed_points.N", lambda c: runtimes.fixed_points_run(c["fixed_points"], "async")),
    ("stochastic.retrieval_map.N", lambda c: runtimes.stochastic_map(c["stochastic"], 0.05)),
    ("low_activity.N", lambda c: runtimes.low_activity_capacity(c["low_activity"], 0.1)),
    ("ring.network.N", lambda c: runtimes.ring_heterogeneity(c["ring"])),
    ("learning_rules.rules.N", lambda c: runtimes.learning_rules_rule(c["learning_rules"])),
    ("demo.side", lambda c: runtimes.demo_noise(c["demo"])),
])
def test_a_larger_network_gets_a_longer_limit(schema, path, limit):
    cfg = validate({}, schema)
    limits = [limit(_set(cfg, path, n)) for n in (500, 2000, 8000)]
    assert limits == sorted(limits) and limits[0] < limits[-1], limits
    assert all(isinstance(m, int) and m > 5 for m in limits)
