"""The site's shell in the language being built: the footer, the 404 page, and the home page's JSON-LD.

`overrides/partials/copyright.html`, `overrides/404.html` and `overrides/main.html`
print what these functions return; every fact comes from `datapackage.json` (licence,
source, issuer, date, version) and the downloads, never from the templates.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from typing import Any

from shangdang_data.citation import licences, report_source
from shangdang_data.roles import ColumnRole
from shangdang_docs.context import Pages, SiteContext, cell

#: The code's licence (the repository's LICENSE file); the data's is in datapackage.json.
CODE_LICENCE = ("MIT", "https://opensource.org/licenses/MIT")


def _issuer(ctx: SiteContext) -> str:
    """The issuer in the page's language: `长治市上党区人民政府` or `People's Government of Shangdang District, …`."""
    issuer = str(report_source(ctx.spec).get("issuer", ""))
    chinese, _, rest = issuer.partition(" (")
    return chinese if ctx.language == "zh" or not rest else rest.rstrip(")")


def _date(ctx: SiteContext) -> str:
    date = str(report_source(ctx.spec).get("date", ""))
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", date)
    if match is None:
        return date
    year, month, day = (int(part) for part in match.groups())
    months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    return ctx.t(f"{year}年{month}月{day}日", f"{day} {months[month - 1]} {year}")


def footer_html(ctx: SiteContext, page_url: str) -> str:
    """Licences, the report's issuer and date, the version, the repository and "report an error"."""

    def href(target: str) -> str:
        here = posixpath.dirname(page_url) or "."
        return posixpath.relpath(target, here) if not page_url.startswith("/") else "/" + target

    data = " ".join(
        f'<a href="{html.escape(item["path"])}">{html.escape(item["name"])}</a>' for item in licences(ctx.spec)
    )
    code = f'<a href="{CODE_LICENCE[1]}">{CODE_LICENCE[0]}</a>'
    report_error = href(Pages.REPORT_ERROR.removesuffix(".md") + ".html")
    parts = [
        ctx.t(f"数据 {data} · 代码 {code}", f"Data {data} · code {code}"),
        ctx.t(
            f"来源：{html.escape(_issuer(ctx))}，{_date(ctx)}政府工作报告",
            f"Source: the Government Work Report of {html.escape(_issuer(ctx))}, {_date(ctx)}",
        ),
        ctx.t(f"版本 {html.escape(ctx.spec.version)}", f"version {html.escape(ctx.spec.version)}"),
        f'<a href="{report_error}">{ctx.t("报告错误", "Report an error")}</a>',
    ]
    if ctx.repository:
        parts.append(f'<a href="{html.escape(ctx.repository)}">{ctx.t("代码仓库", "Repository")}</a>')
    return '<div class="sd-footer">' + " · ".join(parts) + "</div>"


def not_found_html(ctx: SiteContext) -> str:
    """The 404 page: what happened and where to go (links from the site root: it is served at any path)."""
    root = "/" + ctx.site_prefix
    links = [
        (Pages.HOME, ctx.t("首页", "Home")),
        (Pages.INDICATORS, ctx.t("指标", "Indicators")),
        (Pages.REPORT, ctx.t("报告原文", "Report text")),
        (Pages.DOWNLOADS, ctx.t("下载", "Downloads")),
    ]
    items = "".join(f'<li><a href="{root}{page.removesuffix(".md")}.html">{label}</a></li>' for page, label in links)
    return (
        f"<h1>{ctx.t('找不到该页面', 'Page not found')} <small>404</small></h1>"
        + "<p>"
        + ctx.t(
            "此地址没有页面。行和段落的链接形如 <code>tables/indicators.html#2022-gdp</code>、"
            "<code>report.html#review.p03</code>；也可以用右上角的搜索。",
            "There is no page at this address. Links to rows and paragraphs look like "
            "<code>tables/indicators.html#2022-gdp</code> and <code>report.html#review.p03</code>; "
            "or use the search at the top right.",
        )
        + f"</p><ul>{items}</ul>"
    )


_MEDIA_TYPES = {
    ".zip": "application/zip",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".db": "application/vnd.sqlite3",
    ".sqlite": "application/vnd.sqlite3",
    ".parquet": "application/vnd.apache.parquet",
    ".csv": "text/csv",
    ".json": "application/json",
}


def _years(ctx: SiteContext) -> str:
    """The years the rows are about (`2022/2025`), from every `period` column."""
    years = sorted(
        {
            int(year)
            for table in ctx.spec.tables
            if (period := table.role(ColumnRole.PERIOD)) is not None
            for row in ctx.rows(table.name)
            for year in re.findall(r"\d{4}", cell(row, period))
        }
    )
    return f"{years[0]}/{years[-1]}" if years else ""


def dataset_jsonld(ctx: SiteContext, site_url: str, spatial: str) -> str:
    """schema.org `Dataset` of the package, for search engines and reference managers (home page only)."""
    raw = ctx.spec.raw
    source = report_source(ctx.spec)

    def url(site_path: str) -> str:
        return (site_url.rstrip("/") + "/" + site_path) if site_url else site_path

    wanted = [item for item in ctx.downloads if item.group == "exports" and not item.site_path.endswith("SHA256SUMS")]
    wanted += [item for item in ctx.downloads if item.group == "package" and item.site_path.endswith(".json")][:1]
    distribution = [
        {
            "@type": "DataDownload",
            "name": item.site_path.rsplit("/", 1)[-1],
            "description": item.description,
            "contentUrl": url(item.site_path),
            "encodingFormat": _MEDIA_TYPES.get(posixpath.splitext(item.site_path)[1], "application/octet-stream"),
            "contentSize": f"{item.size} B",
            "sha256": item.sha256,
        }
        for item in wanted
        if "/tables/" not in item.site_path
    ]
    creators = [
        {"@type": "Organization", "name": str(c.get("title", ""))}
        for c in raw.get("contributors", [])
        if isinstance(c, dict) and "creator" in c.get("roles", [])
    ]
    paths = [item["path"] for item in licences(ctx.spec)]
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": ctx.spec.title,
        "alternateName": raw.get("title_zh", ""),
        "description": raw.get("description", ""),
        "version": ctx.spec.version,
        "identifier": raw.get("id", ctx.spec.name),
        "keywords": raw.get("keywords", []),
        "license": paths[0] if len(paths) == 1 else paths,
        "creator": creators,
        "inLanguage": ["zh", "en"],
        "temporalCoverage": _years(ctx),
        "spatialCoverage": {"@type": "Place", "name": spatial},
        "isBasedOn": {
            "@type": "CreativeWork",
            "name": source.get("title", ""),
            "alternateName": source.get("title_en", ""),
            "datePublished": source.get("date", ""),
            "author": {"@type": "Person", "name": source.get("author", "")},
            "publisher": {"@type": "GovernmentOrganization", "name": source.get("issuer", "")},
            "inLanguage": "zh",
        },
        "distribution": distribution,
    }
    if site_url:
        data["url"] = site_url
    if raw.get("created"):
        data["dateModified"] = str(raw["created"])[:10]
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("</", "<\\/")  # never ends the <script> early
