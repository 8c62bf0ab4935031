"""The table pages: indicators, projects, enterprises and chain roles, glossary, errata, and every other table.

Each table is one interactive table (`datatable.render`): every row has its permalink
(`context.row_anchor`), a "copy citation" button, and its figure linked to the
paragraph it was taken from. Labels come from the schemas (titles, categories), in
the language of the page; a table without a page of its own is shown on the
"other tables" page from its schema alone (`datatable.generic_columns`).
"""

from __future__ import annotations

from collections import defaultdict

from shangdang_data.display import Language, base_unit_text, enum_label, label_text
from shangdang_data.roles import ColumnRole
from shangdang_docs import datatable as dt
from shangdang_docs import markdown as md
from shangdang_docs.context import Pages, Row, SiteContext
from shangdang_docs.figures import format_value, is_actual_2022, is_target_2023, pair_actuals_with_targets

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


def value_html(ctx: SiteContext, page: str, row: Row) -> str:
    """An indicator's value as written (`≥ 7%`), linked to its paragraph; money also in yuan on English pages."""
    spec = ctx.table("indicators")
    comparator = spec.role(ColumnRole.COMPARATOR)
    category = comparator.category(row.get(comparator.name, "")) if comparator else None
    words = category.text(ctx.language) if category is not None and category.symbol else ""
    text = dt.link(dt.escape(format_value(ctx, row)), dt.paragraph_href(page, row["paragraph_id"]), words)
    if ctx.language == "en":
        yuan = base_unit_text(spec, row, ctx.text_rows)
        unit = _unit_english(ctx, row)
        if unit:
            text += f"<br><small>{dt.escape(unit)}</small>"
        if yuan:
            text += f'<br><small class="sd-yuan">= {dt.escape(yuan)}</small>'
    return text


def _unit_english(ctx: SiteContext, row: Row) -> str:
    unit_id = row.get("unit_id", "")
    unit = ctx.index("units").get(unit_id)
    if unit is None or unit.get("symbol_zh") == "%":
        return ""
    return label_text(ctx.table("units"), unit, ctx.text_rows, "en")


def _number_order(row: Row) -> float:
    try:
        return float(row.get("value", ""))
    except ValueError:
        return float("-inf")


def section_column(ctx: SiteContext, page: str, rows: list[Row]) -> dt.Column:
    """The report section a row is in, linked to the report text; filtered by the sections that have rows."""
    present = {row.get("section_id", "") for row in rows}
    order = {section_id: index for index, section_id in enumerate(ctx.sections)}
    choices = tuple((sid, ctx.section_label(sid)) for sid in ctx.sections if sid in present)

    def cell(row: Row) -> str:
        section_id = row.get("section_id", "")
        if not section_id:
            return ""
        label = ctx.section_label(section_id) if ctx.language == "zh" else _section_en(ctx, section_id)
        return dt.link(dt.escape(label), md.html_href(page, Pages.REPORT, section_id))

    return dt.Column(
        title=ctx.t("章节", "Section"),
        cell=cell,
        filter_value=lambda row: row.get("section_id", ""),
        choices=choices if ctx.language == "zh" else tuple((sid, _section_en(ctx, sid)) for sid, _ in choices),
        order=lambda row: order.get(row.get("section_id", ""), 10_000),
        kind="sd-section",
        indexed=False,
    )


def _section_en(ctx: SiteContext, section_id: str) -> str:
    from shangdang_data.display import heading_text

    section = ctx.sections.get(section_id)
    if section is None:
        return section_id
    return heading_text(ctx.table("sections"), section, ctx.text_rows, "en") or ctx.section_label(section_id)


def period_column(ctx: SiteContext, rows: list[Row]) -> dt.Column:
    """Basis (actual/target, label from the schema) and period, filtered by basis."""
    basis = ctx.table("indicators").field("basis")
    return dt.Column(
        title=ctx.t("性质 · 时期", "Basis · period"),
        cell=lambda row: (
            dt.escape(enum_label(basis, row.get("basis", ""), ctx.language)) + " · " + dt.escape(row.get("period", ""))
        ),
        filter_value=lambda row: row.get("basis", ""),
        choices=tuple((value, enum_label(basis, value, ctx.language)) for value in basis.enum or ()),
        indexed=False,
    )


# --- indicators -------------------------------------------------------------------------------------------------


def render_indicators(ctx: SiteContext, page: str) -> str:
    """Every indicator in one table (filter by section, basis, measure), after the 2022/2023 side-by-side table."""
    rows = ctx.rows("indicators")
    if not rows:
        return f"*{ctx.t('指标表暂无数据。', 'The indicators table has no rows yet.')}*\n"
    spec = ctx.table("indicators")
    pairs = pair_actuals_with_targets(rows)
    counterpart: dict[str, Row] = {}
    for actual, target in pairs:
        counterpart[actual["indicator_id"]] = target
        counterpart[target["indicator_id"]] = actual

    def subject(row: Row) -> str:
        cell = label_cell(ctx, "indicators", row)
        # The linked rows' names are indexed on their own pages, not again on every figure of theirs.
        if row.get("project_id"):
            link = row_link(ctx, page, "projects", row["project_id"])
            cell += f"<br><span data-search-exclude>{ctx.t('项目', 'Project')}: {link}</span>"
        if row.get("enterprise_id"):
            link = row_link(ctx, page, "enterprises", row["enterprise_id"])
            cell += f"<br><span data-search-exclude>{ctx.t('企业', 'Enterprise')}: {link}</span>"
        return cell

    def other(row: Row) -> str:
        match = counterpart.get(row["indicator_id"])
        if match is None:
            return ""
        word = ctx.t("2023年目标", "2023 target") if is_target_2023(match) else ctx.t("2022年实绩", "2022 actual")
        return dt.link(f"{word}: {dt.escape(format_value(ctx, match))}", f"#{match['indicator_id']}")

    columns = [
        dt.Column(title=ctx.t("指标", "Indicator"), cell=subject, kind="sd-key"),
        dt.Column(
            title=ctx.t("数值", "Value"),
            cell=lambda row: value_html(ctx, page, row),
            order=_number_order,
            kind="sd-num",
        ),
        period_column(ctx, rows),
        dt.enum_column(ctx, spec.field("measure")),
        section_column(ctx, page, rows),
        dt.Column(title=ctx.t("原文", "Quote"), cell=lambda row: dt.source_html(ctx, page, spec, row), kind="sd-quote"),
        dt.Column(title=ctx.t("2022 ↔ 2023", "2022 ↔ 2023"), cell=other, indexed=False),
    ]
    n_actual = sum(1 for row in rows if row.get("basis") == "actual")
    n_target = sum(1 for row in rows if row.get("basis") == "target")
    intro = ctx.t(
        f"**{len(rows)} 项指标**：实绩 {n_actual} 项，目标 {n_target} 项；其中 2022 年实绩 "
        f"{sum(1 for r in rows if is_actual_2022(r))} 项，"
        f"2023 年目标 {sum(1 for r in rows if is_target_2023(r))} 项。\n",
        f"**{len(rows)} indicators**: {n_actual} actual (achieved), {n_target} target (planned). "
        f"{sum(1 for r in rows if is_actual_2022(r))} are 2022 results, "
        f"{sum(1 for r in rows if is_target_2023(r))} are 2023 targets.\n",
    )
    side = [
        dt.Column(
            title=ctx.t("指标", "Indicator"), cell=lambda pair: label_cell(ctx, "indicators", pair), kind="sd-key"
        ),
    ]
    side_rows = []
    for actual, target in pairs:
        side_rows.append({**target, "_actual": actual["indicator_id"]})
    by_id = {row["indicator_id"]: row for row in rows}
    side += [
        dt.Column(
            title=ctx.t("2022年实绩", "2022 actual"),
            cell=lambda row: dt.link(dt.escape(format_value(ctx, by_id[row["_actual"]])), f"#{row['_actual']}"),
        ),
        dt.Column(
            title=ctx.t("2023年目标", "2023 target"),
            cell=lambda row: dt.link(dt.escape(format_value(ctx, row)), f"#{row['indicator_id']}"),
        ),
    ]
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
            "indicators",
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
        dt.render(ctx, page, "indicators", rows, columns, table_id="indicators-table"),
    ]
    return "\n".join(parts)


# --- projects ---------------------------------------------------------------------------------------------------


def _figures_by(ctx: SiteContext, column: str) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in ctx.rows("indicators"):
        if row.get(column):
            grouped[row[column]].append(row)
    return grouped


def _figures_cell(ctx: SiteContext, page: str, figures: list[Row]) -> str:
    return "<br>".join(
        dt.link(dt.escape(format_value(ctx, row)), dt.row_href(ctx, page, "indicators", row["indicator_id"]))
        for row in figures
    )


def render_projects(ctx: SiteContext, page: str) -> str:
    """Every project in one table (filter by kind, basis, status, section), the ten livelihood projects first."""
    rows = ctx.rows("projects")
    if not rows:
        return f"*{ctx.t('项目表暂无数据。', 'The projects table has no rows yet.')}*\n"
    spec = ctx.table("projects")
    figures = _figures_by(ctx, "project_id")

    def linked(row: Row) -> str:
        links = [
            row_link(ctx, page, "enterprises", row.get("enterprise_id", "")),
            row_link(ctx, page, "chains", row.get("chain_id", "")),
            row_link(ctx, page, "towns", row.get("town_id", "")),
        ]
        return "<br>".join(link for link in links if link)

    livelihood = sorted((row for row in rows if row.get("livelihood_no")), key=lambda row: int(row["livelihood_no"]))
    ordered = livelihood + [row for row in rows if not row.get("livelihood_no")]
    number = spec.field("livelihood_no")
    columns = [
        dt.Column(title=ctx.t("项目", "Project"), cell=lambda row: label_cell(ctx, "projects", row), kind="sd-key"),
        dt.Column(
            title=dt.field_title(ctx, number),
            cell=lambda row: row.get("livelihood_no", ""),
            order=lambda row: int(row["livelihood_no"]) if row.get("livelihood_no") else 1000,
        ),
        dt.enum_column(ctx, spec.field("kind")),
        dt.enum_column(ctx, spec.field("basis")),
        dt.enum_column(ctx, spec.field("status")),
        dt.Column(title=ctx.t("关联", "Linked to"), cell=linked, indexed=False),
        dt.Column(
            title=ctx.t("数字", "Figures"),
            cell=lambda row: _figures_cell(ctx, page, figures.get(row["project_id"], [])),
            indexed=False,
        ),
        section_column(ctx, page, rows),
        dt.Column(title=ctx.t("原文", "Quote"), cell=lambda row: dt.source_html(ctx, page, spec, row), kind="sd-quote"),
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
            dt.render(ctx, page, "projects", ordered, columns, table_id="projects-table"),
        ]
    )


# --- enterprises and chain roles ----------------------------------------------------------------------------------


def render_enterprises(ctx: SiteContext, page: str) -> str:
    """Chain leaders and cores by chain, in one table; then every enterprise with its roles and figures."""
    rows = ctx.rows("enterprises")
    if not rows:
        return f"*{ctx.t('企业表暂无数据。', 'The enterprises table has no rows yet.')}*\n"
    roles = ctx.rows("enterprise_roles")
    roles_spec = ctx.table("enterprise_roles")
    spec = ctx.table("enterprises")
    roles_of: dict[str, list[Row]] = defaultdict(list)
    for role in roles:
        roles_of[role.get("enterprise_id", "")].append(role)
    figures = _figures_by(ctx, "enterprise_id")
    chain_order = {chain_id: index for index, chain_id in enumerate(ctx.index("chains"))}
    role_field = roles_spec.field("role")
    role_order = {value: index for index, value in enumerate(role_field.enum or ())}
    no_chain = ctx.t("报告未注明产业链", "chain not named in the report")

    def chain_cell(role: Row) -> str:
        chain_id = role.get("chain_id", "")
        return row_link(ctx, page, "chains", chain_id) if chain_id else f"<em>{no_chain}</em>"

    def role_name(role: Row) -> str:
        """`链主`; `chain leader (链主)` in English, with the report's word."""
        zh = enum_label(role_field, role.get("role", ""), "zh")
        return zh if ctx.language == "zh" else f"{enum_label(role_field, role.get('role', ''), 'en')} ({zh})"

    def role_words(role: Row) -> str:
        """`链主 · 现代医药产业链 · 省级 · 实绩`: the parts the report states, none left blank."""
        parts = [enum_label(role_field, role.get("role", ""), ctx.language)]
        parts.append(row_label(ctx, "chains", role["chain_id"]) if role.get("chain_id") else no_chain)
        for name in ("level", "basis"):
            if role.get(name):
                parts.append(enum_label(roles_spec.field(name), role[name], ctx.language))
        return " · ".join(parts)

    by_chain = sorted(
        roles,
        key=lambda role: (
            chain_order.get(role.get("chain_id", ""), 1000),
            role_order.get(role.get("role", ""), 100),
            role.get("enterprise_id", ""),
        ),
    )
    chain_choices = (*((cid, row_label(ctx, "chains", cid)) for cid in ctx.index("chains")), ("", no_chain))
    role_columns = [
        dt.Column(
            title=dt.field_title(ctx, roles_spec.field("chain_id")),
            cell=chain_cell,
            filter_value=lambda role: role.get("chain_id", ""),
            choices=chain_choices,
            order=lambda role: chain_order.get(role.get("chain_id", ""), 1000),
            indexed=False,
        ),
        dt.enum_column(ctx, role_field),
        dt.Column(
            title=dt.field_title(ctx, roles_spec.field("enterprise_id")),
            cell=lambda role: (
                row_link(ctx, page, "enterprises", role.get("enterprise_id", "")) + f" · {dt.escape(role_name(role))}"
            ),
            kind="sd-key",
        ),
        dt.enum_column(ctx, roles_spec.field("level")),
        dt.enum_column(ctx, roles_spec.field("basis")),
        dt.Column(
            title=ctx.t("原文", "Quote"), cell=lambda role: dt.source_html(ctx, page, roles_spec, role), kind="sd-quote"
        ),
    ]

    def names(row: Row) -> str:
        cell = label_cell(ctx, "enterprises", row)
        if row.get("aliases_zh"):
            cell += f"<br><small>{ctx.t('又称', 'also')} {dt.escape(row['aliases_zh'])}</small>"
        return cell

    enterprise_columns = [
        dt.Column(title=ctx.t("企业", "Enterprise"), cell=names, kind="sd-key"),
        dt.enum_column(ctx, spec.field("kind")),
        dt.Column(
            title=ctx.t("链主 / 链核", "Chain roles"),
            cell=lambda row: "<br>".join(
                dt.link(dt.escape(role_words(role)), f"#enterprise_roles-{role['role_id']}")
                for role in roles_of.get(row["enterprise_id"], [])
            ),
        ),
        dt.Column(
            title=ctx.t("数字", "Figures"),
            cell=lambda row: _figures_cell(ctx, page, figures.get(row["enterprise_id"], [])),
            indexed=False,
        ),
        dt.Column(
            title=ctx.t("首次提及", "First mention"),
            cell=lambda row: dt.source_html(ctx, page, spec, row),
            kind="sd-quote",
        ),
    ]
    kinds = sorted({role.get("role", "") for role in roles if role.get("role")}, key=lambda v: role_order.get(v, 100))
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
            dt.render(ctx, page, "enterprise_roles", by_chain, role_columns, table_id="chain-roles-table"),
            md.heading(2, ctx.t("全部企业", "All enterprises"), "enterprises-list"),
            dt.render(ctx, page, "enterprises", rows, enterprise_columns, table_id="enterprises-table"),
        ]
    )


# --- glossary, errata, and every other table ---------------------------------------------------------------------


def render_glossary(ctx: SiteContext, page: str) -> str:
    """The entries of 名词解释, definitions as written, with the editors' English."""
    rows = sorted(ctx.rows("glossary"), key=lambda row: int(row.get("number") or 0))
    if not rows:
        return f"*{ctx.t('名词解释表暂无数据。', 'The glossary table has no rows yet.')}*\n"
    spec = ctx.table("glossary")

    def where(row: Row) -> str:
        parts = [
            ctx.t("词条", "Entry")
            + ": "
            + dt.link(dt.escape(row["paragraph_id"]), dt.paragraph_href(page, row["paragraph_id"]))
        ]
        if row.get("first_use_paragraph_id"):
            first = row["first_use_paragraph_id"]
            parts.append(
                ctx.t("首次出现", "First use") + ": " + dt.link(dt.escape(first), dt.paragraph_href(page, first))
            )
        return "<br>".join(parts)

    definition, english = spec.field("definition_zh"), spec.field("definition_en")
    columns = [
        dt.Column(
            title=dt.field_title(ctx, spec.field("number")),
            cell=lambda row: row.get("number", ""),
            order=lambda row: int(row.get("number") or 0),
        ),
        dt.Column(title=ctx.t("名词", "Term"), cell=lambda row: label_cell(ctx, "glossary", row), kind="sd-key"),
        dt.Column(
            title=dt.field_title(ctx, definition),
            cell=lambda row: dt.quote_html(row.get("definition_zh", "")),
            kind="sd-quote",
        ),
        dt.Column(title=dt.field_title(ctx, english), cell=lambda row: dt.escape(row.get("definition_en", ""))),
        dt.Column(title=ctx.t("出处", "Where"), cell=where, indexed=False),
    ]
    return (
        md.heading(2, ctx.t("全部词条", "All entries"), "all")
        + "\n"
        + dt.render(ctx, page, "glossary", rows, columns, table_id="glossary-table")
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
            (md.text(spec.description) + " " if ctx.language == "en" and spec.description else "")
            + ctx.t(f"{count} 行；各列说明见", f"{count} rows; every column is described in the")
            + " "
            + md.link(ctx.t("数据字典", "data dictionary"), page, Pages.DICTIONARY, spec.name)
            + ctx.t("。", ".")
            + "\n"
        )
        parts.append(generic_table(ctx, page, spec.name))
    return "\n".join(parts)
