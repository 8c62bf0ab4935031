"""CSV structure, one table at a time: records, row lengths, blank rows, the header.

The file is read twice with polars: once as raw lines (to count the cells of
every record and find quoting errors, vectorised) and once as CSV with every cell
a string. The result is a `Table` that the cell, key and provenance checks share.

Rows are numbered as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
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
#: What a blank record is made of: separators, quotes and spaces (stripped without a regex, for speed).
BLANK_CHARACTERS = ' ,"\t\r\u3000\u00a0'


#: Tables with more rows than this have their rules judged on each column's distinct values, mapped back to rows.
DISTINCT_FROM = 20_000


@dataclass(frozen=True)
class Table:
    """A parsed CSV: every cell as written, blank rows dropped, one column per schema field found in the header.

    Cells are held as polars categoricals: a column of repeated values (sections,
    units, quotes of a long table) costs a code per row, not a string. `text(c)` is
    the column as text, and `distinct(...)` its distinct values, which the rules judge
    once each, however many rows repeat them.
    """

    spec: TableSpec
    header: tuple[str, ...]
    #: `_row`, `_ragged`, then the schema's fields that the header has ("" for an empty cell).
    frame: pl.DataFrame
    _distinct: dict[tuple[str, ...], pl.DataFrame] = field(default_factory=dict, compare=False, repr=False)

    @property
    def long(self) -> bool:
        """True for a table whose rules are judged on distinct values (over `DISTINCT_FROM` rows)."""
        return self.frame.height > DISTINCT_FROM

    @staticmethod
    def text(column: str) -> pl.Expr:
        """The column as text: a decode for a categorical, whose empty unquoted cells (and the cells a short row
        lacks) are null, read as ""."""
        import polars as pl

        return pl.col(column).cast(pl.String).fill_null("")

    def distinct(self, *columns: str) -> pl.DataFrame:
        """The distinct combinations of `columns` in rows that are not ragged, as text, in order of first appearance;
        computed once."""
        import polars as pl

        if columns not in self._distinct:
            rows = self.frame.lazy().filter(~pl.col(RAGGED)).select(*columns).unique(maintain_order=True)
            self._distinct[columns] = rows.select(self.text(c) for c in columns).collect()
        return self._distinct[columns]

    def rows_with(self, found: pl.DataFrame, *extra: str) -> pl.DataFrame:
        """`_row` and the columns of `found` (and `extra`) of the rows whose values are a row of `found`, in order."""
        import polars as pl

        columns = list(found.columns)
        keys = [f"_{c}" for c in columns]
        wanted = found.lazy().select(pl.col(c).alias(k) for c, k in zip(columns, keys, strict=True))
        rows = (
            self.frame.lazy()
            .filter(~pl.col(RAGGED))
            .with_columns(self.text(c).alias(k) for c, k in zip(columns, keys, strict=True))
        )
        picked = rows.join(wanted, on=keys, how="semi").sort(ROW)
        return picked.select(ROW, *(pl.col(k).alias(c) for c, k in zip(columns, keys, strict=True)), *extra).collect()

    def judge_distinct(
        self, columns: list[str], judge: Callable[[dict[str, str]], Iterable[tuple[Rule, str, str]]]
    ) -> Iterator[Problem]:
        """Judge each distinct combination of `columns` once (`judge` yields (rule, column, message) for a
        column -> cell dict); report its problems on every row that holds it, in row order."""
        import polars as pl

        judged: dict[tuple[str, ...], list[tuple[Rule, str, str]]] = {}
        for combo in self.distinct(*columns).iter_rows():
            found = list(judge(dict(zip(columns, combo, strict=True))))
            if found:
                judged[combo] = found
        if not judged:
            return
        failing = self.rows_with(pl.DataFrame(list(judged), schema=columns, orient="row"))
        for line, *cells in failing.iter_rows():
            for rule, column, message in judged[tuple(cells)]:
                yield Problem(rule, self.file, line, column, message)

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
        """Columns of the CSV that are primary or foreign keys."""
        return self.spec.key_columns & set(self.columns)


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


#: A long file's records are read this many bytes at a time (cut at a line end outside any quoted cell), so the
#: lines of only one piece are in memory at once.
RECORDS_PIECE = 8 * 1024 * 1024


def pieces(content: bytes, size: int | None = None) -> Iterator[bytes]:
    """`content` cut into pieces of about `size` bytes, at line ends outside quoted cells.

    An odd number of double quotes before a line end means a quoted cell goes on
    over it: such a line end is passed by (rare: only multi-line cells do it).
    """
    size = size or RECORDS_PIECE
    start = 0
    while start < len(content):
        end = content.find(b"\n", min(start + size, len(content)))
        end = len(content) if end == -1 else end + 1
        while end < len(content) and content.count(b'"', start, end) % 2:
            end = content.find(b"\n", end)
            end = len(content) if end == -1 else end + 1
        yield content[start:end]
        start = end


def read_records(content: bytes) -> pl.DataFrame:
    """One row per CSV record: `start` (its first line), how many cells it has, whether it is blank or malformed.

    Physical lines are joined where a quoted cell spans lines: a record starts on
    each line before which an even number of double quotes has been seen. Columns:
    `start`, `malformed` (breaks RFC 4180 quoting), `cells` (commas outside quotes
    + 1), `blank` (no cell has content). A long file is read in pieces, two at a time
    (polars works without the GIL), so only a few pieces' lines are in memory at once;
    the regular expressions run only on the records that hold a quote.
    """
    import polars as pl

    if len(content) <= RECORDS_PIECE:
        return _records(content)[0]
    offset, shifted = 0, []

    def take(future: Future[tuple[pl.DataFrame, int]]) -> None:
        nonlocal offset
        part, lines = future.result()
        shifted.append(part.with_columns(pl.col("start") + offset))  # after the lines of the pieces before
        offset += lines

    with ThreadPoolExecutor(max_workers=2) as pool:
        running: deque[Future[tuple[pl.DataFrame, int]]] = deque()
        for piece in pieces(content):
            running.append(pool.submit(_records, piece))
            if len(running) == 2:  # at most two pieces (and their lines) in memory at once
                take(running.popleft())
        while running:
            take(running.popleft())
    return pl.concat(shifted)


def _records(content: bytes) -> tuple[pl.DataFrame, int]:
    """The records of one piece (numbered from line 1), and how many lines the piece has."""
    import polars as pl

    physical = read_lines(content)
    lines = pl.DataFrame([physical.alias("text")]).lazy()
    start = pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("start")
    simple = [
        (pl.col("text").str.count_matches(",", literal=True) + 1).alias("cells"),
        (pl.col("text").str.strip_chars(BLANK_CHARACTERS) == "").alias("blank"),
    ]
    if b'"' not in content:  # no quoted cell: a record is a line, and none is malformed
        return lines.select(start, pl.lit(False).alias("malformed"), *simple).collect(), physical.len()
    odd = pl.col("text").str.count_matches('"', literal=True) % 2
    frame = lines.with_columns(start, record=((odd.cum_sum() - odd) % 2 == 0).cum_sum()).collect()
    if frame.select(pl.col("record").max() < pl.len()).item():  # a quoted cell spans lines
        frame = frame.group_by("record", maintain_order=True).agg(
            pl.col("text").str.join("\n"), pl.col("start").first()
        )
    quoted = frame.filter(pl.col("text").str.contains('"', literal=True)).select(
        "start",
        (~pl.col("text").str.contains(RECORD)).alias("malformed"),
        (pl.col("text").str.replace_all(QUOTED, "").str.count_matches(",", literal=True) + 1).alias("cells"),
    )
    plain = frame.select("start", pl.lit(False).alias("malformed"), *simple)
    return plain.update(quoted, on="start").select("start", "malformed", "cells", "blank"), physical.len()


#: CSVs larger than this are released from memory once parsed: the checks use the parsed frame, the size and the
#: sha256 (the generated tables, compared byte for byte with a fresh build, are far smaller).
RELEASE_AFTER_PARSE = 1024 * 1024


def read_table(ctx: CheckContext, spec: TableSpec) -> Generator[Problem, None, None]:
    """A resource's CSV, from its path through its bytes to its records and header; parsed tables go to `ctx.parsed`."""
    content = yield from check_file(ctx, spec.path, f"the data of resource {spec.name!r}", csv=True)
    if content is None:
        return
    table = yield from parse_table(spec, content)
    if table is not None:
        ctx.parsed[spec.name] = table
    data = ctx.data.get(spec.path)
    keep = isinstance(spec.hash, str) and not spec.hash.startswith("sha256:")  # another algorithm needs the bytes
    if data is not None and data.size > RELEASE_AFTER_PARSE and not keep:
        ctx.data[spec.path] = data.released()
        ctx.files.forget(spec.path)


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
    malformed = records.get_column("malformed")
    for line in records.get_column("start").filter(malformed).to_list():
        yield Problem(
            Rule.CSV_SYNTAX,
            file,
            line,
            None,
            f'a double quote (") starting on line {line} is not closed, or is inside a cell that is not '
            'quoted: a cell containing " must be wrapped in double quotes, with the quote doubled ("")',
        )
    if malformed.any():
        return None
    try:
        width = int(records.get_column("cells")[0]) if records.height else 0
        cells = pl.read_csv(
            content,
            has_header=False,
            infer_schema=False,
            schema_overrides=[pl.Categorical] * width,  # see `Table`: a code per repeated value
            truncate_ragged_lines=True,
            empty_string_is_null=False,
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError as error:
        yield Problem(Rule.CSV_SYNTAX, file, None, None, f"the CSV cannot be read: {shorten(str(error), 200)}")
        return None
    header = tuple("" if name is None else name for name in cells.row(0)) if cells.height else ()
    yield from check_header(spec, header)
    if records.height != cells.height:  # not seen for a file that passed RECORD: judge by the cells alone
        blank = pl.all_horizontal(pl.all().cast(pl.String).str.strip_chars() == "")
        records = cells.select(blank.alias("blank"), pl.lit(len(header), dtype=pl.Int64).alias("cells"))
    # a row as a spreadsheet numbers it: the record's place in the file, a multi-line cell being one row
    row = pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias(ROW)
    marks = records.select(row, "blank", "cells", (pl.col("cells") != len(header)).alias(RAGGED)).slice(1)
    irregular = marks.filter(pl.col("blank") | pl.col(RAGGED))
    blank_rows = 0
    for row, blank, count, _ in irregular.iter_rows():
        if blank:
            blank_rows += 1
            yield Problem(Rule.BLANK_ROW, file, row, None, "the row is blank: delete it")
        else:
            yield Problem(Rule.ROW_LENGTH, file, row, None, row_length_message(count, len(header)))
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        positions.setdefault(name, index)
    columns = [pl.col(cells.columns[positions[name]]).alias(name) for name in spec.field_names if name in positions]
    body = pl.concat([marks.select(ROW, RAGGED, "blank"), cells.slice(1)], how="horizontal").lazy()
    if blank_rows:
        body = body.filter(~pl.col("blank"))
    frame = body.select(ROW, RAGGED, *columns).collect()
    if frame.height == 0:
        yield Problem(Rule.HEADER_ONLY, file, None, None, "the table has a header but no data rows: add its rows")
    return Table(spec, header, frame)


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
