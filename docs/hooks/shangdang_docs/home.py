"""The home page's headline figures, table counts and quick download links, from the committed data."""

from __future__ import annotations

import re
from collections import Counter

from shangdang_data.descriptor import TableSpec
from shangdang_data.display import label_text
from shangdang_data.roles import ColumnRole
from shangdang_docs import datatable as dt
from shangdang_docs import markdown as md
from shangdang_docs.context import TABLE_PAGES, Pages, Row, SiteContext, cell, row_anchor
from shangdang_docs.figures import (
    ACTUAL,
    DECREASE,
    GROWTH_SUFFIX,
    basis_column,
    comparator_words,
    format_value,
    is_growth_rate,
    subject,
)


def _figure(ctx: SiteContext, page: str, spec: TableSpec, row: Row) -> str:
    words = comparator_words(ctx, spec, row)
    key = ctx.key_of(spec.name, row)
    title = key + (f" · {words}" if words else "")
    value = format_value(ctx, spec, row)
    if is_growth_rate(spec, row) and cell(row, spec.role(ColumnRole.DIRECTION)) != DECREASE:
        value = "+" + value if value[:1].isdigit() else value
    return md.link(md.text(value), page, TABLE_PAGES.get(spec.name, Pages.OTHER), row_anchor(spec.name, key), title)


def headline_table(ctx: SiteContext, page: str, paragraph_id: str) -> str:
    """The figures of one headline paragraph: a level and its growth rate on one line."""
    spec = ctx.figure_table
    if spec is None:
        return ""
    paragraph = spec.role(ColumnRole.PARAGRAPH)
    rows = [row for row in ctx.rows(spec.name) if cell(row, paragraph) == paragraph_id]
    if not rows:
        return ""
    scopes = spec.with_role(ColumnRole.LABEL)[1:]
    groups: dict[tuple[str, ...], dict[str, list[Row]]] = {}
    names: dict[tuple[str, ...], Row] = {}
    for row in rows:
        key = (subject(spec, row), *(cell(row, scope) for scope in scopes))
        column = "growth" if is_growth_rate(spec, row) else "level"
        groups.setdefault(key, {}).setdefault(column, []).append(row)
        if column == "level" or key not in names:
            names[key] = row
    basis, period = basis_column(spec), spec.role(ColumnRole.PERIOD)
    stated, year = Counter((cell(row, basis), cell(row, period)) for row in rows).most_common(1)[0][0]
    title = ctx.t(f"{year}年成绩", f"{year} results") if stated == ACTUAL else ctx.t(f"{year}年目标", f"{year} targets")
    body = []
    for key, columns in groups.items():
        row = names[key]
        scope = "，".join(part for part in key[1:] if part)
        zh = key[0] + (f"（{scope}）" if scope else "")
        en = GROWTH_SUFFIX.sub("", label_text(spec, row, ctx.text_rows, "en"))
        en = re.sub(r"\s*growth( rate)?$", "", en, flags=re.IGNORECASE) if is_growth_rate(spec, row) else en
        body.append(
            [
                md.cell(md.bilingual(zh, en) if ctx.language == "zh" else md.bilingual(en, zh)),
                md.cell(" · ".join(_figure(ctx, page, spec, r) for r in columns.get("level", []))),
                md.cell(" · ".join(_figure(ctx, page, spec, r) for r in columns.get("growth", []))),
            ]
        )
    source = md.link(md.code(paragraph_id), page, Pages.REPORT, paragraph_id)
    return (
        md.heading(3, title, f"headline-{paragraph_id.replace('.', '-')}")
        + "\n"
        + ctx.t(f"出自段落 {source}。", f"From paragraph {source}.")
        + "\n\n"
        + md.table([ctx.t("指标", "Subject"), ctx.t("总量", "Amount"), ctx.t("增速", "Growth")], body)
    )


def render_headlines(ctx: SiteContext, page: str) -> str:
    """One table per headline paragraph (set in mkdocs.yml: `extra.shangdang.headline_paragraphs`)."""
    tables = [headline_table(ctx, page, pid) for pid in ctx.headline_paragraphs if pid in ctx.paragraphs]
    tables = [table for table in tables if table]
    if not tables:
        return ctx.t("*指标表中还没有主要数字。*\n", "*The headline figures are not in the indicators table yet.*\n")
    # The figures are indexed on the indicators page, where their rows are: not again here.
    return "<div data-search-exclude markdown>\n\n" + "\n".join(tables) + "\n</div>\n"


def render_counts(ctx: SiteContext, page: str) -> str:
    """One line per curated table: its size, linked to where it can be browsed."""
    items = []
    for spec in ctx.spec.tables:
        if TABLE_PAGES.get(spec.name) == Pages.REPORT:
            continue  # the report text, not a table
        target = TABLE_PAGES.get(spec.name, Pages.OTHER)
        anchor = spec.name if target == Pages.OTHER else None
        label = ctx.t(spec.title_zh or spec.title, spec.title or spec.title_zh)
        items.append(f"**{len(ctx.rows(spec.name))}** " + md.link(md.text(label), page, target, anchor))
    return ctx.t("本版收录：", "In this version: ") + ctx.t("、", " · ").join(items) + ctx.t("。", ".") + "\n"


def render_quick_downloads(ctx: SiteContext, page: str) -> str:
    """Which file to open: the xlsx for spreadsheets, then the BOM CSVs, the bundle and the canonical package."""
    found = {item.site_path: item for item in ctx.downloads}
    exports = [item for item in ctx.downloads if item.group == "exports"]
    workbook = next(
        (item for item in exports if item.site_path.endswith(".xlsx") and "/tables/" not in item.site_path), None
    )
    bundle = next((item for item in exports if item.site_path.endswith(".zip")), None)
    lines = []

    def link(label: str, site_path: str) -> str:
        item = found[site_path]
        return f'<a href="{ctx.site_href(page, site_path)}">{label}</a> ({dt.human_size(item.size, ctx.language)})'

    if workbook is not None:
        lines.append(
            ctx.t(
                f"**用 Excel、WPS 或 LibreOffice？** 请打开 {link('Excel 工作簿', workbook.site_path)}："
                "每表一个工作表，另有说明页；每个单元格都按原文保存，`1-2` 这样的数字不会被改成日期。",
                f"**Using Excel, WPS or LibreOffice?** Open the {link('Excel workbook', workbook.site_path)}: "
                "a sheet per table and a README sheet; every cell is kept as written, so a figure such as `1-2` "
                "never turns into a date.",
            )
        )
    bom = "downloads/exports/csv-bom/indicators.csv"
    choose = md.link(ctx.t("下载", "downloads"), page, Pages.DOWNLOADS, "choose")
    if bom in found:
        lines.append(
            ctx.t(
                "单张表的 CSV（带 BOM，Windows 上的 Excel 可直接识别中文）："
                f"{link('indicators.csv', bom)} 等，见{choose}页。",
                f"One table as CSV with a BOM (Excel on Windows reads its Chinese): {link('indicators.csv', bom)} "
                f"and the others on the {choose} page.",
            )
        )
    if bundle is not None:
        lines.append(
            ctx.t(
                f"全部文件：{link('zip 压缩包', bundle.site_path)}（含 SHA256SUMS）。",
                f"Everything: the {link('zip bundle', bundle.site_path)} (with SHA256SUMS).",
            )
        )
    descriptor = "downloads/datapackage.json"
    if descriptor in found:
        lines.append(
            ctx.t(
                f"编程使用：标准数据包 {link('datapackage.json', descriptor)} 及其 UTF-8 CSV 文件。",
                f"For code: the canonical package, {link('datapackage.json', descriptor)} and its UTF-8 CSV files.",
            )
        )
    lines.append(md.link(ctx.t("全部文件及其 sha256", "All files, with sha256"), page, Pages.DOWNLOADS))
    return "\n".join(f"- {line}" for line in lines) + "\n"
