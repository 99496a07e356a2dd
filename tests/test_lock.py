"""requirements.lock, the study's exact environment, agrees with pyproject.toml's ranges.

The README and CI install the lock and then hopsim with --no-deps, so a dependency added to
pyproject.toml but not to the lock would be missing only there: this test names it."""
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]


def _pins() -> dict[str, str]:
    pins = {}
    for line in (REPO / "requirements.lock").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    return pins


def test_lock_pins_every_dependency_and_test_tool_within_its_range():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    pins = _pins()
    for spec in project["dependencies"] + project["optional-dependencies"]["test"]:
        req = Requirement(spec)
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is not in requirements.lock: regenerate it (command in its header)"
        assert req.specifier.contains(pins[name]), f"the lock pins {req.name} {pins[name]}, outside {req}"
