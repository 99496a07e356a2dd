"""Ways a store is damaged on disk after it was written (a full disk, a killed copy, a bad sync),
shared by the io, command-line and workflow tests."""
from pathlib import Path


def chunk_file(store: Path, variable: str) -> Path:
    """The first chunk file of a variable (xarray writes one array per variable: `<var>/c/...`)."""
    return min(p for p in (store / variable / "c").rglob("*") if p.is_file())


def truncate(file: Path) -> None:
    file.write_bytes(file.read_bytes()[: file.stat().st_size // 2])


def corrupt(file: Path) -> None:
    """Flip the bits of the middle byte: same size, different content."""
    data = bytearray(file.read_bytes())
    data[len(data) // 2] ^= 0xFF
    file.write_bytes(bytes(data))


def delete(file: Path) -> None:
    file.unlink()


# name: (how, which file: "data" a data variable's chunk, "coord" an index coordinate's chunk)
DAMAGE = {
    "data chunk truncated": (truncate, "data"),
    "coordinate chunk truncated": (truncate, "coord"),
    "data chunk deleted": (delete, "data"),
    "data chunk corrupted": (corrupt, "data"),
    "coordinate chunk corrupted": (corrupt, "coord"),
}
# What a stat of every file against the manifest finds (no chunk read).
FOUND_WITHOUT_READING = {"data chunk truncated", "coordinate chunk truncated", "data chunk deleted"}


def damage(store: Path, kind: str, data: str, coord: str) -> str:
    """Damage `store` as `kind` says, in variable `data` or coordinate `coord`; return which."""
    how, which = DAMAGE[kind]
    variable = data if which == "data" else coord
    how(chunk_file(store, variable))
    return variable
