"""`cite(row_id)`: a ready-to-paste citation of one figure (or any quoted row).

    >>> import shangdang_data as sd
    >>> print(sd.cite("2022-gdp"))
    GDP (地区生产总值) — level, actual, 2022: 367 亿元 (100 million yuan)
    “全年地区生产总值完成367亿元”
    Source: 长治市上党区政府工作报告（...], 2023-06-16; section 一、迎难而上，2022年...], paragraph review.p03.
    Data: shangdang-data ..., indicators:2022-gdp (CC-BY-4.0).

Any table whose schema declares a `paragraph` and a `quote` column can be cited;
the headline comes from its `label`, `context` and `value` columns (see
`shangdang_data.roles`). An id is looked up in the tables with figures first
(indicators), then in the others; write `table:id` when an id is in several.
"""

from __future__ import annotations

from pathlib import Path

from shangdang_data._read import TextRows
from shangdang_data.descriptor import PackageSpec, TableSpec
from shangdang_data.display import context_texts, heading_text, label_text, value_text
from shangdang_data.problems import UnknownRowError, did_you_mean
from shangdang_data.roles import ColumnRole

__all__ = ["UnknownRowError", "citable_tables", "cite", "headline"]

Row = dict[str, str]


def citable_tables(package: PackageSpec) -> list[TableSpec]:
    """Tables whose rows can be cited (a one-column key, a `paragraph` and a `quote` column), figures first."""
    found = [
        t
        for t in package.tables
        if len(t.primary_key) == 1 and t.role(ColumnRole.PARAGRAPH) and t.role(ColumnRole.QUOTE)
    ]
    return sorted(found, key=lambda t: t.role(ColumnRole.FIGURE) is None)


def _find(rows: TextRows, row_id: str) -> tuple[TableSpec, Row]:
    candidates = citable_tables(rows.spec)
    wanted_table, _, key = row_id.rpartition(":")
    if wanted_table:
        table = rows.spec.resource(wanted_table)
        if table not in candidates:
            raise UnknownRowError(f"rows of {table.name} cannot be cited (no paragraph and quote)")
        candidates = [table]
    hits: list[tuple[TableSpec, Row]] = []
    known: list[str] = []
    for table in candidates:
        column = table.primary_key[0]
        for row in rows.rows(table.name):
            known.append(row[column])
            if row[column] == key:
                hits.append((table, row))
    if len(hits) == 1:
        return hits[0]
    if hits:
        names = ", ".join(f"{t.name}:{key}" for t, _ in hits)
        raise UnknownRowError(f"{key!r} is in several tables; write one of: {names}")
    hint = did_you_mean(key, known)
    where = ", ".join(t.name for t in candidates)
    raise UnknownRowError(f"no row {key!r} in {where}{hint}")


def headline(table: TableSpec, row: Row, rows: TextRows) -> str:
    """`GDP (地区生产总值) — level, actual, 2022: 367 亿元 (100 million yuan)`: label, context, value in words."""
    english, chinese = label_text(table, row, rows, "en"), label_text(table, row, rows, "zh")
    subject = f"{english} ({chinese})" if english and chinese else english or chinese
    subject = subject or (f"{table.title} ({table.title_zh})" if table.title_zh else table.title or table.name)
    context = ", ".join(context_texts(table, row, rows, "en"))
    value = value_text(table, row, rows, language="en", style="words")
    return subject + (f" — {context}" if context else "") + (f": {value}" if value else "")


def _where(table: TableSpec, row: Row, rows: TextRows) -> str:
    """`section 一、… [Part 1. …], paragraph review.p03`: the paragraph and what it belongs to (its section)."""
    paragraph = table.role(ColumnRole.PARAGRAPH)
    assert paragraph is not None  # citable_tables keeps only tables that have one
    paragraph_id = row.get(paragraph.name, "")
    fk = table.reference(paragraph.name)
    found = rows.get(fk.resource, paragraph_id) if fk is not None else None
    parts = []
    if fk is not None and found is not None:
        paragraphs = rows.spec.resource(fk.resource)
        for parent_fk in paragraphs.foreign_keys:
            parent = rows.get(parent_fk.resource, found.get(parent_fk.fields[0], ""))
            if len(parent_fk.fields) != 1 or parent is None:
                continue
            parent_spec = rows.spec.resource(parent_fk.resource)
            zh, en = heading_text(parent_spec, parent, rows, "zh"), heading_text(parent_spec, parent, rows, "en")
            word = paragraphs.field(parent_fk.fields[0]).title.lower() or parent_spec.name
            parts.append(f"{word} {zh} [{en}]" if en and en != zh else f"{word} {zh}")
    parts.append(f"{paragraph.title.lower() or 'paragraph'} {paragraph_id}")
    return ", ".join(parts)


def cite(row_id: str, *, path: str | Path | None = None, format: str = "text") -> str:
    """A ready-to-paste citation of the row `row_id` (an indicator id, or `table:id`).

    It gives the value with its unit and comparator in words, the verbatim quote,
    the section title (zh and en), the paragraph id, the report's title and date,
    and the package version. `format` is "text" (default), "bibtex" (a `@misc`
    entry) or "csl-json" (what Zotero, Pandoc and citeproc read). An unknown id
    raises `UnknownRowError` with close matches.

        >>> print(cite("2022-gdp", format="bibtex").splitlines()[0])
        @misc{shangdang-data-...-indicators-2022-gdp,
    """
    from shangdang_data.citation import RowCitation, check_format, render_citation
    from shangdang_data.load import read_package_spec

    check_format(format)
    package = read_package_spec(path)
    rows = TextRows(package)
    table, row = _find(rows, row_id)
    quote = table.role(ColumnRole.QUOTE)
    assert quote is not None  # citable_tables keeps only tables that have one
    citation = RowCitation(
        package=package,
        table=table.name,
        key=row[table.primary_key[0]],
        headline=headline(table, row, rows),
        quote=row[quote.name],
        where=_where(table, row, rows),
    )
    return render_citation(citation, format)
