"""The one registry of Table Schema field types: every layer asks it what a type means.

For each type the package supports, written once: the grammar of a cell, how the
text becomes a Python value and how a value is written back as text, and the
matching pandas, polars, Arrow, SQLite, pydantic and pandera types. The checks,
the loader, the records, every export, `diff`, `cite` and the docs read these
entries; no other map from Table Schema types exists in the package.

    >>> from shangdang_data.field_types import field_type
    >>> number = field_type("number")
    >>> number.parse("6.50"), number.format(367.0), number.sqlite
    (6.5, '367', 'NUMERIC')

A type that is not here (`time`, `geopoint`, `object` …) is not silently read as
text: `field_type` raises `UnsupportedTypeError`, which `validate` reports as a
`schema-metadata` problem and the loader as a `DescriptorError`.

Only an empty cell is missing (`missingValues: [""]`); `parse` is never given one.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shangdang_data.problems import DescriptorError

#: A cell as Python sees it.
Value = str | int | float | bool | dt.date | None

#: The range of a 64-bit signed integer: pandas, polars, Arrow and SQLite all store integers in it.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

INTEGER_GRAMMAR = re.compile(r"-?[0-9]+")
#: The one number grammar: optional minus, decimal digits, optional exponent (no `+`, NaN or INF).
NUMBER_GRAMMAR = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


class UnsupportedTypeError(DescriptorError):
    """A Table Schema field type the package cannot read faithfully."""


@dataclass(frozen=True, slots=True)
class FieldType:
    """What one Table Schema type means, in every layer of the package."""

    #: The Table Schema type name.
    name: str
    #: A non-empty cell of this type, in full (`fullmatch`).
    grammar: re.Pattern[str]
    #: How the type is written, for error messages ("an integer, ASCII digits only: 2023").
    expected: str
    #: Text that matches `grammar` -> the Python value; `ValueError` if it is still not one (out of range …).
    parse: Callable[[str], Value]
    #: Python value -> the text this package writes in a CSV cell.
    format: Callable[[Any], str]
    #: Whatever a library hands back (numpy scalars, Timestamps, 0/1, text) -> the canonical Python value.
    coerce: Callable[[Any], Value]
    #: The Python type of a value (pydantic annotation).
    python: type
    #: pandas dtype `load` gives (and pandera checks): nullable where pandas has a nullable dtype.
    pandas: str
    #: polars dtype, as the name of a `polars` attribute.
    polars: str
    #: pyarrow type, as the name of a `pyarrow` factory function.
    arrow: str
    #: SQLite column type (its affinity decides how a stored value is kept and shown).
    sqlite: str
    #: Python value -> what is stored in SQLite.
    to_sqlite: Callable[[Any], object]
    #: True if `minimum`/`maximum` apply and `diff` compares values as numbers.
    numeric: bool = False


def parse_integer(text: str) -> int:
    """A Table Schema integer: ASCII digits with an optional minus, within 64 bits (Python's `int` takes "３", " 3")."""
    if not INTEGER_GRAMMAR.fullmatch(text):
        raise ValueError(f"{text!r} is not an integer")
    number = int(text)
    if not INT64_MIN <= number <= INT64_MAX:
        raise ValueError(f"{text!r} is outside the 64-bit integer range every loader uses")
    return number


def parse_number(text: str) -> float:
    """A number as this package writes it: optional minus, decimal digits, optional exponent; finite."""
    if not NUMBER_GRAMMAR.fullmatch(text):
        raise ValueError(f"{text!r} is not a number")
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text!r} is too large to store as a number (it would become infinity)")
    return number


def format_number(value: float) -> str:
    """A number as people write it, in full, without a trailing `.0`.

    >>> format_number(367.0), format_number(6.5), format_number(1e8), format_number(-0.0)
    ('367', '6.5', '100000000', '0')
    """
    text = format(Decimal(repr(float(value))).normalize(), "f")
    return "0" if text == "-0" else text


def _parse_boolean(text: str) -> bool:
    if text == "true":
        return True
    if text == "false":
        return False
    raise ValueError(f"{text!r} is not true or false")


def _coerce_boolean(value: Any) -> bool:
    if isinstance(value, str):
        return _parse_boolean(value)
    if value in (0, 1):
        return bool(value)
    raise ValueError(f"{value!r} is not a boolean")


def _parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a calendar date written as YYYY-MM-DD") from None


def _coerce_date(value: Any) -> dt.date:
    if isinstance(value, str):
        return _parse_date(value[:10]) if len(value) > 10 and value[10] in "T " else _parse_date(value)
    if isinstance(value, dt.datetime):  # openpyxl and pandas Timestamps are datetimes
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise ValueError(f"{value!r} is not a date")


def _coerce_integer(value: Any) -> int:
    if isinstance(value, str):
        return parse_integer(value)
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(f"{value!r} is not a whole number")
    return int(value)


def _coerce_number(value: Any) -> float:
    return parse_number(value) if isinstance(value, str) else float(value)


def _parse_year(text: str) -> int:
    return int(text)


FIELD_TYPES: dict[str, FieldType] = {
    entry.name: entry
    for entry in (
        FieldType(
            name="string",
            grammar=re.compile(r"(?s).+"),
            expected="text",
            parse=str,
            format=str,
            coerce=str,
            python=str,
            pandas="string",
            polars="String",
            arrow="large_string",
            sqlite="TEXT",
            to_sqlite=str,
        ),
        FieldType(
            name="integer",
            grammar=INTEGER_GRAMMAR,
            expected="an integer, ASCII digits only (2023, -5)",
            parse=parse_integer,
            format=str,
            coerce=_coerce_integer,
            python=int,
            pandas="Int64",
            polars="Int64",
            arrow="int64",
            sqlite="INTEGER",
            to_sqlite=int,
            numeric=True,
        ),
        FieldType(
            name="number",
            grammar=NUMBER_GRAMMAR,
            expected="a number, ASCII digits with an optional decimal point (367, 6.5)",
            parse=parse_number,
            format=format_number,
            coerce=_coerce_number,
            python=float,
            pandas="Float64",
            polars="Float64",
            arrow="float64",
            # NUMERIC, not REAL: SQLite then stores 367.0 as the integer 367 (shown as 367, not 367.0 in
            # datasette) and 6.5 as a real; both compare and sum as numbers
            sqlite="NUMERIC",
            to_sqlite=float,
            numeric=True,
        ),
        FieldType(
            name="boolean",
            grammar=re.compile(r"true|false"),
            expected="true or false, in lower case",
            parse=_parse_boolean,
            format=lambda value: "true" if value else "false",
            coerce=_coerce_boolean,
            python=bool,
            pandas="boolean",
            polars="Boolean",
            arrow="bool_",
            sqlite="INTEGER",
            to_sqlite=int,
        ),
        FieldType(
            name="date",
            # years 1900-9999: what Python, every loader and a spreadsheet's date cells all hold
            grammar=re.compile(r"(?:19[0-9]{2}|[2-9][0-9]{3})-[0-9]{2}-[0-9]{2}"),
            expected="a date written as YYYY-MM-DD, from 1900 to 9999 (2023-06-16)",
            parse=_parse_date,
            format=lambda value: value.isoformat(),
            coerce=_coerce_date,
            python=dt.date,
            pandas="datetime64[s]",
            polars="Date",
            arrow="date32",
            sqlite="TEXT",
            to_sqlite=lambda value: value.isoformat(),
        ),
        FieldType(
            name="year",
            grammar=re.compile(r"[0-9]{4}"),
            expected="a year, four ASCII digits (2023)",
            parse=_parse_year,
            format=lambda value: f"{int(value):04d}",
            coerce=_coerce_integer,
            python=int,
            pandas="Int64",
            polars="Int64",
            arrow="int64",
            sqlite="INTEGER",
            to_sqlite=int,
            numeric=True,
        ),
    )
}


def field_type(name: object) -> FieldType:
    """The registry entry of Table Schema type `name`; `UnsupportedTypeError` for any other type."""
    entry = FIELD_TYPES.get(name) if isinstance(name, str) else None
    if entry is None:
        raise UnsupportedTypeError(
            f"field type {name!r} is not supported by shangdang-data (supported: {', '.join(FIELD_TYPES)}): "
            "use one of them, e.g. `string` with a `pattern`"
        )
    return entry


def parse_cell(kind: FieldType, text: str) -> Value:
    """One CSV cell as the Python value its type says (`None` for an empty cell); `ValueError` if it is not one."""
    if text == "":
        return None
    if not kind.grammar.fullmatch(text):
        raise ValueError(f"{text!r} is not {kind.expected}")
    return kind.parse(text)


def format_cell(kind: FieldType, value: Value) -> str:
    """A Python value as the CSV cell this package writes (`""` for `None`)."""
    return "" if value is None else kind.format(value)
