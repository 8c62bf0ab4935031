"""One Parquet file per table, typed as its Table Schema says.

string -> `string`, integer -> `int64`, number -> `float64`; enum columns are
dictionary-encoded with the schema's enum, in its order, as the dictionary (pandas
reads them as the same categoricals `load` gives). Required columns are
non-nullable. Each field carries its title, Chinese title and description as
metadata, and the file carries the table name, package version and the Table
Schema itself (`shangdang_data:table_schema`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from shangdang_data._extras import require
from shangdang_data._read import read_rows
from shangdang_data.descriptor import FieldSpec, PackageSpec, TableSpec
from shangdang_data.export._progress import Progress, report
from shangdang_data.field_types import Value
from shangdang_data.problems import TableReadError

__all__ = ["arrow_schema", "write_parquet"]


def _arrow_type(field: FieldSpec) -> Any:
    import pyarrow as pa

    if field.enum is not None:
        return pa.dictionary(pa.int32(), pa.string())
    arrow_type = getattr(pa, field.kind.arrow)()
    return pa.string() if pa.types.is_large_string(arrow_type) else arrow_type


def arrow_schema(package: PackageSpec, table: TableSpec) -> Any:
    """The `pyarrow.Schema` of `table`, with field and table metadata."""
    import pyarrow as pa

    fields = [
        pa.field(
            f.name,
            _arrow_type(f),
            nullable=not f.required,
            metadata={"title": f.title, "title_zh": f.title_zh, "description": f.description},
        )
        for f in table.fields
    ]
    schema_text = package.files.read(table.schema_path).content.decode("utf-8")
    metadata = {
        "shangdang_data:table": table.name,
        "shangdang_data:title": f"{table.title} ({table.title_zh})",
        "shangdang_data:version": package.version,
        "shangdang_data:table_schema": schema_text,
    }
    return pa.schema(fields, metadata=metadata)


def _column(field: FieldSpec, values: list[Value], arrow_type: Any) -> Any:
    import pyarrow as pa

    if field.required and any(v is None for v in values):
        raise ValueError(f"column {field.name} is required but has empty cells")
    if field.enum is None:
        return pa.array(values, type=arrow_type)
    codes = {v: i for i, v in enumerate(field.enum)}
    unknown = sorted({str(v) for v in values if v is not None and v not in codes})
    if unknown:
        raise ValueError(f"column {field.name}: {unknown} not in the enum {list(field.enum)}")
    indices = pa.array([None if v is None else codes[str(v)] for v in values], type=pa.int32())
    return pa.DictionaryArray.from_arrays(indices, pa.array(list(field.enum), pa.string()))


def write_parquet(package: PackageSpec, out_dir: Path, *, progress: Progress | None = None) -> list[Path]:
    """Write `<out_dir>/parquet/<table>.parquet` for every table."""
    pa = require("pyarrow", extra="export", purpose="The Parquet export")
    parquet = require("pyarrow.parquet", extra="export", purpose="The Parquet export")
    folder = out_dir / "parquet"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in package.tables:
        schema = arrow_schema(package, table)
        rows = read_rows(package, table)
        try:
            columns = [
                _column(field, [row[i] for row in rows], schema.field(i).type) for i, field in enumerate(table.fields)
            ]
        except ValueError as error:
            raise TableReadError(f"{table.path}: {error}; run `shangdang-data validate`") from error
        target = folder / f"{table.name}.parquet"
        parquet.write_table(pa.Table.from_arrays(columns, schema=schema), target, compression="zstd")
        written.append(target)
        report(progress, f"parquet: {table.name}")
    return written
