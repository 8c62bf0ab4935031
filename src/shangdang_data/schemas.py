"""Everything generated from a `TableSpec`: polars and pandas dtypes, and pandera schemas.

The dtypes come from the type registry (`shangdang_data.field_types`); this module
adds what a column's constraints make of them (an enum is a categorical).

The Table Schemas in `schemas/` are the single source of truth; this module only
translates them. `pandera_schema` builds a pandera `DataFrameSchema` (object API,
with zh/en titles and descriptions) for pandas or polars, and `pandera_fields`
reads one back into the Table Schema field shape, so a test can prove the two
agree field by field. `sd.schema(name)` (frames.py) is the public way in.

polars, pandas and pandera are imported inside the functions that use them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shangdang_data.descriptor import FieldSpec, TableSpec

if TYPE_CHECKING:
    import polars as pl


#: Field properties beyond type and constraints that the pandera schema carries in each column's metadata.
CARRIED = ("categories", "x_role", "x_verbatim", "x_copy_of")


def polars_dtype(field: FieldSpec) -> pl.DataType:
    """The polars dtype of one column, from the type registry."""
    import polars as pl

    dtype: pl.DataType = getattr(pl, field.kind.polars)()
    return dtype


def polars_load_dtype(field: FieldSpec) -> pl.DataType:
    """The polars dtype `load(..., engine="polars")` gives a column: the registry's, `Enum` for an enum column."""
    import polars as pl

    return pl.Enum(list(field.enum)) if field.enum is not None else polars_dtype(field)


def polars_schema(table: TableSpec) -> dict[str, pl.DataType]:
    """Column name -> polars dtype, in schema order, e.g. for `pl.read_csv(schema=...)`."""
    return {field.name: polars_dtype(field) for field in table.fields}


def pandas_dtype(field: FieldSpec) -> Any:
    """The pandas dtype of one column: the registry's (nullable `Int64`, `Float64` …), or `category` for enums."""
    if field.enum is not None:
        import pandas as pd

        return pd.CategoricalDtype(categories=list(field.enum), ordered=False)
    return field.kind.pandas


def pandas_dtypes(table: TableSpec) -> dict[str, Any]:
    """Column name -> pandas dtype, in schema order, e.g. for `DataFrame.astype`."""
    return {field.name: pandas_dtype(field) for field in table.fields}


def _anchored(pattern: str) -> str:
    """The pattern as pandera applies it (`re.match`), with the full-match meaning of a Table Schema pattern."""
    return pattern if pattern.startswith("^") and pattern.endswith("$") else f"^(?:{pattern})$"


def _unanchored(pattern: str) -> str:
    """Inverse of `_anchored`."""
    return pattern[4:-2] if pattern.startswith("^(?:") and pattern.endswith(")$") else pattern


def _pandera(engine: str) -> Any:
    """`pandera.pandas` or `pandera.polars` (the same engines `load` has)."""
    from importlib import import_module

    from shangdang_data.load import check_engine_name

    check_engine_name(engine)
    return import_module(f"pandera.{engine}")


def pandera_dtype(field: FieldSpec, engine: str = "pandas") -> Any:
    """The dtype pandera checks a column against: what `load(..., engine=engine)` gives."""
    return polars_load_dtype(field) if engine == "polars" else pandas_dtype(field)


FINITE = "type: a number is finite (not inf or NaN)"
NO_FORMULA = "formula-injection: text does not start with =, +, -, @, a tab or a carriage return"
NO_SPACES = "key-whitespace: a key has no leading or trailing spaces"


def _package_checks(field: FieldSpec, table: TableSpec, engine: str) -> list[Any]:
    """The package's own cell rules that a typed value can still break, named by their `Rule`:
    numbers are finite (the registry's number grammar), text does not start like a spreadsheet formula, and
    keys have no surrounding spaces (`checks.tables` states the same rules for the validator)."""
    from shangdang_data.checks.tables import FORMULA
    from shangdang_data.problems import Rule

    pa = _pandera(engine)
    checks = []
    text = field.kind.name == "string" and field.enum is None
    key = field.name in table.key_columns
    if engine == "polars":
        import polars as pl

        def polars_check(expression: Any, rule: Rule, error: str) -> Any:
            return pa.Check(lambda data: data.lazyframe.select(expression(pl.col(data.key))), name=rule, error=error)

        if field.kind.name == "number":
            checks.append(polars_check(lambda c: c.is_finite(), Rule.TYPE, FINITE))
        if text:
            checks.append(polars_check(lambda c: ~c.str.contains(FORMULA), Rule.FORMULA_INJECTION, NO_FORMULA))
            if key:
                space = Rule.KEY_WHITESPACE
                checks.append(polars_check(lambda c: c.str.strip_chars() == c, space, NO_SPACES))
        return checks
    if field.kind.name == "number":
        checks.append(pa.Check(lambda s: s.abs() < float("inf"), name=Rule.TYPE, error=FINITE))
    if text:
        checks.append(pa.Check(lambda s: ~s.str.contains(FORMULA), name=Rule.FORMULA_INJECTION, error=NO_FORMULA))
        if key:
            checks.append(pa.Check(lambda s: s.str.strip() == s, name=Rule.KEY_WHITESPACE, error=NO_SPACES))
    return checks


def pandera_checks(field: FieldSpec, engine: str = "pandas") -> list[Any]:
    """The column's constraints as pandera `Check`s: enum, pattern, minimum, exclusiveMinimum, maximum."""
    pa = _pandera(engine)
    checks = []
    if field.enum is not None:
        checks.append(pa.Check.isin(list(field.enum)))
    if field.pattern is not None:
        checks.append(pa.Check.str_matches(_anchored(field.pattern)))
    if field.minimum is not None:
        checks.append(pa.Check.ge(field.minimum))
    if field.exclusive_minimum is not None:
        checks.append(pa.Check.gt(field.exclusive_minimum))
    if field.maximum is not None:
        checks.append(pa.Check.le(field.maximum))
    return checks


def pandera_schema(table: TableSpec, engine: str = "pandas") -> Any:
    """A pandera `DataFrameSchema` (object API) for the table, with zh/en titles and descriptions.

    `engine` is "pandas" (`pandera.pandas`, the dtypes `load` gives) or "polars"
    (`pandera.polars`, the dtypes of `load(..., engine="polars")`). Columns are
    nullable unless `required`, in schema order (`ordered`, `strict`); the primary
    key is the schema's `unique`. Besides the Table Schema's constraints, each
    column carries the package's own cell rules a typed value can break (finite
    numbers, no formula, keys without spaces), named by their rule code. Foreign
    keys and the provenance rules span tables: they sit in `metadata`, and
    `shangdang_data.check_references` checks them.
    """
    pa = _pandera(engine)
    columns = {
        field.name: pa.Column(
            pandera_dtype(field, engine),
            checks=pandera_checks(field, engine) + _package_checks(field, table, engine),
            nullable=not field.required,
            unique=field.unique,
            required=True,
            title=field.title,
            description=field.description,
            metadata={
                "type": field.type,
                "title_zh": field.title_zh,
                "description_zh": field.description_zh,
                **{key: field.raw[key] for key in CARRIED if key in field.raw},  # type: ignore[literal-required]
            },
        )
        for field in table.fields
    }
    return pa.DataFrameSchema(
        columns,
        name=table.name,
        title=table.title,
        description=table.description,
        strict=True,
        ordered=True,
        unique=list(table.primary_key) or None,
        metadata={
            "title_zh": table.title_zh,
            "path": table.path,
            "primary_key": list(table.primary_key),
            "foreign_keys": [
                {"fields": list(fk.fields), "resource": fk.resource, "reference_fields": list(fk.reference_fields)}
                for fk in table.foreign_keys
            ],
        },
    )


def _type_of(column: Any) -> str:
    """The Table Schema type a pandera column stands for: the one recorded in its metadata, if its dtype is that
    type's dtype in the registry (a category for enums); otherwise the dtype itself, so a round trip fails."""
    from shangdang_data.field_types import FIELD_TYPES

    dtype = str(column.dtype)
    recorded = str((column.metadata or {}).get("type"))
    kind = FIELD_TYPES.get(recorded)
    enum = dtype == "category" or dtype.startswith("Enum(")
    if kind is not None and (enum or dtype.split("[")[0] in (kind.pandas.split("[")[0], kind.polars)):
        return recorded
    return dtype


def pandera_fields(schema: Any) -> list[dict[str, Any]]:
    """Read a pandera schema back into Table Schema fields (the shape of `schemas/<table>.json`).

    The type comes from the pandera dtype, the constraints from the checks, so a
    round trip spec -> pandera -> fields proves the two agree.
    """
    fields: list[dict[str, Any]] = []
    for name, column in schema.columns.items():
        metadata = column.metadata or {}
        field: dict[str, Any] = {
            "name": name,
            "type": _type_of(column),
            "title": column.title,
            "title_zh": metadata.get("title_zh", ""),
            "description": column.description,
            "description_zh": metadata.get("description_zh", ""),
        }
        constraints: dict[str, Any] = {}
        if not column.nullable:
            constraints["required"] = True
        if column.unique:
            constraints["unique"] = True
        for check in column.checks:
            statistics = check.statistics or {}
            if check.name == "isin":
                constraints["enum"] = list(statistics["allowed_values"])
            elif check.name == "str_matches":
                constraints["pattern"] = _unanchored(str(statistics["pattern"]))
            elif check.name == "greater_than_or_equal_to":
                constraints["minimum"] = statistics["min_value"]
            elif check.name == "greater_than":
                constraints["exclusiveMinimum"] = statistics["min_value"]
            elif check.name == "less_than_or_equal_to":
                constraints["maximum"] = statistics["max_value"]
        if constraints:
            field["constraints"] = constraints
        field.update({key: metadata[key] for key in CARRIED if key in metadata})
        fields.append(field)
    return fields
