"""What every renderer reads: the package spec, the CSV rows, and where each table's rows live.

Rows come from the package's own text-row reader (`shangdang_data._read.TextRows`),
as the strings the files hold: the site shows figures exactly as written, and
building it needs neither pandas nor the loader.

A renderer never reads a column by its name: it asks the table's spec for the
column that plays a part (`shangdang_data.roles`: `cell(row, spec.role(ColumnRole.QUOTE))`),
for the column a foreign key declares (`ctx.reference_to(table, "projects")`), or for
the column whose categories hold a value it looks for (`category_column`). The report's
paragraphs, its outline, the figures and the errata are the tables whose columns play
`text`, `outline_number`, `figure` and `intended`. Renaming a column in its schema and
CSV changes no code here (`tests/test_docs_roles.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from shangdang_data._read import TextRows
from shangdang_data.descriptor import FieldSpec, PackageSpec, TableSpec, read_descriptor
from shangdang_data.display import Language, heading_text
from shangdang_data.roles import ColumnRole

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


def cell(row: Row, field: FieldSpec | None) -> str:
    """The row's cell in column `field` as written; "" when the table has no such column."""
    return row.get(field.name, "") if field is not None else ""


class MissingColumnError(ValueError):
    """A page needs a column that plays a part its table's schema gives no column."""


def need(spec: TableSpec, field: FieldSpec | None, what: str) -> FieldSpec:
    """`field`, or `MissingColumnError` naming the table and what the page needed of it."""
    if field is None:
        raise MissingColumnError(f"{spec.schema_path}: the site needs a column that is {what}; declare one")
    return field


def category_column(spec: TableSpec, value: str) -> FieldSpec | None:
    """The column whose categories include `value` (`target` finds the indicators' basis); None if no column's do.

    For a value the site looks for (an actual or a target, a growth rate), the schema says
    once which column holds it. `ValueError` if several columns could.
    """
    found = [field for field in spec.fields if field.category(value) is not None]
    if len(found) > 1:
        raise ValueError(f"{spec.name}: {', '.join(f.name for f in found)} all have a category {value!r}")
    return found[0] if found else None


def english_twin(spec: TableSpec, field: FieldSpec) -> FieldSpec | None:
    """The column `<name>_en` beside a column `<name>_zh` (the schemas' naming of a translation), if there is one."""
    twin = field.name.removesuffix("_zh") + "_en" if field.name.endswith("_zh") else None
    return spec.field(twin) if twin in spec.field_names else None


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

    def described(self, table: TableSpec) -> str:
        """A table's description in the language being built (the English where it has no Chinese one)."""
        return self.t(table.description_zh or table.description, table.description)

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

    def reference_to(self, table: str, target: str) -> FieldSpec | None:
        """The column of `table` that is a one-column foreign key to `target`, as the schema declares it.

        Where several are (a glossary entry's paragraph and its first use), the one that plays
        `paragraph` comes first.
        """
        found = self.references_to(table, target)
        return found[0] if found else None

    def references_to(self, table: str, target: str) -> tuple[FieldSpec, ...]:
        """Every column of `table` that is a one-column foreign key to `target`, the `paragraph` one first."""
        if not self.has_table(table):
            return ()
        spec = self.table(table)
        found = [spec.field(fk.fields[0]) for fk in spec.foreign_keys if len(fk.fields) == 1 and fk.resource == target]
        return tuple(sorted(found, key=lambda field: field.role is not ColumnRole.PARAGRAPH))

    def _table_with(self, *roles: ColumnRole) -> TableSpec | None:
        return next((table for table in self.spec.tables if all(table.role(role) for role in roles)), None)

    @cached_property
    def figure_table(self) -> TableSpec | None:
        """The table of figures: the first whose columns play `figure` and `value` (the indicators)."""
        return self._table_with(ColumnRole.FIGURE, ColumnRole.VALUE)

    def linked_columns(self, table: str) -> tuple[FieldSpec, ...]:
        """The foreign keys of `table` to rows of other tables it names (a project, a town), in schema order.

        Not the paragraph and section a row is in, nor the key a copied column follows (its
        unit, its scope), nor a row of the same table (the figure a relational row compares with).
        """
        spec = self.table(table)
        vias = {f.copy_of.via for f in spec.fields if f.copy_of is not None}
        report = {t.name for t in (self.paragraph_table, self.section_table) if t is not None}
        return tuple(
            spec.field(fk.fields[0])
            for fk in spec.foreign_keys
            if len(fk.fields) == 1
            and fk.resource not in report | {table}
            and fk.fields[0] not in vias
            and spec.field(fk.fields[0]).role is None
            and spec.field(fk.fields[0]).copy_of is None
        )

    @cached_property
    def paragraph_table(self) -> TableSpec | None:
        """The report's paragraphs: the table with a `text` column, which every `paragraph` column references."""
        return self._table_with(ColumnRole.TEXT)

    @cached_property
    def section_table(self) -> TableSpec | None:
        """The report's outline: the table with an `outline_number` column."""
        return self._table_with(ColumnRole.OUTLINE_NUMBER)

    @cached_property
    def errata_table(self) -> TableSpec | None:
        """The words the report got wrong: the table with an `intended` column (what the words likely meant)."""
        return self._table_with(ColumnRole.INTENDED, ColumnRole.QUOTE)

    @cached_property
    def paragraphs(self) -> dict[str, Row]:
        """Paragraph rows by their key."""
        return self.index(self.paragraph_table.name) if self.paragraph_table is not None else {}

    @cached_property
    def sections(self) -> dict[str, Row]:
        """Section rows by their key, in outline order."""
        return self.index(self.section_table.name) if self.section_table is not None else {}

    def section_column(self, table: str) -> FieldSpec | None:
        """The column of `table` naming the section a row is in: its foreign key to the outline table."""
        return self.reference_to(table, self.section_table.name) if self.section_table is not None else None

    def section_of(self, table: str, row: Row) -> str:
        """The key of the section a row of `table` is in; "" if the table has no section column."""
        return cell(row, self.section_column(table))

    def section_label(self, section_id: str) -> str:
        """`（一）全力以赴…`: the section's number and Chinese title as the report writes them."""
        section = self.sections.get(section_id)
        if section is None or self.section_table is None:
            return section_id
        return heading_text(self.section_table, section, self.text_rows, "zh")

    def section_depth(self, section_id: str) -> int:
        """How deep a section is in the outline: 1 for 一、二、三, 2 for （一）…, counted up its self-reference."""
        table = self.section_table
        parent = next((fk.fields[0] for fk in table.foreign_keys if fk.resource == table.name), None) if table else None
        depth, seen = 1, {section_id}
        row = self.sections.get(section_id)
        while row is not None and parent is not None and row.get(parent) and row[parent] not in seen:
            seen.add(row[parent])
            row, depth = self.sections.get(row[parent]), depth + 1
        return depth

    def paragraph_order(self, paragraph_id: str) -> int:
        """Reading-order position of a paragraph (its `sequence` column; unknown ids sort last)."""
        row = self.paragraphs.get(paragraph_id)
        position = cell(row, self.paragraph_table.role(ColumnRole.SEQUENCE)) if row and self.paragraph_table else ""
        return int(position) if position.isdigit() else 1_000_000
