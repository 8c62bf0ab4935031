"""A reproducible zip bundle of the package and every export, with `SHA256SUMS`.

The same input gives a byte-identical zip: entries sorted by name, every
timestamp 1980-01-01 00:00, permissions 0644, a fixed compression level and a
fixed "made by" system. `export --format all` writes it as
`<name>-<version>-exports.zip`; `release` writes the same layout, with the
changelog and contributing guide, as `<name>-<version>.zip` (two names, as the
contents differ). Everything sits under one folder, `<name>-<version>/`:

    shangdang-data-0.1.0/
      README.md  LICENSE  datapackage.json  data/  schemas/
      xlsx/  sqlite/  parquet/  csv-bom/
      SHA256SUMS               sha256 of every other file: `sha256sum -c SHA256SUMS`
"""

from __future__ import annotations

import hashlib
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

from shangdang_data.descriptor import PackageSpec
from shangdang_data.export._about import export_stem, licence_line, source_line
from shangdang_data.export._progress import Progress, report

__all__ = [
    "SUMS_NAME",
    "bundle_name",
    "export_bundle_file",
    "package_contents",
    "release_file",
    "sha256sums",
    "write_bundle",
    "write_zip",
]

#: The checksum file, in the format `sha256sum -c` reads.
SUMS_NAME = "SHA256SUMS"
#: Timestamp of every entry: the earliest a zip can hold, so nothing depends on when it was built.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_UNIX = 3
_FILE_MODE = 0o100644


def sha256sums(entries: Mapping[str, bytes]) -> bytes:
    """`SHA256SUMS` text for `entries` (name -> content), sorted by name."""
    lines = [f"{hashlib.sha256(content).hexdigest()}  {name}\n" for name, content in sorted(entries.items())]
    return "".join(lines).encode("utf-8")


def write_zip(entries: Mapping[str, bytes], target: Path, *, sort: bool = True) -> Path:
    """Write `entries` (archive name -> content) to the zip `target`, reproducibly.

    `sort=False` keeps the given order (an xlsx wants `[Content_Types].xml` first).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    names = sorted(entries) if sort else list(entries)
    partial = target.with_name(target.name + ".partial")
    with zipfile.ZipFile(partial, "w") as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = _UNIX
            info.external_attr = _FILE_MODE << 16
            archive.writestr(info, entries[name], compresslevel=9)
    partial.replace(target)
    return target


def bundle_name(package: PackageSpec) -> str:
    """`<name>-<version>`: the top folder of both zips."""
    return f"{export_stem(package)}-{package.version}"


def export_bundle_file(package: PackageSpec) -> str:
    """`<name>-<version>-exports.zip`: the file name of the bundle `export --format all` writes."""
    return f"{bundle_name(package)}-exports.zip"


def release_file(package: PackageSpec) -> str:
    """`<name>-<version>.zip`: the file name of the release archive."""
    return f"{bundle_name(package)}.zip"


def package_contents(package: PackageSpec, extra: tuple[str, ...] = ("LICENSE",)) -> dict[str, bytes]:
    """The package's own files by their path in the descriptor, read through the reading layer.

    The descriptor, every CSV and schema, the local sources, and the `extra` files
    (LICENSE …) where the package has them.
    """
    files = package.files
    wanted = [files.descriptor_name, *(p for t in package.tables for p in (t.path, t.schema_path))]
    sources = [s.get("path") for s in package.raw.get("sources", []) if isinstance(s, dict)]
    optional = [p for p in (*sources, *extra) if isinstance(p, str) and files.exists(p)]
    return {
        ("datapackage.json" if path == files.descriptor_name else path): files.read(path).content
        for path in [*wanted, *optional]
    }


def readme(package: PackageSpec, names: list[str]) -> bytes:
    """README.md of the bundle, from the descriptor: what it is, where from, licence, files."""
    lines = [
        f"# {package.title} — version {package.version}",
        "",
        str(package.raw.get("description", "")),
        "",
        f"Source: {source_line(package)}",
        "",
        f"Licence: {licence_line(package)}",
        "",
        str(package.raw.get("rights_note", "")),
        "",
        "## Tables",
        "",
        *(f"- `{t.name}` ({t.title_zh}): {t.description} {t.description_zh}".rstrip() for t in package.tables),
        "",
        "## Files",
        "",
        "- `datapackage.json`, `data/`, `schemas/`: the Frictionless Data Package (canonical CSV, UTF-8, no BOM)",
        "- `xlsx/`: one workbook, a sheet per table and a README sheet",
        "- `sqlite/`: SQLite database with keys, and datasette metadata (`datasette sqlite/`)",
        "- `parquet/`: one Parquet file per table, typed as the schemas say",
        "- `csv-bom/`: the CSVs with a UTF-8 byte-order mark, for spreadsheets on Windows",
        f"- `{SUMS_NAME}`: checksums; verify with `sha256sum -c {SUMS_NAME}`",
        "",
        f"{len(names)} files.",
        "",
    ]
    return "\n".join(lines).encode("utf-8")


def _gather(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def write_bundle(
    package: PackageSpec,
    out_dir: Path,
    *,
    progress: Progress | None = None,
    exports: Mapping[str, Path] | None = None,
    extra: Mapping[str, bytes] | None = None,
    file_name: str | None = None,
) -> list[Path]:
    """Write `<out_dir>/<name>-<version>-exports.zip`: the package, every export, a README and `SHA256SUMS`.

    `exports` maps archive paths (`xlsx/shangdang-data.xlsx` …) to export files
    already written, as `shangdang-data export --format all` does; without it every
    format is written to a temporary folder first. `extra` adds or replaces files
    (archive path -> content), e.g. a changelog; `file_name` replaces the zip's
    name (`release` gives `release_file(package)`).
    """
    from shangdang_data.export import FORMATS, writer

    entries = package_contents(package)
    if exports is None:
        with tempfile.TemporaryDirectory(prefix="shangdang-bundle-") as temporary:
            folder = Path(temporary)
            for fmt in FORMATS:
                writer(fmt)(package, folder, progress=progress)
            entries.update(_gather(folder))
    else:
        entries.update({name: path.read_bytes() for name, path in exports.items()})
    entries.update(extra or {})
    entries.setdefault("README.md", readme(package, sorted({*entries, "README.md", SUMS_NAME})))
    entries.pop(SUMS_NAME, None)
    entries[SUMS_NAME] = sha256sums(entries)
    top = bundle_name(package)
    target = write_zip(
        {f"{top}/{name}": content for name, content in entries.items()},
        out_dir / (file_name or export_bundle_file(package)),
    )
    report(progress, f"bundle: {target.name}")
    return [target]
