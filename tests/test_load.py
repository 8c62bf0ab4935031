"""The loader: every table loads with the schema's dtypes and exactly the CSV's values, in pandas and polars."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pytest
from canonical import ROW, SYNTHETIC_FIELDS, Value, canonical, resource_names, same, write_synthetic_package
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import shangdang_data as sd
from shangdang_data import _read
from shangdang_data.descriptor import read_descriptor
from shangdang_data.load import read_package_spec
from shangdang_data.problems import InvalidPackageError, ShangdangError, TableReadError, UnknownTableError
from shangdang_data.schemas import pandas_dtypes
from shangdang_data.validate import validate

REPO = Path(__file__).resolve().parents[1]
TABLES = resource_names(REPO)


def pandas_rows(frame: pd.DataFrame) -> list[tuple[Value, ...]]:
    cells = frame.astype(object).where(frame.notna(), None)
    return [tuple(row) for row in cells.itertuples(index=False, name=None)]


def polars_rows(frame: pl.DataFrame) -> list[tuple[Value, ...]]:
    return [tuple(str(v) if isinstance(v, str) else v for v in row) for row in frame.rows()]


def assert_rows(got: list[tuple[Value, ...]], expected: list[tuple[Value, ...]]) -> None:
    assert len(got) == len(expected)
    for number, (a, b) in enumerate(zip(got, expected, strict=True), start=2):
        assert same(a, b), f"line {number}: {a} != {b}"


@pytest.mark.parametrize("name", TABLES)
def test_pandas_load_equals_the_csv_with_the_schema_dtypes(package_dir: Path, name: str) -> None:
    frame = sd.load(name, path=package_dir)
    columns, rows = canonical(package_dir, name)
    assert tuple(frame.columns) == columns
    assert dict(frame.dtypes) == pandas_dtypes(read_descriptor(package_dir).resource(name))
    assert_rows(pandas_rows(frame), rows)


@pytest.mark.parametrize("name", TABLES)
def test_polars_load_equals_the_csv_with_the_schema_dtypes(package_dir: Path, name: str) -> None:
    frame = sd.load(name, engine="polars", path=package_dir)
    columns, rows = canonical(package_dir, name)
    table = read_descriptor(package_dir).resource(name)
    assert tuple(frame.columns) == columns
    for field in table.fields:
        dtype = frame.schema[field.name]
        if field.enum is not None:
            assert dtype == pl.Enum(list(field.enum)), field.name
        else:
            assert dtype == {"integer": pl.Int64, "number": pl.Float64}.get(field.type, pl.String), field.name
    assert_rows(polars_rows(frame), rows)


@pytest.mark.parametrize("name", TABLES)
def test_pyarrow_and_pandas_parsers_give_the_same_frame(package_dir: Path, name: str) -> None:
    package = read_descriptor(package_dir)
    table = package.resource(name)
    pd.testing.assert_frame_equal(_read._read_pandas_arrow(package, table), _read._read_pandas_c(package, table))


def test_the_shipped_package_is_the_default(package_dir: Path) -> None:
    pd.testing.assert_frame_equal(sd.load("units"), sd.load("units", path=package_dir))


def test_load_all_gives_every_table_in_descriptor_order(package_dir: Path) -> None:
    frames = sd.load_all(path=package_dir)
    assert list(frames) == TABLES
    assert all(isinstance(f, pd.DataFrame) for f in frames.values())
    assert list(sd.load_all(engine="polars", path=package_dir)) == TABLES


def test_tables_lists_every_table_with_a_one_line_description(package_dir: Path) -> None:
    listing = sd.tables(package_dir)
    assert list(listing) == TABLES
    for name, line in listing.items():
        table = read_descriptor(package_dir).resource(name)
        assert "\n" not in line
        assert table.title_zh in line
        assert line.endswith(" ".join(table.description.split()))


def test_package_is_a_frictionless_package(package_dir: Path) -> None:
    import frictionless

    package = sd.package(package_dir)
    assert isinstance(package, frictionless.Package)
    assert package.resource_names == TABLES


def test_unknown_table_names_the_tables_there_are() -> None:
    with pytest.raises(UnknownTableError) as raised:
        sd.load("indicator")
    assert isinstance(raised.value, KeyError)
    assert "indicators" in str(raised.value)
    assert "sections" in str(raised.value)


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(ShangdangError, match="pandas, polars"):
        sd.load("units", engine="spark")  # type: ignore[call-overload]


def test_only_an_empty_cell_is_missing(package_copy: Path) -> None:
    units = package_copy / "data" / "units.csv"
    lines = units.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("name_en")] = "NA"
    cells[header.index("base_unit")] = "007"
    cells[header.index("metric_unit")] = '""'
    units.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n", encoding="utf-8")
    first = sd.load("units", path=package_copy).iloc[0]
    assert (first["name_en"], first["base_unit"], first["metric_unit"]) == ("NA", "007", pd.NA)
    first_polars = sd.load("units", engine="polars", path=package_copy).row(0, named=True)
    assert (first_polars["name_en"], first_polars["base_unit"], first_polars["metric_unit"]) == ("NA", "007", None)


def edit_cell(root: Path, table: str, column: str, value: str, line: int = 2) -> None:
    """Put `value` in `column` of `line` (header = 1) of table's CSV, through the csv module."""
    import csv

    path = root / "data" / f"{table}.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    rows[line - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows(rows)


READERS = {
    "pandas (pyarrow)": _read._read_pandas_arrow,
    "pandas (C parser)": _read._read_pandas_c,
    "polars": _read.read_polars,
}


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        pytest.param("factor", "ten", "factor|ten", id="text-in-number"),
        pytest.param("dimension", "weight", "weight", id="outside-enum"),
    ],
)
@pytest.mark.parametrize("reader", list(READERS))
def test_a_cell_the_schema_does_not_allow_is_an_error_not_a_guess(
    package_copy: Path, reader: str, column: str, value: str, expected: str
) -> None:
    edit_cell(package_copy, "units", column, value)
    package = read_descriptor(package_copy)
    with pytest.raises(TableReadError, match=expected) as raised:
        READERS[reader](package, package.resource("units"))
    assert "data/units.csv" in str(raised.value)


@pytest.mark.parametrize("reader", list(READERS))
def test_a_header_that_differs_from_the_schema_is_an_error(package_copy: Path, reader: str) -> None:
    units = package_copy / "data" / "units.csv"
    units.write_text(units.read_text(encoding="utf-8").replace("symbol_zh", "symbol", 1), encoding="utf-8")
    package = read_descriptor(package_copy)
    with pytest.raises(TableReadError, match="symbol_zh"):
        READERS[reader](package, package.resource("units"))


def test_a_changed_schema_is_read_again(package_copy: Path) -> None:
    assert str(sd.load("units", path=package_copy)["factor"].dtype) == "Float64"
    schema_file = package_copy / "schemas" / "units.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    for field in schema["fields"]:
        if field["name"] == "factor":
            field["type"] = "string"
            field["constraints"].pop("exclusiveMinimum", None)
    schema_file.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    assert read_package_spec(package_copy).resource("units").field("factor").type == "string"
    assert str(sd.load("units", path=package_copy)["factor"].dtype) == "string"


def test_validate_true_raises_with_every_problem_on_a_bad_package(package_copy: Path) -> None:
    edit_cell(package_copy, "units", "unit_id", "Not An Id")
    with pytest.raises(InvalidPackageError) as raised:
        sd.load("units", validate=True, path=package_copy)
    assert raised.value.report.problems
    assert "data/units.csv" in str(raised.value)


def test_validate_true_loads_a_package_the_validator_accepts(package_dir: Path) -> None:
    if validate(package_dir).valid:
        pd.testing.assert_frame_equal(sd.load("units", validate=True, path=package_dir), sd.load("units"))
    else:
        with pytest.raises(InvalidPackageError):
            sd.load("units", validate=True, path=package_dir)


# --- any text and number loads as written --------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(ROW, max_size=6))
def test_any_text_and_number_loads_exactly_as_written(rows: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = write_synthetic_package(Path(folder), rows)
        package = read_descriptor(root)
        table = package.resource("t")
        expected = [tuple(float(v) if isinstance(v, float) else v for v in row) for row in rows]
        for name, reader in READERS.items():
            frame = reader(package, table)
            got = polars_rows(frame) if isinstance(frame, pl.DataFrame) else pandas_rows(frame)
            assert list(frame.columns) == [f["name"] for f in SYNTHETIC_FIELDS], name
            assert_rows(got, expected)


def test_the_docstring_examples_run() -> None:
    import doctest
    from importlib import import_module

    # `import shangdang_data.load as module` would give the function: the package keeps public names for them
    result = doctest.testmod(import_module("shangdang_data.load"), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
