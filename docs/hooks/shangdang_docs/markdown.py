"""Markdown building blocks: escaping data text, tables, and links between pages.

Links are written as Markdown links to `.md` sources so that MkDocs rewrites
them and, in strict mode, fails the build on a missing page or anchor. Raw HTML
(the SVG charts) cannot be checked by MkDocs: `html_href` gives its final URL,
and the docs tests check every link in the built site.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable, Sequence

# Characters Python-Markdown (with tables and attr_list) would read as markup.
_MARKUP = re.compile(r"([\\`*_\[\]{}|#!])")


def text(value: str) -> str:
    """Escape data text (Chinese or English) so that Markdown shows it exactly as written."""
    escaped = html.escape(value, quote=False)
    return _MARKUP.sub(r"\\\1", escaped).replace("\r\n", "<br>").replace("\n", "<br>")


def prose(value: str) -> str:
    """Escape metadata text like `text`, except its `code spans`, which stay code (table descriptions)."""
    parts = re.split(r"`([^`]+)`", value)  # the code spans are the odd parts
    return "".join(code(part) if i % 2 else text(part) for i, part in enumerate(parts) if part)


def code(value: str) -> str:
    """`value` as inline code (identifiers, file names)."""
    fence = "``" if "`" in value else "`"
    return f"{fence}{value}{fence}" if value else ""


def cell(markdown: str) -> str:
    """Make already-rendered Markdown safe inside a table cell."""
    return markdown.replace("|", r"\|").replace("\r\n", "<br>").replace("\n", "<br>")


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table; cells are Markdown already escaped with `text` or `cell`."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def href(from_page: str, to_page: str, anchor: str | None = None) -> str:
    """Relative Markdown link target from one docs page (a `.md` path) to another, with an anchor."""
    suffix = f"#{anchor}" if anchor else ""
    if to_page == from_page:
        return suffix or "#"
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".") + suffix


def html_href(from_page: str, to_page: str, anchor: str | None = None) -> str:
    """Final URL of a link written in raw HTML, for a site built with `use_directory_urls: false`."""
    return href(_html_path(from_page), _html_path(to_page), anchor)


def _html_path(page: str) -> str:
    return page.removesuffix(".md") + ".html"


def link(label: str, from_page: str, to_page: str, anchor: str | None = None, title: str = "") -> str:
    """A Markdown link; `label` is Markdown, `title` plain text."""
    title_part = ' "' + title.replace('"', "'") + '"' if title else ""
    return f"[{label}]({href(from_page, to_page, anchor)}{title_part})"


def licence_links(licences: Iterable[dict[str, str]]) -> str:
    """Licences (as `citation.licences` gives them) by name, each linked to its text where it has a path."""
    return ", ".join(
        f"[{text(item['name'])}]({item['path']})" if item["path"] else text(item["name"]) for item in licences
    )


def heading(level: int, title: str, anchor: str) -> str:
    """A Markdown heading with an explicit id (attr_list), so anchors never depend on the title's text."""
    return f"{'#' * level} {title} {{ #{anchor} }}\n"


def bilingual(zh: str, en: str) -> str:
    """Chinese first, English under it, in one cell."""
    if zh and en:
        return f"{text(zh)}<br><small>{text(en)}</small>"
    return text(zh or en)
