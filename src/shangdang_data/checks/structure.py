"""CSV structure, one table at a time: records, row lengths, blank rows, the header.

The file is read twice with polars: once as raw lines (to count the cells of
every record and find quoting errors, vectorised) and once as CSV with every cell
a string. The result is a `Table` that the cell, key and provenance checks share.

Rows are numbered as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shangdang_data.checks import CheckContext, shorten
from shangdang_data.checks.files import check_file, check_utf8, line_of
from shangdang_data.descriptor import TableSpec
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


def read_table(ctx: CheckContext, spec: TableSpec) -> Generator[Problem, None, None]:
    """A resource's CSV, from its path through its bytes to its records and header; parsed tables go to `ctx.parsed`."""
    content = yield from check_file(ctx, spec.path, f"the data of resource {spec.name!r}", csv=True)
    if content is None:
        return
    table = yield from parse_table(spec, content)
    if table is not None:
        ctx.parsed[spec.name] = table


#: At most this many bare carriage returns are reported one by one per file; the rest are counted.
CARRIAGE_RETURNS_SHOWN = 20
_BARE_CR = re.compile(rb"\r(?!\n)")


def check_carriage_returns(file: str, content: bytes) -> Iterator[Problem]:
    """A carriage return that does not end a line (CRLF is fine): parsers disagree on it.

    pandas' and Python's CSV readers start a new row at it, polars drops it before a
    comma, and xlsx turns it into a line feed: the same file would load differently.
    """
    if b"\r" not in content:
        return
    for count, match in enumerate(_BARE_CR.finditer(content)):
        if count == CARRIAGE_RETURNS_SHOWN:
            rest = len(_BARE_CR.findall(content, match.start()))
            message = f"{rest} more carriage returns (CR) do not end a line; the first {count} are listed above"
            yield Problem(Rule.CONTROL_CHARACTER, file, None, None, message)
            return
        yield Problem(
            Rule.CONTROL_CHARACTER,
            file,
            line_of(content, match.start()),
            None,
            "a carriage return (CR) that does not end a line: pandas starts a new row there, polars drops it; "
            "delete it, or save the file with LF (or CRLF) line ends only",
        )


def parse_table(spec: TableSpec, content: bytes) -> Generator[Problem, None, Table | None]:
    """Parse a CSV that passed the byte checks; report its structure; return it, or None if it cannot be read."""
    import polars as pl

    file = spec.path
    yield from check_carriage_returns(file, content)
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
