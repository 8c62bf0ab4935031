"""The data dictionary, from `datapackage.json` and `schemas/` through `read_descriptor`.

Every table gets a heading whose id is its name, every field a row whose id is
`<table>.<field>`; keys and relations link to the fields they name.
"""

from __future__ import annotations

from shangdang_data import citation
from shangdang_data.descriptor import FieldSpec, TableSpec
from shangdang_data.roles import ColumnRole
from shangdang_docs import markdown as md
from shangdang_docs.context import TABLE_PAGES, Pages, SiteContext, cell, field_anchor


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def constraints(spec: FieldSpec) -> str:
    """The field's constraints in words: required, unique, enum (with labels), pattern, bounds, role."""
    parts = []
    if spec.required:
        parts.append("required")
    if spec.unique:
        parts.append("unique")
    if spec.categories:
        labels = (f"{md.code(c.value)} {md.text(c.label_zh)} · {md.text(c.label)}" for c in spec.categories)
        parts.append("one of " + ", ".join(labels))
    elif spec.enum is not None:
        parts.append("one of " + ", ".join(md.code(value) for value in spec.enum))
    if spec.pattern is not None:
        parts.append("pattern " + md.code(spec.pattern))
    if spec.minimum is not None:
        parts.append(f"≥ {_number(spec.minimum)}")
    if spec.exclusive_minimum is not None:
        parts.append(f"> {_number(spec.exclusive_minimum)}")
    if spec.maximum is not None:
        parts.append(f"≤ {_number(spec.maximum)}")
    if spec.role is not None:
        parts.append(f"role {md.code(spec.role.value)}")
    return "<br>".join(parts)


def _field_link(page: str, table: str, fields: tuple[str, ...]) -> str:
    return ", ".join(md.link(md.code(f"{table}.{name}"), page, page, field_anchor(table, name)) for name in fields)


def table_section(ctx: SiteContext, page: str, spec: TableSpec) -> str:
    """Heading, description, keys, checks and the field table of one resource."""
    rows = len(ctx.rows(spec.name))
    browse = TABLE_PAGES.get(spec.name, Pages.OTHER)
    anchor = None if browse != Pages.OTHER else spec.name
    title = f"{md.text(spec.title_zh)} · {md.text(spec.title)}" if ctx.language == "zh" else md.text(spec.title)
    lines = [
        md.heading(2, f"{md.code(spec.name)} · {title}", spec.name),
        md.prose(ctx.described(spec)) + "\n",
        ctx.t(
            f"- 文件：{md.code(spec.path)}（{rows} 行）· 模式：{md.code(spec.schema_path)} · ",
            f"- File: {md.code(spec.path)} ({rows} rows) · schema: {md.code(spec.schema_path)} · ",
        )
        + md.link(ctx.t("浏览各行", "browse the rows"), page, browse, anchor),
    ]
    if spec.primary_key:
        lines.append(ctx.t("- 主键：", "- Primary key: ") + _field_link(page, spec.name, spec.primary_key))
    for fk in spec.foreign_keys:
        lines.append(
            ctx.t("- 外键：", "- Foreign key: ") + f"{_field_link(page, spec.name, fk.fields)} → "
            f"{_field_link(page, fk.resource, fk.reference_fields)}"
        )
    referenced_by = [
        (other.name, fk) for other in ctx.spec.tables for fk in other.foreign_keys if fk.resource == spec.name
    ]
    if referenced_by:
        lines.append(
            ctx.t("- 被引用：", "- Referenced by: ")
            + ", ".join(_field_link(page, name, fk.fields) for name, fk in referenced_by)
        )
    for column in spec.verbatim:
        lines.append(
            ctx.t(
                f"- 校验：{md.code(column)} 逐字出现在所引段落中",
                f"- Checked: {md.code(column)} appears verbatim in the cited paragraph's text",
            )
        )
    figure, quote = spec.role(ColumnRole.FIGURE), spec.role(ColumnRole.QUOTE)
    if figure is not None and quote is not None:
        lines.append(
            ctx.t(
                f"- 校验：{md.code(figure.name)} 作为完整的数出现在 {md.code(quote.name)} 中",
                f"- Checked: {md.code(figure.name)} stands in {md.code(quote.name)} as a whole number",
            )
        )
    for field in spec.fields:
        if field.copy_of is not None:
            lines.append(
                ctx.t(
                    f"- 校验：{md.code(field.name)} 等于 {md.code(field.copy_of.via)} 所指行的 "
                    f"{md.code(field.copy_of.field)}",
                    f"- Checked: {md.code(field.name)} equals {md.code(field.copy_of.field)} of the row "
                    f"{md.code(field.copy_of.via)} references",
                )
            )
    lines.append("")
    lines.append(
        md.table(
            [
                ctx.t("字段", "Field"),
                ctx.t("类型", "Type"),
                ctx.t("约束", "Constraints"),
                ctx.t("标题", "Title"),
                ctx.t("说明", "Description"),
            ],
            [
                [
                    f'<span id="{field_anchor(spec.name, field.name)}"></span>{md.code(field.name)}',
                    md.code(field.type),
                    md.cell(constraints(field)),
                    md.cell(
                        md.bilingual(field.title_zh, field.title) if ctx.language == "zh" else md.text(field.title)
                    ),
                    md.cell(
                        (field.description_zh + f"<br><small>{field.description}</small>")
                        if ctx.language == "zh" and field.description_zh
                        else field.description
                        + (f"<br><small>{field.description_zh}</small>" if field.description_zh else "")
                    ),
                ]
                for field in spec.fields
            ],
        )
    )
    return "\n".join(lines)


def render_dictionary(ctx: SiteContext, page: str) -> str:
    """The package's metadata, a table of tables, then one section per table."""
    spec = ctx.spec
    raw = spec.raw
    licences = md.licence_links(citation.licences(spec))
    source = citation.report_source(spec)
    overview = md.table(
        [
            ctx.t("表", "Table"),
            ctx.t("中文名", "Chinese"),
            ctx.t("行数", "Rows"),
            ctx.t("字段数", "Fields"),
            ctx.t("说明", "Description"),
        ],
        [
            [
                md.link(md.code(table.name), page, page, table.name),
                md.text(table.title_zh),
                str(len(ctx.rows(table.name))),
                str(len(table.fields)),
                md.cell(md.prose(ctx.described(table))),
            ]
            for table in spec.tables
        ],
    )
    header = [
        ctx.t(
            f"- 数据包：{md.code(spec.name)}，版本 **{md.text(spec.version)}**",
            f"- Package: {md.code(spec.name)}, version **{md.text(spec.version)}**",
        ),
        ctx.t(
            f"- 标题：{md.text(str(raw.get('title_zh', '')))} · {md.text(spec.title)}",
            f"- Title: {md.text(spec.title)} · {md.text(str(raw.get('title_zh', '')))}",
        ),
        ctx.t(f"- 许可：{licences}", f"- Licence: {licences}"),
        ctx.t("- 来源：", "- Source: ")
        + f"{md.text(str(source.get('title', '')))} ({md.text(str(source.get('date', '')))}), "
        f"{md.code(spec.source_path)}, {md.code(spec.source_hash)}",
        ctx.t(
            f"- {len(spec.tables)} 张表，{sum(len(t.fields) for t in spec.tables)} 个字段，"
            f"{sum(len(ctx.rows(t.name)) for t in spec.tables)} 行",
            f"- {len(spec.tables)} tables, {sum(len(t.fields) for t in spec.tables)} fields, "
            f"{sum(len(ctx.rows(t.name)) for t in spec.tables)} rows",
        ),
        "",
        md.heading(2, ctx.t("各表一览", "The tables"), "tables"),
        overview,
    ]
    return "\n".join(header) + "\n" + "\n".join(table_section(ctx, page, table) for table in spec.tables)


def render_field(ctx: SiteContext, page: str, argument: str) -> str:
    """One field's definition from its Table Schema (`TABLE.FIELD`), as an admonition."""
    table_name, _, field_name = argument.partition(".")
    spec = ctx.table(table_name).field(field_name)
    allowed = constraints(spec)
    link = md.link(md.code(argument), page, Pages.DICTIONARY, field_anchor(table_name, field_name))
    body = spec.description + (f"\n\n{spec.description_zh}" if spec.description_zh else "")
    if allowed:
        body += "\n\n" + allowed.replace("<br>", " · ")
    indented = "\n".join(f"    {line}" if line else "" for line in body.splitlines())
    return f'!!! abstract "{spec.title} · {spec.title_zh} ({argument})"\n\n{indented}\n\n    {link}\n'


def render_source(ctx: SiteContext, page: str) -> str:
    """The raw source as the descriptor records it: title, issuer, author, date, path, size and sha256."""
    source = citation.report_source(ctx.spec)
    items = [
        ("Title", source.get("title", "")),
        ("In English", source.get("title_en", "")),
        ("Issued by", source.get("issuer", "")),
        ("Delivered by", source.get("author", "")),
        ("Date", source.get("date", "")),
    ]
    lines = [f"- {label}: {md.text(str(value))}" for label, value in items if value]
    lines.append(f"- File: {md.code(str(source.get('path', '')))}, {source.get('bytes', '?')} bytes")
    lines.append(f"- Hash: {md.code(str(source.get('hash', '')))}")
    return "\n".join(lines) + "\n"


#: The units table's conversion columns, which `shangdang_data.display.base_unit_text` reads by the same names.
UNIT_CONVERSION = ("dimension", "base_unit", "factor", "metric_unit", "metric_factor")


def render_units(ctx: SiteContext, page: str) -> str:
    """The units table, grouped by dimension: each unit as written, in English, and its conversion factors."""
    table = "units"
    spec = ctx.table(table)
    dimension, base, factor, metric, metric_factor = UNIT_CONVERSION
    written, english = spec.role(ColumnRole.LABEL), spec.role(ColumnRole.LABEL_EN)
    rows = sorted(ctx.rows(table), key=lambda row: (row.get(dimension, ""), ctx.key_of(table, row)))
    return md.table(
        ["Unit", "Written", "English", "Dimension", "Base unit × factor", "Metric"],
        [
            [
                md.code(ctx.key_of(table, row)),
                md.text(cell(row, written)),
                md.text(cell(row, english)),
                row.get(dimension, ""),
                f"{md.text(row.get(base, ''))} × {row.get(factor, '')}",
                f"{md.text(row.get(metric, ''))} × {row.get(metric_factor, '')}" if row.get(metric) else "",
            ]
            for row in rows
        ],
    )
