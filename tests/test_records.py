"""Typed records: one pydantic model per table, the same contract as its Table Schema, every row valid."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pydantic
import pytest
from canonical import canonical, resource_names, same, schema_of
from hypothesis import given
from hypothesis import strategies as st

import shangdang_data as sd
from shangdang_data.descriptor import read_descriptor
from shangdang_data.problems import TableReadError, UnknownTableError
from shangdang_data.records import model_name, record_model

REPO = Path(__file__).resolve().parents[1]
TABLES = resource_names(REPO)
JSON_TYPES = {"string": "string", "integer": "integer", "number": "number"}


def property_schema(model: type[pydantic.BaseModel], name: str) -> dict[str, Any]:
    """The JSON Schema of one field, with an optional field's `anyOf [T, null]` unwrapped."""
    prop: dict[str, Any] = dict(model.model_json_schema()["properties"][name])
    if "anyOf" in prop:
        (inner,) = [p for p in prop.pop("anyOf") if p.get("type") != "null"]
        prop.update(inner)
    return prop


@pytest.mark.parametrize("name", TABLES)
def test_records_hold_every_row_as_written(package_dir: Path, name: str) -> None:
    columns, rows = canonical(package_dir, name)
    records = sd.records(name, path=package_dir)
    assert len(records) == len(rows)
    for record, row in zip(records, rows, strict=True):
        dumped = record.model_dump()
        assert tuple(dumped) == columns
        assert same(tuple(dumped.values()), row), row[0]


@pytest.mark.parametrize("name", TABLES)
def test_the_model_states_the_table_schema_field_by_field(package_dir: Path, name: str) -> None:
    model = record_model(read_descriptor(package_dir).resource(name))
    schema = schema_of(package_dir, name)
    json_schema = model.model_json_schema()
    assert list(json_schema["properties"]) == [f["name"] for f in schema["fields"]]
    required = [f["name"] for f in schema["fields"] if f.get("constraints", {}).get("required")]
    assert json_schema.get("required", []) == required
    for field in schema["fields"]:
        constraints = field.get("constraints", {})
        prop = property_schema(model, field["name"])
        assert prop["type"] == JSON_TYPES[field.get("type", "string")], field["name"]
        assert prop.get("enum") == constraints.get("enum"), field["name"]
        assert prop.get("pattern") == constraints.get("pattern"), field["name"]
        assert prop.get("minimum") == constraints.get("minimum"), field["name"]
        assert prop.get("maximum") == constraints.get("maximum"), field["name"]
        assert prop.get("exclusiveMinimum") == constraints.get("exclusiveMinimum"), field["name"]
        assert field["title"] in prop["title"]
        assert prop.get("description") == (field.get("description") or None)


def test_model_names_are_camel_case_per_table(package_dir: Path) -> None:
    table = read_descriptor(package_dir).resource("enterprise_roles")
    assert model_name(table) == "EnterpriseRolesRecord"
    assert record_model(table).__name__ == "EnterpriseRolesRecord"
    assert record_model(table) is record_model(table)


def test_records_are_frozen_and_refuse_unknown_fields(package_dir: Path) -> None:
    unit = sd.records("units", path=package_dir)[0]
    with pytest.raises(pydantic.ValidationError):
        unit.factor = 2.0  # type: ignore[attr-defined]
    with pytest.raises(pydantic.ValidationError, match="extra"):
        type(unit).model_validate({**unit.model_dump(), "colour": "red"})


def test_a_row_that_breaks_its_schema_names_line_and_column(package_copy: Path) -> None:
    units = package_copy / "data" / "units.csv"
    lines = units.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",money,", ",weight,", 1)
    units.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(TableReadError, match=r"data/units.csv: line 4, column dimension"):
        sd.records("units", path=package_copy)


def test_an_unknown_table_is_refused() -> None:
    with pytest.raises(UnknownTableError, match="glossary"):
        sd.records("glosary")


@given(number=st.integers(min_value=-5, max_value=40))
def test_bounds_come_from_the_schema(number: int) -> None:
    glossary = read_descriptor(REPO).resource("glossary")
    bounds = glossary.field("number")
    model = record_model(glossary)
    row = sd.records("glossary")[0].model_dump()
    ok = (bounds.minimum or 0) <= number <= (bounds.maximum or 10**9)
    if ok:
        assert model.model_validate({**row, "number": number}).number == number  # type: ignore[attr-defined]
    else:
        with pytest.raises(pydantic.ValidationError):
            model.model_validate({**row, "number": number})


def test_the_docstring_examples_run() -> None:
    import doctest
    from importlib import import_module

    # `import shangdang_data.records as module` would give the function: the package keeps public names for them
    result = doctest.testmod(import_module("shangdang_data.records"), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
