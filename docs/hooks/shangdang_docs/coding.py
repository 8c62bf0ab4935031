"""The coding guide: for each coded column, the report's words that select each value, with real examples.

`<!-- render: coding TABLE.FIELD -->` prints one table per column: each value
with its labels, the wordings its category declares in the schema (the same
declaration the `<field>-wording` rule checks), how many rows hold it, and up to
two rows of the report that show it, their figure in bold. The examples are
chosen by the rule's own reader (`checks.wording.selected_wording`), so an
example always shows a wording the validator would read the same way. A column
without categories (`period`) lists the values it holds. `<!-- render:
wording-links -->` prints what may stand between a word and the figure.
"""

from __future__ import annotations

from collections import Counter

from shangdang_data.checks.wording import (
    ANCHOR,
    LINKS,
    UNIT_PREFIXES,
    Wording,
    anchor_of,
    field_wordings,
    selected_wording,
    wording_rule,
)
from shangdang_data.descriptor import FieldSpec, TableSpec
from shangdang_data.figures import figure_span
from shangdang_data.roles import ColumnRole
from shangdang_docs import markdown as md
from shangdang_docs.context import TABLE_PAGES, Pages, Row, SiteContext, cell, row_anchor

#: How many example rows a value gets.
EXAMPLES = 2


def wording_text(wording: Wording) -> str:
    """A wording as a reader sees it: `…以上` stays, the bare `…` is described."""
    if wording.default:
        return "a plain figure · 无修饰词的数字"
    return md.code(wording.text)


def selecting(table: TableSpec, field: FieldSpec, row: Row) -> Wording | None:
    """The wording that selects the row's value in its quote, read as the validator reads it."""
    quote = cell(row, table.role(ColumnRole.QUOTE))
    figure = cell(row, table.role(ColumnRole.FIGURE))
    anchor = anchor_of(quote, figure, cell(row, table.role(ColumnRole.BENCHMARK)))
    return selected_wording(field_wordings(field), quote, anchor, cell(row, table.role(ColumnRole.UNIT)))


def example(ctx: SiteContext, page: str, table: TableSpec, row: Row) -> str:
    """The row's quote with its figure in bold, linked to the row."""
    quote = cell(row, table.role(ColumnRole.QUOTE))
    span = figure_span(quote, cell(row, table.role(ColumnRole.FIGURE)))
    shown = (
        md.text(quote)
        if span is None
        else (md.text(quote[: span[0]]) + "**" + md.text(quote[span[0] : span[1]]) + "**" + md.text(quote[span[1] :]))
    )
    key = ctx.key_of(table.name, row)
    target = TABLE_PAGES.get(table.name, Pages.OTHER)
    return f"{shown} ({md.link(md.code(key), page, target, row_anchor(table.name, key))})"


def examples_of(ctx: SiteContext, page: str, table: TableSpec, field: FieldSpec, value: str) -> str:
    """Up to `EXAMPLES` rows holding `value`: first those whose words select it, then any."""
    holding = [row for row in ctx.rows(table.name) if row.get(field.name) == value]
    chosen = [row for row in holding if (found := selecting(table, field, row)) and found.value == value]
    chosen += [row for row in holding if row not in chosen]
    return "<br>".join(example(ctx, page, table, row) for row in chosen[:EXAMPLES])


def render_coding(ctx: SiteContext, page: str, argument: str) -> str:
    """The coding guide for one column (`TABLE.FIELD`): values, wordings, counts and examples."""
    table_name, _, field_name = argument.partition(".")
    table = ctx.table(table_name)
    field = table.field(field_name)
    counts = Counter(row.get(field.name, "") for row in ctx.rows(table.name))
    if not field.categories:
        return _values_table(ctx, page, table, field, counts)
    rows = []
    for category in field.categories:
        wordings = [w for w in field_wordings(field) if w.value == category.value]
        rows.append(
            [
                md.code(category.value),
                md.cell(md.bilingual(category.label_zh, category.label)),
                md.cell(", ".join(wording_text(w) for w in wordings) or "—"),
                str(counts.get(category.value, 0)),
                md.cell(examples_of(ctx, page, table, field, category.value)),
            ]
        )
    if counts.get(""):
        rows.append(["(empty)", "", "—", str(counts[""]), md.cell(examples_of(ctx, page, table, field, ""))])
    rule = wording_rule(field.name) if field.has_wordings else None
    if rule is not None:
        link = md.link(md.code(rule.value), page, Pages.RULES, rule.value)
        checked = f"Every row is checked by the rule {link} · 由校验规则{md.code(rule.value)}逐行核对。\n"
    else:
        checked = (
            "No word of the report selects these values mechanically: the editors read them by the guide above · "
            "此列按上文说明人工编码。\n"
        )
    return (
        md.table(["Value", "Label 标签", "The report's words 原文用语", "Rows", "Examples 示例"], rows)
        + "\n\n"
        + checked
    )


def _values_table(ctx: SiteContext, page: str, table: TableSpec, field: FieldSpec, counts: Counter[str]) -> str:
    """A column without categories: each value it holds, how often, and an example."""
    rows = [
        [
            md.code(value) if value else "(empty)",
            str(count),
            md.cell(examples_of(ctx, page, table, field, value)),
        ]
        for value, count in sorted(counts.items(), key=lambda item: (item[0] == "", item[0]))
    ]
    return md.table(["Value", "Rows", "Examples 示例"], rows) + "\n"


def render_wording_links(ctx: SiteContext, page: str) -> str:
    """What the reader of wordings lets stand between a word and the figure, from `checks.wording`."""
    links = ", ".join(md.code(link) for link in LINKS)
    prefixes = ", ".join(md.code(c) for c in UNIT_PREFIXES)
    return (
        f"- `{ANCHOR}` stands for the figure (or, in a relational row, the benchmark) · `{ANCHOR}` 代表数字"
        "（相对目标中代表比较基准）。\n"
        f"- Between a word before the figure and the figure may stand one of {links} (增速**达到**16.2%, "
        f"涨幅**控制在**3%左右) · 前置词与数字之间可有上述连接词。\n"
        "- Between the figure and a word after it may stand the row's unit (7**%**以上, 400**亿元**以上), or the "
        f"unit's first character when the word splits it ({prefixes}: 1**万**余人) · 数字与后置词之间可有单位。\n"
        "- When several wordings match, the one that reads more of the quote wins (增长…% over 增长…); two of "
        "the same length that disagree select nothing. A wording without `…` is read where it first stands in "
        "the quote, the longer where two overlap (竣工验收 over 竣工) · 多个用语同时匹配时取较长者。\n"
    )
