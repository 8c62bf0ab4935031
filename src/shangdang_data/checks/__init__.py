"""The validator's checks; `registry.CHECKS` lists them in the order `shangdang_data.validate` runs them:

    descriptor.py  the descriptor and its Table Schemas (frictionless metadata, paths, JSON, roles)
    files.py       bytes, before any parser: size, encoding, BOM, NUL, empty files
    structure.py   one table at a time: CSV records, row lengths, blank rows, the header
    tables.py      every cell rule of the Table Schema, plus key whitespace and formula injection
    keys.py        primary and foreign keys, by join
    provenance.py  quotes in paragraphs, figures in quotes, values, numbering, denormalised copies
    sources.py     the raw source, the rebuild of the generated tables, recorded hashes, the version
    wording.py     the coding guide: the report's wordings select comparator, direction, measure, basis, status
    registry.py    every check in order, with the rules it reports and what it needs

A check is `check_<what>(ctx, ...) -> Iterator[Problem]`: it yields problems and
never raises on bad data. `CheckContext` carries what earlier checks learnt (the
specs that could be read, the bytes that passed the byte checks, the parsed tables).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shangdang_data.descriptor import TableSpec
from shangdang_data.problems import Rule
from shangdang_data.reading import MAX_BYTES, FileData, PackageFiles

if TYPE_CHECKING:
    import polars as pl

    from shangdang_data.checks.structure import Table

__all__ = ["MAX_BYTES", "Check", "CheckContext", "Scope", "shorten"]


@dataclass
class CheckContext:
    """What the checks share: the package being validated and what earlier checks found."""

    #: The package's files, through the reading layer every command uses.
    files: PackageFiles
    descriptor_text: str = ""
    raw: dict[str, Any] = field(default_factory=dict)
    #: Specs of the resources whose schema could be read, in descriptor order.
    tables: list[TableSpec] = field(default_factory=list)
    #: Path as written -> the file as read (bytes, size and sha256), BOM included.
    data: dict[str, FileData] = field(default_factory=dict)
    #: Resource name -> parsed table, for tables whose CSV could be parsed.
    parsed: dict[str, Table] = field(default_factory=dict)
    #: The raw source's text, once its hash has been checked and found unchanged.
    source_text: str | None = None
    _keys: dict[tuple[str, tuple[str, ...]], Any] = field(default_factory=dict, repr=False)

    def key_values(self, table: Table, fields: tuple[str, ...]) -> pl.Series:
        """The distinct values of `fields` in a parsed table, without surrounding spaces; computed once."""
        import polars as pl

        cache_key = (table.spec.name, fields)
        if cache_key not in self._keys:
            parts = [table.text(c).str.strip_chars() for c in fields]  # every row, ragged ones too
            value = parts[0] if len(parts) == 1 else pl.struct(*parts)
            self._keys[cache_key] = table.frame.select(value.unique().alias("_key")).to_series()
        found: pl.Series = self._keys[cache_key]
        return found

    def column_map(self, table: Table, key: str, value: str) -> dict[str, str]:
        """`key` (without surrounding spaces) -> `value` of the first row with that key; computed once."""
        cache_key = (table.spec.name, (key, "->", value))
        if cache_key not in self._keys:
            mapping: dict[str, str] = {}
            pairs = (
                table.frame.lazy()
                .select(table.text(key).str.strip_chars(), table.text(value))
                .unique(maintain_order=True)
            )
            for k, v in pairs.collect().iter_rows():
                mapping.setdefault(k, v)
            self._keys[cache_key] = mapping
        found: dict[str, str] = self._keys[cache_key]
        return found

    @property
    def root(self) -> Path:
        """The folder holding the descriptor."""
        return self.files.root

    @property
    def descriptor_file(self) -> str:
        """The descriptor's file name as shown in problems."""
        return self.files.descriptor_name

    def descriptor_line(self, value: object) -> int | None:
        """The line of `datapackage.json` where `value` (as JSON) is first written, if found."""
        needle = json.dumps(value, ensure_ascii=False)
        position = self.descriptor_text.find(needle)
        if position < 0:
            needle = json.dumps(value)
            position = self.descriptor_text.find(needle)
        return self.descriptor_text.count("\n", 0, position) + 1 if position >= 0 else None

    def table(self, name: str) -> TableSpec | None:
        """The spec of resource `name`, if its schema could be read."""
        return next((t for t in self.tables if t.name == name), None)


def shorten(text: str, limit: int = 60) -> str:
    """`text` cut to `limit` characters with an ellipsis, for messages."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Scope(StrEnum):
    """What a check needs, and so how often it runs."""

    #: Once, with the context (the descriptor and whatever earlier checks found).
    PACKAGE = "package"
    #: Once per resource whose Table Schema could be read: `check(ctx, spec)`.
    RESOURCE = "resource"
    #: Once per table whose CSV could be parsed: `check(ctx, table)`.
    TABLE = "table"


@dataclass(frozen=True, slots=True)
class Check:
    """One entry of the check registry: a name, the function, what it needs and the rules it may report."""

    #: Short name, shown in `check-crashed` problems and on the rule catalogue.
    name: str
    #: `module:function` of the check, looked up when it runs (so tests can replace it).
    target: str
    scope: Scope
    #: Every rule the check may report; reporting another is a bug, reported as `check-crashed`.
    rules: tuple[Rule, ...]
    #: If True, a False result stops validation: nothing else can be checked (an unreadable descriptor).
    fatal: bool = False

    def function(self) -> Any:
        """The check function itself."""
        from importlib import import_module

        module, _, name = self.target.partition(":")
        return getattr(import_module(module), name)
