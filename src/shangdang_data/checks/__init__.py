"""The validator's checks, run in this order by `shangdang_data.validate`:

    descriptor.py  the descriptor and its Table Schemas (frictionless metadata, paths, JSON)
    files.py       bytes, before any parser: size, encoding, BOM, NUL, empty files
    structure.py   one table at a time: CSV records, row lengths, blank rows, the header
    tables.py      every cell rule of the Table Schema, plus key whitespace and formula injection
    keys.py        primary and foreign keys, by join
    sources.py     provenance: quotes in paragraphs, figures in quotes, numbering, rebuild, hashes, version

A check is `check_<what>(ctx, ...) -> Iterator[Problem]`: it yields problems and
never raises on bad data. `CheckContext` carries what earlier checks learnt (the
specs that could be read, the bytes that passed the byte checks, the parsed tables).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shangdang_data.descriptor import TableSpec

if TYPE_CHECKING:
    from shangdang_data.checks.structure import Table

#: Files larger than this are refused before they are read (a setting, not metadata).
MAX_BYTES = 50 * 1024 * 1024


@dataclass
class CheckContext:
    """What the checks share: the package being validated and what earlier checks found."""

    root: Path
    #: The descriptor's file name as shown in problems.
    descriptor_file: str = "datapackage.json"
    max_bytes: int = MAX_BYTES
    descriptor_text: str = ""
    raw: dict[str, Any] = field(default_factory=dict)
    #: Specs of the resources whose schema could be read, in descriptor order.
    tables: list[TableSpec] = field(default_factory=list)
    #: Path as written -> content (UTF-8 BOM removed) of files that passed the byte checks.
    files: dict[str, bytes] = field(default_factory=dict)
    #: Path as written -> the file's raw bytes (for `bytes`/`hash`), BOM included.
    raw_bytes: dict[str, bytes] = field(default_factory=dict)
    #: Resource name -> parsed table, for tables whose CSV could be parsed.
    parsed: dict[str, Table] = field(default_factory=dict)
    #: The raw source's text, once its hash has been checked and found unchanged.
    source_text: str | None = None

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
