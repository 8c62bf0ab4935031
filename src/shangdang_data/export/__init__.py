"""Exports for people who do not use Python: xlsx, SQLite, Parquet, CSV with BOM, and a zip bundle.

Every writer has the same signature and returns the files it wrote:

    write_<format>(package: PackageSpec, out_dir: Path, *, progress=None) -> list[Path]

    xlsx.py     <out>/xlsx/<name>.xlsx          a sheet per table, README sheet, text kept as text
    sqlite.py   <out>/sqlite/shangdang.db       keys and types from the schemas; metadata.json for datasette
    parquet.py  <out>/parquet/<table>.parquet   the schemas' types, enums as dictionaries
    csv_bom.py  <out>/csv-bom/<table>.csv       the canonical CSVs with a UTF-8 byte-order mark
    bundle.py   <out>/<name>-<version>-exports.zip  all of the above plus the package, README and SHA256SUMS

The writers need the `export` extra (openpyxl, pyarrow); a missing one fails with
the pip command that installs it. `export_package` is what `shangdang-data export` runs.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import Protocol

from shangdang_data.descriptor import PackageSpec
from shangdang_data.export._progress import Progress

__all__ = ["FORMATS", "Progress", "Writer", "count_steps", "export_package", "writer"]

#: Export formats, in the order `all` writes them.
FORMATS: tuple[str, ...] = ("xlsx", "sqlite", "parquet", "csv-bom")

_WRITERS: dict[str, tuple[str, str]] = {
    "xlsx": ("shangdang_data.export.xlsx", "write_xlsx"),
    "sqlite": ("shangdang_data.export.sqlite", "write_sqlite"),
    "parquet": ("shangdang_data.export.parquet", "write_parquet"),
    "csv-bom": ("shangdang_data.export.csv_bom", "write_csv_bom"),
    "bundle": ("shangdang_data.export.bundle", "write_bundle"),
}


class Writer(Protocol):
    """The signature every export writer shares."""

    def __call__(self, package: PackageSpec, out_dir: Path, *, progress: Progress | None = None) -> list[Path]: ...


def writer(fmt: str) -> Writer:
    """The writer of `fmt` (one of `FORMATS`, or "bundle")."""
    from shangdang_data.problems import ShangdangError

    if fmt not in _WRITERS:
        raise ShangdangError(f"unknown export format {fmt!r}; choose one of: {', '.join([*FORMATS, 'all'])}")
    module, name = _WRITERS[fmt]
    found: Writer = getattr(import_module(module), name)
    return found


def _formats(fmt: str) -> tuple[str, ...]:
    return FORMATS if fmt == "all" else (fmt,)


def count_steps(fmt: str, package: PackageSpec) -> int:
    """How many times the writers of `fmt` call `progress`: once per table and format, once for the bundle."""
    return len(_formats(fmt)) * len(package.tables) + (1 if fmt == "all" else 0)


def export_package(
    fmt: str, out_dir: str | Path, *, path: str | Path | None = None, progress: Progress | None = None
) -> list[Path]:
    """Export the package at `path` (default: the shipped one) as `fmt` ("all" for every format and the bundle).

    "all" also writes `<out_dir>/SHA256SUMS` over every file it wrote. Returns the files written.
    """
    from shangdang_data.export.bundle import SUMS_NAME, sha256sums
    from shangdang_data.load import read_package_spec

    package = read_package_spec(path)
    out = Path(out_dir)
    written: list[Path] = []
    for one in _formats(fmt):
        written += writer(one)(package, out, progress=progress)
    if fmt == "all":
        from shangdang_data.export.bundle import write_bundle

        exports = {p.relative_to(out).as_posix(): p for p in written}
        written += write_bundle(package, out, progress=progress, exports=exports)
        sums = out / SUMS_NAME
        sums.write_bytes(sha256sums({p.relative_to(out).as_posix(): p.read_bytes() for p in written}))
        written.append(sums)
    return written
