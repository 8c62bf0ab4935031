"""schemas.py: pandera, polars and pandas views of the Table Schemas agree with the JSON files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from mutations import INDICATORS, read_table, set_cell

from shangdang_data.descriptor import TableSpec, read_descriptor
from shangdang_data.problems import Rule
from shangdang_data.schemas import pandas_dtypes, pandera_fields, pandera_schema, polars_schema
from shangdang_data.validate import validate

TABLES = read_descriptor().table_names
#: Keys of a Table Schema field that pandera carries (all of them, for the fields this package writes).
FIELD_KEYS = {"name", "type", "title", "title_zh", "description", "description_zh", "constraints"}
FIELD_KEYS |= {"categories", "x_role", "x_verbatim", "x_copy_of"}


def spec(package_dir: Path, name: str) -> TableSpec:
    return read_descriptor(package_dir).resource(name)


def raw_fields(package_dir: Path, table: TableSpec) -> list[dict[str, Any]]:
    return list(json.loads((package_dir / table.schema_path).read_text(encoding="utf-8"))["fields"])


@pytest.mark.parametrize("engine", ["pandas", "polars"])
@pytest.mark.parametrize("name", TABLES)
def test_pandera_round_trip_equals_the_table_schema(package_dir: Path, name: str, engine: str) -> None:
    """spec -> pandera (either engine) -> field dicts equals schemas/<name>.json, field by field."""
    table = spec(package_dir, name)
    expected = raw_fields(package_dir, table)
    assert all(set(field) <= FIELD_KEYS for field in expected), "a field key pandera does not carry"
    actual = pandera_fields(pandera_schema(table, engine))
    assert [f["name"] for f in actual] == [f["name"] for f in expected]
    for mine, theirs in zip(actual, expected, strict=True):
        assert mine == theirs, mine["name"]


@pytest.mark.parametrize("name", TABLES)
def test_pandera_schema_carries_keys_and_titles(package_dir: Path, name: str) -> None:
    table = spec(package_dir, name)
    schema = pandera_schema(table)
    assert schema.name == name
    assert schema.title == table.title
    assert schema.strict
    assert schema.ordered
    assert schema.metadata["primary_key"] == list(table.primary_key)
    assert [fk["resource"] for fk in schema.metadata["foreign_keys"]] == [fk.resource for fk in table.foreign_keys]
    for field in table.fields:
        column = schema.columns[field.name]
        assert (column.title, column.description) == (field.title, field.description)
        assert column.metadata["title_zh"] == field.title_zh


def test_round_trip_notices_a_difference(package_dir: Path) -> None:
    """The agreement test can fail: a schema with a changed bound no longer round-trips to the file."""
    import dataclasses

    table = spec(package_dir, "glossary")
    changed = dataclasses.replace(
        table,
        fields=tuple(dataclasses.replace(f, maximum=24) if f.name == "number" else f for f in table.fields),
    )
    assert pandera_fields(pandera_schema(changed)) != raw_fields(package_dir, table)


def load_pandas(package_dir: Path, table: TableSpec) -> Any:
    import pandas as pd

    frame = pd.read_csv(package_dir / table.path, dtype="string", keep_default_na=False, na_values=[""])
    return frame.astype(pandas_dtypes(table))


@pytest.mark.parametrize("name", TABLES)
def test_pandera_accepts_the_real_tables(package_dir: Path, name: str) -> None:
    table = spec(package_dir, name)
    pandera_schema(table).validate(load_pandas(package_dir, table), lazy=True)


@pytest.mark.parametrize(
    ("column", "value", "rule"),
    [("value", "-5", Rule.MINIMUM), ("period", "22", Rule.PATTERN), ("subject_en", "", Rule.REQUIRED)],
)
def test_pandera_and_the_validator_reject_the_same_cell(
    package_copy: Path, column: str, value: str, rule: Rule
) -> None:
    import pandera.errors

    row = set_cell(package_copy, INDICATORS, column, value, lambda r: r["indicator_id"] != "")
    table = spec(package_copy, "indicators")
    with pytest.raises(pandera.errors.SchemaErrors) as caught:
        pandera_schema(table).validate(load_pandas(package_copy, table), lazy=True)
    failures = caught.value.failure_cases
    assert set(failures["column"]) == {column}
    assert {int(i) + 2 for i in failures["index"]} == {row}
    ours = {(p.rule, p.row, p.column) for p in validate(package_copy).problems}
    assert (rule, row, column) in ours


@pytest.mark.parametrize("name", TABLES)
def test_polars_schema_reads_every_table(package_dir: Path, name: str) -> None:
    import polars as pl

    table = spec(package_dir, name)
    frame = pl.read_csv(package_dir / table.path, schema=polars_schema(table))
    header, rows = read_table(package_dir, table.path)
    assert frame.columns == list(table.field_names) == header
    assert frame.height == len(rows)
    types = {f.name: f.type for f in table.fields}
    for column, dtype in frame.schema.items():
        expected = {"integer": pl.Int64, "number": pl.Float64}.get(types[column], pl.String)
        assert dtype == expected, column


def test_pandas_dtypes_are_nullable_and_enums_categorical(package_dir: Path) -> None:
    import pandas as pd

    table = spec(package_dir, "indicators")
    dtypes = pandas_dtypes(table)
    assert dtypes["value"] == "Float64"
    assert dtypes["quote"] == "string"
    assert isinstance(dtypes["basis"], pd.CategoricalDtype)
    assert list(dtypes["basis"].categories) == list(table.field("basis").enum or ())
    assert pandas_dtypes(spec(package_dir, "glossary"))["number"] == "Int64"
