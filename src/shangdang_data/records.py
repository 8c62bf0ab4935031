"""Typed records: one pydantic model class per table, generated from its Table Schema.

    >>> import shangdang_data as sd
    >>> unit = sd.records("units")[0]
    >>> type(unit).__name__, unit.unit_id, unit.factor
    ('UnitsRecord', 'cny-100m', 100000000.0)

Each field carries the schema's type, required-ness, enum (as a `Literal`),
pattern, bounds, title and description, so `Model.model_json_schema()` shows the
same contract as `schemas/<table>.json` (a test compares them field by field).
Records are frozen and refuse unknown fields. `unique`, primary and foreign keys
span rows, so they stay with the validator.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from shangdang_data._read import read_rows
from shangdang_data.descriptor import FieldSpec, TableSpec
from shangdang_data.problems import TableReadError

if TYPE_CHECKING:
    from pydantic import BaseModel

__all__ = ["record_model", "records"]


def model_name(table: TableSpec) -> str:
    """Class name of a table's record model: `enterprise_roles` -> `EnterpriseRolesRecord`."""
    return "".join(part.capitalize() for part in table.name.split("_")) + "Record"


def _field_definition(spec: FieldSpec) -> tuple[Any, Any]:
    from pydantic import Field

    annotation: Any = spec.kind.python
    if spec.enum is not None:
        annotation = Literal[spec.enum]
    info = Field(
        default=... if spec.required else None,
        title=" / ".join(t for t in (spec.title, spec.title_zh) if t) or None,
        description=spec.description or None,
        pattern=spec.pattern,
        ge=spec.minimum,
        le=spec.maximum,
        gt=spec.exclusive_minimum,
    )
    if not spec.required:
        annotation = annotation | None
    return annotation, info


@lru_cache(maxsize=64)
def record_model(table: TableSpec) -> type[BaseModel]:
    """The pydantic model of one row of `table` (cached per spec)."""
    from pydantic import ConfigDict, create_model

    fields: dict[str, Any] = {spec.name: _field_definition(spec) for spec in table.fields}
    model: type[BaseModel] = create_model(
        model_name(table),
        __config__=ConfigDict(frozen=True, extra="forbid", title=f"{table.title} ({table.title_zh})"),
        __doc__=f"One row of `{table.name}`: {table.description}",
        **fields,
    )
    return model


def records(name: str, *, path: str | Path | None = None) -> list[BaseModel]:
    """Every row of table `name` as a validated pydantic model, in file order.

    A row that breaks its schema (type, required, enum, pattern, bounds) raises
    `TableReadError` naming its line; `UnknownTableError` for an unknown table.
    """
    from pydantic import ValidationError

    from shangdang_data.load import read_package_spec

    package = read_package_spec(path)
    table = package.resource(name)
    model = record_model(table)
    rows: list[BaseModel] = []
    for line, row in enumerate(read_rows(package, table), start=2):
        try:
            rows.append(model.model_validate(dict(zip(table.field_names, row, strict=True))))
        except ValidationError as error:
            first = error.errors()[0]
            column = ".".join(str(part) for part in first["loc"])
            raise TableReadError(
                f"{table.path}: line {line}, column {column}: {first['msg']} "
                f"({error.error_count()} problem(s) in this row); run `shangdang-data validate`"
            ) from error
    return rows
