"""The report text: every paragraph in reading order, its key as a stable anchor.

The paragraphs are the table with a `text` column, the outline the table with an
`outline_number` column. Each figure of the table of figures (or, for a relational row,
its benchmark) is a link, inside its paragraph, to its row; each erratum (what the report wrote, its `quote`) is marked
where it occurs and links to its row of the errata table; each section heading
carries the section's key.
"""

from __future__ import annotations

import html
from collections import defaultdict
from itertools import pairwise

from shangdang_data.checks.wording import anchor_of
from shangdang_data.descriptor import TableSpec
from shangdang_data.display import label_text
from shangdang_data.roles import ColumnRole
from shangdang_docs import markdown as md
from shangdang_docs.context import TABLE_PAGES, Pages, Row, SiteContext, cell, row_anchor
from shangdang_docs.figures import format_value

#: The `kind` of a heading paragraph.
HEADING = "heading"

Span = tuple[int, int, list[Row]]


def figure_spans(spec: TableSpec, text: str, figures: list[Row]) -> list[Span]:
    """Non-overlapping (start, end, rows) spans of the figures (rows of `spec`) in a paragraph's text."""
    quote, figure = spec.role(ColumnRole.QUOTE), spec.role(ColumnRole.FIGURE)
    benchmark = spec.role(ColumnRole.BENCHMARK)
    found: dict[tuple[int, int], list[Row]] = defaultdict(list)
    for row in figures:
        at = text.find(cell(row, quote))
        # a relational row has no figure: its benchmark words (与经济增长基本同步) carry the link
        span = anchor_of(cell(row, quote), cell(row, figure), cell(row, benchmark)) if at != -1 else None
        if span is not None:
            found[(at + span[0], at + span[1])].append(row)
    spans: list[Span] = []
    for (start, end), rows in sorted(found.items()):
        if spans and start < spans[-1][1]:
            continue  # overlaps a figure already linked
        spans.append((start, end, rows))
    return spans


def errata_spans(ctx: SiteContext, text: str, errata: list[Row]) -> list[tuple[int, int, Row]]:
    """(start, end, erratum) of each erratum's words as the report wrote them, where they occur in `text`."""
    spec = ctx.errata_table
    quote = spec.role(ColumnRole.QUOTE) if spec is not None else None
    if quote is None:
        return []
    spans = []
    for row in errata:
        written = row.get(quote.name, "")
        at = text.find(written) if written else -1
        if at != -1:
            spans.append((at, at + len(written), row))
    return spans


def paragraph_markdown(
    ctx: SiteContext, page: str, paragraph: Row, indicators: list[Row], errata: list[Row] | None = None
) -> str:
    """One paragraph: its id as a permalink, the text with figures linked and errata marked, and its anchor.

    An erratum's words are underlined (a figure inside them keeps its link) and followed by a
    mark that links to its row of the errata table.
    """
    spec = ctx.paragraph_table
    assert spec is not None  # the paragraph came from it
    text = cell(paragraph, spec.role(ColumnRole.TEXT))
    figures = []
    table = ctx.figure_table
    if table is not None and indicators:
        subject = table.role(ColumnRole.LABEL)
        for start, end, rows in figure_spans(table, text, indicators):
            title = "; ".join(
                f"{ctx.key_of(table.name, row)}: {cell(row, subject)} {format_value(ctx, table, row)}" for row in rows
            )
            anchor = row_anchor(table.name, ctx.key_of(table.name, rows[0]))
            target = md.href(page, TABLE_PAGES.get(table.name, Pages.OTHER), anchor)
            figures.append((start, end, f'({target} "{title.replace(chr(34), chr(39))}"){{ .sd-fig }}'))
    opening: dict[int, list[str]] = defaultdict(list)
    closing: dict[int, list[str]] = defaultdict(list)
    errata_table = ctx.errata_table
    intended_column = errata_table.role(ColumnRole.INTENDED) if errata_table is not None else None
    for start, end, row in errata_spans(ctx, text, errata or []):
        for figure_start, figure_end, _ in figures:  # never cut a figure's link in two
            start = figure_start if figure_start < start < figure_end else start
            end = figure_end if figure_start < end < figure_end else end
        intended = cell(row, intended_column)
        title = ctx.t("勘误", "Erratum") + (
            ctx.t(f"：可能应为“{intended}”", f": likely {intended}") if intended else ""
        )
        assert errata_table is not None  # errata_spans found the row in it
        name = errata_table.name
        target = md.href(page, TABLE_PAGES.get(name, Pages.OTHER), row_anchor(name, ctx.key_of(name, row)))
        opening[start].append(f'<span class="sd-erratum" title="{html.escape(title)}">')
        mark = ctx.t("勘误", "erratum")
        closing[end].insert(0, f'</span>[{mark}]({target} "{title.replace(chr(34), chr(39))}"){{ .sd-erratum-link }}')
    boundaries = sorted({0, len(text), *opening, *closing, *(b for f in figures for b in f[:2])})
    links = {start: (end, target) for start, end, target in figures}
    pieces: list[str] = []
    skip_to = 0
    for here, following in pairwise(boundaries):
        pieces += closing.get(here, [])
        pieces += opening.get(here, [])
        if here < skip_to:
            continue
        if here in links:
            end, target = links[here]
            pieces.append(f"[{md.text(text[here:end])}]{target}")
            skip_to = end
        else:
            pieces.append(md.text(text[here:following]))
    pieces += closing.get(len(text), [])
    pid = ctx.key_of(spec.name, paragraph)
    permalink = f"[{pid}](#{pid}){{ .sd-pid }}"
    kind = cell(paragraph, spec.role(ColumnRole.KIND)) or "body"
    return f"{permalink} {''.join(pieces)}\n{{: #{pid} .sd-para .sd-{kind} }}\n"


def render_report(ctx: SiteContext, page: str) -> str:
    """Every section heading and paragraph of the report, in reading order."""
    spec = ctx.paragraph_table
    if spec is None:
        return ctx.t("*数据包中没有报告原文。*\n", "*The package has no report text.*\n")
    name = spec.name
    text, kind = spec.role(ColumnRole.TEXT), spec.role(ColumnRole.KIND)
    paragraphs = sorted(ctx.paragraphs.values(), key=lambda row: ctx.paragraph_order(ctx.key_of(name, row)))
    indicators: dict[str, list[Row]] = defaultdict(list)
    table = ctx.figure_table
    if table is not None:
        for row in ctx.rows(table.name):
            indicators[cell(row, table.role(ColumnRole.PARAGRAPH))].append(row)
    errata: dict[str, list[Row]] = defaultdict(list)
    errata_table = ctx.errata_table
    if errata_table is not None:
        for row in ctx.rows(errata_table.name):
            errata[cell(row, errata_table.role(ColumnRole.PARAGRAPH))].append(row)
    headings = {ctx.section_of(name, row): row for row in paragraphs if cell(row, kind) == HEADING}
    outline = list(ctx.sections)
    headed: set[str] = set()
    parts = [
        ctx.t(
            f"共 {len(paragraphs)} 段、{len(outline)} 个章节，按"
            + md.link("清洗规则", page, "methodology/cleaning.md")
            + "整理。每段的编号就是它的永久链接。\n",
            f"{len(paragraphs)} paragraphs in {len(outline)} sections, cleaned as described in "
            + md.link("the cleaning rules", page, "methodology/cleaning.md")
            + ". Each paragraph's id is its permanent link.\n",
        )
    ]

    def head(section_id: str) -> None:
        section = ctx.sections.get(section_id, {})
        level = min(ctx.section_depth(section_id) + 1, 6)
        heading_row = headings.get(section_id)
        written = cell(heading_row, text) if heading_row is not None else ctx.section_label(section_id)
        anchor = f'<span id="{ctx.key_of(name, heading_row)}"></span>' if heading_row is not None else ""
        outline_table = ctx.section_table
        english = label_text(outline_table, section, ctx.text_rows, "en") if outline_table and section else ""
        if ctx.language == "en" and english:
            # English readers get English headings (and table of contents); the report's heading follows.
            parts.append(md.heading(level, anchor + md.text(english), section_id))
            parts.append(f'<p class="sd-heading-zh" lang="zh">{md.text(written)}</p>\n')
        else:
            parts.append(md.heading(level, anchor + md.text(written), section_id))
        headed.add(section_id)

    previous = ""
    for paragraph in paragraphs:
        section_id = ctx.section_of(name, paragraph)
        if section_id in ctx.sections and section_id not in headed:
            for earlier in outline[: outline.index(section_id) + 1]:
                if earlier not in headed:
                    head(earlier)
        elif section_id != previous and previous:
            parts.append("* * *\n")  # the text returns to a section already begun
        previous = section_id
        if cell(paragraph, kind) == HEADING and headings.get(section_id) is paragraph:
            continue
        pid = ctx.key_of(name, paragraph)
        parts.append(paragraph_markdown(ctx, page, paragraph, indicators.get(pid, []), errata.get(pid, [])))
    for section_id in outline:
        if section_id not in headed:
            head(section_id)
    return "\n".join(parts)
