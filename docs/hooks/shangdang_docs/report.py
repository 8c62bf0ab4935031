"""The report text: every paragraph in reading order, its `paragraph_id` as a stable anchor.

Each figure of the indicators table (or, for a relational row, its benchmark) is a
link, inside its paragraph, to that indicator's row; each erratum (what the report
wrote, `as_written`) is marked where it occurs and links to its row of the errata
table; each section heading carries its `section_id`.
"""

from __future__ import annotations

import html
from collections import defaultdict
from itertools import pairwise

from shangdang_data.checks.wording import anchor_of
from shangdang_data.roles import ColumnRole
from shangdang_docs import markdown as md
from shangdang_docs.context import Pages, Row, SiteContext, row_anchor
from shangdang_docs.figures import format_value

Span = tuple[int, int, list[Row]]


def figure_spans(text: str, indicators: list[Row]) -> list[Span]:
    """Non-overlapping (start, end, indicators) spans of the figures in a paragraph's text."""
    found: dict[tuple[int, int], list[Row]] = defaultdict(list)
    for row in indicators:
        at = text.find(row.get("quote", ""))
        # a relational row has no figure: its benchmark words (与经济增长基本同步) carry the link
        span = anchor_of(row.get("quote", ""), row.get("figure", ""), row.get("benchmark_zh", "")) if at != -1 else None
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
    spec = ctx.table("errata") if ctx.has_table("errata") else None
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
    text = paragraph.get("text", "")
    figures = []
    for start, end, rows in figure_spans(text, indicators):
        title = "; ".join(
            f"{row['indicator_id']}: {row.get('subject_zh', '')} {format_value(ctx, row)}" for row in rows
        )
        target = md.href(page, Pages.INDICATORS, rows[0]["indicator_id"])
        figures.append((start, end, f'({target} "{title.replace(chr(34), chr(39))}"){{ .sd-fig }}'))
    opening: dict[int, list[str]] = defaultdict(list)
    closing: dict[int, list[str]] = defaultdict(list)
    for start, end, row in errata_spans(ctx, text, errata or []):
        for figure_start, figure_end, _ in figures:  # never cut a figure's link in two
            start = figure_start if figure_start < start < figure_end else start
            end = figure_end if figure_start < end < figure_end else end
        intended = row.get("likely_intended", "")
        title = ctx.t("勘误", "Erratum") + (
            ctx.t(f"：可能应为“{intended}”", f": likely {intended}") if intended else ""
        )
        target = md.href(page, Pages.ERRATA, row_anchor("errata", ctx.key_of("errata", row)))
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
    pid = paragraph["paragraph_id"]
    permalink = f"[{pid}](#{pid}){{ .sd-pid }}"
    return f"{permalink} {''.join(pieces)}\n{{: #{pid} .sd-para .sd-{paragraph.get('kind', 'body')} }}\n"


def render_report(ctx: SiteContext, page: str) -> str:
    """Every section heading and paragraph of the report, in reading order."""
    paragraphs = sorted(ctx.paragraphs.values(), key=lambda row: ctx.paragraph_order(row["paragraph_id"]))
    indicators: dict[str, list[Row]] = defaultdict(list)
    for row in ctx.rows("indicators"):
        indicators[row.get("paragraph_id", "")].append(row)
    errata: dict[str, list[Row]] = defaultdict(list)
    for row in ctx.rows("errata") if ctx.has_table("errata") else []:
        errata[row.get("paragraph_id", "")].append(row)
    headings = {row["section_id"]: row for row in paragraphs if row.get("kind") == "heading"}
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
        level = min(int(section.get("level") or 1) + 1, 6)
        heading_row = headings.get(section_id)
        written = heading_row.get("text", "") if heading_row is not None else ctx.section_label(section_id)
        anchor = f'<span id="{heading_row["paragraph_id"]}"></span>' if heading_row is not None else ""
        if ctx.language == "en" and section.get("title_en"):
            # English readers get English headings (and table of contents); the report's heading follows.
            parts.append(md.heading(level, anchor + md.text(section["title_en"]), section_id))
            parts.append(f'<p class="sd-heading-zh" lang="zh">{md.text(written)}</p>\n')
        else:
            parts.append(md.heading(level, anchor + md.text(written), section_id))
        headed.add(section_id)

    previous = ""
    for paragraph in paragraphs:
        section_id = paragraph.get("section_id", "")
        if section_id in ctx.sections and section_id not in headed:
            for earlier in outline[: outline.index(section_id) + 1]:
                if earlier not in headed:
                    head(earlier)
        elif section_id != previous and previous:
            parts.append("* * *\n")  # the text returns to a section already begun
        previous = section_id
        if paragraph.get("kind") == "heading" and headings.get(section_id) is paragraph:
            continue
        pid = paragraph["paragraph_id"]
        parts.append(paragraph_markdown(ctx, page, paragraph, indicators.get(pid, []), errata.get(pid, [])))
    for section_id in outline:
        if section_id not in headed:
            head(section_id)
    return "\n".join(parts)
