"""One Excel workbook: a README sheet, then one sheet per table.

Every sheet has a bold, frozen header row with filters and column widths fitted
to the content (Chinese characters count double). Text is always stored as text:
openpyxl would turn a string starting with `=` into a formula, so each text cell
is forced to the string type and the text number format `@`. Numbers are stored
as numbers, missing values as empty cells.

Text that xlsx cannot hold faithfully is refused, not changed: control characters
other than tab and line feed (carriage return included: XML turns it into a line
feed). Text that itself looks like an OOXML escape (`_x000D_`) is escaped as the
standard says (`_x005F_x000D_`), so Excel and LibreOffice show it as written;
openpyxl, and so `pandas.read_excel`, show such text undecoded.

Numbers are written exactly (Python's shortest round-trip text): openpyxl's own
`%.16g` would round some doubles and every integer past 2**53.

The file is reproducible: fixed document dates and a re-packed zip (see bundle.py).
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from shangdang_data._extras import require
from shangdang_data._read import read_rows
from shangdang_data.descriptor import PackageSpec, TableSpec
from shangdang_data.export._about import column_description, export_stem, licence_line, source_line
from shangdang_data.export._progress import Progress, report
from shangdang_data.export.bundle import write_zip
from shangdang_data.field_types import Value
from shangdang_data.problems import TableReadError

__all__ = ["escape_text", "write_xlsx"]

_UNSUPPORTED = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_OOXML_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_MIN_WIDTH, _MAX_WIDTH = 6, 60
_DEFAULT_DATE = datetime(2000, 1, 1)


def escape_text(text: str) -> str:
    """Text as an xlsx cell must hold it; `ValueError` for characters xlsx cannot store."""
    bad = _UNSUPPORTED.search(text)
    if bad:
        raise ValueError(f"character U+{ord(bad.group()):04X} cannot be stored in an xlsx cell")
    return _OOXML_ESCAPE.sub(r"_x005F_\1", text)


def _display_width(value: Value) -> int:
    text = "" if value is None else str(value)
    longest = max(text.split("\n"), key=len) if text else ""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in longest)


def _fixed_date(package: PackageSpec) -> datetime:
    created = str(package.raw.get("created", ""))
    try:
        return datetime.fromisoformat(created.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return _DEFAULT_DATE


def _write_cell(sheet: Any, row: int, column: int, value: Value) -> None:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = escape_text(value)
        cell.data_type = "s"  # never a formula, whatever the text starts with
        cell.number_format = "@"
    else:
        cell.value = value


def _fit_columns(sheet: Any, widths: list[int]) -> None:
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH)


def _header(sheet: Any, names: list[str]) -> None:
    from openpyxl.styles import Font

    bold = Font(bold=True)
    for column, name in enumerate(names, start=1):
        _write_cell(sheet, 1, column, name)
        sheet.cell(row=1, column=column).font = bold
    sheet.freeze_panes = "A2"


def _write_table(workbook: Any, package: PackageSpec, table: TableSpec) -> int:
    sheet = workbook.create_sheet(table.name)
    names = list(table.field_names)
    _header(sheet, names)
    rows = read_rows(package, table)
    widths = [_display_width(name) for name in names]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            try:
                _write_cell(sheet, r, c, value)
            except ValueError as error:
                raise TableReadError(f"{table.path}: line {r}, column {names[c - 1]}: {error}") from error
            widths[c - 1] = max(widths[c - 1], _display_width(value))
    _fit_columns(sheet, widths)
    if rows:
        sheet.auto_filter.ref = sheet.dimensions
    return len(rows)


def _write_readme(sheet: Any, package: PackageSpec, counts: dict[str, int]) -> None:
    from openpyxl.styles import Alignment, Font

    table_lines: list[list[Value]] = [
        [t.name, t.title, t.title_zh, counts.get(t.name, 0), t.description, t.description_zh] for t in package.tables
    ]
    lines: list[list[Value]] = [
        ["Title", package.title],
        ["标题", str(package.raw.get("title_zh", ""))],
        ["Description", str(package.raw.get("description", ""))],
        ["Version", package.version],
        ["Source", source_line(package)],
        ["Licence", licence_line(package)],
        ["Rights", str(package.raw.get("rights_note", ""))],
        [],
        ["Table", "Title", "标题", "Rows", "Description", "说明"],
        *table_lines,
        [],
        ["Table", "Column", "Type", "Required", "Description", "说明", "Values 取值"],
    ]
    for table in package.tables:
        for field in table.fields:
            required = "yes" if field.required else "no"
            values = "; ".join(f"{c.value} = {c.label_zh} / {c.label}" for c in field.categories)
            lines.append(
                [table.name, field.name, field.type, required, column_description(field), field.description_zh, values]
            )
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for r, line in enumerate(lines, start=1):
        for c, value in enumerate(line, start=1):
            _write_cell(sheet, r, c, value)
            cell = sheet.cell(row=r, column=c)
            if c == 1 or (line and line[0] == "Table"):
                cell.font = bold
            if isinstance(value, str) and len(value) > _MAX_WIDTH:
                cell.alignment = wrap
    _fit_columns(sheet, [16, 40, 14, 10, _MAX_WIDTH, _MAX_WIDTH, _MAX_WIDTH])


@contextmanager
def _exact_numbers() -> Iterator[None]:
    """While saving, write ints and floats as exact text instead of openpyxl's `%.16g`."""
    from openpyxl.cell import _writer

    original = _writer.safe_string

    def exact(value: object) -> str:
        if isinstance(value, bool):
            return "1" if value else "0"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float) and math.isfinite(value):
            return repr(value)
        text: str = original(value)
        return text

    _writer.safe_string = exact
    try:
        yield
    finally:
        _writer.safe_string = original


def _reproducible(content: bytes, date: datetime) -> dict[str, bytes]:
    stamp = date.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    entries = {}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rb"\g<1>" + stamp + rb"\g<2>", data)
            entries[name] = data
    return entries


def write_xlsx(package: PackageSpec, out_dir: Path, *, progress: Progress | None = None) -> list[Path]:
    """Write `<out_dir>/xlsx/<name>.xlsx`: a README sheet, then one sheet per table."""
    openpyxl = require("openpyxl", extra="export", purpose="The xlsx export")
    workbook = openpyxl.Workbook()
    readme = workbook.active
    readme.title = "README"
    counts = {}
    for table in package.tables:
        counts[table.name] = _write_table(workbook, package, table)
        report(progress, f"xlsx: {table.name}")
    _write_readme(readme, package, counts)
    date = _fixed_date(package)
    workbook.properties.creator = package.name
    workbook.properties.title = package.title
    workbook.properties.created = date
    buffer = io.BytesIO()
    with _exact_numbers():
        workbook.save(buffer)
    target = out_dir / "xlsx" / f"{export_stem(package)}.xlsx"
    return [write_zip(_reproducible(buffer.getvalue(), date), target, sort=False)]
