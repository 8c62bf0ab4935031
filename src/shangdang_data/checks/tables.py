"""One table at a time: CSV structure, the header, and every cell rule its Table Schema states.

All row work is vectorised with polars: the file is read twice, once as raw
lines (to count the cells of every record and find quoting errors) and once as
CSV with every cell a string; each rule is then a boolean expression over a
column, and only the failing cells become Python objects.

Rows are numbered as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shangdang_data.checks import shorten
from shangdang_data.checks.files import check_utf8
from shangdang_data.descriptor import FieldSpec, TableSpec
from shangdang_data.problems import Problem, Rule

if TYPE_CHECKING:
    import polars as pl

ROW = "_row"  # spreadsheet row number of each record (header = 1)
RAGGED = "_ragged"  # True where the record has a different number of cells than the header
#: A CSV record as RFC 4180 writes it: unquoted cells without quotes, quoted cells with quotes doubled.
RECORD = r'(?s)^(?:"(?:[^"]|"")*"|[^",]*)(?:,(?:"(?:[^"]|"")*"|[^",]*))*$'
QUOTED = r'(?s)"(?:[^"]|"")*"'
#: A record whose cells are all empty (or spaces).
BLANK = r'^[\s,"]*$'
FORMULA = r"^[=+\-@\t\r]"
FULL_WIDTH_DIGITS = "[０-９]"
THOUSANDS = r"^\s*[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?\s*$"
TRUE_VALUES = ("true", "True", "TRUE", "1")
FALSE_VALUES = ("false", "False", "FALSE", "0")
_TO_HALF_WIDTH = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")
_CHARACTER_NAMES = {"\t": "a tab", "\r": "a carriage return", "=": "'='", "+": "'+'", "-": "'-'", "@": "'@'"}


@dataclass(frozen=True)
class Table:
    """A parsed CSV: every cell a string, blank rows dropped, one column per schema field found in the header."""

    spec: TableSpec
    header: tuple[str, ...]
    #: `_row`, `_ragged`, then the schema's fields that the header has, as strings ("" for an empty cell).
    frame: pl.DataFrame

    @property
    def file(self) -> str:
        """The CSV's path as written in the descriptor."""
        return self.spec.path

    @property
    def columns(self) -> tuple[str, ...]:
        """The schema fields present in the CSV."""
        return tuple(c for c in self.frame.columns if c not in (ROW, RAGGED))

    @property
    def key_columns(self) -> frozenset[str]:
        """Columns that are primary or foreign keys."""
        keys = set(self.spec.primary_key)
        for fk in self.spec.foreign_keys:
            keys.update(fk.fields)
        return frozenset(keys & set(self.columns))


def read_lines(content: bytes) -> pl.Series:
    """The file's physical lines, without line ends (a final newline adds no line)."""
    import polars as pl

    lines = pl.read_csv(
        content,
        has_header=False,
        infer_schema=False,
        quote_char=None,
        separator="\x00",  # never in the file: NUL bytes are refused before parsing
        empty_string_is_null=False,
        truncate_ragged_lines=True,
        raise_if_empty=False,
    )
    return lines.to_series() if lines.width else pl.Series("column_1", [], dtype=pl.String)


def read_records(content: bytes) -> pl.DataFrame:
    """One row per CSV record: `start` (its first line), `text`, and how many cells it has.

    Physical lines are joined where a quoted cell spans lines: a record starts on
    each line before which an even number of double quotes has been seen. Columns:
    `start`, `text`, `quoted` (has a double quote), `malformed` (breaks RFC 4180
    quoting), `cells` (commas outside quotes + 1), `blank` (no cell has content).
    """
    import polars as pl

    lines = read_lines(content).alias("text")
    frame = pl.DataFrame([lines]).with_columns(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("start"),
        pl.col("text").str.count_matches('"', literal=True).alias("quotes"),
    )
    odd = pl.col("quotes") % 2
    if frame.select(odd.sum()).item():  # a quoted cell spans lines: join those lines into one record
        frame = (
            frame.with_columns(record=((odd.cum_sum() - odd) % 2 == 0).cum_sum())
            .group_by("record", maintain_order=True)
            .agg(pl.col("text").str.join("\n"), pl.col("start").first(), pl.col("quotes").sum())
            .drop("record")
        )
    frame = frame.with_columns(
        (pl.col("quotes") > 0).alias("quoted"),
        (pl.col("text").str.count_matches(",", literal=True) + 1).alias("cells"),
        pl.col("text").str.contains(BLANK).alias("blank"),
    )
    quoted = frame.filter("quoted").select(
        pl.col("start"),
        (~pl.col("text").str.contains(RECORD)).alias("malformed"),
        (pl.col("text").str.replace_all(QUOTED, "").str.count_matches(",", literal=True) + 1).alias("inside"),
    )
    return (
        frame.join(quoted, on="start", how="left")
        .with_columns(pl.col("malformed").fill_null(False), pl.coalesce("inside", "cells").alias("cells"))
        .drop("inside", "quotes")
    )


def parse_table(spec: TableSpec, content: bytes) -> Generator[Problem, None, Table | None]:
    """Parse a CSV that passed the byte checks; report its structure; return it, or None if it cannot be read."""
    import polars as pl

    file = spec.path
    try:
        records = read_records(content)
    except pl.exceptions.PolarsError as error:  # a large file's bytes are checked for UTF-8 here
        yield check_utf8(file, content) or Problem(
            Rule.CSV_SYNTAX, file, None, None, f"the CSV cannot be read: {shorten(str(error), 200)}"
        )
        return None
    for line in records.filter("malformed").get_column("start").to_list():
        yield Problem(
            Rule.CSV_SYNTAX,
            file,
            line,
            None,
            f'a double quote (") starting on line {line} is not closed, or is inside a cell that is not '
            'quoted: a cell containing " must be wrapped in double quotes, with the quote doubled ("")',
        )
    if records.get_column("malformed").any():
        return None
    try:
        cells = pl.read_csv(
            content,
            has_header=False,
            infer_schema=False,
            truncate_ragged_lines=True,
            empty_string_is_null=False,
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError as error:
        yield Problem(Rule.CSV_SYNTAX, file, None, None, f"the CSV cannot be read: {shorten(str(error), 200)}")
        return None
    header = tuple(cells.row(0)) if cells.height else ()
    yield from check_header(spec, header)
    body = cells.slice(1)
    if records.height == cells.height:
        counts, blank = records.get_column("cells"), records.get_column("blank").slice(1)
    else:  # not seen for a file that passed RECORD: judge blank rows by the cells, and guess no lengths
        counts = pl.Series([len(header)] * cells.height)
        blank = body.select(pl.all_horizontal(pl.all().str.strip_chars() == "")).to_series()
    body = body.with_columns(
        pl.Series("_blank", blank, dtype=pl.Boolean),
        pl.Series(ROW, range(2, body.height + 2), dtype=pl.Int64),
        pl.Series("_cells", counts.slice(1), dtype=pl.Int64),
    ).with_columns((pl.col("_cells") != len(header)).alias(RAGGED))
    blank_rows = body.filter("_blank").get_column(ROW).to_list()
    for row in blank_rows:
        yield Problem(Rule.BLANK_ROW, file, row, None, "the row is blank: delete it")
    if blank_rows:
        body = body.filter(~pl.col("_blank"))
    for row, count in body.filter(RAGGED).select(ROW, "_cells").iter_rows():
        yield Problem(Rule.ROW_LENGTH, file, row, None, row_length_message(count, len(header)))
    if body.height == 0:
        yield Problem(Rule.HEADER_ONLY, file, None, None, "the table has a header but no data rows: add its rows")
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        positions.setdefault(name, index)
    columns = [pl.col(cells.columns[positions[name]]).alias(name) for name in spec.field_names if name in positions]
    return Table(spec, header, body.select(ROW, RAGGED, *columns))


def row_length_message(count: int, expected: int) -> str:
    """Say how many cells a ragged row has and how it usually comes about."""
    if count > expected:
        return (
            f"the row has {count} cells, the header has {expected}: a cell containing a comma must be in double "
            "quotes, or a cell was added"
        )
    return f"the row has {count} cells, the header has {expected}: a cell (or a comma) is missing"


def check_header(spec: TableSpec, header: tuple[str, ...]) -> Iterator[Problem]:
    """Missing, extra, renamed, duplicated and reordered columns."""
    file = spec.path
    expected = spec.field_names
    seen: set[str] = set()
    for name in header:
        if name in seen:
            yield Problem(Rule.DUPLICATE_COLUMN, file, 1, name, f"column {name!r} appears twice: delete one")
        seen.add(name)
    missing = [name for name in expected if name not in seen]
    extra = [name for name in dict.fromkeys(header) if name not in expected]
    for index, (found, wanted) in enumerate(zip(header, expected, strict=False)):
        if found in extra and wanted in missing:
            yield Problem(
                Rule.RENAMED_COLUMN,
                file,
                1,
                wanted,
                f"column {index + 1} is {found!r} where the schema has {wanted!r}: rename it back "
                f"(or change {spec.schema_path} if the rename is intended)",
            )
            extra.remove(found)
            missing.remove(wanted)
    for name in missing:
        yield Problem(
            Rule.MISSING_COLUMN, file, 1, name, f"the header has no column {name!r}: add it (see {spec.schema_path})"
        )
    for name in extra:
        what = repr(name) if name else f"an unnamed column (column {header.index(name) + 1})"
        yield Problem(
            Rule.EXTRA_COLUMN, file, 1, name or None, f"{what} is not in {spec.schema_path}: delete it or add it there"
        )
    common = [name for name in dict.fromkeys(header) if name in expected]
    wanted_order = [name for name in expected if name in seen]
    if common != wanted_order:
        first = next(i for i, (a, b) in enumerate(zip(common, wanted_order, strict=True)) if a != b)
        yield Problem(
            Rule.COLUMN_ORDER,
            file,
            1,
            common[first],
            f"column {common[first]!r} is where the schema puts {wanted_order[first]!r}: "
            f"order the columns as {', '.join(expected)}",
        )


@dataclass(frozen=True)
class CellRule:
    """Rules over one column: the cells where `mask` is true fail, and `describe` names the rule and the fix.

    Masks are cheap whole-column expressions; `describe` runs in Python on the few
    failing cells only (e.g. to tell full-width digits from thousands separators).
    """

    column: str
    mask: pl.Expr
    describe: Callable[[str], tuple[Rule, str]]


def fixed(rule: Rule, message: Callable[[str], str]) -> Callable[[str], tuple[Rule, str]]:
    """A `describe` that always names `rule`."""
    return lambda value: (rule, message(value))


def check_cells(table: Table) -> Iterator[Problem]:
    """Every cell rule of the Table Schema, plus key whitespace and formula injection, in one polars pass."""
    import polars as pl

    rules = [rule for field in table.spec.fields if field.name in table.columns for rule in cell_rules(table, field)]
    if not rules or table.frame.height == 0:
        return
    counts = table.frame.select([rule.mask.fill_null(False).sum().alias(str(i)) for i, rule in enumerate(rules)]).row(0)
    for rule, count in zip(rules, counts, strict=True):
        if not count:
            continue
        failing = table.frame.filter(rule.mask.fill_null(False)).select(ROW, pl.col(rule.column))
        for row, value in failing.iter_rows():
            code, message = rule.describe(value)
            yield Problem(code, table.file, row, rule.column, message)
    yield from check_unique(table)


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
    value = pl.col(name)
    checked = ~pl.col(RAGGED)
    empty = value.str.contains(r"^\s*$")
    filled = ~empty & checked
    key = name in table.key_columns
    rules: list[CellRule] = []
    formula = pl.lit(False)
    if field.type == "string":
        formula = value.str.contains(FORMULA)
        rules.append(CellRule(name, formula & checked, fixed(Rule.FORMULA_INJECTION, formula_message)))
    if key:
        spaced = filled & value.str.contains(r"^\s|\s$") & ~formula
        rules.append(CellRule(name, spaced, fixed(Rule.KEY_WHITESPACE, whitespace_message)))
    if field.required:
        rules.append(CellRule(name, empty & checked, fixed(Rule.REQUIRED, lambda _: required_message(field))))
    text_ok = filled & ~formula
    if field.type in ("integer", "number", "year"):
        rules += number_rules(field, value, filled)
    elif field.type == "boolean":
        bad = text_ok & ~value.is_in([*TRUE_VALUES, *FALSE_VALUES])
        rules.append(CellRule(name, bad, fixed(Rule.TYPE, lambda v: f"{v!r} is not true or false")))
    elif field.type == "date":
        bad = text_ok & value.str.strptime(pl.Date, "%Y-%m-%d", strict=False).is_null()
        rules.append(CellRule(name, bad, fixed(Rule.TYPE, lambda v: f"{v!r} is not a date written as YYYY-MM-DD")))
    if field.enum is not None:
        allowed = list(field.enum)
        bad = text_ok & ~(value.str.strip_chars() if key else value).is_in(allowed)
        rules.append(CellRule(name, bad, fixed(Rule.ENUM, lambda v: enum_message(v, allowed))))
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


def number_rules(field: FieldSpec, value: pl.Expr, filled: pl.Expr) -> list[CellRule]:
    """Type (telling full-width digits and thousands separators apart), and bounds of a numeric column."""
    import polars as pl

    name = field.name
    kind = "a number" if field.type == "number" else "an integer"
    parsed = value.cast(pl.Float64 if field.type == "number" else pl.Int64, strict=False)

    def describe(cell: str) -> tuple[Rule, str]:
        if re.search(FULL_WIDTH_DIGITS, cell):
            return Rule.FULL_WIDTH_DIGIT, full_width_message(cell)
        if re.search(THOUSANDS, cell):
            return Rule.THOUSANDS_SEPARATOR, thousands_message(cell)
        return Rule.TYPE, f"{cell!r} is not {kind}: write digits only, e.g. 367 or 6.5"

    rules = [CellRule(name, filled & parsed.is_null(), describe)]
    number = pl.when(filled).then(parsed)
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


def check_unique(table: Table) -> Iterator[Problem]:
    """`unique` columns (a one-column primary key is left to the key check)."""
    import polars as pl

    for field in table.spec.fields:
        if not field.unique or field.name not in table.columns or table.spec.primary_key == (field.name,):
            continue
        value = pl.col(field.name).str.strip_chars()
        frame = table.frame.filter(value != "").select(ROW, value.alias("v"))
        repeated = frame.filter(pl.col("v").is_duplicated())
        if repeated.height == 0:
            continue
        first = dict(repeated.filter(pl.col("v").is_first_distinct()).select("v", ROW).iter_rows())
        for row, text in repeated.filter(~pl.col("v").is_first_distinct()).iter_rows():
            yield Problem(
                Rule.UNIQUE,
                table.file,
                row,
                field.name,
                f"{shorten(text)!r} is already in row {first[text]}: each {field.name} must be different",
            )


@functools.cache
def pattern_compiles(pattern: str) -> bool:
    """Whether polars (Rust regex) accepts the pattern; a schema check reports those that do not."""
    import polars as pl

    try:
        pl.Series([""]).str.contains(f"^(?:{pattern})$")
    except pl.exceptions.PolarsError:
        return False
    return True


def check_patterns(spec: TableSpec) -> Iterator[Problem]:
    """Patterns that Python accepts but the polars regex engine does not."""
    for field in spec.fields:
        if field.pattern is not None and not pattern_compiles(field.pattern):
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

    good = table.frame.filter(pl.col(name).str.contains(f"^(?:{pattern})$")).get_column(name).head(1)
    return str(good[0]) if len(good) else None


def required_message(field: FieldSpec) -> str:
    title = f"{field.title} ({field.title_zh})" if field.title_zh else field.title or field.name
    return f"the cell is empty, but {title} is required: fill it in"


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
