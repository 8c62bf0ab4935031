"""Check your own DataFrames against the package's rules: `schema(name)` and `check_references(frames)`.

    >>> import shangdang_data as sd
    >>> indicators = sd.load("indicators")
    >>> sd.schema("indicators").validate(indicators) is indicators      # doctest: +SKIP
    True
    >>> sd.check_references({"indicators": indicators}).valid            # doctest: +SKIP
    True

`schema` is the pandera `DataFrameSchema` generated from the Table Schema (types,
required, enum, pattern, bounds, unique, primary key, and the package's own cell
rules). What one frame cannot say (foreign keys, a quote in its paragraph, a
figure in its quote, a denormalised copy) is checked by `check_references`,
which runs the validator's own cross-table checks on frames instead of files, and
returns the same `Report` as `validate`. Needs the `pandera` extra for `schema`
(and `polars` for `engine="polars"`), the `polars` extra for `check_references`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shangdang_data._extras import require_extra
from shangdang_data.descriptor import PackageSpec, TableSpec
from shangdang_data.field_types import format_cell
from shangdang_data.problems import Report, Rule

if TYPE_CHECKING:
    from shangdang_data.checks import Check
    from shangdang_data.checks.structure import Table

__all__ = ["check_references", "schema"]

#: Rules a pandera schema states column by column; `check_references` leaves them to it.
SCHEMA_RULES = frozenset(
    {
        Rule.REQUIRED,
        Rule.TYPE,
        Rule.ENUM,
        Rule.PATTERN,
        Rule.MINIMUM,
        Rule.MAXIMUM,
        Rule.UNIQUE,
        Rule.FORMULA_INJECTION,
        Rule.KEY_WHITESPACE,
    }
)


def schema(name: str, *, engine: str = "pandas", path: str | Path | None = None) -> Any:
    """The pandera `DataFrameSchema` of table `name`, for frames of `engine` ("pandas" or "polars").

    It checks what `load(name, engine=engine)` gives: the column names in order
    (`strict`, `ordered`), dtypes, nullability, enums, patterns, bounds, unique
    columns and the primary key; each column carries its zh/en title and
    description. A derived frame with more columns: `schema(...).add_columns({...})`
    or `.remove_columns([...])` (pandera's own methods). An unknown `name` raises
    `UnknownTableError` with close matches.
    """
    from shangdang_data.load import check_engine_name, read_package_spec
    from shangdang_data.schemas import pandera_schema

    check_engine_name(engine)
    require_extra("pandera", purpose="schema()")
    if engine == "polars":
        require_extra("polars", purpose="schema(..., engine='polars')")
    table = read_package_spec(path).resource(name)
    return pandera_schema(table, engine)


def cross_table_checks() -> tuple[Check, ...]:
    """The validator's row checks that a pandera schema cannot state: keys and provenance, in registry order."""
    from shangdang_data.checks import Scope
    from shangdang_data.checks.registry import CHECKS

    return tuple(c for c in CHECKS if c.scope is Scope.TABLE and not SCHEMA_RULES & set(c.rules))


def _column_text(table: TableSpec, name: str, values: list[Any]) -> list[str]:
    """A column's values as the CSV cells the package would write (`""` for missing)."""
    import pandas as pd

    field = table.field(name)
    cells = []
    for value in values:
        if value is None or (not isinstance(value, str) and bool(pd.isna(value))):
            cells.append("")
        else:
            cells.append(format_cell(field.kind, field.kind.coerce(str(value) if field.enum else value)))
    return cells


def _values(frame: Any, column: str) -> list[Any]:
    series = frame[column]
    return list(series.to_list() if hasattr(series, "to_list") else series.tolist())


def _as_table(table: TableSpec, columns: Mapping[str, list[str]], height: int) -> Table:
    import polars as pl

    from shangdang_data.checks.structure import RAGGED, ROW, Table

    present = [f.name for f in table.fields if f.name in columns]
    frame = pl.DataFrame(
        {
            ROW: pl.Series(range(2, height + 2), dtype=pl.Int64),
            RAGGED: pl.Series([False] * height, dtype=pl.Boolean),
            **{name: pl.Series(columns[name], dtype=pl.String) for name in present},
        }
    )
    return Table(spec=table, header=tuple(present), frame=frame)


def _frame_table(table: TableSpec, frame: Any) -> Table:
    names = [f.name for f in table.fields if f.name in list(frame.columns)]
    height = len(frame)
    return _as_table(table, {name: _column_text(table, name, _values(frame, name)) for name in names}, height)


def _file_table(package: PackageSpec, table: TableSpec) -> Table:
    from shangdang_data._read import read_text_rows

    rows = read_text_rows(package, table)
    return _as_table(table, {f.name: [row[f.name] for row in rows] for f in table.fields}, len(rows))


def check_references(frames: Mapping[str, Any], *, path: str | Path | None = None) -> Report:
    """Check a set of frames (table name -> pandas or polars DataFrame) against each other and the package.

    Runs the validator's cross-table rules on each frame given: primary key,
    foreign keys, quotes in their paragraphs, figures in their quotes, values
    equal to figures, numbering, and denormalised copies. A table a frame refers
    to but that is not given (`paragraphs`, `units` …) is read from the package
    at `path` (default: the shipped one). Columns the schema does not know are
    ignored; a rule whose columns are missing is skipped. Problems name the
    table's CSV path and the row the frame's row would be on in a CSV (position
    + 2: the header is row 1). Returns a `Report`; `report.valid` is True when
    every rule holds.
    """
    from shangdang_data.load import read_package_spec
    from shangdang_data.validate import _Runner

    require_extra("polars", purpose="check_references()")
    package = read_package_spec(path)
    given = {name: _frame_table(package.resource(name), frame) for name, frame in frames.items()}

    class _Parsed(dict[str, "Table"]):
        """The given frames first; any other table of the package read when a check asks for it."""

        def get(self, name: str, default: Any = None) -> Any:
            if name not in self:
                try:
                    self[name] = _file_table(package, package.resource(name))
                except Exception:  # an unreadable table is reported by `validate`; here the rule is skipped
                    return default
            return dict.get(self, name, default)

    from shangdang_data.checks import CheckContext

    ctx = CheckContext(files=package.files, tables=list(package.tables))
    ctx.parsed = _Parsed(given)
    runner = _Runner()
    for table in given.values():
        for check in cross_table_checks():
            runner.run(check, table.file, ctx, table)
    return Report.collect(runner.problems, {name: t.frame.height for name, t in given.items()}, "frames")
