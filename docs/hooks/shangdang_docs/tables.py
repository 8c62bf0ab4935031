"""Browsable tables: indicators by section, projects, enterprises with chain roles, glossary, errata, the rest.

Each row carries an HTML id (`context.row_anchor`), every figure links to the
paragraph it was taken from, and every foreign key links to the row it names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from shangdang_data.figures import figure_span
from shangdang_docs import markdown as md
from shangdang_docs.context import TABLE_PAGES, Pages, Row, SiteContext, row_anchor
from shangdang_docs.figures import (
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


def anchor_span(table: str, key: str) -> str:
    """An empty element carrying a row's id, to put in its first cell."""
    return f'<span id="{row_anchor(table, key)}"></span>'


def row_link(ctx: SiteContext, page: str, table: str, key: str, label: str | None = None) -> str:
    """A link to one row of `table` on its page."""
    if not key:
        return ""
    target = TABLE_PAGES.get(table, Pages.OTHER)
    return md.link(label if label is not None else md.code(key), page, target, row_anchor(table, key))


def paragraph_link(page: str, paragraph_id: str, label: str | None = None) -> str:
    """A link to a paragraph of the report text."""
    if not paragraph_id:
        return ""
    return md.link(label if label is not None else md.code(paragraph_id), page, Pages.REPORT, paragraph_id)


def quote_cell(row: Row, figure: str | None = None) -> str:
    """The verbatim quote, with the figure (if any) in bold."""
    quote = row.get("quote", "")
    span = figure_span(quote, figure) if figure else None
    if span is None:
        return md.text(quote)
    start, end = span
    return md.text(quote[:start]) + "<strong>" + md.text(quote[start:end]) + "</strong>" + md.text(quote[end:])


def source_cell(page: str, row: Row, figure: str | None = None) -> str:
    """Quote, then the paragraph it is from as a link."""
    quote = quote_cell(row, figure)
    where = paragraph_link(page, row.get("paragraph_id", ""))
    return f"{quote} {where}".strip()


def _sections_with_rows(ctx: SiteContext, rows: Iterable[Row]) -> tuple[list[str], dict[str, list[Row]]]:
    """Sections in outline order that hold rows or have descendants that do, and the rows of each."""
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row.get("section_id", "")].append(row)
    wanted: set[str] = set()
    for section_id in grouped:
        current: str | None = section_id
        while current and current not in wanted:
            wanted.add(current)
            current = ctx.sections.get(current, {}).get("parent_id") or None
    ordered = [sid for sid in ctx.sections if sid in wanted]
    ordered += sorted(sid for sid in grouped if sid not in ctx.sections)
    return ordered, grouped


def by_section(
    ctx: SiteContext, page: str, rows: Sequence[Row], render: Callable[[list[Row]], str], prefix: str = "section"
) -> str:
    """One heading per report section (outline order), each followed by `render(rows of that section)`."""
    ordered, grouped = _sections_with_rows(ctx, rows)
    parts: list[str] = []
    for section_id in ordered:
        section = ctx.sections.get(section_id, {})
        level = min(int(section.get("level") or 1) + 1, 5)
        title = md.text(ctx.section_label(section_id))
        parts.append(md.heading(level, title, f"{prefix}-{section_id}"))
        english = f"*{md.text(section['title_en'])}* · " if section.get("title_en") else ""
        if section_id in ctx.sections:
            parts.append(english + md.link("report text", page, Pages.REPORT, section_id) + "\n")
        if grouped.get(section_id):
            parts.append(render(grouped[section_id]))
    return "\n".join(parts)


# --- indicators -------------------------------------------------------------------------------------------------


def render_indicators(ctx: SiteContext, page: str) -> str:
    """Side-by-side 2022/2023 table, then every indicator grouped by report section."""
    rows = ctx.rows("indicators")
    if not rows:
        return "*The indicators table has no rows yet.*\n"
    pairs = pair_actuals_with_targets(rows)
    counterpart: dict[str, Row] = {}
    for actual, target in pairs:
        counterpart[actual["indicator_id"]] = target
        counterpart[target["indicator_id"]] = actual
    projects = ctx.index("projects")
    enterprises = ctx.index("enterprises")

    def subject(row: Row) -> str:
        zh = row.get("subject_zh", "") + (f"（{row['scope_zh']}）" if row.get("scope_zh") else "")
        en = row.get("subject_en", "") + (f" ({row['scope_en']})" if row.get("scope_en") else "")
        cell = md.bilingual(zh, en)
        if row.get("project_id"):
            name = projects.get(row["project_id"], {}).get("name_zh", row["project_id"])
            cell += "<br>Project: " + row_link(ctx, page, "projects", row["project_id"], md.text(name))
        if row.get("enterprise_id"):
            name = enterprises.get(row["enterprise_id"], {}).get("name_zh", row["enterprise_id"])
            cell += "<br>Enterprise: " + row_link(ctx, page, "enterprises", row["enterprise_id"], md.text(name))
        return cell

    def value(row: Row) -> str:
        title = comparator_words(ctx, row)
        return md.link(md.text(format_value(ctx, row)), page, Pages.REPORT, row["paragraph_id"], title)

    def other(row: Row) -> str:
        match = counterpart.get(row["indicator_id"])
        if match is None:
            return ""
        label = ("2023 target: " if is_target_2023(match) else "2022 actual: ") + md.text(format_value(ctx, match))
        return md.link(label, page, page, match["indicator_id"])

    def render(section_rows: list[Row]) -> str:
        headers = ["Indicator", "Subject 指标", "Value 数值", "Measure", "Basis", "Period", "Quote 原文", "2022 ↔ 2023"]
        body = [
            [
                anchor_span("indicators", row["indicator_id"]) + md.code(row["indicator_id"]),
                md.cell(subject(row)),
                md.cell(value(row)),
                md.code(row.get("measure", "")),
                row.get("basis", ""),
                row.get("period", ""),
                md.cell(source_cell(page, row, row.get("figure"))),
                md.cell(other(row)),
            ]
            for row in section_rows
        ]
        return md.table(headers, body)

    n_actual = sum(1 for row in rows if row.get("basis") == "actual")
    n_target = sum(1 for row in rows if row.get("basis") == "target")
    parts = [
        f"**{len(rows)} indicators**: {n_actual} actual (achieved), {n_target} target (planned). "
        f"{sum(1 for r in rows if is_actual_2022(r))} are 2022 results, "
        f"{sum(1 for r in rows if is_target_2023(r))} are 2023 targets.\n",
        md.heading(2, "2022 actual and 2023 target side by side · 2022年实绩与2023年目标", "side-by-side"),
        "Where the report gives both a 2022 result and a 2023 target for the same subject "
        "(same measure, unit and scope).\n",
    ]
    if pairs:
        parts.append(
            md.table(
                ["Subject 指标", "2022 actual 实绩", "2023 target 目标", "Indicators"],
                [
                    [
                        md.cell(subject(target_row)),
                        md.cell(value(actual_row)),
                        md.cell(value(target_row)),
                        md.link(md.code(actual_row["indicator_id"]), page, page, actual_row["indicator_id"])
                        + "<br>"
                        + md.link(md.code(target_row["indicator_id"]), page, page, target_row["indicator_id"]),
                    ]
                    for actual_row, target_row in pairs
                ],
            )
        )
    else:
        parts.append("*No subject has both a 2022 result and a 2023 target yet.*\n")
    parts.append(md.heading(2, "By report section · 按报告章节", "by-section"))
    parts.append(by_section(ctx, page, rows, render))
    return "\n".join(parts)


# --- projects ---------------------------------------------------------------------------------------------------


def _figures_cell(ctx: SiteContext, page: str, column: str, key: str, figures: dict[str, list[Row]]) -> str:
    return "<br>".join(
        row_link(ctx, page, "indicators", row["indicator_id"], md.text(format_value(ctx, row)))
        for row in figures.get(key, [])
    )


def _figures_by(ctx: SiteContext, column: str) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in ctx.rows("indicators"):
        if row.get(column):
            grouped[row[column]].append(row)
    return grouped


def render_projects(ctx: SiteContext, page: str) -> str:
    """The ten livelihood projects first (by number), then every other project by report section."""
    rows = ctx.rows("projects")
    if not rows:
        return "*The projects table has no rows yet.*\n"
    figures = _figures_by(ctx, "project_id")
    enterprises = ctx.index("enterprises")

    def cells(row: Row) -> list[str]:
        enterprise = row.get("enterprise_id", "")
        links = [
            row_link(ctx, page, "enterprises", enterprise, md.text(enterprises.get(enterprise, {}).get("name_zh", "")))
            if enterprise
            else "",
            row_link(ctx, page, "chains", row.get("chain_id", "")),
            row_link(ctx, page, "towns", row.get("town_id", "")),
        ]
        return [
            md.cell(md.bilingual(row.get("name_zh", ""), row.get("name_en", ""))),
            md.code(row.get("kind", "")),
            f"{row.get('basis', '')}<br>{md.code(row.get('status', ''))}",
            md.cell("<br>".join(link for link in links if link)),
            md.cell(_figures_cell(ctx, page, "project_id", row["project_id"], figures)),
            md.cell(source_cell(page, row)),
            md.cell(md.text(row.get("note_en", ""))),
        ]

    headers = ["Project", "Name 名称", "Kind", "Basis · status", "Linked to", "Figures", "Quote 原文", "Note"]
    livelihood = sorted(
        (row for row in rows if row.get("livelihood_no")), key=lambda row: int(row["livelihood_no"] or 0)
    )
    parts = [
        f"**{len(rows)} projects**, {len(livelihood)} rows for the ten livelihood projects (10件民生实事).\n",
        md.heading(2, "The ten livelihood projects · 10件民生实事", "livelihood-projects"),
        "Numbered as in the report; an item with two parts has two rows with the same number.\n",
        md.table(
            ["No.", *headers],
            [
                [
                    row["livelihood_no"],
                    anchor_span("projects", row["project_id"]) + md.code(row["project_id"]),
                    *cells(row),
                ]
                for row in livelihood
            ],
        ),
        md.heading(2, "All other projects, by report section · 其他项目", "other-projects"),
    ]
    others = [row for row in rows if not row.get("livelihood_no")]
    parts.append(
        by_section(
            ctx,
            page,
            others,
            lambda section_rows: md.table(
                headers,
                [
                    [anchor_span("projects", row["project_id"]) + md.code(row["project_id"]), *cells(row)]
                    for row in section_rows
                ],
            ),
        )
    )
    return "\n".join(parts)


# --- enterprises and chain roles ----------------------------------------------------------------------------------


def render_enterprises(ctx: SiteContext, page: str) -> str:
    """Every enterprise with its chain roles and figures, then the chain roles by chain."""
    rows = ctx.rows("enterprises")
    if not rows:
        return "*The enterprises table has no rows yet.*\n"
    roles = ctx.rows("enterprise_roles")
    roles_of: dict[str, list[Row]] = defaultdict(list)
    for role in roles:
        roles_of[role.get("enterprise_id", "")].append(role)
    chains = ctx.index("chains")
    figures = _figures_by(ctx, "enterprise_id")
    names = ctx.index("enterprises")

    def chain_name(chain_id: str) -> str:
        return chains.get(chain_id, {}).get("name_zh", chain_id)

    def role_label(role: Row) -> str:
        chain = chain_name(role.get("chain_id", "")) or "chain not named"
        return f"{role.get('role_zh', '')} · {chain} ({role.get('level', '')}, {role.get('basis', '')})"

    body = []
    for row in rows:
        key = row["enterprise_id"]
        name_zh = row.get("name_zh", "") + (f"（又称 {row['aliases_zh']}）" if row.get("aliases_zh") else "")
        body.append(
            [
                anchor_span("enterprises", key) + md.code(key),
                md.cell(md.bilingual(name_zh, row.get("name_en", ""))),
                md.code(row.get("kind", "")),
                md.cell(
                    "<br>".join(
                        row_link(ctx, page, "enterprise_roles", role["role_id"], md.text(role_label(role)))
                        for role in roles_of.get(key, [])
                    )
                ),
                md.cell(_figures_cell(ctx, page, "enterprise_id", key, figures)),
                md.cell(source_cell(page, row)),
                md.cell(md.text(row.get("note_en", ""))),
            ]
        )
    parts = [
        f"**{len(rows)} enterprises**; the report assigns {len(roles)} chain roles "
        f"({', '.join(sorted({r.get('role_zh', '') for r in roles if r.get('role_zh')}))}).\n",
        md.heading(2, "Enterprises · 企业", "enterprises-list"),
        md.table(
            ["Enterprise", "Name 名称", "Kind", "Chain roles 链主/链核", "Figures", "First mention 首次提及", "Note"],
            body,
        ),
        md.heading(2, "Chain roles by chain · 链主链核 (按产业链)", "chain-roles"),
        "Only what the text says: a role whose chain the report does not name has no chain.\n",
    ]
    by_chain: dict[str, list[Row]] = defaultdict(list)
    for role in roles:
        by_chain[role.get("chain_id", "")].append(role)
    order = [chain_id for chain_id in chains if chain_id in by_chain] + sorted(c for c in by_chain if c not in chains)
    for chain_id in order:
        chain = chains.get(chain_id, {})
        title = md.bilingual(chain.get("name_zh", ""), "").replace("<br>", " ") if chain_id else "Chain not named"
        if chain.get("name_en"):
            title += f" · {md.text(chain['name_en'])}"
        parts.append(md.heading(3, title or md.text(chain_id), f"chain-{chain_id or 'unnamed'}"))
        parts.append(
            md.table(
                ["Role", "Enterprise 企业", "Role 角色", "Level", "Basis", "Quote 原文", "Note"],
                [
                    [
                        anchor_span("enterprise_roles", role["role_id"]) + md.code(role["role_id"]),
                        row_link(
                            ctx,
                            page,
                            "enterprises",
                            role.get("enterprise_id", ""),
                            md.text(names.get(role.get("enterprise_id", ""), {}).get("name_zh", "")),
                        ),
                        f"{md.text(role.get('role_zh', ''))} {md.code(role.get('role', ''))}",
                        role.get("level", ""),
                        role.get("basis", ""),
                        md.cell(source_cell(page, role)),
                        md.cell(md.text(role.get("note_en", ""))),
                    ]
                    for role in by_chain[chain_id]
                ],
            )
        )
    return "\n".join(parts)


# --- glossary, errata, and the generic table ---------------------------------------------------------------------


def render_glossary(ctx: SiteContext, page: str) -> str:
    """The 23 terms of 名词解释 with Chinese and English definitions."""
    rows = sorted(ctx.rows("glossary"), key=lambda row: int(row.get("number") or 0))
    if not rows:
        return "*The glossary table has no rows yet.*\n"
    return md.table(
        ["No.", "Term 名词", "Definition 解释", "English", "Where"],
        [
            [
                anchor_span("glossary", row["term_id"]) + row.get("number", ""),
                md.cell(md.bilingual(row.get("term_zh", ""), row.get("term_en", ""))),
                md.cell(md.text(row.get("definition_zh", ""))),
                md.cell(md.text(row.get("definition_en", ""))),
                md.cell(
                    "Entry: "
                    + paragraph_link(page, row.get("paragraph_id", ""))
                    + (
                        "<br>First use: " + paragraph_link(page, row["first_use_paragraph_id"])
                        if row.get("first_use_paragraph_id")
                        else ""
                    )
                ),
            ]
            for row in rows
        ],
    )


def generic_table(ctx: SiteContext, page: str, name: str) -> str:
    """Any table: one column per field, `_zh`/`_en` pairs merged, keys and paragraphs as links."""
    spec = ctx.table(name)
    rows = ctx.rows(name)
    if not rows:
        return f"*The {name} table has no rows yet.*\n"
    links = {fk.fields[0]: fk.resource for fk in spec.foreign_keys if len(fk.fields) == 1}
    names = spec.field_names
    columns: list[tuple[str, str | None]] = []  # (field, its English twin)
    for field_name in names:
        if field_name.endswith("_en") and field_name[:-3] + "_zh" in names:
            continue
        twin = field_name[:-3] + "_en" if field_name.endswith("_zh") else None
        columns.append((field_name, twin if twin in names else None))
    figure_column = "figure" if "figure" in names else None

    def render_cell(row: Row, field_name: str, twin: str | None) -> str:
        value = row.get(field_name, "")
        if field_name in spec.primary_key:
            return anchor_span(name, ctx.key_of(name, row)) + md.code(value)
        if twin is not None:
            return md.cell(md.bilingual(value, row.get(twin, "")))
        if field_name in spec.verbatim:
            return md.cell(quote_cell(row, row.get(figure_column) if figure_column else None))
        if field_name in links and value:
            if links[field_name] == "paragraphs":
                return paragraph_link(page, value)
            return row_link(ctx, page, links[field_name], value)
        return md.cell(md.text(value))

    headers = [field_name.removesuffix("_zh") if twin else field_name for field_name, twin in columns]
    return md.table(
        [md.code(header) for header in headers],
        [[render_cell(row, field_name, twin) for field_name, twin in columns] for row in rows],
    )


def render_errata(ctx: SiteContext, page: str) -> str:
    """Every anomaly recorded in the source, as written and as likely intended."""
    rows = ctx.rows("errata")
    return f"**{len(rows)} errata** recorded; none is corrected in the data.\n\n" + generic_table(ctx, page, "errata")


def render_other_tables(ctx: SiteContext, page: str) -> str:
    """Every table without a page of its own (chains, towns, units, institutions, recognitions, ...)."""
    parts = []
    for spec in ctx.spec.tables:
        if spec.name in OWN_PAGE_TABLES or spec.name in REPORT_TABLES:
            continue
        parts.append(md.heading(2, f"{md.text(spec.title_zh)} · {md.text(spec.title)}", spec.name))
        parts.append(
            f"{md.text(spec.description)} {len(ctx.rows(spec.name))} rows; columns: "
            + md.link("data dictionary", page, Pages.DICTIONARY, spec.name)
            + ".\n"
        )
        parts.append(generic_table(ctx, page, spec.name))
    return "\n".join(parts)
