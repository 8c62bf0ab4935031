"""How a row is shown to people: its label, its context, its value, an enum's label, a section's heading.

The one formatter `cite`, the exports' README and the documentation site share.
It reads the column roles and category labels the schemas declare, and the rows of
other tables through `TextRows`, so a new table is shown with no code:

    >>> from shangdang_data._read import TextRows
    >>> from shangdang_data.load import read_package_spec
    >>> rows = TextRows(read_package_spec())
    >>> indicators = rows.spec.resource("indicators")
    >>> gdp = rows.get("indicators", "2022-gdp")
    >>> value_text(indicators, gdp), value_text(indicators, gdp, rows, language="en", style="words")
    ('367 亿元', '367 亿元 (100 million yuan)')
    >>> label_text(indicators, gdp, rows), label_text(indicators, gdp, rows, "en")
    ('地区生产总值', 'GDP')
    >>> base_unit_text(indicators, gdp, rows)
    '36.7 billion yuan'
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Literal

from shangdang_data.descriptor import FieldSpec, TableSpec
from shangdang_data.field_types import format_number, parse_number
from shangdang_data.roles import HEADLINE_CONTEXT, ColumnRole

if TYPE_CHECKING:
    from shangdang_data._read import TextRows

Language = Literal["zh", "en"]
Row = Mapping[str, str]


def enum_label(field: FieldSpec, value: str, language: Language = "en") -> str:
    """The category label of an enum value in `language`, or the value itself when it has none."""
    category = field.category(value)
    return category.text(language) if category is not None else value


def cell_text(table: TableSpec, field: FieldSpec, row: Row, rows: TextRows | None, language: Language) -> str:
    """One cell for people: an enum's label, the label of the row a foreign key points at, or the text."""
    value = row.get(field.name, "")
    if not value:
        return ""
    if field.categories:
        return enum_label(field, value, language)
    fk = table.reference(field.name)
    if fk is not None and rows is not None:
        target = rows.get(fk.resource, value)
        if target is not None:
            return label_text(rows.spec.resource(fk.resource), target, rows, language) or value
    return value


def label_text(table: TableSpec, row: Row, rows: TextRows | None = None, language: Language = "zh") -> str:
    """What the row is about: its `label` columns (or `label_en`), the first bare and the rest in brackets.

    "地区生产总值（上党经开区）", "GDP (Shangdang ETDZ)"; "" if the table declares no label.
    """
    role = ColumnRole.LABEL if language == "zh" else ColumnRole.LABEL_EN
    parts = [cell_text(table, f, row, rows, language) for f in table.with_role(role)]
    parts = [part for part in parts if part]
    if not parts:
        return ""
    rest = "，".join(parts[1:]) if language == "zh" else ", ".join(parts[1:])
    if not rest:
        return parts[0]
    return f"{parts[0]}（{rest}）" if language == "zh" else f"{parts[0]} ({rest})"


def context_texts(table: TableSpec, row: Row, rows: TextRows | None = None, language: Language = "en") -> list[str]:
    """The row's `context` and `period` columns as people read them (`actual`, `2022` …), empty ones left out."""
    fields = [field for field in table.fields if field.role in HEADLINE_CONTEXT]
    found = [cell_text(table, field, row, rows, language) for field in fields]
    return [text for text in found if text]


def _number(text: str) -> str:
    try:
        return format_number(parse_number(text))
    except ValueError:
        return text


def value_text(
    table: TableSpec,
    row: Row,
    rows: TextRows | None = None,
    *,
    language: Language = "zh",
    style: Literal["symbols", "words"] = "symbols",
) -> str:
    """The row's value as people write it: `≥ 7%`, `> 1500 万元`, `↓ ≈ 3%`, `1–2 个`; "" if it has none.

    `style="words"` writes the comparator's label instead of its sign (`at least 7%`),
    and nothing for a plain figure. In English the unit's English name follows the unit
    as written (`367 亿元 (100 million yuan)`), from the row its `x_copy_of` points at.
    A relational row, which has a `benchmark` instead of a value, shows the benchmark
    as written after its comparator (`≈ 经济增长`, `about 经济增长`).
    """
    value = table.role(ColumnRole.VALUE)
    benchmark = table.role(ColumnRole.BENCHMARK)
    if value is not None and row.get(value.name):
        number = _number(row[value.name])
        upper = table.role(ColumnRole.VALUE_MAX)
        if upper is not None and row.get(upper.name) and _number(row[upper.name]) != number:
            number += "–" + _number(row[upper.name])
        text = number + _unit_text(table, row, rows, language)
    elif benchmark is not None and row.get(benchmark.name):
        text = row[benchmark.name]
    else:
        return ""
    for role in (ColumnRole.COMPARATOR, ColumnRole.DIRECTION):
        field = table.role(role)
        category = field.category(row.get(field.name, "")) if field is not None else None
        if category is None or category.symbol == "":
            continue  # nothing to say: a plain figure
        word = category.text(language) if style == "words" or category.symbol is None else category.symbol
        text = f"{word} {text}"
    return text


def _unit_text(table: TableSpec, row: Row, rows: TextRows | None, language: Language) -> str:
    unit = table.role(ColumnRole.UNIT)
    written = row.get(unit.name, "") if unit is not None else ""
    if not written:
        return ""
    if written == "%":
        return written  # no space, and no need of a name in any language
    shown = f" {written}"
    if language != "en" or unit is None or unit.copy_of is None or rows is None:
        return shown
    fk = table.reference(unit.copy_of.via)
    target = rows.get(fk.resource, row.get(unit.copy_of.via, "")) if fk is not None else None
    english = label_text(rows.spec.resource(fk.resource), target, rows, "en") if fk and target else ""
    return f"{shown} ({english})" if english and english != written else shown


def heading_text(table: TableSpec, row: Row, rows: TextRows | None = None, language: Language = "zh") -> str:
    """A section as the report heads it: its outline number, then its label (`（一）全力以赴…`, `一、迎难而上…`)."""
    number_field = table.role(ColumnRole.OUTLINE_NUMBER)
    number = row.get(number_field.name, "") if number_field is not None else ""
    title = label_text(table, row, rows, language)
    if not number or language == "en":
        return title
    separator = "" if number.startswith("（") else ". " if number[-1].isdigit() else "、"
    return f"{number}{separator}{title}"


#: English scale words for amounts in a base unit (short scale), largest first.
_SCALES = ((Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million"))


def _scaled(amount: Decimal) -> str:
    """`36.7 billion`, `15 million`, `40,000`: an amount as an English text would write it."""
    for size, word in _SCALES:
        if abs(amount) >= size:
            return f"{format_number(float(amount / size))} {word}"
    whole = amount.to_integral_value()
    return f"{int(whole):,}" if whole == amount else format_number(float(amount))


def base_unit_text(table: TableSpec, row: Row, rows: TextRows | None) -> str:
    """The row's money value in the currency's own unit, in English: `36.7 billion yuan` for 367 亿元.

    Read from the units table the row's unit column copies (`x_copy_of`): the unit's
    `factor` to its `base_unit`, and the English name of the base unit's own row (the
    row of that base unit with factor 1, `yuan`). "" when the unit is not money, is
    already the base unit, or the units table does not name the base unit.
    """
    value, unit = table.role(ColumnRole.VALUE), table.role(ColumnRole.UNIT)
    if value is None or unit is None or unit.copy_of is None or rows is None or not row.get(value.name):
        return ""
    fk = table.reference(unit.copy_of.via)
    units = rows.get(fk.resource, row.get(unit.copy_of.via, "")) if fk is not None else None
    if fk is None or units is None or units.get("dimension") != "money":
        return ""
    base = next(
        (
            other
            for other in rows.rows(fk.resource)
            if other.get("base_unit") == units.get("base_unit") and other.get("factor") == "1"
        ),
        None,
    )
    try:
        factor = Decimal(units.get("factor", ""))
        amounts = [Decimal(row[value.name])]
        upper = table.role(ColumnRole.VALUE_MAX)
        if upper is not None and row.get(upper.name) and row[upper.name] != row[value.name]:
            amounts.append(Decimal(row[upper.name]))
    except InvalidOperation:
        return ""
    if base is None or factor == 1:
        return ""
    name = label_text(rows.spec.resource(fk.resource), base, rows, "en")
    return "–".join(_scaled(amount * factor) for amount in amounts) + f" {name}"
