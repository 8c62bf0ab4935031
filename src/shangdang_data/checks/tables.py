"""Every cell rule a Table Schema states, plus key whitespace and formula injection.

Each rule is a boolean polars expression over a whole column, all evaluated in
one pass; only the failing cells become Python objects, and only they are looked
at closely (to tell full-width digits from thousands separators, to find an
example of the pattern). Tables come from `structure.parse_table`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shangdang_data.checks import CheckContext, shorten
from shangdang_data.checks.structure import RAGGED, ROW, Table
from shangdang_data.descriptor import FieldSpec, TableSpec
from shangdang_data.field_types import FieldType, parse_cell
from shangdang_data.problems import Problem, Rule

if TYPE_CHECKING:
    import polars as pl

FORMULA = r"^[=+\-@\t\r]"
#: What no text cell may hold: C0 controls but tab and line feed, DEL, C1 controls, the noncharacters U+FFFE and
#: U+FFFF, and a carriage return before a line feed inside a quoted cell (xlsx turns it into a line feed). A CR
#: not followed by LF is found in the bytes by `structure.check_carriage_returns`, as polars drops some.
CONTROL = "[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]|\r\n"
FULL_WIDTH_DIGITS = "[０-９]"
THOUSANDS = r"^\s*[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?\s*$"
_TO_HALF_WIDTH = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")
_CHARACTER_NAMES = {"\t": "a tab", "\r": "a carriage return", "=": "'='", "+": "'+'", "-": "'-'", "@": "'@'"}


@dataclass(frozen=True)
class CellRule:
    """Rules over one column: the cells where `mask` is true fail, and `describe` names the rule and the fix.

    Masks are cheap whole-column expressions; `describe` runs in Python on the few
    failing cells only (e.g. to tell full-width digits from thousands separators).
    """

    column: str
    mask: pl.Expr
    describe: Callable[[str], tuple[Rule, str]]
    #: True if the mask depends on other rows (a `unique` column), so it cannot be judged on distinct values.
    per_row: bool = False


def fixed(rule: Rule, message: Callable[[str], str]) -> Callable[[str], tuple[Rule, str]]:
    """A `describe` that always names `rule`."""
    return lambda value: (rule, message(value))


def check_cells(ctx: CheckContext, table: Table) -> Iterator[Problem]:
    """Every cell rule of the Table Schema, plus key whitespace, formula injection and control characters.

    A small table is judged in one polars pass over its rows. A long one is judged
    column by column on its distinct values (a quote repeated in 1,000 rows is checked
    once), and the failing values are mapped back to their rows; a rule that depends
    on other rows (`unique`) is judged on the rows. Either way each rule is one mask.
    """
    import polars as pl

    fields = [field for field in table.spec.fields if field.name in table.columns]
    rules = [rule for field in fields for rule in cell_rules(table, field)]
    if not rules or table.frame.height == 0:
        return
    rows = table.frame.lazy().filter(~pl.col(RAGGED)).select(ROW, *(table.text(f.name) for f in fields))
    if not table.long:
        yield from judge(table, rows.collect(), rules)
        return
    for field in fields:
        mine = [rule for rule in rules if rule.column == field.name]
        yield from judge(table, table.distinct(field.name), [r for r in mine if not r.per_row], on_values=True)
        on_rows = [rule for rule in mine if rule.per_row]
        if on_rows:
            yield from judge(table, rows.select(ROW, field.name).collect(), on_rows)


def judge(table: Table, frame: pl.DataFrame, rules: list[CellRule], *, on_values: bool = False) -> Iterator[Problem]:
    """Count every rule's failures over `frame` in one pass; report each failing row of the rules that fail.

    `frame` holds rows (with `_row`), or with `on_values` a column's distinct values,
    whose failing ones are then found in the table's rows.
    """
    if not rules:
        return
    counts = frame.select(rule.mask.fill_null(False).sum().alias(str(i)) for i, rule in enumerate(rules)).row(0)
    for rule, count in zip(rules, counts, strict=True):
        if not count:
            continue
        failing = frame.filter(rule.mask.fill_null(False))
        if on_values:
            failing = table.rows_with(failing.select(rule.column))
        for row, value in failing.select(ROW, rule.column).iter_rows():
            code, message = rule.describe(value)
            yield Problem(code, table.file, row, rule.column, message)


def bare_pattern(pattern: str) -> str | None:
    """The pattern without its outer `^`…`$`, if it has exactly those anchors; None otherwise."""
    if pattern.startswith("^") and pattern.endswith("$") and not pattern.endswith("\\$"):
        return pattern[1:-1]
    return None


def cell_rules(table: Table, field: FieldSpec) -> list[CellRule]:
    """The rules of one column, as polars masks that exclude cells an earlier rule already blamed.

    Key cells are judged without their surrounding spaces (those are reported once,
    as `key-whitespace`), without copying the column: patterns allow the spaces.
    """
    import polars as pl

    name = field.name
    value = pl.col(name)  # as text, in rows that are not ragged (see `check_cells`)
    empty = value.str.contains(r"^\s*$")
    filled = ~empty
    key = name in table.key_columns
    rules: list[CellRule] = []
    formula = pl.lit(False)
    if field.kind.name == "string":
        formula = value.str.contains(FORMULA)
        rules.append(CellRule(name, formula, fixed(Rule.FORMULA_INJECTION, formula_message)))
        control = value.str.contains(CONTROL) & ~formula
        rules.append(CellRule(name, control, fixed(Rule.CONTROL_CHARACTER, control_message)))
    if key:
        spaced = filled & value.str.contains(r"^\s|\s$") & ~formula
        rules.append(CellRule(name, spaced, fixed(Rule.KEY_WHITESPACE, whitespace_message)))
    if field.required:
        rules.append(CellRule(name, empty, fixed(Rule.REQUIRED, lambda _: required_message(field))))
    text_ok = filled & ~formula
    if field.kind.name != "string":
        rules += type_rules(field, value, filled)
    if field.enum is not None:
        allowed = list(field.enum)
        bad = text_ok & ~(value.str.strip_chars() if key else value).is_in(allowed)
        rules.append(CellRule(name, bad, fixed(Rule.ENUM, lambda v: enum_message(v, allowed))))
    if field.unique and table.spec.primary_key != (field.name,):  # a one-column key is the key check's
        rules.append(unique_rule(table, field, filled))
    if field.pattern is not None and pattern_compiles(field.pattern):
        pattern = field.pattern
        bare = bare_pattern(pattern)
        if key and bare is not None:
            matches = value.str.contains(f"^\\s*(?:{bare})\\s*$")
        else:
            matches = (value.str.strip_chars() if key else value).str.contains(f"^(?:{pattern})$")
        example = functools.cache(lambda: first_match(table, name, pattern))  # only looked up on failure
        describe = fixed(Rule.PATTERN, lambda v: pattern_message(v, pattern, example()))
        rules.append(CellRule(name, text_ok & ~matches, describe))
    return rules


def parsed_by_polars(kind: FieldType, value: pl.Expr) -> pl.Expr:
    """The cells as polars reads them with the registry's dtype: null where a cell is not such a value."""
    import polars as pl

    if kind.polars == "Boolean":
        return pl.when(value == "true").then(True).when(value == "false").then(False)
    if kind.polars == "Date":
        return value.str.to_date("%Y-%m-%d", strict=False)
    parsed = value.cast(getattr(pl, kind.polars), strict=False)
    return pl.when(parsed.is_finite()).then(parsed) if kind.polars.startswith("Float") else parsed


def type_rules(field: FieldSpec, value: pl.Expr, filled: pl.Expr) -> list[CellRule]:
    """Type (the registry's grammar and parser; full-width digits and thousands separators told apart), and bounds.

    A cell passes exactly when `field_types.parse_cell` reads it, which is what the
    loader, the records and every export use.
    """
    import polars as pl

    name = field.name
    kind = field.kind
    parsed = parsed_by_polars(kind, value)

    def describe(cell: str) -> tuple[Rule, str]:
        if re.search(FULL_WIDTH_DIGITS, cell):
            return Rule.FULL_WIDTH_DIGIT, full_width_message(cell)
        if kind.numeric and re.search(THOUSANDS, cell):
            return Rule.THOUSANDS_SEPARATOR, thousands_message(cell)
        try:
            parse_cell(kind, cell)
        except ValueError as error:
            return Rule.TYPE, f"{error}: write {kind.expected}"
        return Rule.TYPE, f"{cell!r} is not {kind.expected}"

    typed = filled & value.str.contains(f"^(?:{kind.grammar.pattern})$") & parsed.is_not_null()
    rules = [CellRule(name, filled & ~typed, describe)]
    if not kind.numeric:
        return rules
    number = pl.when(typed).then(parsed)
    if field.minimum is not None:
        low = field.minimum
        rules.append(CellRule(name, number < low, fixed(Rule.MINIMUM, lambda v: f"{v} is below the minimum {low:g}")))
    if field.exclusive_minimum is not None:
        floor = field.exclusive_minimum
        rules.append(
            CellRule(name, number <= floor, fixed(Rule.MINIMUM, lambda v: f"{v} must be greater than {floor:g}"))
        )
    if field.maximum is not None:
        high = field.maximum
        rules.append(CellRule(name, number > high, fixed(Rule.MAXIMUM, lambda v: f"{v} is above the maximum {high:g}")))
    return rules


def unique_rule(table: Table, field: FieldSpec, filled: pl.Expr) -> CellRule:
    """A `unique` column: every repeat of an earlier cell (compared without surrounding spaces) fails."""
    import polars as pl

    value = pl.when(filled).then(pl.col(field.name).str.strip_chars())
    repeat = filled & value.is_duplicated() & ~value.is_first_distinct()

    @functools.cache
    def first_rows() -> dict[str, int]:  # looked up only when a repeat is found
        text = table.text(field.name)
        stripped = pl.when(~text.str.contains(r"^\s*$")).then(text.str.strip_chars())
        rows = table.frame.lazy().filter(~pl.col(RAGGED)).select(stripped.alias("v"), ROW)
        return dict(rows.filter(pl.col("v").is_not_null() & pl.col("v").is_first_distinct()).collect().iter_rows())

    def describe(cell: str) -> tuple[Rule, str]:
        row = first_rows().get(cell.strip())
        return Rule.UNIQUE, f"{shorten(cell.strip())!r} is already in row {row}: each {field.name} must be different"

    return CellRule(field.name, repeat, describe, per_row=True)


@functools.cache
def pattern_compiles(pattern: str) -> bool:
    """Whether polars (Rust regex) accepts the pattern; a schema check reports those that do not."""
    import polars as pl

    try:
        pl.Series([""]).str.contains(f"^(?:{pattern})$")
    except (pl.exceptions.PolarsError, OverflowError, ValueError):
        return False
    return True


def check_patterns(ctx: CheckContext, spec: TableSpec) -> Iterator[Problem]:
    """Patterns that Python accepts but the polars regex engine does not."""
    for field in spec.fields:
        if isinstance(field.pattern, str) and not pattern_compiles(field.pattern):
            yield Problem(
                Rule.SCHEMA_METADATA,
                spec.schema_path,
                None,
                field.name,
                f"pattern {field.pattern!r} uses regex syntax the validator does not support (look-around, "
                "back-references): simplify it",
            )


def first_match(table: Table, name: str, pattern: str) -> str | None:
    """A cell of the column that matches the pattern, to show as an example."""
    import polars as pl

    good = table.distinct(name).filter(pl.col(name).str.contains(f"^(?:{pattern})$")).get_column(name).head(1)
    return str(good[0]) if len(good) else None


def required_message(field: FieldSpec) -> str:
    title = f"{field.title} ({field.title_zh})" if field.title_zh else field.title or field.name
    return f"the cell is empty, but {title} is required: fill it in"


def control_message(value: str) -> str:
    found = re.search(CONTROL, value)
    assert found is not None  # the mask matched this cell
    character = found.group()[0]
    name = {"\x7f": "DEL", "\r": "a carriage return (CR)"}.get(character, "a control character")
    return (
        f"the cell holds U+{ord(character):04X}, {name}, at character {found.start() + 1}: loaders, spreadsheets "
        "and the xlsx export cannot hold it as written; delete it (a tab or a line break inside quotes is fine)"
    )


def formula_message(value: str) -> str:
    first = _CHARACTER_NAMES.get(value[:1], repr(value[:1]))
    return (
        f"{shorten(value, 40)!r} starts with {first}, which a spreadsheet runs as a formula: remove it, or "
        "rewrite the cell so it starts with a word or a digit"
    )


def whitespace_message(value: str) -> str:
    where = (
        "leading and trailing"
        if value[:1].isspace() and value[-1:].isspace()
        else ("leading" if value[:1].isspace() else "trailing")
    )
    return f"{value!r} has {where} spaces: remove them ({value.strip()!r})"


def full_width_message(value: str) -> str:
    return f"{value!r} uses full-width digits: write {value.translate(_TO_HALF_WIDTH).strip()!r}"


def thousands_message(value: str) -> str:
    return f"{value!r} has thousands separators: write {value.replace(',', '').strip()!r}"


def enum_message(value: str, allowed: list[str]) -> str:
    hint = ""
    lowered = {a.lower(): a for a in allowed}
    if value.strip() in allowed:
        hint = f" (remove the spaces: {value.strip()!r})"
    elif value.strip().lower() in lowered:
        hint = f" (did you mean {lowered[value.strip().lower()]!r}?)"
    return f"{shorten(value)!r} is not allowed here{hint}: use one of {', '.join(allowed)}"


def pattern_message(value: str, pattern: str, example: str | None) -> str:
    described = "lower-case ASCII letters, digits and hyphens" if re.fullmatch(r"\^\[a-z0-9\]\+.*", pattern) else ""
    shown = f" ({described})" if described else ""
    sample = f", like {example!r}" if example else ""
    return f"{shorten(value)!r} does not have the required form {pattern}{shown}{sample}"
