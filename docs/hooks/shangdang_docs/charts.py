"""Charts drawn at build time as inline SVG: no script, no web font, no CDN.

`bar_chart` draws grouped horizontal bars; each bar links to the paragraph its
figure comes from. Colours and fonts come from the site's CSS (`.sd-chart`), so
the charts follow the light and dark palettes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from shangdang_data.descriptor import TableSpec
from shangdang_data.display import label_text
from shangdang_data.roles import ColumnRole
from shangdang_docs import markdown as md
from shangdang_docs.context import Pages, Row, SiteContext, cell
from shangdang_docs.figures import (
    format_value,
    is_actual_2022,
    is_growth_rate,
    is_target_2023,
    pair_actuals_with_targets,
    signed_value,
    unit_key,
)

WIDTH = 760
LABEL_WIDTH = 270
VALUE_WIDTH = 80
BAR_HEIGHT = 16
GROUP_GAP = 14
TOP = 34
BOTTOM = 26
SOURCE_HEIGHT = 22
#: The phone drawing: about the width of a 390 px screen, so its 12 px labels stay 12 px.
NARROW_WIDTH = 360


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: its value, the figure as the report writes it, its series and where it links."""

    value: float
    label: str
    series: str
    href: str
    title: str


@dataclass(frozen=True, slots=True)
class Group:
    """Bars that share a label (a subject)."""

    label_zh: str
    label_en: str
    bars: tuple[Bar, ...]


def nice_step(span: float, ticks: int = 5) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) giving about `ticks` ticks over `span`."""
    raw = max(span, 1e-9) / ticks
    power = 10.0 ** math.floor(math.log10(raw))
    return next(float(step * power) for step in (1, 2, 5, 10) if step * power >= raw)


def _svg(
    chart_id: str,
    title: str,
    description: str,
    groups: list[Group],
    legend: dict[str, str],
    *,
    source: str,
    narrow: bool,
) -> str:
    """One drawing: labels left of the bars (wide) or above them (narrow, for phones); the source line at the foot."""
    width = NARROW_WIDTH if narrow else WIDTH
    label_width = 0 if narrow else LABEL_WIDTH
    values = [bar.value for group in groups for bar in group.bars] or [0.0]
    step = nice_step(max([*values, 0.0]) - min([*values, 0.0]), 4 if narrow else 5)
    low = math.floor(min([*values, 0.0]) / step) * step
    high = math.ceil(max([*values, 0.0]) / step) * step or step
    left = 8 if narrow else label_width
    plot = width - left - VALUE_WIDTH

    def x(value: float) -> float:
        return left + plot * (value - low) / (high - low)

    label_height = 30 if narrow else 0
    heights = [label_height + len(group.bars) * BAR_HEIGHT + GROUP_GAP for group in groups]
    height = TOP + sum(heights) + BOTTOM + SOURCE_HEIGHT
    suffix = "-narrow" if narrow else ""
    out = [
        f'<svg class="{"sd-narrow" if narrow else "sd-wide"}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}{suffix}-title {chart_id}{suffix}-desc">',
        f'<title id="{chart_id}{suffix}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}{suffix}-desc">{escape(description)}</desc>',
    ]
    legend_x = left
    for series, name in legend.items():
        out.append(f'<rect class="sd-bar sd-{series}" x="{legend_x}" y="8" width="12" height="12"/>')
        out.append(f'<text class="sd-legend" x="{legend_x + 18}" y="18">{escape(name)}</text>')
        legend_x += 30 + 7 * len(name)
    bottom = height - BOTTOM - SOURCE_HEIGHT
    tick = low
    while tick <= high + step / 2:
        tx = x(tick)
        out.append(f'<line class="sd-grid" x1="{tx:.1f}" x2="{tx:.1f}" y1="{TOP - 4}" y2="{bottom + 4}"/>')
        out.append(f'<text class="sd-tick" x="{tx:.1f}" y="{bottom + 18}" text-anchor="middle">{tick:g}%</text>')
        tick += step
    y = TOP
    for group, group_height in zip(groups, heights, strict=True):
        english = group.label_en if len(group.label_en) <= 46 else group.label_en[:45].rstrip() + "…"
        if narrow:
            out.append(f'<text class="sd-label" x="{left}" y="{y + 12}">{escape(group.label_zh)}</text>')
            out.append(f'<text class="sd-label-en" x="{left}" y="{y + 25}">{escape(english)}</text>')
            bars_top = y + label_height
        else:
            middle = y + (group_height - GROUP_GAP) / 2
            out.append(f'<text class="sd-label" x="{label_width - 8}" y="{middle - 2:.1f}" text-anchor="end">')
            out.append(f"{escape(group.label_zh)}</text>")
            out.append(f'<text class="sd-label-en" x="{label_width - 8}" y="{middle + 11:.1f}" text-anchor="end">')
            out.append(f"{escape(english)}</text>")
            bars_top = y
        for index, bar in enumerate(group.bars):
            top = bars_top + index * BAR_HEIGHT + 1
            start, end = sorted((x(0.0), x(bar.value)))
            out.append(f'<a href="{escape(bar.href)}"><title>{escape(bar.title)}</title>')
            out.append(
                f'<rect class="sd-bar sd-{bar.series}" x="{start:.1f}" y="{top}" '
                f'width="{max(end - start, 1):.1f}" height="{BAR_HEIGHT - 3}"/>'
            )
            out.append(
                f'<text class="sd-value" x="{max(end, x(0.0)) + 4:.1f}" y="{top + BAR_HEIGHT - 5}">'
                f"{escape(bar.label)}</text></a>"
            )
        y += group_height
    out.append(f'<line class="sd-axis" x1="{x(0.0):.1f}" x2="{x(0.0):.1f}" y1="{TOP - 4}" y2="{bottom}"/>')
    out.append(f'<text class="sd-source" x="{left}" y="{height - 6}">{escape(source)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def bar_chart(
    chart_id: str, title: str, description: str, groups: list[Group], legend: dict[str, str], source: str = ""
) -> str:
    """An SVG figure of grouped horizontal bars, as one raw HTML block: a wide drawing and a phone drawing."""
    drawings = [
        _svg(chart_id, title, description, groups, legend, source=source, narrow=narrow) for narrow in (False, True)
    ]
    return (
        f'<figure class="sd-chart" id="{chart_id}" data-search-exclude>\n'
        + "\n".join(drawings)
        + f"\n<figcaption>{escape(title)}</figcaption>\n</figure>\n"
    )


def _source_line(ctx: SiteContext) -> str:
    return ctx.t(
        f"来源：长治市上党区2023年政府工作报告 · shangdang-data {ctx.spec.version}",
        f"Source: Shangdang District 2023 Government Work Report · shangdang-data {ctx.spec.version}",
    )


#: The unit of a percentage (a key of the units table): the charts draw growth rates in it.
PERCENT = "percent"


def _percent(spec: TableSpec, row: Row) -> bool:
    return is_growth_rate(spec, row) and unit_key(spec, row) == PERCENT and signed_value(spec, row) is not None


def _bar(ctx: SiteContext, page: str, spec: TableSpec, row: Row, series: str) -> Bar:
    value = signed_value(spec, row)
    paragraph = cell(row, spec.role(ColumnRole.PARAGRAPH))
    return Bar(
        value=value if value is not None else 0.0,
        label=format_value(ctx, spec, row),
        series=series,
        href=md.html_href(page, Pages.REPORT, paragraph),
        title=f"{ctx.key_of(spec.name, row)}: {cell(row, spec.role(ColumnRole.QUOTE))} ({paragraph})",
    )


def _label(ctx: SiteContext, spec: TableSpec, row: Row) -> tuple[str, str]:
    """The bar's label in the page's language, then in the other (the label roles of the figures)."""
    zh, en = label_text(spec, row, ctx.text_rows, "zh"), label_text(spec, row, ctx.text_rows, "en")
    return (zh, en) if ctx.language == "zh" else (en, zh)


def _data_table(ctx: SiteContext, page: str, spec: TableSpec, rows: list[Row], table_id: str) -> str:
    from shangdang_docs import datatable as dt
    from shangdang_docs.tables import label_cell, period_column, quote_column

    name = spec.name
    paragraph = spec.role(ColumnRole.PARAGRAPH)
    columns = [
        dt.Column(
            title=ctx.t("指标", "Indicator"),
            cell=lambda row: dt.link(
                label_cell(ctx, name, row), dt.row_href(ctx, page, name, ctx.key_of(spec.name, row))
            ),
            kind="sd-key",
        ),
        dt.Column(
            title=ctx.t("数值", "Value"),
            cell=lambda row: dt.link(
                dt.escape(format_value(ctx, spec, row)), dt.paragraph_href(page, cell(row, paragraph))
            ),
            order=lambda row: signed_value(spec, row) or 0.0,
        ),
        period_column(ctx, spec),
        quote_column(ctx, page, spec),
    ]
    return dt.render(
        ctx,
        page,
        name,
        rows,
        columns,
        table_id=table_id,
        anchors=False,
        downloads=False,
        tools=False,
        indexed=False,
    )


def _english_subject(spec: TableSpec, row: Row) -> str:
    """The row's first English label (its subject), for the chart's text description."""
    return cell(row, spec.role(ColumnRole.LABEL_EN))


def growth_2022(ctx: SiteContext, page: str) -> str:
    """Chart: every growth rate (in %) the report gives as achieved in 2022."""
    spec = ctx.figure_table
    rows = [row for row in ctx.rows(spec.name) if is_actual_2022(spec, row) and _percent(spec, row)] if spec else []
    if spec is None or not rows:
        return "*No 2022 growth rates in the indicators table yet.*\n"
    groups = [Group(*_label(ctx, spec, row), bars=(_bar(ctx, page, spec, row, "actual"),)) for row in rows]
    title = ctx.t("2022年主要指标同比增速", "2022 growth rates, year on year")
    description = "; ".join(f"{_english_subject(spec, row)}: {format_value(ctx, spec, row)}" for row in rows)
    legend = {"actual": ctx.t("2022年实绩", "2022 actual")}
    chart = bar_chart("chart-growth-2022", title, description, groups, legend, _source_line(ctx))
    return chart + "\n" + _data_table(ctx, page, spec, rows, "growth-2022-table")


def targets_2023(ctx: SiteContext, page: str) -> str:
    """Chart: every 2023 growth target (in %), next to the 2022 actual growth of the same subject if stated."""
    spec = ctx.figure_table
    rows = ctx.rows(spec.name) if spec is not None else []
    targets = [row for row in rows if is_target_2023(spec, row) and _percent(spec, row)] if spec else []
    if spec is None or not targets:
        return "*No 2023 growth targets in the indicators table yet.*\n"
    actual_of = {
        ctx.key_of(spec.name, target): actual
        for actual, target in pair_actuals_with_targets(ctx, spec, rows)
        if _percent(spec, actual)
    }
    targets.sort(key=lambda row: ctx.key_of(spec.name, row) not in actual_of)  # stable: paired ones first
    groups = []
    for target in targets:
        actual = actual_of.get(ctx.key_of(spec.name, target))
        bars = ((_bar(ctx, page, spec, actual, "actual"),) if actual else ()) + (
            _bar(ctx, page, spec, target, "target"),
        )
        groups.append(Group(*_label(ctx, spec, target), bars=bars))
    title = ctx.t("2023年增速目标与2022年实绩", "2023 growth targets against 2022 actual growth")
    description = "; ".join(
        f"{_english_subject(spec, row)}: target {format_value(ctx, spec, row)}"
        + (
            f", 2022 actual {format_value(ctx, spec, actual_of[ctx.key_of(spec.name, row)])}"
            if ctx.key_of(spec.name, row) in actual_of
            else ""
        )
        for row in targets
    )
    legend = {"actual": ctx.t("2022年实绩", "2022 actual"), "target": ctx.t("2023年目标", "2023 target")}
    chart = bar_chart("chart-targets-2023", title, description, groups, legend, _source_line(ctx))
    shown = [row for target in targets for row in (actual_of.get(ctx.key_of(spec.name, target)), target) if row]
    return (
        chart
        + ctx.t(
            "\n没有 2022 年柱条的目标，是报告未给出其 2022 年增速的指标。\n\n",
            "\nTargets without a 2022 bar are subjects for which the report states no 2022 growth rate.\n\n",
        )
        + _data_table(ctx, page, spec, shown, "targets-2023-table")
    )
