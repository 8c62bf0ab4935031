"""Row rules a Table Schema cannot state, driven by the column roles the schemas declare.

Every curated row cites a paragraph (`x_role: paragraph`): its `x_verbatim` cells
must be in that paragraph's text, its `figure` in its `quote` as a whole number,
its `value` (and `value_max`) equal to the figure. Numbered items (`sequence`)
have no gap, and a denormalised copy (`x_copy_of`) equals the column it copies.
No rule here names a table or a column: each asks the `TableSpec` for a role.
"""

from __future__ import annotations

from collections.abc import Iterator

from shangdang_data.checks import CheckContext, shorten
from shangdang_data.checks.structure import RAGGED, ROW, Table
from shangdang_data.descriptor import ForeignKey
from shangdang_data.field_types import parse_number
from shangdang_data.figures import RANGE, figure_span, figure_values
from shangdang_data.problems import Problem, Rule
from shangdang_data.roles import ColumnRole


def referenced(ctx: CheckContext, table: Table, column: str) -> tuple[ForeignKey, Table] | None:
    """The foreign key of `column` and the parsed table it references, if both are usable."""
    fk = table.spec.reference(column)
    if fk is None or column not in table.columns:
        return None
    parent = ctx.parsed.get(fk.resource)
    if parent is None or fk.reference_fields[0] not in parent.columns:
        return None
    return fk, parent


#: How many failures per column get the detailed "matches up to …" message, and up to which paragraph length:
#: the detail costs a search of the paragraph per character of the quote.
DETAILED_FAILURES = 50
DETAILED_TEXT = 100_000


def check_verbatim(ctx: CheckContext, table: Table) -> Iterator[Problem]:
    """Each `x_verbatim` cell is in the text of the row's paragraph, character for character.

    Each distinct (paragraph, cell) pair is searched once, so a long table that
    repeats its quotes costs one search per quote, and a long paragraph is never
    copied per row.
    """
    import polars as pl

    paragraph = table.spec.role(ColumnRole.PARAGRAPH)
    columns = [c for c in table.spec.verbatim if c in table.columns]
    found = referenced(ctx, table, paragraph.name) if paragraph is not None and columns else None
    if paragraph is None or found is None:
        return
    fk, parent = found
    text = parent.spec.role(ColumnRole.TEXT)
    if text is None or text.name not in parent.columns:
        return
    texts = ctx.column_map(parent, fk.reference_fields[0], text.name)
    for column in columns:
        pairs = table.distinct(paragraph.name, column)
        bad = [
            (key, cell)
            for key, cell in pairs.iter_rows()
            if cell and key.strip() in texts and cell not in texts[key.strip()]
        ]  # a paragraph id that is not in the table is a foreign-key problem
        if not bad:
            continue
        failing = table.rows_with(pl.DataFrame(bad, schema=[paragraph.name, column], orient="row"))
        for index, (row, key, quoted) in enumerate(failing.iter_rows()):
            text_of = texts[key.strip()]
            detailed = index < DETAILED_FAILURES and len(text_of) <= DETAILED_TEXT
            message = verbatim_message(column, quoted, key.strip(), text_of if detailed else "", parent.file)
            yield Problem(Rule.QUOTE_NOT_IN_PARAGRAPH, table.file, row, column, message)


def verbatim_message(column: str, quoted: str, paragraph: str, text: str, where: str) -> str:
    """Say where a quote stops matching its paragraph (`text` "" for the short message)."""
    low, high = 0, len(quoted) if text else 0
    while low < high:  # the longest prefix of the quote found in the paragraph
        middle = (low + high + 1) // 2
        low, high = (middle, high) if quoted[:middle] in text else (low, middle - 1)
    found = f"{column} {shorten(quoted, 40)!r} is not in the text of paragraph {paragraph}"
    if low == 0:
        return f"{found}: copy it exactly from {where}"
    start = text.find(quoted[:low]) + low
    return (
        f"{found}: it matches up to {shorten(quoted[max(0, low - 8) : low], 12)!r}, then has "
        f"{quoted[low : low + 8]!r} where the paragraph has {text[start : start + 8]!r}; copy the words exactly "
        "(full-width punctuation, no spaces)"
    )


def check_figure(ctx: CheckContext, table: Table) -> Iterator[Problem]:
    """The `figure` stands in the `quote` as a whole number: `36` is not in "367亿元", nor `2` in "2022年".

    Each distinct (quote, figure) pair is judged once, by `figures.figure_span`: the
    same function that marks the figure on the site.
    """
    import polars as pl

    figure, quote = table.spec.role(ColumnRole.FIGURE), table.spec.role(ColumnRole.QUOTE)
    if figure is None or quote is None or not {figure.name, quote.name} <= set(table.columns):
        return
    pairs = table.distinct(quote.name, figure.name).iter_rows()
    bad = [(q, f) for q, f in pairs if f.strip() and q and figure_span(q, f) is None]
    if not bad:
        return
    failing = table.rows_with(pl.DataFrame(bad, schema=[quote.name, figure.name], orient="row"))
    for row, quoted, number in failing.iter_rows():
        where = f"the {quote.name} {shorten(quoted, 40)!r}"
        detail = (
            f"is only inside a longer number in {where}: the figure is the whole number as written"
            if number in quoted
            else f"is not in {where}: write the number exactly as the {quote.name} does (367 for 367亿元, 6.5 for 6.5%)"
        )
        yield Problem(Rule.FIGURE_NOT_IN_QUOTE, table.file, row, figure.name, f"figure {number!r} {detail}")


def show_number(number: float) -> str:
    """A number as a person writes it: 367, not 367.0."""
    return str(int(number)) if number.is_integer() else repr(number)


def check_value_figure(ctx: CheckContext, table: Table) -> Iterator[Problem]:
    """`value` (and `value_max` of a range) equal the `figure` as written.

    Cells that are empty or not numbers are left to the `required` and `type` rules,
    and a `value_max` beside a single figure to `value-max-without-range`. Each
    distinct (figure, value, value_max) is judged once.
    """
    figure, value = table.spec.role(ColumnRole.FIGURE), table.spec.role(ColumnRole.VALUE)
    if figure is None or value is None or not {figure.name, value.name} <= set(table.columns):
        return
    upper_spec = table.spec.role(ColumnRole.VALUE_MAX)
    upper = upper_spec.name if upper_spec is not None and upper_spec.name in table.columns else None
    columns = [figure.name, value.name, *([upper] if upper else [])]

    def judge(row: dict[str, str]) -> Iterator[tuple[Rule, str, str]]:
        if row[figure.name].strip():
            for column, message in judge_value(table, tuple(row[c] for c in columns), value.name, upper):
                yield Rule.VALUE_NOT_FIGURE, column, message

    yield from table.judge_distinct(columns, judge)


def judge_value(table: Table, combo: tuple[str, ...], value: str, upper: str | None) -> Iterator[tuple[str, str]]:
    """(column, message) for each way the `value` (and `value_max`) cells of `combo` differ from its figure."""
    written, low_text, *rest = combo
    meant = figure_values(written)
    if meant is None:
        yield (
            table.spec.role(ColumnRole.FIGURE).name,  # type: ignore[union-attr]
            f"figure {shorten(written)!r} is not a number the value can be checked against: write it as in the "
            "quote, as digits (367, 20.7), a range (1-2), a Chinese numeral (三, 两, 十二, 百) or a word "
            "that states a number (清零, 消除, 全覆盖)",
        )
        return
    low, high = meant
    yield from compare_value(value, low_text, low, written)
    if high is None or upper is None:
        return  # a value_max beside a single figure is value-max-without-range
    if rest[0] == "":
        yield (
            upper,
            (f"the figure {written!r} is a range, so {upper} must be its high end, {show_number(high)}: it is empty"),
        )
    else:
        yield from compare_value(upper, rest[0], high, written)


def compare_value(column: str, text: str, expected: float, figure: str) -> Iterator[tuple[str, str]]:
    """(column, message) if the number in `text` is not `expected`; empty or malformed cells are the type rules'."""
    try:
        number = parse_number(text)
    except ValueError:
        return
    if number != expected:
        yield (
            column,
            (
                f"{column} is {text} but the figure {figure!r} says {show_number(expected)}: {column} is the number "
                "as written (三 is 3; a range 1-2 is value 1, value_max 2), in the row's unit"
            ),
        )


def check_value_max(ctx: CheckContext, table: Table) -> Iterator[Problem]:
    """`value_max` only with a range figure, and never below `value`."""
    import polars as pl

    value, upper = table.spec.role(ColumnRole.VALUE), table.spec.role(ColumnRole.VALUE_MAX)
    if value is None or upper is None or not {value.name, upper.name} <= set(table.columns):
        return
    low = Table.text(value.name).cast(pl.Float64, strict=False)
    high = Table.text(upper.name).cast(pl.Float64, strict=False)
    frame = table.frame.filter(~pl.col(RAGGED) & high.is_not_null())
    figure = table.spec.role(ColumnRole.FIGURE)
    if figure is not None and figure.name in table.columns:
        single = frame.filter(~Table.text(figure.name).str.contains(RANGE))
        for row, written, number in single.select(ROW, figure.name, upper.name).iter_rows():
            yield Problem(
                Rule.VALUE_MAX_WITHOUT_RANGE,
                table.file,
                row,
                upper.name,
                f"{upper.name} is {number} but the figure {written!r} is not a range like 1-2: empty {upper.name}",
            )
    below = frame.filter(high < low).select(ROW, value.name, upper.name)
    for row, number, top in below.iter_rows():
        yield Problem(
            Rule.VALUE_MAX_BELOW_VALUE,
            table.file,
            row,
            upper.name,
            f"{upper.name} {top} is smaller than {value.name} {number}: {value.name} is the low end of the range, "
            f"{upper.name} the high end",
        )


def check_numbering(ctx: CheckContext, table: Table) -> Iterator[Problem]:
    """Numbered items (`x_role: sequence`) cover every number from the field's minimum to its maximum."""
    import polars as pl

    field = table.spec.role(ColumnRole.SEQUENCE)
    if field is None or field.name not in table.columns or table.frame.height == 0:
        return
    if field.minimum is None or field.maximum is None or field.maximum - field.minimum > 10_000:
        return
    present = set(table.distinct(field.name).get_column(field.name).cast(pl.Int64, strict=False).drop_nulls().to_list())
    expected = range(int(field.minimum), int(field.maximum) + 1)
    for number in expected:
        if number not in present:
            yield Problem(
                Rule.NUMBERING,
                table.file,
                None,
                field.name,
                f"no row has {field.name} {number}: {table.spec.name} must number {expected.start}-{expected.stop - 1} "
                "with no gap (look for a repeated or mistyped number)",
            )


def check_copies(ctx: CheckContext, table: Table) -> Iterator[Problem]:
    """A denormalised column (`x_copy_of`) equals the column it copies, in the row its foreign key references."""
    import polars as pl

    for field in table.spec.fields:
        copy = field.copy_of
        found = referenced(ctx, table, copy.via) if copy is not None and field.name in table.columns else None
        if copy is None or found is None or copy.field not in found[1].columns:
            continue
        fk, parent = found
        origin = ctx.column_map(parent, fk.reference_fields[0], copy.field)
        pairs = table.distinct(copy.via, field.name).iter_rows()
        bad = [
            (via, ours) for via, ours in pairs if via.strip() in origin and ours.strip() != origin[via.strip()].strip()
        ]  # a dangling key is a foreign-key problem
        if not bad:
            continue
        wrong = pl.DataFrame(bad, schema=[copy.via, field.name], orient="row")
        for row, via, ours in table.rows_with(wrong).iter_rows():
            value = origin[via.strip()]
            yield Problem(
                Rule.COPY_MISMATCH,
                table.file,
                row,
                field.name,
                f"{field.name} is {shorten(ours)!r} but {copy.via} {shorten(via.strip())!r} has {copy.field} "
                f"{shorten(value)!r} in {parent.file}: {field.name} is a copy of it; write {shorten(value)!r}",
            )
