"""Parts of hopsim that need an optional install, and the message that names it.

`pip install hopsim` brings what the models, analyses, reports and command line need; the figures
need the `workflow` extra (matplotlib, seaborn), netCDF export the `netcdf` extra (netCDF4). Code
that needs an extra calls `require` first (hopsim.figures on import, export.to_netcdf on call), so
a missing package names the command that installs it instead of failing somewhere inside an
import chain."""

from importlib.util import find_spec


def require(extra: str, what: str, *modules: str) -> None:
    """Raise ModuleNotFoundError naming `pip install 'hopsim[extra]'` if any of `modules` is not
    installed (looked up, not imported)."""
    missing = [name for name in modules if find_spec(name) is None]
    if missing:
        raise ModuleNotFoundError(f"{what} needs {', '.join(missing)} (not installed): "
                                  f"pip install 'hopsim[{extra}]'", name=missing[0])
