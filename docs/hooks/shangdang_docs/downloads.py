"""Files published with the site: the canonical package and the exports, each with its size and sha256.

The canonical package keeps its layout under `downloads/` (`datapackage.json`,
`data/*.csv`, `schemas/*.json`, the raw source), so the published descriptor
works as it is. The exports are made at build time by `shangdang-data export
--format all` into a temporary folder and published under `downloads/exports/`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from shangdang_data import citation
from shangdang_data.descriptor import hash_file
from shangdang_data.export.bundle import package_contents
from shangdang_docs import markdown as md
from shangdang_docs.context import SiteContext

#: Where the downloads live in the site.
PREFIX = "downloads"

#: What each export file is (Chinese, English), by name or suffix, in the order the page lists them.
KINDS = {
    ".zip": ("全部文件的 zip 压缩包，含 SHA256SUMS", "Everything in one zip bundle, with SHA256SUMS"),
    ".xlsx": ("Excel 工作簿：每表一个工作表，另有说明页", "Excel workbook: one sheet per table and a README sheet"),
    ".db": (
        "SQLite 数据库，含键和类型（可用 datasette 或任何 SQLite 工具打开）",
        "SQLite database with keys and types (open it with datasette or any SQLite tool)",
    ),
    ".sqlite": (
        "SQLite 数据库，含键和类型（可用 datasette 或任何 SQLite 工具打开）",
        "SQLite database with keys and types (open it with datasette or any SQLite tool)",
    ),
    "metadata.json": (
        "SQLite 数据库的 datasette 元数据：标题、说明、来源、许可",
        "datasette metadata for the SQLite database: titles, descriptions, source, licence",
    ),
    ".parquet": ("Parquet 文件，按表结构定义的类型", "Parquet file with the schema's types"),
    ".csv": ("带 BOM 的 UTF-8 CSV，供 Windows 上的电子表格使用", "CSV, UTF-8 with BOM, for spreadsheets on Windows"),
    "SHA256SUMS": ("每个导出文件的 sha256", "sha256 of every export file"),
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
    group: str  # "package", "exports" or "tables" (one workbook per table)
    description: str  # in English
    size: int
    sha256: str
    description_zh: str = ""

    def describe(self, language: str) -> str:
        """What the file is, in `language` ("zh" or "en")."""
        return self.description_zh or self.description if language == "zh" else self.description


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file (the package's own hash, without its `sha256:` prefix)."""
    return hash_file(path).removeprefix("sha256:")


def _download(site_path: str, source: Path, group: str, description: str, description_zh: str = "") -> Download:
    return Download(site_path, source, group, description, source.stat().st_size, sha256_of(source), description_zh)


def package_files(ctx: SiteContext, workdir: Path) -> list[Download]:
    """The descriptor, every resource's CSV and schema, and the raw source, as committed.

    They are read through the package's reading layer and published from a copy in
    `workdir`, so the site never follows a link out of the package.
    """
    spec = ctx.spec
    described = {"datapackage.json": ("Data package descriptor", "数据包描述文件")}
    for table in spec.tables:
        described[table.path] = (f"{table.title_zh} · {table.title}", f"{table.title_zh or table.title}")
    for table in spec.tables:
        described[table.schema_path] = (
            f"Table Schema of {table.name}",
            f"{table.title_zh or table.name}的表结构（Table Schema）",
        )
    if spec.source_path:
        described[spec.source_path] = ("The report as received (raw source)", "报告原件（收到时的原始文件）")
    contents = package_contents(spec, extra=())
    files = []
    for name, (description, description_zh) in described.items():
        if name not in contents:
            continue
        copy = workdir / "package" / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(contents[name])
        files.append(_download(f"{PREFIX}/{name}", copy, "package", description, description_zh))
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
        zh, en = KINDS.get(_kind(path), ("", ""))
        files.append(_download(f"{PREFIX}/exports/{relative}", path, "exports", en, zh))
    return files


def table_workbooks(ctx: SiteContext, out: Path) -> list[Download]:
    """One xlsx per table (with its README sheet), by the package's own xlsx writer, for the tables' pages."""
    import dataclasses

    from shangdang_data.export.xlsx import write_xlsx

    files = []
    for table in ctx.spec.tables:
        folder = out / table.name
        written = write_xlsx(dataclasses.replace(ctx.spec, tables=(table,)), folder)
        workbook = next(path for path in written if path.suffix == ".xlsx")
        files.append(
            _download(
                f"{PREFIX}/exports/tables/{table.name}.xlsx",
                workbook,
                "tables",
                f"{table.title} (xlsx)",
                f"{table.title_zh or table.title}（xlsx）",
            )
        )
    return files


def collect(ctx: SiteContext, workdir: Path) -> list[Download]:
    """Every file to publish: the package, then the exports and one workbook per table when `export` exists."""
    files = package_files(ctx, workdir)
    if export_available():
        files += run_export(ctx, workdir / "exports")
        files += table_workbooks(ctx, workdir / "tables")
    return files


def _size(ctx: SiteContext, item: Download) -> str:
    from shangdang_docs.datatable import human_size

    return f'<span title="{item.size:,} bytes">{human_size(item.size, ctx.language)}</span>'


def render_downloads(ctx: SiteContext, page: str) -> str:
    """Which file to open and why, then every published file with its size and sha256, and the check command."""
    from shangdang_docs.datatable import human_size

    def link(item: Download) -> str:
        return (
            f'<a href="{ctx.site_href(page, item.site_path)}">{md.code(item.site_path.removeprefix(f"{PREFIX}/"))}</a>'
        )

    def rows(group: str) -> list[list[str]]:
        return [
            [
                link(item),
                md.cell(md.text(item.describe(ctx.language))),
                _size(ctx, item),
                f'<code class="sd-hash">{item.sha256}</code>',
            ]
            for item in ctx.downloads
            if item.group == group
        ]

    exports = [item for item in ctx.downloads if item.group == "exports"]
    workbook = next((item for item in exports if item.site_path.endswith(".xlsx")), None)
    bundle = next((item for item in exports if item.site_path.endswith(".zip")), None)
    licences = md.licence_links(citation.licences(ctx.spec))

    def file_link(item: Download, label: str) -> str:
        size = human_size(item.size, ctx.language)
        return f'<a href="{ctx.site_href(page, item.site_path)}">{label}</a> ({size})'

    choose = [md.heading(2, ctx.t("该下载哪个文件？", "Which file should I open?"), "choose")]
    if workbook is not None:
        choose.append(
            ctx.t(
                f"- **用电子表格（Excel、WPS、LibreOffice）**：打开{file_link(workbook, 'Excel 工作簿')}，"
                "每张表一个工作表，另有说明页。工作簿里每个单元格都按原文保存为文本或数字，打开时不会被改动。"
                "每张表也有单独的工作簿，在该表页面的表格上方下载。",
                f"- **In a spreadsheet (Excel, WPS, LibreOffice)**: open the {file_link(workbook, 'Excel workbook')}, "
                "a sheet per table and a README sheet. Every cell of the workbook is stored as written, as text or "
                "as a number, and nothing changes it when it opens. Each table also has a workbook of its own, "
                "above the table on its page.",
            )
        )
        choose.append(
            ctx.t(
                "- **为什么不直接打开 CSV？** 电子表格会“猜”CSV 单元格的类型：在中文区域设置下，`1-2`（“1至2个”）"
                "这样的数字会被当成日期显示为“1月2日”，`007` 这样的编号会丢掉前面的零，以 `=` 开头的文字会被当成公式。"
                "带 BOM 的 CSV（`exports/csv-bom/`）只解决中文乱码，不解决这些问题。",
                "- **Why not the CSV?** A spreadsheet guesses the type of each CSV cell: in a Chinese locale a figure "
                'such as `1-2` ("1 to 2") becomes the date 2 January, an id such as `007` loses its zeros, and text '
                "starting with `=` runs as a formula. The CSV copies with a BOM (`exports/csv-bom/`) only make Excel "
                "read the Chinese correctly; they do not stop the guessing.",
            )
        )
    choose.append(
        ctx.t(
            "- **写程序（Python、R、数据库）**：用标准数据包 `datapackage.json` 和 `data/` 下的 UTF-8 CSV（无 BOM）；"
            "Python 用户可直接 `pip install shangdang-data`。",
            "- **In code (Python, R, a database)**: use the canonical package, `datapackage.json` and the UTF-8 CSV "
            "files (no BOM) under `data/`; in Python, `pip install shangdang-data`.",
        )
    )
    if bundle is not None:
        choose.append(
            ctx.t(
                f"- **全部存档**：{file_link(bundle, 'zip 压缩包')}，含以上全部文件和 SHA256SUMS。",
                f"- **To archive everything**: the {file_link(bundle, 'zip bundle')}, "
                "every file above with SHA256SUMS.",
            )
        )
    choose.append(
        ctx.t(
            f"\n**许可**：数据表采用 {licences} 许可，使用时请注明出处；报告原文是国家机关的官方文件，"
            "依《著作权法》第五条不受著作权保护；代码采用 MIT 许可。\n",
            f"\n**Licence**: the tables are {licences}: use them freely, citing the source. The report is an official "
            "document of a state organ, not protected by copyright (Article 5 of the Copyright Law of the PRC); the "
            "code is MIT-licensed.\n",
        )
    )
    headers = [ctx.t("文件", "File"), ctx.t("内容", "What"), ctx.t("大小", "Size"), "sha256"]
    exports_rows = rows("exports")
    tables_rows = rows("tables")
    return "\n".join(
        [
            ctx.t(
                f"本站发布的数据包版本为 **{md.text(ctx.spec.version)}**。\n",
                f"Version **{md.text(ctx.spec.version)}** of the package, published with this site.\n",
            ),
            "\n".join(choose),
            md.heading(2, ctx.t("导出格式", "Exports"), "exports"),
            md.table(headers, exports_rows)
            if exports_rows
            else ctx.t(
                "*本次构建没有导出文件（缺少 `export` 命令）。*\n",
                "*The exports are not in this build: the `export` command is missing.*\n",
            ),
            md.heading(2, ctx.t("每张表的工作簿", "A workbook per table"), "table-workbooks"),
            md.table(headers, tables_rows) if tables_rows else "",
            md.heading(2, ctx.t("标准数据包", "The canonical package"), "package"),
            ctx.t(
                "CSV 文件是唯一的事实来源：UTF-8 无 BOM，逗号分隔，第一行为表头。"
                "`datapackage.json` 描述这些文件，并指向同目录下的 `data/` 和 `schemas/`。\n",
                "The CSV files are the source of truth: UTF-8 without BOM, comma-separated, header on line 1. "
                "`datapackage.json` describes them and points at `data/` and `schemas/` beside it.\n",
            ),
            md.table(headers, rows("package")),
            md.heading(2, ctx.t("校验文件", "Check a download"), "verify"),
            ctx.t("把上面的 sha256 与您下载的文件比较：\n", "Compare the sha256 above with your copy:\n"),
            "```bash\nsha256sum indicators.csv           # Linux\nshasum -a 256 indicators.csv       # macOS\n"
            "certutil -hashfile indicators.csv SHA256   # Windows\n```\n",
        ]
    )
