"""Read one table's CSV as its Table Schema types it: pandas, polars, or plain Python rows.

Only an empty cell is missing (the Table Schema default `missingValues: [""]`,
quoted or not): "NA", "null" or "0" are values. Strings stay strings ("007" keeps
its zeros), integers become nullable `Int64`, numbers nullable `Float64`, and
enum columns categoricals whose categories are the schema's enum, in its order.

A CSV that cannot be read this way (header differs from the schema, a cell that is
not a number, a value outside an enum) raises `TableReadError`: the loader never
guesses. `shangdang-data validate` explains every such problem with its row.

pandas frames are built with pyarrow's CSV reader when pyarrow is installed (the
`export` extra; pandas uses it too): it is several times faster than pandas'
own parser with explicit dtypes. Without pyarrow, pandas' C parser gives the
same frame.
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from shangdang_data.descriptor import PackageSpec, TableSpec
from shangdang_data.field_types import FieldType, Value, parse_cell
from shangdang_data.problems import FileRefusedError, TableReadError

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl


def table_bytes(package: PackageSpec, table: TableSpec) -> bytes:
    """The bytes of `table`'s CSV, through the reading layer; `TableReadError` saying why if it refuses them."""
    try:
        return package.files.read(table.path).content
    except FileRefusedError as refused:
        raise _fail(table, refused.reason) from None


def _fail(table: TableSpec, detail: str) -> TableReadError:
    return TableReadError(f"{table.path}: {detail}; run `shangdang-data validate` for every problem with its row")


def _check_header(table: TableSpec, header: list[str]) -> None:
    expected = list(table.field_names)
    if header != expected:
        missing = [name for name in expected if name not in header]
        extra = [name for name in header if name not in expected]
        detail = f"header {header} differs from the schema's columns {expected}"
        if missing or extra:
            detail = f"header differs from the schema (missing {missing}, unexpected {extra})"
        raise _fail(table, detail)


# --- plain Python rows (exports, records, cite) -------------------------------------------------


def read_text_rows(package: PackageSpec, table: TableSpec) -> list[dict[str, str]]:
    """The rows of `table` as the CSV writes them (text, "" for missing), header checked.

    A file the reading layer refuses raises `FileRefusedError`; one that is not UTF-8
    or not CSV, or whose header differs from the schema, `TableReadError` naming it.
    """
    try:
        text = table_bytes(package, table).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _fail(table, f"not UTF-8 (byte {error.start}: {error.reason})") from error
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise _fail(table, "the file is empty (not even a header)")
        _check_header(table, header)
        rows = []
        for cells in reader:
            if len(cells) != len(header):
                raise _fail(table, f"line {reader.line_num} has {len(cells)} cells, the header {len(header)}")
            rows.append(dict(zip(header, cells, strict=True)))
    except csv.Error as error:
        raise _fail(table, f"not valid CSV ({error})") from error
    return rows


class TextRows:
    """The rows of a package's tables as text, each table read once and indexed by its primary key.

    What `cite`, `diff`, the exports' README and the docs share to look rows up: a
    foreign key's label, a paragraph's section, a unit's English name.
    """

    def __init__(self, spec: PackageSpec) -> None:
        self.spec = spec
        self._rows: dict[str, list[dict[str, str]]] = {}
        self._index: dict[str, dict[str, dict[str, str]]] = {}

    def rows(self, name: str) -> list[dict[str, str]]:
        """Every row of table `name` in file order (`[]` for a table the package does not have)."""
        if name not in self._rows:
            tables = {t.name: t for t in self.spec.tables}
            self._rows[name] = read_text_rows(self.spec, tables[name]) if name in tables else []
        return self._rows[name]

    def key(self, name: str, row: dict[str, str]) -> str:
        """The primary key of `row` as one string (parts joined with `/`)."""
        return "/".join(row.get(part, "") for part in self.spec.resource(name).primary_key)

    def index(self, name: str) -> dict[str, dict[str, str]]:
        """Rows of table `name` by primary key."""
        if name not in self._index:
            self._index[name] = {self.key(name, row): row for row in self.rows(name)} if self.rows(name) else {}
        return self._index[name]

    def get(self, name: str, key: str) -> dict[str, str] | None:
        """The row of table `name` whose primary key is `key`, if there is one."""
        return self.index(name).get(key)


def read_rows(package: PackageSpec, table: TableSpec) -> list[tuple[Value, ...]]:
    """The rows of `table` as tuples of Python values in schema order (`None` for missing)."""
    kinds = [field.kind for field in table.fields]
    rows: list[tuple[Value, ...]] = []
    for number, row in enumerate(read_text_rows(package, table), start=2):
        try:
            rows.append(tuple(parse_cell(kind, text) for kind, text in zip(kinds, row.values(), strict=True)))
        except ValueError as error:
            raise _fail(table, f"line {number}: {error}") from error
    return rows


# --- pandas ---------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _pandas_dtypes(table: TableSpec) -> dict[str, Any]:
    """The schema's pandas dtypes as dtype objects, resolved once per table (resolving a name costs more than
    reading a small column)."""
    import pandas as pd

    from shangdang_data.schemas import pandas_dtypes

    return {name: pd.api.types.pandas_dtype(dtype) for name, dtype in pandas_dtypes(table).items()}


def read_pandas(package: PackageSpec, table: TableSpec) -> pd.DataFrame:
    """`table` as a pandas DataFrame with the schema's nullable dtypes."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return _read_pandas_c(package, table)
    return _read_pandas_arrow(package, table)


@lru_cache(maxsize=64)
def _arrow_options(table: TableSpec) -> Any:
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    # enum and text columns stay large_string, what pandas' ArrowStringArray holds, so no cast is needed
    column_types = {
        f.name: pa.large_string() if f.enum is not None else getattr(pa, f.kind.arrow)() for f in table.fields
    }
    enums = {f.name: pa.array(list(f.enum), pa.large_string()) for f in table.fields if f.enum is not None}
    convert = pa_csv.ConvertOptions(
        column_types=column_types,
        null_values=[""],
        strings_can_be_null=True,
        quoted_strings_can_be_null=True,
        true_values=["true"],
        false_values=["false"],
    )
    parse = pa_csv.ParseOptions(newlines_in_values=True)
    return parse, convert, enums


def _arrow_to_pandas(array: Any, dtype: Any) -> Any:
    """One Arrow column as the pandas array of `dtype`, exactly (integers never pass through float64)."""
    import pandas as pd
    import pyarrow as pa

    if isinstance(dtype, pd.StringDtype) and pa.types.is_large_string(array.type):
        return pd.arrays.ArrowStringArray(array)  # zero copy
    if hasattr(dtype, "__from_arrow__"):  # pandas' nullable dtypes: values and mask, no float64 detour
        return dtype.__from_arrow__(array)
    return pd.Series(array.to_pandas()).astype(dtype).array


def _read_pandas_arrow(package: PackageSpec, table: TableSpec) -> pd.DataFrame:
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pa_csv

    parse, convert, enums = _arrow_options(table)
    dtypes = _pandas_dtypes(table)
    try:
        data = io.BytesIO(table_bytes(package, table))
        arrow = pa_csv.read_csv(data, parse_options=parse, convert_options=convert)
    except (pa.ArrowInvalid, OSError) as error:
        raise _fail(table, str(error).splitlines()[0]) from error
    _check_header(table, arrow.column_names)
    columns: dict[str, Any] = {}
    for name, chunked in zip(arrow.column_names, arrow.columns, strict=True):
        array = chunked.combine_chunks()
        if name in enums:
            index = pc.index_in(array, value_set=enums[name])
            if index.null_count != array.null_count:
                unknown = pc.unique(pc.filter(array, pc.and_(pc.is_null(index), pc.is_valid(array)))).to_pylist()
                raise _fail(table, f"column {name}: {unknown} not in the enum {list(dtypes[name].categories)}")
            codes = index.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int8)
            columns[name] = pd.Categorical.from_codes(codes, dtype=dtypes[name], validate=False)
        else:
            columns[name] = _arrow_to_pandas(array, dtypes[name])
    return pd.DataFrame(columns, copy=False)


def _text_to_pandas(table: TableSpec, name: str, kind: FieldType, text: pd.Series, dtype: Any) -> Any:
    """A column read as text, converted to `dtype` cell by cell by the registry (`parse_cell`)."""
    import pandas as pd

    try:
        values = [parse_cell(kind, cell) if isinstance(cell, str) else None for cell in text]
    except ValueError as error:
        raise _fail(table, f"column {name}: {error}") from error
    typed: Any = pd.array(values, dtype=dtype)
    return typed


def _read_pandas_c(package: PackageSpec, table: TableSpec) -> pd.DataFrame:
    import pandas as pd

    dtypes = _pandas_dtypes(table)
    try:
        frame = pd.read_csv(
            io.BytesIO(table_bytes(package, table)),
            dtype=pd.StringDtype(),  # every column as text; the registry's parsers type them
            keep_default_na=False,
            na_values=[""],
            low_memory=False,
            encoding="utf-8",
        )
    except (ValueError, TypeError, OSError) as error:
        raise _fail(table, str(error).splitlines()[0]) from error
    _check_header(table, [str(c) for c in frame.columns])
    for name, dtype in dtypes.items():
        if isinstance(dtype, pd.CategoricalDtype):
            text = frame[name]
            unknown = text.notna() & ~text.isin(dtype.categories)
            if unknown.any():
                found = sorted(set(text[unknown]))
                raise _fail(table, f"column {name}: {found} not in the enum {list(dtype.categories)}")
            frame[name] = pd.Categorical(text, dtype=dtype)
        elif (kind := table.field(name).kind).name != "string":
            frame[name] = _text_to_pandas(table, name, kind, frame[name], dtype)
    return frame


# --- polars ---------------------------------------------------------------------------------


def polars_load_schema(table: TableSpec) -> dict[str, pl.DataType]:
    """The polars schema `load` gives: the Table Schema types, `Enum` for enum columns."""
    from shangdang_data.schemas import polars_load_dtype

    return {field.name: polars_load_dtype(field) for field in table.fields}


def read_polars(package: PackageSpec, table: TableSpec) -> pl.DataFrame:
    """`table` as a polars DataFrame with the schema's dtypes (`Enum` for enum columns)."""
    import polars as pl

    try:
        frame = pl.read_csv(
            table_bytes(package, table),
            schema_overrides=polars_load_schema(table),
            infer_schema=False,
            null_values=[""],
            encoding="utf8",
        )
    except (pl.exceptions.PolarsError, OSError) as error:
        raise _fail(table, str(error).splitlines()[0]) from error
    _check_header(table, frame.columns)
    return frame
