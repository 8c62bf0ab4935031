"""The marker registry: `<!-- render: NAME [ARGUMENT] -->` in a page becomes generated Markdown."""

from __future__ import annotations

import re
from collections.abc import Callable

from shangdang_docs import charts, coding, dictionary, downloads, examples, home, reference, report, tables
from shangdang_docs.context import SiteContext

Renderer = Callable[[SiteContext, str], str]

#: Marker name -> renderer(ctx, page_src_uri) returning Markdown.
RENDERERS: dict[str, Renderer] = {
    "headlines": home.render_headlines,
    "counts": home.render_counts,
    "quick-downloads": home.render_quick_downloads,
    "dictionary": dictionary.render_dictionary,
    "indicators": tables.render_indicators,
    "projects": tables.render_projects,
    "enterprises": tables.render_enterprises,
    "glossary": tables.render_glossary,
    "errata": tables.render_errata,
    "other-tables": tables.render_other_tables,
    "report": report.render_report,
    "chart-growth-2022": charts.growth_2022,
    "chart-targets-2023": charts.targets_2023,
    "downloads": downloads.render_downloads,
    "rules": reference.render_rules,
    "roles": reference.render_roles,
    "cleaning-rules": reference.render_cleaning,
    "api": reference.render_api,
    "versioning-policy": reference.render_policy,
    "validate-example": examples.render_validate_example,
    "pre-commit": examples.render_pre_commit,
    "diff-example": examples.render_diff_example,
    "cite-example": examples.render_cite_example,
    "cite-dataset": examples.render_cite_dataset,
    "source": dictionary.render_source,
    "units": dictionary.render_units,
    "wording-links": coding.render_wording_links,
}

#: Markers that take an argument: `<!-- render: include CHANGELOG.md -->`.
RENDERERS_WITH_ARGUMENT: dict[str, Callable[[SiteContext, str, str], str]] = {
    "include": reference.render_include,
    "field": dictionary.render_field,
    "coding": coding.render_coding,
}

MARKER = re.compile(r"^<!-- render: ([a-z0-9-]+)(?: ([^\s]+))? -->$", re.MULTILINE)


class UnknownMarkerError(ValueError):
    """A page asks for a renderer that does not exist."""


def render(markdown: str, ctx: SiteContext, page: str) -> str:
    """Replace every marker of a page with what its renderer returns."""

    def replace(match: re.Match[str]) -> str:
        name, argument = match.group(1), match.group(2)
        if argument is not None and name in RENDERERS_WITH_ARGUMENT:
            return RENDERERS_WITH_ARGUMENT[name](ctx, page, argument)
        if argument is None and name in RENDERERS:
            return RENDERERS[name](ctx, page)
        raise UnknownMarkerError(f"{page}: unknown marker {match.group(0)!r}; known: {', '.join(sorted(RENDERERS))}")

    return MARKER.sub(replace, markdown)
