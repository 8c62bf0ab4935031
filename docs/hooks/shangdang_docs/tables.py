"""The table pages: indicators, projects, enterprises and chain roles, glossary, errata, and every other table.

Each table is one interactive table (`datatable.render`): every row has its permalink
(`context.row_anchor`), a "copy citation" button, and its figure linked to the
paragraph it was taken from. Labels come from the schemas (titles, categories), in
the language of the page; a table without a page of its own is shown on the
"other tables" page from its schema alone (`datatable.generic_columns`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from shangdang_data.descriptor import FieldSpec, TableSpec
from shangdang_data.display import Language, base_unit_text, enum_label, heading_text, label_text
from shangdang_data.roles import ColumnRole
from shangdang_docs import datatable as dt
from shangdang_docs import markdown as md
from shangdang_docs.context import Pages, Row, SiteContext, cell, english_twin, need
from shangdang_docs.figures import (
    ACTUAL,
    TARGET,
    basis_column,
    comparator_words,
    format_value,
    is_actual_2022,
    is_target_2023,
    pair_actuals_with_targets,
)

#: Tables with a page of their own; the others are rendered one after another on Pages.OTHER.
OWN_PAGE_TABLES = ("indicators", "projects", "enterprises", "enterprise_roles", "glossary", "errata")
#: Tables shown by the report page rather than as tables.
REPORT_TABLES = ("sections", "paragraphs")


def label_cell(ctx: SiteContext, table: str, row: Row) -> str:
    """The row's label in the page's language, the other language under it (`label` / `label_en` roles)."""
    spec = ctx.table(table)
    other: Language = "en" if ctx.language == "zh" else "zh"
    first = label_text(spec, row, ctx.text_rows, ctx.language)
    second = label_text(spec, row, ctx.text_rows, other)
    if not first:
        first, second = second, ""
    return dt.escape(first) + (f" <br><small>{dt.escape(second)}</small>" if second and second != first else "")


def row_label(ctx: SiteContext, table: str, key: str) -> str:
    """The label of one row of `table` in the page's language (its key if it has none)."""
    row = ctx.index(table).get(key)
    if row is None:
        return key
    spec = ctx.table(table)
    return label_text(spec, row, ctx.text_rows, ctx.language) or label_text(spec, row, ctx.text_rows, "zh") or key


def row_link(ctx: SiteContext, page: str, table: str, key: str) -> str:
    """A link to a row of another table, labelled in the page's language."""
    if not key:
        return ""
    return dt.link(dt.escape(row_label(ctx, table, key)), dt.row_href(ctx, page, table, key))


def reference_link(ctx: SiteContext, page: str, spec: TableSpec, field: FieldSpec, row: Row) -> str:
    """The row a foreign key column names, as a link labelled in the page's language; "" if the cell is empty."""
    fk = spec.reference(field.name)
    return row_link(ctx, page, fk.resource, cell(row, field)) if fk is not None else dt.escape(cell(row, field))


def filter_columns(ctx: SiteContext, spec: TableSpec) -> list[dt.Column]:
    """Filter menus over what sort of row it is (`kind`), then over each context column with categories."""
    fields = [*spec.with_role(ColumnRole.KIND), *(f for f in spec.with_role(ColumnRole.CONTEXT) if f.categories)]
    return [dt.enum_column(ctx, field) for field in fields]


def value_html(ctx: SiteContext, page: str, spec: TableSpec, row: Row) -> str:
    """A figure's value as written (`≥ 7%`), linked to its paragraph; money also in yuan on English pages."""
    words = comparator_words(ctx, spec, row)
    paragraph = cell(row, spec.role(ColumnRole.PARAGRAPH))
    text = dt.link(dt.escape(format_value(ctx, spec, row)), dt.paragraph_href(page, paragraph), words)
    if ctx.language == "en":
        yuan = base_unit_text(spec, row, ctx.text_rows)
        unit = _unit_english(ctx, spec, row)
        if unit:
            text += f"<br><small>{dt.escape(unit)}</small>"
        if yuan:
            text += f'<br><small class="sd-yuan">= {dt.escape(yuan)}</small>'
    return text


def _unit_english(ctx: SiteContext, spec: TableSpec, row: Row) -> str:
    """The English name of the row's unit, from the row of the units table its unit column copies; "" for `%`."""
    unit = spec.role(ColumnRole.UNIT)
    fk = spec.reference(unit.copy_of.via) if unit is not None and unit.copy_of is not None else None
    if unit is None or unit.copy_of is None or fk is None:
        return ""
    target = ctx.index(fk.resource).get(row.get(unit.copy_of.via, ""))
    if target is None or target.get(unit.copy_of.field) == "%":
        return ""
    return label_text(ctx.table(fk.resource), target, ctx.text_rows, "en")


def _number_order(spec: TableSpec) -> Callable[[Row], float]:
    value = spec.role(ColumnRole.VALUE)

    def order(row: Row) -> float:
        try:
            return float(cell(row, value))
        except ValueError:
            return float("-inf")

    return order


def section_column(ctx: SiteContext, page: str, table: str, rows: list[Row]) -> dt.Column:
    """The report section a row is in, linked to the report text; filtered by the sections that have rows."""
    present = {ctx.section_of(table, row) for row in rows}
    order = {section_id: index for index, section_id in enumerate(ctx.sections)}
    choices = tuple((sid, ctx.section_label(sid)) for sid in ctx.sections if sid in present)

    def cell_html(row: Row) -> str:
        section_id = ctx.section_of(table, row)
        if not section_id:
            return ""
        label = ctx.section_label(section_id) if ctx.language == "zh" else _section_en(ctx, section_id)
        return dt.link(dt.escape(label), md.html_href(page, Pages.REPORT, section_id))

    return dt.Column(
        title=ctx.t("章节", "Section"),
        cell=cell_html,
        filter_value=lambda row: ctx.section_of(table, row),
        choices=choices if ctx.language == "zh" else tuple((sid, _section_en(ctx, sid)) for sid, _ in choices),
        order=lambda row: order.get(ctx.section_of(table, row), 10_000),
        kind="sd-section",
        indexed=False,
    )


def _section_en(ctx: SiteContext, section_id: str) -> str:
    section = ctx.sections.get(section_id)
    if section is None or ctx.section_table is None:
        return section_id
    return heading_text(ctx.section_table, section, ctx.text_rows, "en") or ctx.section_label(section_id)


def period_column(ctx: SiteContext, spec: TableSpec) -> dt.Column:
    """Basis (actual/target, label from the schema) and period, filtered by basis."""
    basis = need(spec, basis_column(spec), f"a basis with an {ACTUAL!r} category")
    period = spec.role(ColumnRole.PERIOD)
    return dt.Column(
        title=ctx.t("性质 · 时期", "Basis · period"),
        cell=lambda row: (
            dt.escape(enum_label(basis, cell(row, basis), ctx.language)) + " · " + dt.escape(cell(row, period))
        ),
        filter_value=lambda row: cell(row, basis),
        choices=tuple((value, enum_label(basis, value, ctx.language)) for value in basis.enum or ()),
        indexed=False,
    )


def quote_column(ctx: SiteContext, page: str, spec: TableSpec, title: tuple[str, str] = ("原文", "Quote")) -> dt.Column:
    """The row's verbatim quote, its figure in bold, and a link to its paragraph."""
    return dt.Column(title=ctx.t(*title), cell=lambda row: dt.source_html(ctx, page, spec, row), kind="sd-quote")


# --- indicators -------------------------------------------------------------------------------------------------


def render_indicators(ctx: SiteContext, page: str) -> str:
    """Every indicator in one table (filter by section, basis, measure), after the 2022/2023 side-by-side table."""
    table = "indicators"
    rows = ctx.rows(table)
    if not rows:
        return f"*{ctx.t('指标表暂无数据。', 'The indicators table has no rows yet.')}*\n"
    spec = ctx.table(table)
    basis = basis_column(spec)
    pairs = pair_actuals_with_targets(ctx, spec, rows)
    counterpart: dict[str, Row] = {}
    for actual, target in pairs:
        counterpart[ctx.key_of(table, actual)] = target
        counterpart[ctx.key_of(table, target)] = actual
    linked = ctx.linked_columns(table)

    def subject(row: Row) -> str:
        cell_html = label_cell(ctx, table, row)
        # The linked rows' names are indexed on their own pages, not again on every figure of theirs.
        for field in linked:
            if cell(row, field):
                title = ctx.t(field.title_zh or field.title, field.title or field.title_zh)
                link = reference_link(ctx, page, spec, field, row)
                cell_html += f"<br><span data-search-exclude>{title}: {link}</span>"
        return cell_html

    def other(row: Row) -> str:
        match = counterpart.get(ctx.key_of(table, row))
        if match is None:
            return ""
        word = ctx.t("2023年目标", "2023 target") if is_target_2023(spec, match) else ctx.t("2022年实绩", "2022 actual")
        key = ctx.key_of(table, match)
        return dt.link(f"{word}: {dt.escape(format_value(ctx, spec, match))}", f"#{key}")

    columns = [
        dt.Column(title=ctx.t("指标", "Indicator"), cell=subject, kind="sd-key"),
        dt.Column(
            title=ctx.t("数值", "Value"),
            cell=lambda row: value_html(ctx, page, spec, row),
            order=_number_order(spec),
            kind="sd-num",
        ),
        period_column(ctx, spec),
        *(dt.enum_column(ctx, f) for f in spec.with_role(ColumnRole.CONTEXT) if f.categories and f != basis),
        section_column(ctx, page, table, rows),
        quote_column(ctx, page, spec),
        dt.Column(title=ctx.t("2022 ↔ 2023", "2022 ↔ 2023"), cell=other, indexed=False),
    ]
    n_actual = sum(1 for row in rows if cell(row, basis) == ACTUAL)
    n_target = sum(1 for row in rows if cell(row, basis) == TARGET)
    n_2022 = sum(1 for row in rows if is_actual_2022(spec, row))
    n_2023 = sum(1 for row in rows if is_target_2023(spec, row))
    intro = ctx.t(
        f"**{len(rows)} 项指标**：实绩 {n_actual} 项，目标 {n_target} 项；其中 2022 年实绩 {n_2022} 项，"
        f"2023 年目标 {n_2023} 项。\n",
        f"**{len(rows)} indicators**: {n_actual} actual (achieved), {n_target} target (planned). "
        f"{n_2022} are 2022 results, {n_2023} are 2023 targets.\n",
    )
    side = [
        dt.Column(title=ctx.t("指标", "Indicator"), cell=lambda pair: label_cell(ctx, table, pair), kind="sd-key"),
    ]
    actual_of = {ctx.key_of(table, target): actual for actual, target in pairs}

    def side_cell(row: Row) -> str:
        return dt.link(dt.escape(format_value(ctx, spec, row)), f"#{ctx.key_of(table, row)}")

    side += [
        dt.Column(
            title=ctx.t("2022年实绩", "2022 actual"), cell=lambda row: side_cell(actual_of[ctx.key_of(table, row)])
        ),
        dt.Column(title=ctx.t("2023年目标", "2023 target"), cell=side_cell),
    ]
    side_rows = [target for _, target in pairs]
    parts = [
        intro,
        md.heading(2, ctx.t("2022年实绩与2023年目标对照", "2022 actual and 2023 target side by side"), "side-by-side"),
        ctx.t(
            "报告对同一指标（同一度量、单位和范围）既给出 2022 年实绩又给出 2023 年目标的，并列如下。\n",
            "Where the report gives both a 2022 result and a 2023 target for the same subject "
            "(same measure, unit and scope).\n",
        ),
        dt.render(
            ctx,
            page,
            table,
            side_rows,
            side,
            table_id="side-by-side-table",
            anchors=False,
            downloads=False,
            tools=False,
            indexed=False,
        )
        if side_rows
        else ctx.t("*暂无可对照的指标。*\n", "*No subject has both a 2022 result and a 2023 target yet.*\n"),
        md.heading(2, ctx.t("全部指标", "All indicators"), "all"),
        dt.render(ctx, page, table, rows, columns, table_id="indicators-table"),
    ]
    return "\n".join(parts)


# --- projects ---------------------------------------------------------------------------------------------------


def _figures_by(ctx: SiteContext, target: str) -> dict[str, list[Row]]:
    """The figures that name a row of `target` (through the figure table's foreign key to it), by that row's key."""
    grouped: dict[str, list[Row]] = defaultdict(list)
    figures = ctx.figure_table
    column = ctx.reference_to(figures.name, target) if figures is not None else None
    if figures is None or column is None:
        return grouped
    for row in ctx.rows(figures.name):
        if cell(row, column):
            grouped[cell(row, column)].append(row)
    return grouped


def _figures_cell(ctx: SiteContext, page: str, figures: list[Row]) -> str:
    table = ctx.figure_table
    if table is None:
        return ""
    return "<br>".join(
        dt.link(
            dt.escape(format_value(ctx, table, row)), dt.row_href(ctx, page, table.name, ctx.key_of(table.name, row))
        )
        for row in figures
    )


def _sequence(field: FieldSpec | None, row: Row, missing: int) -> int:
    """The row's item number (its `sequence` column), `missing` if it has none."""
    number = cell(row, field)
    return int(number) if number.isdigit() else missing


def render_projects(ctx: SiteContext, page: str) -> str:
    """Every project in one table (filter by kind, basis, status, section), the ten livelihood projects first."""
    table = "projects"
    rows = ctx.rows(table)
    if not rows:
        return f"*{ctx.t('项目表暂无数据。', 'The projects table has no rows yet.')}*\n"
    spec = ctx.table(table)
    figures = _figures_by(ctx, table)
    linked_fields = ctx.linked_columns(table)

    def linked(row: Row) -> str:
        links = [reference_link(ctx, page, spec, field, row) for field in linked_fields]
        return "<br>".join(link for link in links if link)

    number = need(spec, spec.role(ColumnRole.SEQUENCE), "an item number (`sequence`)")
    livelihood = sorted((row for row in rows if cell(row, number)), key=lambda row: _sequence(number, row, 0))
    ordered = livelihood + [row for row in rows if not cell(row, number)]
    columns = [
        dt.Column(title=ctx.t("项目", "Project"), cell=lambda row: label_cell(ctx, table, row), kind="sd-key"),
        dt.Column(
            title=dt.field_title(ctx, number),
            cell=lambda row: cell(row, number),
            order=lambda row: _sequence(number, row, 1000),
        ),
        *filter_columns(ctx, spec),
        dt.Column(title=ctx.t("关联", "Linked to"), cell=linked, indexed=False),
        dt.Column(
            title=ctx.t("数字", "Figures"),
            cell=lambda row: _figures_cell(ctx, page, figures.get(ctx.key_of(table, row), [])),
            indexed=False,
        ),
        section_column(ctx, page, table, rows),
        quote_column(ctx, page, spec),
    ]
    intro = ctx.t(
        f"**{len(rows)} 个项目**，其中 10 件民生实事占 {len(livelihood)} 行（排在最前，按序号）。\n",
        f"**{len(rows)} projects**; the ten livelihood projects (10件民生实事) are the first {len(livelihood)} rows, "
        "by number.\n",
    )
    return "\n".join(
        [
            intro,
            md.heading(2, ctx.t("10件民生实事与全部项目", "The ten livelihood projects and all others"), "all"),
            dt.render(ctx, page, table, ordered, columns, table_id="projects-table"),
        ]
    )


# --- enterprises and chain roles ----------------------------------------------------------------------------------


def _categorised_label(spec: TableSpec) -> FieldSpec | None:
    """The label column whose values are categories (an enterprise role's `chain_leader`, 链主)."""
    return next(
        (f for f in (*spec.with_role(ColumnRole.LABEL_EN), *spec.with_role(ColumnRole.LABEL)) if f.categories), None
    )


def render_enterprises(ctx: SiteContext, page: str) -> str:
    """Chain leaders and cores by chain, in one table; then every enterprise with its roles and figures."""
    table, roles_table, chains = "enterprises", "enterprise_roles", "chains"
    rows = ctx.rows(table)
    if not rows:
        return f"*{ctx.t('企业表暂无数据。', 'The enterprises table has no rows yet.')}*\n"
    roles = ctx.rows(roles_table)
    roles_spec = ctx.table(roles_table)
    spec = ctx.table(table)
    enterprise = need(roles_spec, ctx.reference_to(roles_table, table), f"a foreign key to {table}")
    chain = need(roles_spec, ctx.reference_to(roles_table, chains), f"a foreign key to {chains}")
    role_field = need(roles_spec, _categorised_label(roles_spec), "a label with categories")
    details = [f for f in roles_spec.with_role(ColumnRole.CONTEXT) if f.categories]  # level, basis
    roles_of: dict[str, list[Row]] = defaultdict(list)
    for role in roles:
        roles_of[cell(role, enterprise)].append(role)
    figures = _figures_by(ctx, table)
    chain_order = {chain_id: index for index, chain_id in enumerate(ctx.index(chains))}
    role_order = {value: index for index, value in enumerate(role_field.enum or ())}
    no_chain = ctx.t("报告未注明产业链", "chain not named in the report")

    def chain_cell(role: Row) -> str:
        chain_id = cell(role, chain)
        return row_link(ctx, page, chains, chain_id) if chain_id else f"<em>{no_chain}</em>"

    def role_name(role: Row) -> str:
        """`链主`; `chain leader (链主)` in English, with the report's word."""
        zh = enum_label(role_field, cell(role, role_field), "zh")
        return zh if ctx.language == "zh" else f"{enum_label(role_field, cell(role, role_field), 'en')} ({zh})"

    def role_words(role: Row) -> str:
        """`链主 · 现代医药产业链 · 省级 · 实绩`: the parts the report states, none left blank."""
        parts = [enum_label(role_field, cell(role, role_field), ctx.language)]
        parts.append(row_label(ctx, chains, cell(role, chain)) if cell(role, chain) else no_chain)
        for field in details:
            if cell(role, field):
                parts.append(enum_label(field, cell(role, field), ctx.language))
        return " · ".join(parts)

    by_chain = sorted(
        roles,
        key=lambda role: (
            chain_order.get(cell(role, chain), 1000),
            role_order.get(cell(role, role_field), 100),
            cell(role, enterprise),
        ),
    )
    chain_choices = (*((cid, row_label(ctx, chains, cid)) for cid in ctx.index(chains)), ("", no_chain))
    role_columns = [
        dt.Column(
            title=dt.field_title(ctx, chain),
            cell=chain_cell,
            filter_value=lambda role: cell(role, chain),
            choices=chain_choices,
            order=lambda role: chain_order.get(cell(role, chain), 1000),
            indexed=False,
        ),
        dt.enum_column(ctx, role_field),
        dt.Column(
            title=dt.field_title(ctx, enterprise),
            cell=lambda role: row_link(ctx, page, table, cell(role, enterprise)) + f" · {dt.escape(role_name(role))}",
            kind="sd-key",
        ),
        *(dt.enum_column(ctx, field) for field in details),
        quote_column(ctx, page, roles_spec),
    ]
    aliases = spec.role(ColumnRole.ALIASES)

    def names(row: Row) -> str:
        cell_html = label_cell(ctx, table, row)
        if cell(row, aliases):
            cell_html += f"<br><small>{ctx.t('又称', 'also')} {dt.escape(cell(row, aliases))}</small>"
        return cell_html

    enterprise_columns = [
        dt.Column(title=ctx.t("企业", "Enterprise"), cell=names, kind="sd-key"),
        *filter_columns(ctx, spec),
        dt.Column(
            title=ctx.t("链主 / 链核", "Chain roles"),
            cell=lambda row: "<br>".join(
                dt.link(dt.escape(role_words(role)), dt.row_href(ctx, page, roles_table, ctx.key_of(roles_table, role)))
                for role in roles_of.get(ctx.key_of(table, row), [])
            ),
        ),
        dt.Column(
            title=ctx.t("数字", "Figures"),
            cell=lambda row: _figures_cell(ctx, page, figures.get(ctx.key_of(table, row), [])),
            indexed=False,
        ),
        quote_column(ctx, page, spec, ("首次提及", "First mention")),
    ]
    kinds = sorted(
        {cell(role, role_field) for role in roles if cell(role, role_field)}, key=lambda v: role_order.get(v, 100)
    )
    summary = "、".join(enum_label(role_field, kind, "zh") for kind in kinds)
    summary_en = ", ".join(enum_label(role_field, kind, "en") for kind in kinds)
    return "\n".join(
        [
            ctx.t(
                f"**{len(rows)} 家企业**；报告共赋予 {len(roles)} 个产业链角色（{summary}）。\n",
                f"**{len(rows)} enterprises**; the report assigns {len(roles)} chain roles ({summary_en}).\n",
            ),
            md.heading(2, ctx.t("链主、链核企业（按产业链）", "Chain leaders and cores, by chain"), "chain-roles"),
            ctx.t(
                "只记录报告原文所说：未注明产业链的角色不归入任何产业链。\n",
                "Only what the text says: a role whose chain the report does not name is listed without one.\n",
            ),
            dt.render(ctx, page, roles_table, by_chain, role_columns, table_id="chain-roles-table"),
            md.heading(2, ctx.t("全部企业", "All enterprises"), "enterprises-list"),
            dt.render(ctx, page, table, rows, enterprise_columns, table_id="enterprises-table"),
        ]
    )


# --- glossary, errata, and every other table ---------------------------------------------------------------------


def render_glossary(ctx: SiteContext, page: str) -> str:
    """The entries of 名词解释, definitions as written, with the editors' English."""
    table = "glossary"
    spec = ctx.table(table)
    number = spec.role(ColumnRole.SEQUENCE)
    rows = sorted(ctx.rows(table), key=lambda row: _sequence(number, row, 0))
    if not rows:
        return f"*{ctx.t('名词解释表暂无数据。', 'The glossary table has no rows yet.')}*\n"
    paragraphs = ctx.references_to(table, ctx.paragraph_table.name) if ctx.paragraph_table is not None else ()

    def where(row: Row) -> str:
        parts = []
        for field in paragraphs:  # the entry's own paragraph first, then the others (its first use)
            paragraph_id = cell(row, field)
            if not paragraph_id:
                continue
            title = ctx.t("词条", "Entry") if field.role is ColumnRole.PARAGRAPH else ctx.t(field.title_zh, field.title)
            parts.append(title + ": " + dt.link(dt.escape(paragraph_id), dt.paragraph_href(page, paragraph_id)))
        return "<br>".join(parts)

    definition = need(spec, spec.role(ColumnRole.QUOTE), "a quote (the definition)")
    english = english_twin(spec, definition)
    columns = [
        dt.Column(
            title=dt.field_title(ctx, number) if number else "",
            cell=lambda row: cell(row, number),
            order=lambda row: _sequence(number, row, 0),
        ),
        dt.Column(title=ctx.t("名词", "Term"), cell=lambda row: label_cell(ctx, table, row), kind="sd-key"),
        dt.Column(
            title=dt.field_title(ctx, definition),
            cell=lambda row: dt.quote_html(cell(row, definition)),
            kind="sd-quote",
        ),
        *(
            [dt.Column(title=dt.field_title(ctx, english), cell=lambda row: dt.escape(cell(row, english)))]
            if english is not None
            else []
        ),
        dt.Column(title=ctx.t("出处", "Where"), cell=where, indexed=False),
    ]
    return (
        md.heading(2, ctx.t("全部词条", "All entries"), "all")
        + "\n"
        + dt.render(ctx, page, table, rows, columns, table_id="glossary-table")
    )


def generic_table(ctx: SiteContext, page: str, name: str) -> str:
    """Any table, from its schema alone (`datatable.generic_columns`)."""
    return dt.render(ctx, page, name, ctx.rows(name), dt.generic_columns(ctx, page, name), table_id=f"{name}-table")


def render_errata(ctx: SiteContext, page: str) -> str:
    """Every anomaly recorded in the source: what the report wrote and what was likely intended."""
    rows = ctx.rows("errata")
    intro = ctx.t(
        f"共记录 **{len(rows)} 处勘误**；数据中均未改动，报告原文页在出现处标出并链接到这里。\n",
        f"**{len(rows)} errata** recorded; none is corrected in the data. The report text marks each where it "
        "occurs, with a link here.\n",
    )
    return (
        intro + "\n" + md.heading(2, ctx.t("全部勘误", "All errata"), "all") + "\n" + generic_table(ctx, page, "errata")
    )


def render_other_tables(ctx: SiteContext, page: str) -> str:
    """Every table without a page of its own (chains, towns, units, institutions, recognitions, ...)."""
    parts = []
    for spec in ctx.spec.tables:
        if spec.name in OWN_PAGE_TABLES or spec.name in REPORT_TABLES:
            continue
        title = ctx.t(f"{spec.title_zh or spec.title} · {spec.title}", f"{spec.title} · {spec.title_zh}")
        parts.append(md.heading(2, md.text(title.strip(" ·")), spec.name))
        count = len(ctx.rows(spec.name))
        parts.append(
            (md.prose(ctx.described(spec)) + " " if spec.description else "")
            + ctx.t(f"{count} 行；各列说明见", f"{count} rows; every column is described in the")
            + " "
            + md.link(ctx.t("数据字典", "data dictionary"), page, Pages.DICTIONARY, spec.name)
            + ctx.t("。", ".")
            + "\n"
        )
        parts.append(generic_table(ctx, page, spec.name))
    return "\n".join(parts)
