"""Files published with the site: the canonical package and the exports, each with its size and sha256.

The canonical package keeps its layout under `downloads/` (`datapackage.json`,
`data/*.csv`, `schemas/*.json`, the raw source), so the published descriptor
works as it is. The exports are made at build time by `shangdang-data export
--format all` into a temporary folder and published under `downloads/exports/`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from shangdang_data.descriptor import hash_file
from shangdang_data.export.bundle import package_contents
from shangdang_docs import markdown as md
from shangdang_docs.context import SiteContext

#: Where the downloads live in the site.
PREFIX = "downloads"

#: What each export file is, by name or suffix, in the order the page lists them.
KINDS = {
    ".zip": "Everything in one zip bundle, with SHA256SUMS",
    ".xlsx": "Excel workbook: one sheet per table and a README sheet",
    ".db": "SQLite database with keys and types (open it with datasette or any SQLite tool)",
    ".sqlite": "SQLite database with keys and types (open it with datasette or any SQLite tool)",
    "metadata.json": "datasette metadata for the SQLite database: titles, descriptions, source, licence",
    ".parquet": "Parquet file with the schema's types",
    ".csv": "CSV, UTF-8 with BOM, for spreadsheets on Windows",
    "SHA256SUMS": "sha256 of every export file",
}


def _kind(path: Path) -> str:
    return path.name if path.name in KINDS else path.suffix


def _rank(path: Path) -> tuple[int, str]:
    kinds = list(KINDS)
    kind = _kind(path)
    return (kinds.index(kind) if kind in kinds else len(kinds), path.as_posix())


@dataclass(frozen=True, slots=True)
class Download:
    """One published file."""

    site_path: str  # under the site root, with `/`
    source: Path
    group: str  # "package" or "exports"
    description: str
    size: int
    sha256: str


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file (the package's own hash, without its `sha256:` prefix)."""
    return hash_file(path).removeprefix("sha256:")


def _download(site_path: str, source: Path, group: str, description: str) -> Download:
    return Download(site_path, source, group, description, source.stat().st_size, sha256_of(source))


def package_files(ctx: SiteContext, workdir: Path) -> list[Download]:
    """The descriptor, every resource's CSV and schema, and the raw source, as committed.

    They are read through the package's reading layer and published from a copy in
    `workdir`, so the site never follows a link out of the package.
    """
    spec = ctx.spec
    described = {"datapackage.json": "Data package descriptor"}
    for table in spec.tables:
        described[table.path] = f"{table.title_zh} · {table.title}"
    for table in spec.tables:
        described[table.schema_path] = f"Table Schema of {table.name}"
    if spec.source_path:
        described[spec.source_path] = "The report as received (raw source)"
    contents = package_contents(spec, extra=())
    files = []
    for name, description in described.items():
        if name not in contents:
            continue
        copy = workdir / "package" / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(contents[name])
        files.append(_download(f"{PREFIX}/{name}", copy, "package", description))
    return files


def export_available() -> bool:
    """True if this build of the package has the `export` command."""
    from shangdang_data.cli import cli

    return "export" in getattr(cli, "commands", {})


def run_export(ctx: SiteContext, out: Path) -> list[Download]:
    """Run `shangdang-data export --format all --out OUT` in-process and list what it wrote."""
    from click.testing import CliRunner

    from shangdang_data.cli import cli

    result = CliRunner().invoke(cli, ["export", str(ctx.root), "--format", "all", "--out", str(out)])
    if result.exit_code != 0:
        raise RuntimeError(f"shangdang-data export failed (exit {result.exit_code}):\n{result.output}") from (
            result.exception
        )
    files = []
    for path in sorted((p for p in out.rglob("*") if p.is_file()), key=_rank):
        relative = path.relative_to(out).as_posix()
        files.append(_download(f"{PREFIX}/exports/{relative}", path, "exports", KINDS.get(_kind(path), "")))
    return files


def collect(ctx: SiteContext, workdir: Path) -> list[Download]:
    """Every file to publish: the package, then the exports when the export command exists."""
    files = package_files(ctx, workdir)
    if export_available():
        files += run_export(ctx, workdir / "exports")
    return files


def render_downloads(ctx: SiteContext, page: str) -> str:
    """Tables of the published files with size and sha256, and the check command."""

    def rows(group: str) -> list[list[str]]:
        return [
            [
                md.link(md.code(item.site_path.removeprefix(f"{PREFIX}/")), page, item.site_path),
                md.cell(md.text(item.description)),
                f"{item.size:,}",
                f'<code class="sd-hash">{item.sha256}</code>',
            ]
            for item in ctx.downloads
            if item.group == group
        ]

    headers = ["File", "What", "Bytes", "sha256"]
    exports = rows("exports")
    return "\n".join(
        [
            f"Version **{md.text(ctx.spec.version)}** of the package, published with this site.\n",
            md.heading(2, "Exports · 导出格式", "exports"),
            md.table(headers, exports)
            if exports
            else "*The exports (xlsx, sqlite, parquet, zip) are not in this build: the `export` command is missing.*\n",
            md.heading(2, "The canonical package · 标准数据包", "package"),
            "The CSV files are the source of truth: UTF-8 without BOM, comma-separated, header on line 1. "
            "`datapackage.json` describes them and points at `data/` and `schemas/` beside it.\n",
            md.table(headers, rows("package")),
            md.heading(2, "Check a download · 校验文件", "verify"),
            "Compare the sha256 above with your copy:\n",
            "```bash\nsha256sum indicators.csv           # Linux\nshasum -a 256 indicators.csv       # macOS\n"
            "certutil -hashfile indicators.csv SHA256   # Windows\n```\n",
        ]
    )
