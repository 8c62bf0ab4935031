"""The type registry: a column of any supported type means the same value in every layer.

For each type, a one-table package holds a column of tricky values. It must validate;
then pandas, polars, the records, SQLite, Parquet and xlsx must all give back the
values the test expects (written here by hand, not computed by the registry), and
writing them back as text must give the CSV cells again.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

import shangdang_data as sd
from shangdang_data import _read
from shangdang_data.descriptor import read_descriptor
from shangdang_data.export import writer
from shangdang_data.field_types import FIELD_TYPES, field_type, format_cell, parse_cell
from shangdang_data.problems import DescriptorError, Rule
from shangdang_data.validate import validate

#: Type -> (cell as written, the Python value it means), with an empty cell (missing) added to each.
SAMPLES: dict[str, list[tuple[str, Any]]] = {
    "string": [
        ("上党区", "上党区"),
        ("007", "007"),
        ("NA", "NA"),
        ("true", "true"),
        ("a,b", "a,b"),
        ('say "hi"', 'say "hi"'),
    ],
    "integer": [
        ("0", 0),
        ("-5", -5),
        ("2023", 2023),
        ("9223372036854775807", 2**63 - 1),
        ("-9223372036854775808", -(2**63)),
    ],
    "number": [("367", 367.0), ("6.5", 6.5), ("-0.25", -0.25), ("0.1", 0.1), ("123456789012345", 123456789012345.0)],
    "boolean": [("true", True), ("false", False)],
    "date": [
        ("2023-06-16", dt.date(2023, 6, 16)),
        ("1900-03-01", dt.date(1900, 3, 1)),
        ("9999-12-31", dt.date(9999, 12, 31)),
    ],
    "year": [("2023", 2023), ("0999", 999), ("1900", 1900)],
}


def test_every_registered_type_has_samples() -> None:
    assert set(SAMPLES) == set(FIELD_TYPES)


def write_package(root: Path, kind: str, cells: list[str]) -> Path:
    """A one-table package: `id` (text key) and `x` of type `kind` holding `cells`."""
    (root / "data").mkdir(parents=True)
    (root / "schemas").mkdir()
    fields = [{"name": "id", "type": "string", "constraints": {"required": True}}, {"name": "x", "type": kind}]
    (root / "schemas" / "t.json").write_text(json.dumps({"fields": fields, "primaryKey": ["id"]}), encoding="utf-8")
    descriptor = {
        "name": "types",
        "version": "1.0.0",
        "resources": [{"name": "t", "path": "data/t.csv", "schema": "schemas/t.json", "title": "T", "title_zh": "表"}],
    }
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    with (root / "data" / "t.csv").open("w", encoding="utf-8", newline="") as stream:
        out = csv.writer(stream, lineterminator="\n")
        out.writerow(["id", "x"])
        out.writerows([f"r{i}", cell] for i, cell in enumerate(cells))
    return root


def plain(value: Any) -> Any:
    """A value from pandas, polars, pyarrow, sqlite or openpyxl as plain Python (None for missing)."""
    if value is None or value is pd.NaT or (not isinstance(value, str | bytes | dt.date) and pd.isna(value)):
        return None
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        value = value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, str | bytes):  # numpy scalar
        value = value.item()
    return value


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_a_column_round_trips_through_every_layer(tmp_path: Path, kind: str) -> None:
    cells = [text for text, _ in SAMPLES[kind]] + [""]
    expected = [value for _, value in SAMPLES[kind]] + [None]
    root = write_package(tmp_path / "package", kind, cells)
    report = validate(root)
    assert report.valid, report.to_text()
    registry = field_type(kind)

    def same(got: list[Any], layer: str, back: bool = False) -> None:
        values = [plain(v) for v in got]
        if back:  # a layer that stores the type as something else (0/1, ISO text, a spreadsheet date)
            values = [None if v is None else registry.coerce(v) for v in values]
        if kind == "date" and not back:
            values = [v.date() if isinstance(v, dt.datetime) else v for v in values]
        assert values == expected, layer
        assert [type(v) for v in values] == [type(v) for v in expected], layer

    same(list(sd.load("t", path=root)["x"]), "pandas")
    package = read_descriptor(root)
    same(list(_read._read_pandas_c(package, package.resource("t"))["x"]), "pandas without pyarrow")
    same(sd.load("t", path=root, engine="polars")["x"].to_list(), "polars")
    same([record.x for record in sd.records("t", path=root)], "records")  # type: ignore[attr-defined]
    assert [parse_cell(registry, cell) for cell in cells] == expected
    assert [format_cell(registry, value) for value in expected] == cells

    out = tmp_path / "out"
    for fmt in ("sqlite", "parquet", "xlsx"):
        writer(fmt)(package, out)
    with sqlite3.connect(out / "sqlite" / "shangdang.db") as connection:
        declared = {row[1]: row[2] for row in connection.execute('PRAGMA table_info("t")')}
        assert declared["x"] == registry.sqlite
        same([row[0] for row in connection.execute('SELECT x FROM "t" ORDER BY rowid')], "sqlite", back=True)
    same(pq.read_table(out / "parquet" / "t.parquet").column("x").to_pylist(), "parquet")
    sheet = openpyxl.load_workbook(out / "xlsx" / "types.xlsx")["t"]
    same([row[1] for row in sheet.iter_rows(min_row=2, values_only=True)], "xlsx", back=True)


@pytest.mark.parametrize("kind", ["time", "datetime", "geopoint", "object", "any", "yearmonth"])
def test_an_unsupported_type_is_one_clear_schema_error(tmp_path: Path, kind: str) -> None:
    root = write_package(tmp_path / "package", kind, ["x"])
    report = validate(root)
    assert [(p.rule, p.file, p.column) for p in report.problems] == [(Rule.SCHEMA_METADATA, "schemas/t.json", "x")]
    assert f"field type {kind!r} is not supported" in report.problems[0].message
    with pytest.raises(DescriptorError, match=f"schemas/t.json: field 'x': field type {kind!r} is not supported"):
        sd.load("t", path=root)


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("integer", "9223372036854775808"),  # one past int64
        ("number", "1e400"),  # infinity
        ("date", "2023-02-30"),
        ("date", "1899-12-31"),  # before any spreadsheet's dates
        ("boolean", "True"),
    ],
)
def test_values_no_layer_could_hold_are_refused_by_validate(tmp_path: Path, kind: str, text: str) -> None:
    root = write_package(tmp_path / "package", kind, [text])
    report = validate(root)
    assert [(p.rule, p.file, p.row, p.column) for p in report.problems] == [(Rule.TYPE, "data/t.csv", 2, "x")]
    with pytest.raises(ValueError, match=repr(text)):
        parse_cell(field_type(kind), text)
