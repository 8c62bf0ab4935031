"""How a figure is shown, and which 2022 actual goes with which 2023 target.

Every function takes the spec of the table of figures (the indicators) and reads its
columns by role: the value, direction and unit (`value`, `direction`, `unit`), the
subject and scope (`label`), the year (`period`). The basis (actual or target) and the
measure (a growth rate or not) are the columns whose categories hold `actual` and
`yoy_growth` (`context.category_column`).

The pairing is presentation only, never data: an actual of 2022 and a target of 2023
are shown side by side when they measure the same thing (same context, unit and
scope) and either their subjects agree once a trailing 增速/增幅/增长率 ("growth") is
dropped, or their keys agree once the period prefix and a `-target` suffix are
dropped (`2022-gdp-growth` ~ `2023-gdp-growth-target`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from shangdang_data.descriptor import FieldSpec, TableSpec
from shangdang_data.display import value_text
from shangdang_data.roles import ColumnRole
from shangdang_docs.context import Row, SiteContext, category_column, cell

#: The basis categories of an achieved and a planned figure.
ACTUAL, TARGET = "actual", "target"
#: The measure category of a growth rate over the previous year.
GROWTH = "yoy_growth"
#: The direction category of a decrease, whose written (positive) value is drawn below zero.
DECREASE = "decrease"

#: A trailing 增速/增幅/增长率 ("growth rate") of a subject.
GROWTH_SUFFIX = re.compile(r"(增速|增幅|增长率)$")
_PERIOD_PREFIX = re.compile(r"^([0-9]{4}(-[0-9]{4})?|na)-")

Key = tuple[str, ...]


def format_value(ctx: SiteContext, spec: TableSpec, row: Row) -> str:
    """`≥ 7%`, `> 1500 万元`, `↓ ≈ 3%`, `1–2 个`: the package's one value formatter, for a row of `spec`."""
    return value_text(spec, row, ctx.text_rows)


def comparator_words(ctx: SiteContext, spec: TableSpec, row: Row) -> str:
    """The comparator in words in the page's language, from its categories: "以上", "at least"; "" for a plain one."""
    field = spec.role(ColumnRole.COMPARATOR)
    category = field.category(cell(row, field)) if field is not None else None
    return category.text(ctx.language) if category is not None and category.symbol else ""


def basis_column(spec: TableSpec) -> FieldSpec | None:
    """The column saying whether a figure is achieved or planned: the one with an `actual` category."""
    return category_column(spec, ACTUAL)


def signed_value(spec: TableSpec, row: Row) -> float | None:
    """The value as a number, negative for a decrease; None if it is not a plain number."""
    try:
        value = float(cell(row, spec.role(ColumnRole.VALUE)))
    except ValueError:
        return None
    return -value if cell(row, spec.role(ColumnRole.DIRECTION)) == DECREASE else value


def is_growth_rate(spec: TableSpec, row: Row) -> bool:
    """A growth rate over the previous year (its measure is `yoy_growth`)."""
    return cell(row, category_column(spec, GROWTH)) == GROWTH


def unit_key(spec: TableSpec, row: Row) -> str:
    """The unit a figure is in: the key of its unit's row (its unit column's `x_copy_of` via), else the unit."""
    unit = spec.role(ColumnRole.UNIT)
    if unit is not None and unit.copy_of is not None and unit.copy_of.via in spec.field_names:
        return cell(row, spec.field(unit.copy_of.via))
    return cell(row, unit)


def is_actual(spec: TableSpec, row: Row, period: str) -> bool:
    """An achieved figure of `period` (`2022`)."""
    return cell(row, basis_column(spec)) == ACTUAL and cell(row, spec.role(ColumnRole.PERIOD)) == period


def is_target(spec: TableSpec, row: Row, period: str) -> bool:
    """A target for `period` (`2023`)."""
    return cell(row, basis_column(spec)) == TARGET and cell(row, spec.role(ColumnRole.PERIOD)) == period


def is_actual_2022(spec: TableSpec, row: Row) -> bool:
    """An achieved figure of 2022."""
    return is_actual(spec, row, "2022")


def is_target_2023(spec: TableSpec, row: Row) -> bool:
    """A target for 2023."""
    return is_target(spec, row, "2023")


def _measured(spec: TableSpec, row: Row) -> Key:
    """What must agree besides the subject: the context but the basis, the unit, and the labels after the first."""
    basis = basis_column(spec)
    context = tuple(cell(row, f) for f in spec.with_role(ColumnRole.CONTEXT) if f != basis)
    scope = tuple(cell(row, f) for f in spec.with_role(ColumnRole.LABEL)[1:])
    return (*context, unit_key(spec, row), *scope)


def subject(spec: TableSpec, row: Row) -> str:
    """The row's first label (its subject) without a trailing 增速 ('growth rate')."""
    return GROWTH_SUFFIX.sub("", cell(row, spec.role(ColumnRole.LABEL)))


def subject_key(spec: TableSpec, row: Row) -> Key:
    """What a figure measures, with a trailing 增速 ('growth rate') dropped from the subject."""
    return (subject(spec, row), *_measured(spec, row))


def id_key(ctx: SiteContext, spec: TableSpec, row: Row) -> Key:
    """The row's key without its period prefix and `-target` suffix, with what it measures."""
    stem = _PERIOD_PREFIX.sub("", ctx.key_of(spec.name, row)).removesuffix("-target")
    return (stem, *_measured(spec, row))


def pair_actuals_with_targets(ctx: SiteContext, spec: TableSpec, rows: Iterable[Row]) -> list[tuple[Row, Row]]:
    """(2022 actual, 2023 target) pairs of the same subject, in the report order of the targets."""
    rows = list(rows)
    by_subject: dict[Key, Row] = {}
    by_id: dict[Key, Row] = {}
    for row in rows:
        if is_actual_2022(spec, row):
            by_subject.setdefault(subject_key(spec, row), row)
            by_id.setdefault(id_key(ctx, spec, row), row)
    pairs: list[tuple[Row, Row]] = []
    taken: set[str] = set()
    for row in rows:
        if not is_target_2023(spec, row):
            continue
        actual = by_id.get(id_key(ctx, spec, row)) or by_subject.get(subject_key(spec, row))
        if actual is not None and ctx.key_of(spec.name, actual) not in taken:
            taken.add(ctx.key_of(spec.name, actual))
            pairs.append((actual, row))
    return pairs
