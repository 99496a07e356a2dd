"""A module that needs an optional install fails on import with the pip extra that brings it."""
import sys
import tomllib

import pytest
from packaging.requirements import Requirement

from hopsim.extras import require

from .conftest import REPO


def _extra(name: str) -> set[str]:
    specs = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"][name]
    return {Requirement(s).name.lower() for s in specs}


def test_figures_without_matplotlib_name_the_workflow_extra(monkeypatch):
    for name in [m for m in sys.modules if m == "hopsim.figures" or m.startswith("hopsim.figures.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # what find_spec and import see as absent
    with pytest.raises(ModuleNotFoundError, match=r"hopsim\.figures needs matplotlib .*"
                       r"pip install 'hopsim\[workflow\]'") as err:
        import hopsim.figures.capacity  # noqa: F401
    assert err.value.name == "matplotlib"
    assert {"matplotlib", "seaborn"} <= _extra("workflow")


def test_require_is_silent_when_everything_is_installed():
    require("workflow", "a test", "numpy", "xarray")


def test_require_names_every_missing_module(monkeypatch):
    monkeypatch.setitem(sys.modules, "numpy", None)
    with pytest.raises(ModuleNotFoundError, match=r"a test needs numpy, no_such_module_x \(not installed\)"):
        require("extra", "a test", "numpy", "xarray", "no_such_module_x")
