"""How an indicator is shown, and which 2022 actual goes with which 2023 target.

The pairing is presentation only, never data: an actual of 2022 and a target of
2023 are shown side by side when they measure the same thing (same `measure`,
`unit_id` and `scope_zh`) and either their subjects agree once a trailing
增速/增幅/增长率 ("growth") is dropped, or their ids agree once the period prefix
and a `-target` suffix are dropped (`2022-gdp-growth` ~ `2023-gdp-growth-target`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from shangdang_data.display import value_text
from shangdang_data.roles import ColumnRole
from shangdang_docs.context import Row, SiteContext

_GROWTH_SUFFIX = re.compile(r"(增速|增幅|增长率)$")
_PERIOD_PREFIX = re.compile(r"^([0-9]{4}(-[0-9]{4})?|na)-")


def format_value(ctx: SiteContext, row: Row) -> str:
    """`≥ 7%`, `> 1500 万元`, `↓ ≈ 3%`, `1–2 个`: the package's one value formatter, for an indicator row."""
    return value_text(ctx.table("indicators"), row, ctx.text_rows)


def comparator_words(ctx: SiteContext, row: Row) -> str:
    """The comparator in words in the page's language, from its categories: "以上", "at least"; "" for a plain one."""
    field = ctx.table("indicators").role(ColumnRole.COMPARATOR)
    category = field.category(row.get(field.name, "")) if field is not None else None
    return category.text(ctx.language) if category is not None and category.symbol else ""


def signed_value(row: Row) -> float | None:
    """The value as a number, negative for a decrease; None if it is not a plain number."""
    try:
        value = float(row.get("value", ""))
    except ValueError:
        return None
    return -value if row.get("direction") == "decrease" else value


def subject_key(row: Row) -> tuple[str, str, str, str]:
    """What a figure measures, with a trailing 增速 ('growth rate') dropped from the subject."""
    subject = _GROWTH_SUFFIX.sub("", row.get("subject_zh", ""))
    return subject, row.get("measure", ""), row.get("unit_id", ""), row.get("scope_zh", "")


def id_key(row: Row) -> tuple[str, str, str, str]:
    """The indicator id without its period prefix and `-target` suffix, with measure, unit and scope."""
    stem = _PERIOD_PREFIX.sub("", row.get("indicator_id", "")).removesuffix("-target")
    return stem, row.get("measure", ""), row.get("unit_id", ""), row.get("scope_zh", "")


def is_actual_2022(row: Row) -> bool:
    """An achieved figure of 2022."""
    return row.get("basis") == "actual" and row.get("period") == "2022"


def is_target_2023(row: Row) -> bool:
    """A target for 2023."""
    return row.get("basis") == "target" and row.get("period") == "2023"


def pair_actuals_with_targets(rows: Iterable[Row]) -> list[tuple[Row, Row]]:
    """(2022 actual, 2023 target) pairs of the same subject, in the report order of the targets."""
    rows = list(rows)
    by_subject: dict[tuple[str, str, str, str], Row] = {}
    by_id: dict[tuple[str, str, str, str], Row] = {}
    for row in rows:
        if is_actual_2022(row):
            by_subject.setdefault(subject_key(row), row)
            by_id.setdefault(id_key(row), row)
    pairs: list[tuple[Row, Row]] = []
    taken: set[str] = set()
    for row in rows:
        if not is_target_2023(row):
            continue
        actual = by_id.get(id_key(row)) or by_subject.get(subject_key(row))
        if actual is not None and actual["indicator_id"] not in taken:
            taken.add(actual["indicator_id"])
            pairs.append((actual, row))
    return pairs
