"""The home page's headline figures and quick download links, from the committed data."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from shangdang_docs import markdown as md
from shangdang_docs.context import Pages, Row, SiteContext
from shangdang_docs.figures import comparator_words, format_value

_GROWTH_SUFFIX = re.compile(r"(增速|增幅|增长率)$")


def _figure(ctx: SiteContext, page: str, row: Row) -> str:
    title = f"{row['indicator_id']} · {comparator_words(ctx, row)}"
    value = format_value(ctx, row)
    if row.get("measure") == "yoy_growth" and row.get("direction") != "decrease":
        value = "+" + value if value[:1].isdigit() else value
    return md.link(md.text(value), page, Pages.INDICATORS, row["indicator_id"], title)


def headline_table(ctx: SiteContext, page: str, paragraph_id: str) -> str:
    """The figures of one headline paragraph: a level and its growth rate on one line."""
    rows = [row for row in ctx.rows("indicators") if row.get("paragraph_id") == paragraph_id]
    if not rows:
        return ""
    groups: dict[tuple[str, str], dict[str, list[Row]]] = {}
    names: dict[tuple[str, str], Row] = {}
    for row in rows:
        key = (_GROWTH_SUFFIX.sub("", row.get("subject_zh", "")), row.get("scope_zh", ""))
        column = "growth" if row.get("measure") == "yoy_growth" else "level"
        groups.setdefault(key, {}).setdefault(column, []).append(row)
        if column == "level" or key not in names:
            names[key] = row
    basis, period = Counter((row.get("basis", ""), row.get("period", "")) for row in rows).most_common(1)[0][0]
    title = f"{period} results · {period}年成绩" if basis == "actual" else f"{period} targets · {period}年目标"
    body = []
    for key, columns in groups.items():
        row = names[key]
        zh = key[0] + (f"（{key[1]}）" if key[1] else "")
        en = _GROWTH_SUFFIX.sub("", row.get("subject_en", ""))
        body.append(
            [
                md.cell(md.bilingual(zh, en)),
                md.cell(" · ".join(_figure(ctx, page, r) for r in columns.get("level", []))),
                md.cell(" · ".join(_figure(ctx, page, r) for r in columns.get("growth", []))),
            ]
        )
    source = md.link(md.code(paragraph_id), page, Pages.REPORT, paragraph_id)
    return (
        md.heading(3, title, f"headline-{paragraph_id.replace('.', '-')}")
        + f"\nFrom paragraph {source}.\n\n"
        + md.table(["Subject 指标", "Amount 总量", "Growth 增速"], body)
    )


def render_headlines(ctx: SiteContext, page: str) -> str:
    """One table per headline paragraph (set in mkdocs.yml: `extra.shangdang.headline_paragraphs`)."""
    tables = [headline_table(ctx, page, pid) for pid in ctx.headline_paragraphs if pid in ctx.paragraphs]
    tables = [table for table in tables if table]
    return "\n".join(tables) if tables else "*The headline figures are not in the indicators table yet.*\n"


def render_counts(ctx: SiteContext, page: str) -> str:
    """One line per curated table: its size, linked to where it can be browsed."""
    from shangdang_docs.context import TABLE_PAGES

    items = []
    for spec in ctx.spec.tables:
        if spec.name in ("sections", "paragraphs"):
            continue
        target = TABLE_PAGES.get(spec.name, Pages.OTHER)
        anchor = spec.name if target == Pages.OTHER else None
        label = f"{spec.title} {spec.title_zh}"
        items.append(f"**{len(ctx.rows(spec.name))}** " + md.link(md.text(label), page, target, anchor))
    return "In this version: " + " · ".join(items) + ".\n"


def render_quick_downloads(ctx: SiteContext, page: str) -> str:
    """Links to the bundle, the workbook and the indicators CSV, whichever this build has."""
    wanted: list[tuple[str, Callable[[str], bool]]] = [
        ("zip bundle", lambda path: path.endswith(".zip")),
        ("Excel workbook", lambda path: path.endswith(".xlsx")),
        ("indicators.csv", lambda path: path.endswith("data/indicators.csv")),
        ("datapackage.json", lambda path: path.endswith("downloads/datapackage.json")),
    ]
    links = []
    for label, matches in wanted:
        item = next((d for d in ctx.downloads if matches(d.site_path)), None)
        if item is not None:
            links.append(f"{md.link(md.text(label), page, item.site_path)} ({item.size:,} bytes)")
    links.append(md.link("all files, with sha256", page, Pages.DOWNLOADS))
    return "\n".join(f"- {link}" for link in links) + "\n"
