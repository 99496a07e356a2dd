"""Config validation: defaults, and errors that name the key and what is allowed."""
import pytest
import yaml

from hopsim.config import ConfigError, validate

from .conftest import REPO


def test_defaults_fill_an_empty_config(schema):
    cfg = validate({}, schema)
    assert cfg["capacity"]["N"] == [500, 1000, 2000, 4000]
    assert cfg["fixed_points"]["pattern_min"] == 0.9


@pytest.mark.parametrize("name", ["config.yaml", "smoke.yaml", "paper.yaml"])
def test_shipped_configs_are_valid(schema, name):
    validate(yaml.safe_load((REPO / "config" / name).read_text()), schema)


@pytest.mark.parametrize(
    "bad, key, allowed",
    [
        ({"capacity": {"Nx": [10]}}, "'Nx' under 'capacity'", "allowed keys: N, alpha"),
        ({"sed": 1}, "'sed'", "allowed keys: capacity"),
        ({"capacity": {"N": [100, 1]}}, "capacity.N[1]", "integer ≥ 2"),
        ({"fixed_points": {"N": 1}}, "fixed_points.N", "integer ≥ 2"),
        ({"capacity": {"alpha": [0.0, 0.1]}}, "capacity.alpha[0]", "> 0"),
        ({"fixed_points": {"alpha": [-0.1]}}, "fixed_points.alpha[0]", "> 0"),
        ({"capacity": {"cue_noise": [0.1, 1.5]}}, "capacity.cue_noise[1]", "≥ 0 and ≤ 1"),
        ({"fixed_points": {"noisy_flip": -0.2}}, "fixed_points.noisy_flip", "≥ 0 and ≤ 1"),
        ({"capacity": {"extrapolation": "log"}}, "capacity.extrapolation", "'inverse_sqrt'"),
        ({"capacity": {"trials": "many"}}, "capacity.trials", "an integer"),
        ({"low_activity": {"threshold": "best"}}, "low_activity.threshold",
         "'optimal' or a number"),
        ({"low_activity": {"activity": [0.5, 1.0]}}, "low_activity.activity[1]", "< 1"),
        ({"demo": {"side": 52}}, "demo.side", "an integer ≥ 5 and a multiple of 5"),
        ({"demo": {"letters": "xte"}}, "demo.letters", "made of the letters A, C, E, F, H"),
    ],
)
def test_bad_values_name_the_key(schema, bad, key, allowed):
    with pytest.raises(ConfigError) as err:
        validate(bad, schema)
    assert key in str(err.value) and allowed in str(err.value)


def test_coupled_constraints(schema):
    with pytest.raises(ConfigError, match="capacity.alpha"):
        validate({"capacity": {"N": [10], "alpha": [0.01, 0.1]}}, schema)
    with pytest.raises(ConfigError, match="ascending"):
        validate({"capacity": {"alpha": [0.2, 0.1]}}, schema)
    with pytest.raises(ConfigError, match="fixed_points.alpha"):
        validate({"fixed_points": {"N": 20, "alpha": [0.05]}}, schema)


def test_large_capacity_constraints(schema):
    good = {"N": [1000, 2000], "alpha": [0.1, 0.2], "trials": [4, 2], "starts": [10, 10],
            "trials_per_job": [2, 1]}
    assert validate({"capacity_large": good}, schema)["capacity_large"]["max_sweeps"] == 300
    with pytest.raises(ConfigError, match="capacity_large.starts.*one entry per"):
        validate({"capacity_large": {**good, "starts": [10, 10, 10]}}, schema)
    with pytest.raises(ConfigError, match="capacity_large.alpha.*stores no pattern"):
        validate({"capacity_large": {**good, "alpha": [0.0001, 0.1]}}, schema)
    with pytest.raises(ConfigError, match="capacity_large.N.*ascending"):
        validate({"capacity_large": {**good, "N": [2000, 1000]}}, schema)
    with pytest.raises(ConfigError, match="'capacity_large.trials_per_job' missing"):
        validate({"capacity_large": {k: v for k, v in good.items() if k != "trials_per_job"}},
                 schema)


def test_low_activity_constraints(schema):
    with pytest.raises(ConfigError, match="low_activity.activity.*0.001.*no active unit"):
        validate({"low_activity": {"N": 100, "activity": [0.5, 0.001]}}, schema)
    with pytest.raises(ConfigError, match="low_activity.overlap_map.activity"):
        validate({"low_activity": {"overlap_map": {"N": 100, "activity": 0.001}}}, schema)
