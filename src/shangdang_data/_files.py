"""The only code that knows where the shipped package lives.

In a wheel, `datapackage.json`, `data/` and `schemas/` sit under
`shangdang_data/_package/` (hatchling force-includes them from the repository
root, so git holds one copy). In a source checkout or an editable install they
are found at the repository root instead.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

DESCRIPTOR_NAME = "datapackage.json"


def package_root() -> Path:
    """Folder holding the shipped `datapackage.json`, `data/` and `schemas/`."""
    bundled = Path(str(files("shangdang_data"))) / "_package"
    if (bundled / DESCRIPTOR_NAME).is_file():
        return bundled
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / DESCRIPTOR_NAME).is_file():
        return checkout
    from shangdang_data.problems import PackageNotFoundError

    raise PackageNotFoundError(f"no {DESCRIPTOR_NAME} in {bundled} or {checkout}: reinstall shangdang-data")


def descriptor_path(location: str | Path | None = None) -> Path:
    """The `datapackage.json` at `location` (a descriptor or its folder); the shipped one by default."""
    if location is None:
        return package_root() / DESCRIPTOR_NAME
    path = Path(location)
    return path / DESCRIPTOR_NAME if path.is_dir() else path
