"""requirements.lock, the study's exact environment (the library with its workflow and test
extras), agrees with pyproject.toml's ranges.

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


# Extras kept out of the study's environment: Brian2 does not import under the locked numpy.
UNLOCKED_EXTRAS = {"bench"}


def _locked_extras(project: dict) -> list[str]:
    return sorted(set(project["optional-dependencies"]) - UNLOCKED_EXTRAS)


def test_lock_is_compiled_with_every_extra_of_the_study():
    """The header's pip-compile command names each extra, so regenerating the lock keeps them."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    lines = (REPO / "requirements.lock").read_text().splitlines()
    command = next(line for line in lines if line.lstrip("# ").startswith("pip-compile ")).split()
    for extra in _locked_extras(project):
        assert f"--extra={extra}" in command, f"the lock's command lacks --extra={extra}"


def test_lock_pins_every_dependency_and_extra_within_its_range():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    pins = _pins()
    specs = list(project["dependencies"])
    for extra in _locked_extras(project):
        specs += project["optional-dependencies"][extra]
    for spec in specs:
        req = Requirement(spec)
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is not in requirements.lock: regenerate it (command in its header)"
        assert req.specifier.contains(pins[name]), f"the lock pins {req.name} {pins[name]}, outside {req}"
