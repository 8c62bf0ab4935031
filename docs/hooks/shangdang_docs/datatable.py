"""Interactive tables: one HTML table per data table, enhanced in the browser by `assets/tables.js`.

The table is complete without JavaScript (every row, its anchor, its links), so search
engines, the site search and readers without scripts see everything. In the browser,
`tables.js` adds sort, filter and search with the vendored simple-datatables library,
a "copy citation" button and the highlight of the row a link points at.

Each row is a `<tr id="…">` (its permalink); each cell carries `data-label` (its
column's title, shown before it in the stacked cards of narrow screens). A column
with `choices` gets a filter menu; its cells carry the raw value in `data-filter`
and the menu shows the label.

`generic_columns` gives any table its columns from its Table Schema alone: titles in
the page's language, enum labels from the schema's categories, foreign keys as links
to the row they name, paragraphs as links to the report text, verbatim quotes with
their figure in bold. A new table appears on the site with no code.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from shangdang_data.cite import citable_tables, cite
from shangdang_data.descriptor import FieldSpec, TableSpec
from shangdang_data.display import cell_text, enum_label, label_text
from shangdang_data.figures import figure_span
from shangdang_data.roles import ColumnRole
from shangdang_docs import markdown as md
from shangdang_docs.context import TABLE_PAGES, Pages, Row, SiteContext, english_twin, row_anchor


@dataclass(frozen=True, slots=True)
class Column:
    """One column of an interactive table."""

    #: The header, in the page's language.
    title: str
    #: The cell's HTML for a row.
    cell: Callable[[Row], str]
    #: The value the filter menu matches (`data-filter`); None if the column has no menu.
    filter_value: Callable[[Row], str] | None = None
    #: The filter menu's entries, (value, label), in the order they are offered.
    choices: tuple[tuple[str, str], ...] = ()
    #: A sort key (`data-order`) when the cell's text does not sort right (numbers, outline order).
    order: Callable[[Row], str | float] | None = None
    #: Extra class of the cells: `sd-quote` (wide, kept on phones), `sd-key` (the row's headline).
    kind: str = ""
    #: False keeps the column out of the site search (`data-search-exclude`): labels repeated on every row
    #: (basis, section, linked rows) would otherwise outweigh the row's own words.
    indexed: bool = True


def escape(text: str) -> str:
    """Data text as HTML, line breaks kept."""
    return html.escape(text).replace("\n", "<br>")


def link(label_html: str, href: str, title: str = "") -> str:
    """An `<a>` element; `label_html` is HTML already."""
    title_part = f' title="{html.escape(title)}"' if title else ""
    return f'<a href="{html.escape(href)}"{title_part}>{label_html}</a>'


def row_href(ctx: SiteContext, page: str, table: str, key: str) -> str:
    """The URL of one row of `table` on its page, from `page`."""
    return md.html_href(page, TABLE_PAGES.get(table, Pages.OTHER), row_anchor(table, key))


def paragraph_href(page: str, paragraph_id: str) -> str:
    """The URL of a paragraph of the report text, from `page`."""
    return md.html_href(page, Pages.REPORT, paragraph_id)


def quote_html(quote: str, figure: str | None = None) -> str:
    """A verbatim quote, its figure (if it stands in it as a whole number) in bold."""
    span = figure_span(quote, figure) if figure else None
    if span is None:
        return escape(quote)
    start, end = span
    return escape(quote[:start]) + "<strong>" + escape(quote[start:end]) + "</strong>" + escape(quote[end:])


def source_html(ctx: SiteContext, page: str, spec: TableSpec, row: Row) -> str:
    """The row's verbatim quote (figure in bold), then a link to its paragraph."""
    quote, paragraph = spec.role(ColumnRole.QUOTE), spec.role(ColumnRole.PARAGRAPH)
    figure = spec.role(ColumnRole.FIGURE)
    text = quote_html(row.get(quote.name, ""), row.get(figure.name) if figure else None) if quote else ""
    paragraph_id = row.get(paragraph.name, "") if paragraph else ""
    if paragraph_id:
        text += f' <a class="sd-para-link" href="{paragraph_href(page, paragraph_id)}">{escape(paragraph_id)}</a>'
    return text


def citation(ctx: SiteContext, table: str, key: str) -> str:
    """The package's own citation of a row (`shangdang_data.cite`), computed once per build for both languages."""
    cache: dict[str, str] = ctx.__dict__.setdefault("_citations", {})
    row_id = f"{table}:{key}"
    if row_id not in cache:
        cache[row_id] = cite(row_id, path=ctx.root)
    return cache[row_id]


def _citable(ctx: SiteContext) -> frozenset[str]:
    found: frozenset[str] | None = ctx.__dict__.get("_citable")
    if found is None:
        found = frozenset(t.name for t in citable_tables(ctx.spec))
        ctx.__dict__["_citable"] = found
    return found


def _tools(ctx: SiteContext, table: str, key: str, anchor: str) -> str:
    permalink = ctx.t("本行的永久链接", "Permanent link to this row")
    parts = [f'<a class="sd-permalink" href="#{html.escape(anchor)}" title="{permalink}">#</a>']
    if table in _citable(ctx):
        text = html.escape(citation(ctx, table, key))
        parts.append(
            f'<button type="button" class="sd-cite" data-cite="{text}">{ctx.t("复制引用", "Copy citation")}</button>'
        )
    return "".join(parts)


def order_text(key: object) -> str:
    """A sort key as the browser's `Number()` reads it: `-inf` (a row with no number) is `-Infinity`."""
    if isinstance(key, float) and math.isinf(key):
        return "Infinity" if key > 0 else "-Infinity"
    return str(key)


def render(
    ctx: SiteContext,
    page: str,
    table: str,
    rows: Sequence[Row],
    columns: Sequence[Column],
    *,
    table_id: str,
    anchors: bool = True,
    downloads: bool = True,
    tools: bool = True,
    indexed: bool = True,
    caption: str = "",
) -> str:
    """An interactive table of `rows` (of `table`), as a raw HTML block for a Markdown page.

    `anchors=False` for a second view of rows anchored elsewhere on the page (ids stay unique);
    `tools=False` leaves out the permalink and citation (a summary whose rows link to the full table);
    `indexed=False` keeps the whole table out of the site search (a second view of rows indexed elsewhere).
    """
    if not rows:
        return f"*{ctx.t('此表暂无数据。', 'This table has no rows yet.')}*\n"
    head = []
    for column in columns:
        attributes = ""
        if column.choices:
            attributes += f" data-choices='{html.escape(json.dumps(column.choices, ensure_ascii=False), quote=True)}'"
        if column.kind:
            attributes += f' class="{column.kind}"'
        head.append(f"<th{attributes}>{column.title}</th>")
    if tools:
        head.append(
            f'<th class="sd-tools" data-sortable="false"><span class="sd-sr">{ctx.t("操作", "Tools")}</span></th>'
        )
    body = []
    for row in rows:
        key = ctx.key_of(table, row)
        anchor = row_anchor(table, key)
        cells = []
        for column in columns:
            attributes = f' data-label="{html.escape(_plain(column.title))}"'
            if column.filter_value is not None:
                attributes += f' data-filter="{html.escape(column.filter_value(row))}"'
            if column.order is not None:
                attributes += f' data-order="{html.escape(order_text(column.order(row)))}"'
            if column.kind:
                attributes += f' class="{column.kind}"'
            if not column.indexed:
                attributes += " data-search-exclude"
            content = column.cell(row)
            if column.kind == "sd-key" and anchors and indexed:
                # The row's headline is a heading: the site search then finds the row itself by its name.
                content = f'<h3 class="sd-row-title" id="{html.escape(anchor)}-title">{content}</h3>'
            cells.append(f"<td{attributes}>{content}</td>")
        if tools:
            cells.append(f'<td class="sd-tools" data-search-exclude>{_tools(ctx, table, key, anchor)}</td>')
        row_id = f' id="{html.escape(anchor)}"' if anchors else f' data-anchor="{html.escape(anchor)}"'
        body.append(f"<tr{row_id}>{''.join(cells)}</tr>")
    caption_html = f"<caption>{caption}</caption>" if caption else ""
    exclude = "" if indexed else " data-search-exclude"
    return (
        f'<div class="sd-datatable" id="{table_id}" data-rows="{len(rows)}"{exclude}>\n'
        + (download_links(ctx, page, table) if downloads else "")
        + f'<table class="sd-table">{caption_html}<thead><tr>{"".join(head)}</tr></thead>\n<tbody>\n'
        + "\n".join(body)
        + "\n</tbody></table>\n</div>\n"
    )


def _plain(title: str) -> str:
    """A header's text without markup, for `data-label`."""
    import re

    return html.unescape(re.sub(r"<[^>]+>", " ", title)).strip()


def download_links(ctx: SiteContext, page: str, table: str) -> str:
    """Links to the table's CSV (as published), its CSV for Excel (with BOM) and its own xlsx workbook."""
    spec = ctx.table(table)
    found = {item.site_path: item for item in ctx.downloads}
    wanted = [
        ("CSV", f"downloads/{spec.path}", ctx.t("UTF-8 CSV，标准数据文件", "UTF-8 CSV, the canonical file")),
        (
            ctx.t("CSV（Excel）", "CSV (Excel)"),
            f"downloads/exports/csv-bom/{spec.name}.csv",
            ctx.t("带 BOM 的 CSV，供 Windows 上的 Excel 直接打开", "CSV with a BOM, for Excel on Windows"),
        ),
        (
            "xlsx",
            f"downloads/exports/tables/{spec.name}.xlsx",
            ctx.t("本表的 Excel 工作簿：单元格按原文保存", "This table as an Excel workbook: every cell as written"),
        ),
    ]
    links = []
    for label, site_path, title in wanted:
        item = found.get(site_path)
        if item is not None:
            size = human_size(item.size, ctx.language)
            links.append(
                f'<a href="{ctx.site_href(page, site_path)}" download title="{html.escape(title)}">{label}</a>'
                f" <small>{size}</small>"
            )
    if not links:
        return ""
    return f'<p class="sd-table-downloads">{ctx.t("下载本表：", "Download this table: ")}{" · ".join(links)}</p>\n'


def human_size(size: int, language: str = "en") -> str:
    """`12.3 KB`, `1.4 MB`: a file size for people (1 KB = 1000 bytes, as file managers show it)."""
    for unit, scale in (("MB", 1_000_000), ("KB", 1_000)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} 字节" if language == "zh" else f"{size} bytes"


# --- columns from a Table Schema ------------------------------------------------------------------------------------


def field_title(ctx: SiteContext, field: FieldSpec) -> str:
    """A column's title in the page's language (the schema's `title_zh` / `title`)."""
    return escape(ctx.t(field.title_zh or field.title or field.name, field.title or field.name))


def enum_column(ctx: SiteContext, field: FieldSpec, title: str | None = None) -> Column:
    """A column of enum labels, in the page's language, with a filter menu over the enum's values."""
    language = ctx.language
    return Column(
        title=title or field_title(ctx, field),
        cell=lambda row: escape(enum_label(field, row.get(field.name, ""), language)) if row.get(field.name) else "",
        filter_value=lambda row: row.get(field.name, ""),
        choices=tuple((value, enum_label(field, value, language)) for value in (field.enum or ())),
        indexed=False,
    )


def reference_cell(ctx: SiteContext, page: str, spec: TableSpec, field: FieldSpec, row: Row) -> str:
    """A foreign key: the label of the row it names (in the page's language), linked to that row."""
    value = row.get(field.name, "")
    fk = spec.reference(field.name)
    if not value or fk is None:
        return escape(value)
    if ctx.table(fk.resource).role(ColumnRole.TEXT) is not None:  # a paragraph: shown by its id
        return f'<a class="sd-para-link" href="{paragraph_href(page, value)}">{escape(value)}</a>'
    label = cell_text(spec, field, row, ctx.text_rows, ctx.language) or value
    return link(escape(label), row_href(ctx, page, fk.resource, value))


def generic_columns(ctx: SiteContext, page: str, name: str) -> list[Column]:
    """Every column of table `name` from its schema: a `_zh`/`_en` pair as one column, roles shown as people read them.

    The label columns come first (in the page's language, the other under it); the
    verbatim quote with its paragraph link is one column; keys are not shown (each row's
    permalink and citation carry them).
    """
    spec = ctx.table(name)
    columns: list[Column] = []
    shown: set[str] = set(spec.primary_key)
    primary, secondary = (ColumnRole.LABEL, ColumnRole.LABEL_EN)
    if ctx.language == "en":
        primary, secondary = secondary, primary
    labels = spec.with_role(primary)
    if labels:
        shown |= {f.name for f in spec.with_role(ColumnRole.LABEL) + spec.with_role(ColumnRole.LABEL_EN)}

        def label_cell(row: Row) -> str:
            first = label_text(spec, row, ctx.text_rows, "zh" if primary is ColumnRole.LABEL else "en")
            second = label_text(spec, row, ctx.text_rows, "en" if primary is ColumnRole.LABEL else "zh")
            return escape(first) + (f"<br><small>{escape(second)}</small>" if second and second != first else "")

        columns.append(Column(title=field_title(ctx, labels[0]), cell=label_cell, kind="sd-key"))
    quote = spec.role(ColumnRole.QUOTE)
    paragraph = spec.role(ColumnRole.PARAGRAPH)
    for field in spec.fields:
        if field.name in shown or field.copy_of is not None:
            continue
        if quote is not None and field.name in (quote.name, paragraph.name if paragraph else ""):
            continue
        shown.add(field.name)
        twin = english_twin(spec, field)
        if twin is not None:
            shown.add(twin.name)
            columns.append(_pair_column(ctx, spec, field, twin))
        elif field.categories:
            columns.append(enum_column(ctx, field))
        elif spec.reference(field.name) is not None:
            columns.append(_reference_column(ctx, page, spec, field))
        elif field.verbatim:
            columns.append(_verbatim_column(ctx, field))
        else:
            columns.append(_text_column(ctx, field))
    if quote is not None:
        source = Column(
            title=ctx.t("原文", "Quote"), cell=lambda row: source_html(ctx, page, spec, row), kind="sd-quote"
        )
        # Without a label, what the row quotes is what it is about (errata: what the report wrote).
        columns.insert(0 if not labels else len(columns), source)
    elif paragraph is not None:
        columns.append(
            Column(title=field_title(ctx, paragraph), cell=lambda row: reference_cell(ctx, page, spec, paragraph, row))
        )
    return columns


def _reference_column(ctx: SiteContext, page: str, spec: TableSpec, field: FieldSpec) -> Column:
    return Column(
        title=field_title(ctx, field), cell=lambda row: reference_cell(ctx, page, spec, field, row), indexed=False
    )


def _verbatim_column(ctx: SiteContext, field: FieldSpec) -> Column:
    return Column(title=field_title(ctx, field), cell=lambda row: quote_html(row.get(field.name, "")))


def _pair_column(ctx: SiteContext, spec: TableSpec, zh: FieldSpec, en: FieldSpec) -> Column:
    first, second = (zh, en) if ctx.language == "zh" else (en, zh)

    def cell(row: Row) -> str:
        one, other = row.get(first.name, ""), row.get(second.name, "")
        return escape(one or other) + (f"<br><small>{escape(other)}</small>" if one and other else "")

    return Column(title=field_title(ctx, first), cell=cell)


def _text_column(ctx: SiteContext, field: FieldSpec) -> Column:
    numeric = field.kind.numeric  # the type registry says which types sort as numbers

    def order(row: Row) -> str | float:
        value = row.get(field.name, "")
        if numeric and value:
            try:
                return float(value)
            except ValueError:
                return value
        return value

    return Column(
        title=field_title(ctx, field),
        cell=lambda row: escape(row.get(field.name, "")),
        order=order if numeric else None,
    )
