"""Charts drawn at build time as inline SVG: no script, no web font, no CDN.

`bar_chart` draws grouped horizontal bars; each bar links to the paragraph its
figure comes from. Colours and fonts come from the site's CSS (`.sd-chart`), so
the charts follow the light and dark palettes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from shangdang_docs import markdown as md
from shangdang_docs.context import Pages, Row, SiteContext
from shangdang_docs.figures import format_value, is_actual_2022, is_target_2023, pair_actuals_with_targets, signed_value

WIDTH = 760
LABEL_WIDTH = 270
VALUE_WIDTH = 80
BAR_HEIGHT = 16
GROUP_GAP = 14
TOP = 34
BOTTOM = 26


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


def bar_chart(chart_id: str, title: str, description: str, groups: list[Group], legend: dict[str, str]) -> str:
    """An SVG figure of grouped horizontal bars, as one raw HTML block."""
    values = [bar.value for group in groups for bar in group.bars] or [0.0]
    step = nice_step(max([*values, 0.0]) - min([*values, 0.0]))
    low = math.floor(min([*values, 0.0]) / step) * step
    high = math.ceil(max([*values, 0.0]) / step) * step or step
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH

    def x(value: float) -> float:
        return LABEL_WIDTH + plot * (value - low) / (high - low)

    heights = [len(group.bars) * BAR_HEIGHT + GROUP_GAP for group in groups]
    height = TOP + sum(heights) + BOTTOM
    out = [
        f'<figure class="sd-chart" id="{chart_id}">',
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    legend_x = LABEL_WIDTH
    for series, name in legend.items():
        out.append(f'<rect class="sd-bar sd-{series}" x="{legend_x}" y="8" width="12" height="12"/>')
        out.append(f'<text class="sd-legend" x="{legend_x + 18}" y="18">{escape(name)}</text>')
        legend_x += 24 + 8 * len(name)
    tick = low
    while tick <= high + step / 2:
        tx = x(tick)
        out.append(f'<line class="sd-grid" x1="{tx:.1f}" x2="{tx:.1f}" y1="{TOP - 4}" y2="{height - BOTTOM + 4}"/>')
        out.append(f'<text class="sd-tick" x="{tx:.1f}" y="{height - 8}" text-anchor="middle">{tick:g}%</text>')
        tick += step
    y = TOP
    for group, group_height in zip(groups, heights, strict=True):
        middle = y + (group_height - GROUP_GAP) / 2
        out.append(f'<text class="sd-label" x="{LABEL_WIDTH - 8}" y="{middle - 2:.1f}" text-anchor="end">')
        out.append(f"{escape(group.label_zh)}</text>")
        out.append(f'<text class="sd-label-en" x="{LABEL_WIDTH - 8}" y="{middle + 11:.1f}" text-anchor="end">')
        english = group.label_en if len(group.label_en) <= 46 else group.label_en[:45].rstrip() + "…"
        out.append(f"{escape(english)}</text>")
        for index, bar in enumerate(group.bars):
            top = y + index * BAR_HEIGHT + 1
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
    out.append(f'<line class="sd-axis" x1="{x(0.0):.1f}" x2="{x(0.0):.1f}" y1="{TOP - 4}" y2="{height - BOTTOM}"/>')
    out.append("</svg>")
    out.append(f"<figcaption>{escape(title)}</figcaption>")
    out.append("</figure>")
    return "\n".join(out) + "\n"


def _percent(row: Row) -> bool:
    return row.get("measure") == "yoy_growth" and row.get("unit_id") == "percent" and signed_value(row) is not None


def _bar(ctx: SiteContext, page: str, row: Row, series: str) -> Bar:
    value = signed_value(row)
    return Bar(
        value=value if value is not None else 0.0,
        label=format_value(ctx, row),
        series=series,
        href=md.html_href(page, Pages.REPORT, row["paragraph_id"]),
        title=f"{row['indicator_id']}: {row.get('quote', '')} ({row['paragraph_id']})",
    )


def _label(row: Row) -> tuple[str, str]:
    zh = row.get("subject_zh", "") + (f"（{row['scope_zh']}）" if row.get("scope_zh") else "")
    en = row.get("subject_en", "") + (f" ({row['scope_en']})" if row.get("scope_en") else "")
    return zh, en


def _data_table(ctx: SiteContext, page: str, rows: list[Row]) -> str:
    return md.table(
        ["Indicator", "Subject 指标", "Value", "Basis", "Period", "Quote 原文"],
        [
            [
                md.link(md.code(row["indicator_id"]), page, Pages.INDICATORS, row["indicator_id"]),
                md.cell(md.bilingual(*_label(row))),
                md.link(md.text(format_value(ctx, row)), page, Pages.REPORT, row["paragraph_id"]),
                row.get("basis", ""),
                row.get("period", ""),
                md.cell(md.text(row.get("quote", ""))),
            ]
            for row in rows
        ],
    )


def growth_2022(ctx: SiteContext, page: str) -> str:
    """Chart: every growth rate (in %) the report gives as achieved in 2022."""
    rows = [row for row in ctx.rows("indicators") if is_actual_2022(row) and _percent(row)]
    if not rows:
        return "*No 2022 growth rates in the indicators table yet.*\n"
    groups = [Group(*_label(row), bars=(_bar(ctx, page, row, "actual"),)) for row in rows]
    title = "2022 growth rates, year on year · 2022年主要指标增速"
    description = "; ".join(f"{row['subject_en']}: {format_value(ctx, row)}" for row in rows)
    chart = bar_chart("chart-growth-2022", title, description, groups, {"actual": "2022 actual 实绩"})
    return chart + "\n" + _data_table(ctx, page, rows)


def targets_2023(ctx: SiteContext, page: str) -> str:
    """Chart: every 2023 growth target (in %), next to the 2022 actual growth of the same subject if stated."""
    rows = ctx.rows("indicators")
    targets = [row for row in rows if is_target_2023(row) and _percent(row)]
    if not targets:
        return "*No 2023 growth targets in the indicators table yet.*\n"
    actual_of = {
        target["indicator_id"]: actual for actual, target in pair_actuals_with_targets(rows) if _percent(actual)
    }
    targets.sort(key=lambda row: row["indicator_id"] not in actual_of)  # stable: paired ones first
    groups = []
    for target in targets:
        actual = actual_of.get(target["indicator_id"])
        bars = ((_bar(ctx, page, actual, "actual"),) if actual else ()) + (_bar(ctx, page, target, "target"),)
        groups.append(Group(*_label(target), bars=bars))
    title = "2023 growth targets against 2022 actual growth · 2023年增速目标与2022年实绩"
    description = "; ".join(
        f"{row['subject_en']}: target {format_value(ctx, row)}"
        + (
            f", 2022 actual {format_value(ctx, actual_of[row['indicator_id']])}"
            if row["indicator_id"] in actual_of
            else ""
        )
        for row in targets
    )
    legend = {"actual": "2022 actual 实绩", "target": "2023 target 目标"}
    chart = bar_chart("chart-targets-2023", title, description, groups, legend)
    shown = [row for target in targets for row in (actual_of.get(target["indicator_id"]), target) if row]
    return (
        chart
        + "\nTargets without a 2022 bar are subjects for which the report states no 2022 growth rate.\n\n"
        + _data_table(ctx, page, shown)
    )
