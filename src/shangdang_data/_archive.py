"""Open a data package given as a folder, a `datapackage.json`, or a zip bundle.

A zip is unpacked into a temporary folder, member by member: absolute paths,
`..` parts and oversized archives are refused before anything is written.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from shangdang_data._files import DESCRIPTOR_NAME, descriptor_path
from shangdang_data.problems import DescriptorError, PackageNotFoundError

#: Largest total uncompressed size accepted from a zip bundle.
MAX_UNPACKED_BYTES = 500 * 1024 * 1024


def is_zip(location: str | Path) -> bool:
    """True if `location` is a file with a zip signature."""
    path = Path(location)
    return path.is_file() and zipfile.is_zipfile(path)


@contextmanager
def open_package(location: str | Path | None) -> Iterator[Path]:
    """Yield the path of the `datapackage.json` at `location`; a zip is unpacked for the duration."""
    if location is None or not is_zip(location):
        path = descriptor_path(location)
        if not path.is_file():
            raise PackageNotFoundError(f"{location}: no {DESCRIPTOR_NAME} there")
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="shangdang-") as folder:
        yield unpack_bundle(Path(location), Path(folder))


def unpack_bundle(archive: Path, target: Path) -> Path:
    """Unpack the zip `archive` into `target`; return its shallowest `datapackage.json`."""
    try:
        with zipfile.ZipFile(archive) as bundle:
            members = [m for m in bundle.infolist() if not m.is_dir()]
            if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
                raise DescriptorError(f"{archive}: unpacks to more than {MAX_UNPACKED_BYTES} bytes; refused")
            for member in members:
                parts = PurePosixPath(member.filename).parts
                if member.filename.startswith(("/", "\\")) or ".." in parts or ":" in member.filename:
                    raise DescriptorError(f"{archive}: unsafe member path {member.filename!r}; refused")
                destination = target.joinpath(*parts)
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_bytes(bundle.read(member))
    except zipfile.BadZipFile as error:
        raise DescriptorError(f"{archive}: not a readable zip bundle ({error})") from error
    found = sorted(target.rglob(DESCRIPTOR_NAME), key=lambda p: (len(p.parts), str(p)))
    if not found:
        raise PackageNotFoundError(f"{archive}: the bundle holds no {DESCRIPTOR_NAME}")
    return found[0]
