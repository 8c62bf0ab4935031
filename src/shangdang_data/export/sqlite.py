"""A SQLite database with one table per resource, and the `metadata.json` datasette reads.

Columns get the type registry's SQLite type (TEXT, INTEGER, NUMERIC: a whole
number is stored and shown as 367, not 367.0), `NOT NULL` for required fields,
`UNIQUE`, `CHECK` constraints for enums and bounds, the primary key and every
foreign key; each foreign-key column is indexed. Rows keep file order.

Every table with report text, quotes or names (the columns whose `x_role` is
text, quote, label or label_en) gets a full-text index `<table>_fts` (FTS5, the
trigram tokenizer: any run of three or more characters matches, Chinese
included, without word segmentation), named in `metadata.json`, so datasette's
search box searches it:

    datasette <out>/sqlite/ → /shangdang/indicators?_search=原煤产量

    datasette <out>/sqlite/          # directory mode: picks up metadata.json by itself
    datasette <out>/sqlite/shangdang.db -m <out>/sqlite/metadata.json
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from shangdang_data._read import read_rows
from shangdang_data.citation import licences, report_source
from shangdang_data.descriptor import FieldSpec, PackageSpec, TableSpec
from shangdang_data.export._about import column_description, source_line
from shangdang_data.export._progress import Progress, report
from shangdang_data.problems import TableReadError
from shangdang_data.roles import ColumnRole

__all__ = ["SEARCHED_ROLES", "create_table_sql", "datasette_metadata", "search_columns", "write_sqlite"]

#: File stem of the database, and so its name in datasette's URLs (`/shangdang`).
DATABASE_NAME = "shangdang"

#: Columns in the full-text index: the report's text, the quotes, and names in Chinese and English.
SEARCHED_ROLES = (ColumnRole.TEXT, ColumnRole.QUOTE, ColumnRole.LABEL, ColumnRole.LABEL_EN)


def search_columns(table: TableSpec) -> tuple[str, ...]:
    """The columns of `table` that its full-text index holds, in schema order."""
    return tuple(f.name for f in table.fields if f.role in SEARCHED_ROLES or f.verbatim)


def fts_name(table: TableSpec) -> str:
    """The full-text index of `table`: `<table>_fts`."""
    return f"{table.name}_fts"


def _fts_sql(table: TableSpec) -> list[str]:
    """FTS5 over the searched columns, its content read from the table itself (no second copy of the text)."""
    columns = search_columns(table)
    if not columns:
        return []
    names = ", ".join(quote(c) for c in columns)
    return [
        f"CREATE VIRTUAL TABLE {quote(fts_name(table))} USING fts5({names}, "
        f"content={_literal(table.name)}, content_rowid='rowid', tokenize='trigram')",
        f"INSERT INTO {quote(fts_name(table))} (rowid, {names}) SELECT rowid, {names} FROM {quote(table.name)}",
    ]


def quote(identifier: str) -> str:
    """An SQL identifier in double quotes (`order` is a keyword)."""
    return '"' + identifier.replace('"', '""') + '"'


def _literal(value: str | float) -> str:
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return repr(value)


def column_type(field: FieldSpec, table: TableSpec) -> str:
    """SQLite type of a column; a lone integer key is `INT`, since `INTEGER` would make it the rowid and
    reorder the rows by key instead of file order."""
    sql_type = field.kind.sqlite
    return "INT" if sql_type == "INTEGER" and table.primary_key == (field.name,) else sql_type


def _column_sql(field: FieldSpec, table: TableSpec) -> str:
    parts = [quote(field.name), column_type(field, table)]
    if field.required:
        parts.append("NOT NULL")
    if field.unique and table.primary_key != (field.name,):
        parts.append("UNIQUE")
    name = quote(field.name)
    if field.enum is not None:
        parts.append(f"CHECK ({name} IN ({', '.join(_literal(v) for v in field.enum)}))")
    for operator, bound in ((">=", field.minimum), ("<=", field.maximum), (">", field.exclusive_minimum)):
        if bound is not None:
            parts.append(f"CHECK ({name} {operator} {_literal(bound)})")
    return " ".join(parts)


def create_table_sql(table: TableSpec) -> str:
    """`CREATE TABLE` for `table`: typed columns, constraints, primary and foreign keys."""
    lines = [_column_sql(field, table) for field in table.fields]
    if table.primary_key:
        lines.append(f"PRIMARY KEY ({', '.join(quote(c) for c in table.primary_key)})")
    for key in table.foreign_keys:
        columns = ", ".join(quote(c) for c in key.fields)
        referenced = ", ".join(quote(c) for c in key.reference_fields)
        lines.append(f"FOREIGN KEY ({columns}) REFERENCES {quote(key.resource)} ({referenced})")
    body = ",\n  ".join(lines)
    return f"CREATE TABLE {quote(table.name)} (\n  {body}\n)"


def _index_sql(table: TableSpec) -> list[str]:
    statements = []
    for key in table.foreign_keys:
        name = quote(f"idx_{table.name}_{'_'.join(key.fields)}")
        columns = ", ".join(quote(c) for c in key.fields)
        statements.append(f"CREATE INDEX {name} ON {quote(table.name)} ({columns})")
    return statements


def datasette_metadata(package: PackageSpec, database: str) -> dict[str, Any]:
    """datasette metadata: package title, description, source and licence; table and column descriptions."""
    first_licence = (licences(package) or [{"name": "", "path": ""}])[0]
    tables: dict[str, Any] = {}
    for table in package.tables:
        entry: dict[str, Any] = {
            "title": f"{table.title} ({table.title_zh})" if table.title_zh else table.title,
            "description": table.description,
            "columns": {field.name: column_description(field) for field in table.fields},
        }
        label = table.role(ColumnRole.LABEL)  # what datasette shows instead of a foreign key's id
        if label is not None:
            entry["label_column"] = label.name
        if search_columns(table):  # datasette's search box queries this index
            entry["fts_table"] = fts_name(table)
            entry["fts_pk"] = "rowid"
        tables[table.name] = entry
    return {
        "title": package.title,
        "description": str(package.raw.get("description", "")),
        "license": first_licence["name"],
        "license_url": first_licence["path"],
        "source": source_line(package),
        "about": f"{package.name} {package.version}; report issued by {report_source(package).get('issuer', '')}",
        "databases": {
            database: {
                "title": f"{package.title} ({package.version})",
                "description": str(package.raw.get("description", "")),
                "tables": tables,
            }
        },
    }


def write_sqlite(package: PackageSpec, out_dir: Path, *, progress: Progress | None = None) -> list[Path]:
    """Write `<out_dir>/sqlite/shangdang.db` and `<out_dir>/sqlite/metadata.json`."""
    folder = out_dir / "sqlite"
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / f"{DATABASE_NAME}.db"
    partial = folder / f"{database.name}.partial"
    partial.unlink(missing_ok=True)
    connection = sqlite3.connect(partial)
    # many small tables and indexes: 1 KiB pages instead of 4 KiB more than halve the file
    connection.execute("PRAGMA page_size = 1024")
    try:
        with connection:
            for table in package.tables:
                connection.execute(create_table_sql(table))
                for statement in _index_sql(table):
                    connection.execute(statement)
                marks = ", ".join("?" for _ in table.fields)
                stored = [field.kind.to_sqlite for field in table.fields]
                rows = (
                    tuple(None if v is None else to(v) for to, v in zip(stored, row, strict=True))
                    for row in read_rows(package, table)
                )
                try:
                    connection.executemany(f"INSERT INTO {quote(table.name)} VALUES ({marks})", rows)
                except sqlite3.IntegrityError as error:
                    raise TableReadError(f"{table.path}: {error}; run `shangdang-data validate`") from error
                for statement in _fts_sql(table):
                    connection.execute(statement)
                report(progress, f"sqlite: {table.name}")
        connection.execute("VACUUM")
    finally:
        connection.close()
    partial.replace(database)
    metadata = folder / "metadata.json"
    text = json.dumps(datasette_metadata(package, database.stem), ensure_ascii=False, indent=2)
    metadata.write_text(text + "\n", encoding="utf-8")
    return [database, metadata]
