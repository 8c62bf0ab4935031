"""The only code that knows where the shipped package lives.

In a wheel, `datapackage.json`, `data/` and `schemas/` sit under
`shangdang_data/_package/` (hatchling force-includes them from the repository
root, so git holds one copy). In a source checkout or an editable install they
are found at the repository root instead.
"""

from __future__ import annotations

import re
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


_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")
_DRIVE = re.compile(r"^[A-Za-z]:")


def unsafe_path_reason(path: object) -> str | None:
    """Why a path written in the descriptor must not be opened, or None if it is a safe relative path.

    Refused: non-strings, empty paths, URLs (`https://…`, `file:…`), absolute paths
    (`/…`, `\\…`, `C:…`), home (`~`) and variable (`$X`, `%X%`) expansions, and any `..`
    part. The check reads only the string: nothing is opened or fetched.
    """
    if not isinstance(path, str) or not path.strip():
        return "is not a file path"
    if "\x00" in path:
        return "contains a NUL character"
    if _URL.match(path) or path.startswith("//"):
        return "is a URL: the validator never fetches remote files; add the file to the package"
    if path.startswith(("/", "\\")) or _DRIVE.match(path):
        return "is absolute: write it relative to the folder of datapackage.json"
    if path.startswith("~") or "$" in path or re.search(r"%[^%]+%", path):
        return "uses a home or variable expansion: write a plain relative path"
    if ".." in re.split(r"[/\\]", path):
        return "goes outside the package (`..`): keep every file inside the package folder"
    return None


def shipped_version() -> str:
    """The `version` of the shipped descriptor, read on its own: no schema is read, and `descriptor` (with the
    type registry) is not imported, which would double the cost of asking `shangdang_data.__version__`."""
    from shangdang_data.reading import PackageFiles, parse_json

    files = PackageFiles(package_root())
    raw = parse_json(files.read(DESCRIPTOR_NAME).content.decode("utf-8"))
    return str(raw.get("version", "")) if isinstance(raw, dict) else ""
