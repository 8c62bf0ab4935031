"""Everything generated from a `TableSpec`: polars and pandas dtypes, and pandera schemas.

The Table Schemas in `schemas/` are the single source of truth; this module only
translates them. `pandera_schema` builds a pandera `DataFrameSchema` (object API,
with zh/en titles and descriptions), and `pandera_fields` reads one back into the
Table Schema field shape, so a test can prove the two agree field by field.

polars, pandas and pandera are imported inside the functions that use them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shangdang_data.descriptor import FieldSpec, TableSpec

if TYPE_CHECKING:
    import polars as pl

#: Table Schema type -> polars dtype name (attribute of the `polars` module).
POLARS_TYPES: dict[str, str] = {
    "string": "String",
    "integer": "Int64",
    "number": "Float64",
    "boolean": "Boolean",
    "date": "Date",
    "datetime": "Datetime",
    "year": "Int64",
}

#: Table Schema type -> pandas nullable dtype (enum columns become `category`).
PANDAS_TYPES: dict[str, str] = {
    "string": "string",
    "integer": "Int64",
    "number": "Float64",
    "boolean": "boolean",
    "date": "datetime64[ns]",
    "datetime": "datetime64[ns]",
    "year": "Int64",
}


def polars_dtype(field: FieldSpec) -> pl.DataType:
    """The polars dtype of one column (`String` for types polars has no better match for)."""
    import polars as pl

    dtype: pl.DataType = getattr(pl, POLARS_TYPES.get(field.type, "String"))()
    return dtype


def polars_schema(table: TableSpec) -> dict[str, pl.DataType]:
    """Column name -> polars dtype, in schema order, e.g. for `pl.read_csv(schema=...)`."""
    return {field.name: polars_dtype(field) for field in table.fields}


def pandas_dtype(field: FieldSpec) -> Any:
    """The pandas dtype of one column: nullable `Int64`/`Float64`, `string`, or `category` for enums."""
    if field.enum is not None:
        import pandas as pd

        return pd.CategoricalDtype(categories=list(field.enum), ordered=False)
    return PANDAS_TYPES.get(field.type, "string")


def pandas_dtypes(table: TableSpec) -> dict[str, Any]:
    """Column name -> pandas dtype, in schema order, e.g. for `DataFrame.astype`."""
    return {field.name: pandas_dtype(field) for field in table.fields}
