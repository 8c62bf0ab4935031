"""What is in the package, for newcomers: its tables with their row counts, and the ids `cite` accepts.

    >>> import shangdang_data as sd
    >>> [(t.name, t.rows) for t in sd.table_info()][:2]              # doctest: +ELLIPSIS
    [('sections', ...), ('paragraphs', ...)]
    >>> sd.row_ids("units")[:2]
    ['cny-100m', 'cny-10k']

Only the standard library is used: the CSVs are read as text (`_read.TextRows`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from shangdang_data._read import TextRows

__all__ = ["TableInfo", "row_ids", "table_info"]


@dataclass(frozen=True, slots=True)
class TableInfo:
    """One table: its name, English and Chinese titles, number of data rows and description."""

    name: str
    title: str
    title_zh: str
    rows: int
    description: str
    #: True if `cite` can cite its rows (it has a one-column key, a paragraph and a quote).
    citable: bool


def table_info(path: str | Path | None = None) -> list[TableInfo]:
    """Every table of the package at `path` (default: the shipped one), in descriptor order, with its row count."""
    from shangdang_data.cite import citable_tables
    from shangdang_data.load import read_package_spec

    spec = read_package_spec(path)
    rows = TextRows(spec)
    citable = {t.name for t in citable_tables(spec)}
    return [
        TableInfo(
            name=t.name,
            title=t.title,
            title_zh=t.title_zh,
            rows=len(rows.rows(t.name)),
            description=" ".join(t.description.split()),
            citable=t.name in citable,
        )
        for t in spec.tables
    ]


def row_ids(name: str, *, path: str | Path | None = None) -> list[str]:
    """The primary keys of table `name`, in file order, written as `cite` accepts them.

    An id that is also a row of another citable table is written `table:id`, as
    `cite` then needs; parts of a composite key are joined with `/`. An unknown
    `name` raises `UnknownTableError` with close matches.
    """
    from shangdang_data.cite import citable_tables
    from shangdang_data.load import read_package_spec

    spec = read_package_spec(path)
    table = spec.resource(name)
    rows = TextRows(spec)
    keys = [rows.key(name, row) for row in rows.rows(name)]
    citable = citable_tables(spec)
    if table not in citable:
        return keys
    elsewhere = {rows.key(t.name, row) for t in citable if t.name != name for row in rows.rows(t.name)}
    return [f"{name}:{key}" if key in elsewhere else key for key in keys]
