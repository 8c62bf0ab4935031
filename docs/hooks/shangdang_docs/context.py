"""What every renderer reads: the package spec, the CSV rows, and where each table's rows live.

Rows come from the package's own text-row reader (`shangdang_data._read.TextRows`),
as the strings the files hold: the site shows figures exactly as written, and
building it needs neither pandas nor the loader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from shangdang_data._read import TextRows
from shangdang_data.descriptor import PackageSpec, TableSpec, read_descriptor
from shangdang_data.display import Language, heading_text

if TYPE_CHECKING:
    from shangdang_docs.downloads import Download

Row = dict[str, str]


class Pages:
    """Source paths (under docs/) of the pages renderers link to."""

    HOME = "index.md"
    REPORT = "report.md"
    DICTIONARY = "dictionary.md"
    CHARTS = "charts.md"
    DOWNLOADS = "downloads.md"
    INDICATORS = "tables/indicators.md"
    PROJECTS = "tables/projects.md"
    ENTERPRISES = "tables/enterprises.md"
    GLOSSARY = "tables/glossary.md"
    ERRATA = "tables/errata.md"
    OTHER = "tables/other.md"
    REPORT_ERROR = "howto/report-error.md"
    RULES = "reference/rules.md"
    API = "reference/api.md"


#: The page whose rows carry an anchor for each row of a table; tables not named here are on Pages.OTHER.
TABLE_PAGES: dict[str, str] = {
    "sections": Pages.REPORT,
    "paragraphs": Pages.REPORT,
    "indicators": Pages.INDICATORS,
    "projects": Pages.PROJECTS,
    "enterprises": Pages.ENTERPRISES,
    "enterprise_roles": Pages.ENTERPRISES,
    "glossary": Pages.GLOSSARY,
    "errata": Pages.ERRATA,
}

#: Tables whose rows are anchored by their bare id; the others get `<table>-<id>` so ids never collide on a page.
_BARE_ANCHORS = frozenset({"sections", "paragraphs", "indicators", "projects", "enterprises", "glossary", "errata"})


def row_anchor(table: str, key: str) -> str:
    """The HTML id of one row of `table` on its page (`TABLE_PAGES`)."""
    return key if table in _BARE_ANCHORS else f"{table}-{key}"


def field_anchor(table: str, field_name: str) -> str:
    """The HTML id of one field on the data dictionary page: `indicators.value`."""
    return f"{table}.{field_name}"


@dataclass
class SiteContext:
    """The committed package as the site generators see it."""

    root: Path
    #: Paragraphs whose figures are the report's headlines (home page, charts).
    headline_paragraphs: tuple[str, ...] = ()
    #: Files published with the site (set by the hook's on_files).
    downloads: list[Download] = field(default_factory=list)
    #: The language being built ("zh" at the site root, "en" under `en/`); renderers write in it.
    language: Language = "zh"
    #: The repository's address, if configured (`extra.shangdang.repository` in mkdocs.yml).
    repository: str = ""

    def t(self, zh: str, en: str) -> str:
        """The interface string in the language being built: `ctx.t("原文", "Quote")`."""
        return zh if self.language == "zh" else en

    @property
    def site_prefix(self) -> str:
        """Where the language's pages are in the site: "" for Chinese (the default), "en/" for English."""
        return "" if self.language == "zh" else f"{self.language}/"

    def site_href(self, page: str, site_path: str) -> str:
        """Relative URL from a page (its `.md` source path) to a file at `site_path` from the site root.

        Downloads are published once, at the root, for both languages.
        """
        import posixpath

        here = posixpath.dirname(self.site_prefix + page.removesuffix(".md") + ".html")
        return posixpath.relpath(site_path, here or ".")

    @cached_property
    def spec(self) -> PackageSpec:
        """The package descriptor with every Table Schema resolved (read once per build)."""
        return read_descriptor(self.root)

    @cached_property
    def text_rows(self) -> TextRows:
        """The package's tables as text, each read once per build."""
        return TextRows(self.spec)

    def table(self, name: str) -> TableSpec:
        """The spec of one table."""
        return self.spec.resource(name)

    def has_table(self, name: str) -> bool:
        """True if the descriptor lists `name`."""
        return name in self.spec.table_names

    def rows(self, name: str) -> list[Row]:
        """Every row of one table, in file order, as written (empty cells are ""); [] for an unknown table."""
        return self.text_rows.rows(name)

    def key_of(self, name: str, row: Row) -> str:
        """The primary key of `row` as one string."""
        return self.text_rows.key(name, row)

    def index(self, name: str) -> dict[str, Row]:
        """Rows of a table by primary key."""
        return self.text_rows.index(name) if self.has_table(name) else {}

    @cached_property
    def paragraphs(self) -> dict[str, Row]:
        """Paragraph rows by paragraph_id."""
        return self.index("paragraphs")

    @cached_property
    def sections(self) -> dict[str, Row]:
        """Section rows by section_id, in outline order."""
        return self.index("sections")

    def section_label(self, section_id: str) -> str:
        """`（一）全力以赴…`: the section's number and Chinese title as the report writes them."""
        section = self.sections.get(section_id)
        if section is None:
            return section_id
        return heading_text(self.table("sections"), section, self.text_rows, "zh")

    def paragraph_order(self, paragraph_id: str) -> int:
        """Reading-order position of a paragraph (unknown ids sort last)."""
        row = self.paragraphs.get(paragraph_id)
        return int(row["order"]) if row and row.get("order", "").isdigit() else 1_000_000
