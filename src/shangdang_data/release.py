"""`release_package`: the release bundle, reproducibly, after checking that the package may be released.

A release is refused (`ReleaseError`, a `ShangdangError`) unless the package is
valid, every resource's `bytes` and `hash` in `datapackage.json` match its file,
and `CHANGELOG.md` has an entry for the version. Then it writes

    <out>/<name>-<version>.zip    descriptor, CSVs, schemas, raw source, xlsx, SQLite,
                                  Parquet, CSV with BOM, README, LICENSE, CHANGELOG,
                                  CONTRIBUTING and SHA256SUMS (see export/bundle.py; the
                                  export bundle is <name>-<version>-exports.zip)
    <out>/SHA256SUMS              the zip's sha256, for `sha256sum -c SHA256SUMS`

The zip is written by `export.bundle.write_bundle`: sorted entries, fixed
timestamps and permissions, so the same commit gives a byte-identical zip.
"""

from __future__ import annotations

import re
from pathlib import Path

from shangdang_data.descriptor import PackageSpec
from shangdang_data.export._progress import Progress
from shangdang_data.problems import ReleaseError

__all__ = ["DOCUMENTS", "ReleaseError", "release_package"]

#: Files of the repository copied into the bundle next to the package, when present.
DOCUMENTS = ("CHANGELOG.md", "CONTRIBUTING.md")


def check_releasable(package: PackageSpec) -> None:
    """Raise `ReleaseError` unless the package is valid, freshly hashed and in the changelog.

    Everything is read through the package's reading layer, so each file is read once.
    """
    from shangdang_data.descriptor import find_stale_integrity
    from shangdang_data.validate import validate

    stale = find_stale_integrity(package)
    if stale:
        raise ReleaseError(f"bytes/hash missing or stale for {', '.join(stale)}: run `shangdang-data build`")
    report = validate(package.files)
    if not report.valid:
        raise ReleaseError(f"the package is not valid ({report.summary_line()}): run `shangdang-data validate`")
    if package.files.exists("CHANGELOG.md"):
        text = package.files.read("CHANGELOG.md").content.decode("utf-8", errors="replace")
        headings = re.findall(r"^## \[([^\]]+)\]", text, flags=re.MULTILINE)
        if package.version not in headings:
            raise ReleaseError(f"CHANGELOG.md has no `## [{package.version}]` entry: add one before releasing")


def release_package(
    location: str | Path | None = None,
    out_dir: str | Path = "dist",
    *,
    check: bool = True,
    progress: Progress | None = None,
) -> list[Path]:
    """Write the release bundle of the package at `location` (default: the shipped one) into `out_dir`.

    Returns the zip and the `SHA256SUMS` written next to it. `check=False` skips
    the release checks (for a test build of an unfinished package).
    """
    from shangdang_data.descriptor import read_descriptor
    from shangdang_data.export.bundle import SUMS_NAME, release_file, sha256sums, write_bundle

    package = read_descriptor(location)
    if check:
        check_releasable(package)
    files = package.files
    extra = {name: files.read(name).content for name in DOCUMENTS if files.exists(name)}
    out = Path(out_dir)
    [bundle] = write_bundle(package, out, progress=progress, extra=extra, file_name=release_file(package))
    sums = out / SUMS_NAME
    sums.write_bytes(sha256sums({bundle.name: bundle.read_bytes()}))
    return [bundle, sums]
