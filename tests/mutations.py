"""Bad inputs, each made by editing a copy of the real package.

A mutation's `edit(package)` changes the copy and returns the problems it must
cause, as `(rule, file, row)`, worked out from the edit itself (which row it
touched, which line it wrote), never read back from the validator. Data edits
also refresh any `bytes`/`hash` recorded in the descriptor, so a mutation about
cells is not also an integrity problem; the integrity mutations are separate.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from shangdang_data.problems import Rule

REPO = Path(__file__).resolve().parents[1]
Expected = set[tuple[Rule, str, int | None]]
DESCRIPTOR = "datapackage.json"
INDICATORS = "data/indicators.csv"
UNITS = "data/units.csv"
GLOSSARY = "data/glossary.csv"
PROJECTS = "data/projects.csv"
ERRATA = "data/errata.csv"
TOWNS = "data/towns.csv"
CHAINS = "data/chains.csv"
PARAGRAPHS = "data/paragraphs.csv"
SOURCE = "data/source/000_bc0ee4ffd7aec591.txt"


@dataclass(frozen=True)
class Mutation:
    """One bad input: a readable id, and the edit that makes it (returning the expected problems)."""

    id: str
    edit: Callable[[Path], Expected]


# --- helpers -------------------------------------------------------------------------------------


def copy_package(target: Path) -> Path:
    """Copy the repository's package (descriptor, data, schemas) to `target`, a new folder; return it."""
    target.mkdir(parents=True)
    shutil.copy2(REPO / DESCRIPTOR, target / DESCRIPTOR)
    shutil.copytree(REPO / "data", target / "data")
    shutil.copytree(REPO / "schemas", target / "schemas")
    return target


def read_table(package: Path, file: str) -> tuple[list[str], list[list[str]]]:
    """Header and data rows of a CSV in the copy."""
    with (package / file).open(encoding="utf-8", newline="") as stream:
        header, *rows = list(csv.reader(stream))
    return header, rows


def write_table(package: Path, file: str, header: list[str], rows: list[list[str]]) -> None:
    """Write a CSV as the package does (UTF-8, `\\n`), and refresh its recorded integrity."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    write_bytes(package, file, buffer.getvalue().encode("utf-8"))


def write_bytes(package: Path, file: str, data: bytes) -> None:
    """Replace a data file's bytes, and refresh its recorded `bytes`/`hash` if the descriptor has them."""
    (package / file).write_bytes(data)
    refresh_integrity(package, file)


def refresh_integrity(package: Path, file: str) -> None:
    """Rewrite `bytes`/`hash` of the resource at `file`, where the descriptor records them."""
    path = package / DESCRIPTOR
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    data = (package / file).read_bytes()
    changed = False
    for resource in descriptor["resources"]:
        if resource.get("path") != file:
            continue
        if "bytes" in resource:
            resource["bytes"], changed = len(data), True
        if "hash" in resource:
            resource["hash"], changed = f"sha256:{hashlib.sha256(data).hexdigest()}", True
    if changed:
        path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def set_cell(
    package: Path, file: str, column: str, value: str, where: Callable[[dict[str, str]], bool] = lambda _: True
) -> int:
    """Set `column` of the first row matching `where`; return that row as a spreadsheet numbers it."""
    header, rows = read_table(package, file)
    for index, row in enumerate(rows):
        if where(dict(zip(header, row, strict=True))):
            row[header.index(column)] = value
            write_table(package, file, header, rows)
            return index + 2
    raise AssertionError(f"no row of {file} to edit")


def cell(package: Path, file: str, row: int, column: str) -> str:
    """The value of `column` in spreadsheet row `row`."""
    header, rows = read_table(package, file)
    return rows[row - 2][header.index(column)]


def edit_descriptor(package: Path, old: str, new: str) -> int:
    """Replace the first `old` in datapackage.json by `new`; return the line it is on."""
    path = package / DESCRIPTOR
    text = path.read_text(encoding="utf-8")
    position = text.index(old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text.count("\n", 0, position) + 1


def resource_line(package: Path, file: str) -> int:
    """The line of datapackage.json where the resource `"path": file` is written."""
    text = (package / DESCRIPTOR).read_text(encoding="utf-8")
    return text.count("\n", 0, text.index(json.dumps(file))) + 1


# --- encoding ------------------------------------------------------------------------------------


def gbk_encoding(package: Path) -> Expected:
    """Re-save units.csv as GB18030, as Excel does on Chinese Windows: the first line with Chinese is named."""
    text = (package / UNITS).read_text(encoding="utf-8")
    first = next(i for i, line in enumerate(text.split("\n"), start=1) if not line.isascii())
    write_bytes(package, UNITS, text.encode("gb18030"))
    return {(Rule.ENCODING, UNITS, first)}


def utf16_encoding(package: Path) -> Expected:
    """Re-save chains.csv as UTF-16 (Excel's 'Unicode Text')."""
    write_bytes(package, CHAINS, (package / CHAINS).read_text(encoding="utf-8").encode("utf-16"))
    return {(Rule.ENCODING, CHAINS, None)}


def utf8_bom(package: Path) -> Expected:
    """Add the byte-order mark Excel's 'CSV UTF-8' writes."""
    write_bytes(package, CHAINS, b"\xef\xbb\xbf" + (package / CHAINS).read_bytes())
    return {(Rule.BOM, CHAINS, 1)}


def nul_bytes(package: Path) -> Expected:
    """A NUL byte in line 3 of towns.csv."""
    lines = (package / TOWNS).read_bytes().split(b"\n")
    lines[2] = lines[2][:5] + b"\x00" + lines[2][5:]
    write_bytes(package, TOWNS, b"\n".join(lines))
    return {(Rule.NUL_BYTE, TOWNS, 3)}


# --- structure -----------------------------------------------------------------------------------


def empty_file(package: Path) -> Expected:
    write_bytes(package, ERRATA, b"")
    return {(Rule.EMPTY_FILE, ERRATA, None)}


def header_only(package: Path) -> Expected:
    header, _ = read_table(package, ERRATA)
    write_table(package, ERRATA, header, [])
    return {(Rule.HEADER_ONLY, ERRATA, None)}


def rename_column(package: Path) -> Expected:
    """`quote` renamed `qoute`: one problem; the quote checks skip the missing column."""
    header, rows = read_table(package, INDICATORS)
    header[header.index("quote")] = "qoute"
    write_table(package, INDICATORS, header, rows)
    return {(Rule.RENAMED_COLUMN, INDICATORS, 1)}


def drop_column(package: Path, column: str = "note_en") -> Expected:
    header, rows = read_table(package, INDICATORS)
    index = header.index(column)
    write_table(package, INDICATORS, header[:index] + header[index + 1 :], [r[:index] + r[index + 1 :] for r in rows])
    return {(Rule.MISSING_COLUMN, INDICATORS, 1)}


def add_column(package: Path) -> Expected:
    header, rows = read_table(package, INDICATORS)
    write_table(package, INDICATORS, [*header, "comment"], [[*r, "ok"] for r in rows])
    return {(Rule.EXTRA_COLUMN, INDICATORS, 1)}


def duplicate_column(package: Path) -> Expected:
    header, rows = read_table(package, INDICATORS)
    write_table(package, INDICATORS, [*header, "note_en"], [[*r, ""] for r in rows])
    return {(Rule.DUPLICATE_COLUMN, INDICATORS, 1)}


def reorder_columns(package: Path) -> Expected:
    """Swap section_id and paragraph_id, header and cells alike."""
    header, rows = read_table(package, INDICATORS)
    a, b = header.index("section_id"), header.index("paragraph_id")
    for row in [header, *rows]:
        row[a], row[b] = row[b], row[a]
    write_table(package, INDICATORS, header, rows)
    return {(Rule.COLUMN_ORDER, INDICATORS, 1)}


def too_few_cells(package: Path) -> Expected:
    """Row 5 of units.csv loses its last cell (an empty metric_factor)."""
    header, rows = read_table(package, UNITS)
    rows[3] = rows[3][:-1]
    write_table(package, UNITS, header, rows)
    return {(Rule.ROW_LENGTH, UNITS, 5)}


def too_many_cells(package: Path) -> Expected:
    """An unquoted comma splits a cell of row 4 of units.csv."""
    header, rows = read_table(package, UNITS)
    rows[2].append("extra")
    write_table(package, UNITS, header, rows)
    return {(Rule.ROW_LENGTH, UNITS, 4)}


def blank_row(package: Path) -> Expected:
    """An empty line after row 3 of towns.csv becomes row 4."""
    lines = (package / TOWNS).read_bytes().split(b"\n")
    write_bytes(package, TOWNS, b"\n".join([*lines[:3], b"", *lines[3:]]))
    return {(Rule.BLANK_ROW, TOWNS, 4)}


def stray_quote(package: Path) -> Expected:
    """A double quote typed into the middle of an unquoted cell of row 3."""
    lines = (package / TOWNS).read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b",", b',x"y', 1)
    write_bytes(package, TOWNS, b"\n".join(lines))
    return {(Rule.CSV_SYNTAX, TOWNS, 3)}


def unclosed_quote(package: Path) -> Expected:
    """The last row opens a quoted cell and never closes it."""
    data = (package / TOWNS).read_bytes().rstrip(b"\n")
    last = data.count(b"\n") + 1
    write_bytes(package, TOWNS, data.rsplit(b",", 1)[0] + b',"glossary.p06\n')
    return {(Rule.CSV_SYNTAX, TOWNS, last)}


# --- cells ---------------------------------------------------------------------------------------


def wrong_type(package: Path) -> Expected:
    return {(Rule.TYPE, INDICATORS, set_cell(package, INDICATORS, "value", "abc"))}


def full_width_digits(package: Path) -> Expected:
    return {(Rule.FULL_WIDTH_DIGIT, INDICATORS, set_cell(package, INDICATORS, "value", "３３２５"))}


def thousands_separator(package: Path) -> Expected:
    return {(Rule.THOUSANDS_SEPARATOR, INDICATORS, set_cell(package, INDICATORS, "value", "7,205"))}


def plus_sign(package: Path) -> Expected:
    """`+7` in an integer column: the loader refuses a leading `+`, so the validator must too."""
    row = set_cell(package, GLOSSARY, "number", "+7", lambda r: r["number"] == "7")
    return {(Rule.TYPE, GLOSSARY, row)}


def not_a_finite_number(text: str) -> Callable[[Path], Expected]:
    """`inf`, `NaN`, … in a number column: numbers are finite decimals, as the loader reads them."""

    def edit(package: Path) -> Expected:
        return {(Rule.TYPE, INDICATORS, set_cell(package, INDICATORS, "value", text))}

    return edit


def control_character(package: Path) -> Expected:
    """A BEL (U+0007) typed into a text cell: the xlsx export and spreadsheets cannot hold it."""
    note = cell(package, INDICATORS, 2, "subject_en")
    return {(Rule.CONTROL_CHARACTER, INDICATORS, set_cell(package, INDICATORS, "subject_en", note + "\x07"))}


def bare_carriage_return(package: Path) -> Expected:
    """A lone CR inside an unquoted cell of row 3 of towns.csv (pandas' parser would split the row there)."""
    lines = (package / TOWNS).read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b",", b"\r,", 1)
    write_bytes(package, TOWNS, b"\n".join(lines))
    return {(Rule.CONTROL_CHARACTER, TOWNS, 3)}


def key_spaces(package: Path) -> Expected:
    """A leading space in a foreign key and a trailing one in a primary key: each named once, no FK error."""
    row = set_cell(package, INDICATORS, "paragraph_id", " " + cell(package, INDICATORS, 2, "paragraph_id"))
    unit_row = set_cell(package, UNITS, "unit_id", cell(package, UNITS, 2, "unit_id") + " ")
    return {(Rule.KEY_WHITESPACE, INDICATORS, row), (Rule.KEY_WHITESPACE, UNITS, unit_row)}


def empty_required(package: Path) -> Expected:
    return {(Rule.REQUIRED, INDICATORS, set_cell(package, INDICATORS, "subject_en", ""))}


def enum_value(package: Path) -> Expected:
    return {(Rule.ENUM, INDICATORS, set_cell(package, INDICATORS, "basis", "planned"))}


def pattern_value(package: Path) -> Expected:
    return {(Rule.PATTERN, INDICATORS, set_cell(package, INDICATORS, "period", "22"))}


def below_minimum(package: Path) -> Expected:
    """value -5: below the minimum, and no longer the row's figure."""
    row = set_cell(package, INDICATORS, "value", "-5")
    return {(Rule.MINIMUM, INDICATORS, row), (Rule.VALUE_NOT_FIGURE, INDICATORS, row)}


def above_maximum(package: Path) -> Expected:
    """Glossary entry 23 renumbered 24: over the maximum, and 23 is now missing."""
    row = set_cell(package, GLOSSARY, "number", "24", lambda r: r["number"] == "23")
    return {(Rule.MAXIMUM, GLOSSARY, row), (Rule.NUMBERING, GLOSSARY, None)}


def repeated_unique(package: Path) -> Expected:
    """chains.name_zh is unique: row 3 takes row 2's name (both are in the cited glossary entry)."""
    header, rows = read_table(package, CHAINS)
    rows[1][header.index("name_zh")] = rows[0][header.index("name_zh")]
    write_table(package, CHAINS, header, rows)
    return {(Rule.UNIQUE, CHAINS, 3)}


def duplicate_primary_key(package: Path) -> Expected:
    header, rows = read_table(package, INDICATORS)
    rows[1][0] = rows[0][0]
    write_table(package, INDICATORS, header, rows)
    return {(Rule.PRIMARY_KEY, INDICATORS, 3)}


def dangling_foreign_key(package: Path) -> Expected:
    return {(Rule.FOREIGN_KEY, INDICATORS, set_cell(package, INDICATORS, "unit_id", "no-such-unit"))}


def formula(prefix: str) -> Callable[[Path], Expected]:
    """A text cell starting with `prefix`, which a spreadsheet would run as a formula."""

    def edit(package: Path) -> Expected:
        row = set_cell(package, INDICATORS, "subject_en", prefix + "SUM(A1)")
        if prefix == "\r":  # a carriage return inside a cell is also one that does not end a line
            return {(Rule.FORMULA_INJECTION, INDICATORS, row), (Rule.CONTROL_CHARACTER, INDICATORS, row)}
        return {(Rule.FORMULA_INJECTION, INDICATORS, row)}

    return edit


# --- provenance and cross-table ------------------------------------------------------------------


def quote_not_in_paragraph(package: Path) -> Expected:
    """A word added to the end of a quote (the figure stays in it)."""
    quote = cell(package, INDICATORS, 2, "quote")
    return {(Rule.QUOTE_NOT_IN_PARAGRAPH, INDICATORS, set_cell(package, INDICATORS, "quote", quote + "左右"))}


def figure_not_in_quote(package: Path) -> Expected:
    """figure 987654: not in the quote, and not the row's value either."""
    row = set_cell(package, INDICATORS, "figure", "987654")
    return {(Rule.FIGURE_NOT_IN_QUOTE, INDICATORS, row), (Rule.VALUE_NOT_FIGURE, INDICATORS, row)}


def figure_prefix_of_number(package: Path) -> Expected:
    """2022-gdp's figure cut to 36: it is in "…367亿元" only as the start of a longer number."""
    row = set_cell(package, INDICATORS, "figure", "36", lambda r: r["indicator_id"] == "2022-gdp")
    return {(Rule.FIGURE_NOT_IN_QUOTE, INDICATORS, row), (Rule.VALUE_NOT_FIGURE, INDICATORS, row)}


def section_not_the_paragraphs(package: Path) -> Expected:
    """2022-gdp says section `plan`, but its paragraph review.p03 is in section `review`."""
    row = set_cell(package, INDICATORS, "section_id", "plan", lambda r: r["indicator_id"] == "2022-gdp")
    return {(Rule.COPY_MISMATCH, INDICATORS, row)}


def unit_not_the_units(package: Path) -> Expected:
    """2022-gdp's unit as written changed to 万元 while unit_id stays cny-100m (亿元)."""
    row = set_cell(package, INDICATORS, "unit_zh", "万元", lambda r: r["indicator_id"] == "2022-gdp")
    return {(Rule.COPY_MISMATCH, INDICATORS, row)}


def source_hash_removed(package: Path) -> Expected:
    """`sources[0].hash` and `bytes` deleted: an error, not a silently skipped source check."""
    descriptor = json.loads((package / DESCRIPTOR).read_text(encoding="utf-8"))
    del descriptor["sources"][0]["hash"], descriptor["sources"][0]["bytes"]
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    (package / DESCRIPTOR).write_text(text, encoding="utf-8")
    line = text.count("\n", 0, text.index(json.dumps(SOURCE))) + 1
    return {(Rule.SOURCE_HASH, DESCRIPTOR, line)}


def renamed_package_still_rebuilt(package: Path) -> Expected:
    """The package renamed, then a paragraph edited by hand: the rebuild check does not depend on the name."""
    edit_descriptor(package, '"name": "shangdang-data",', '"name": "my-fork",')
    return edited_paragraph(package)


def unsupported_type(package: Path) -> Expected:
    """errata.kind given the Table Schema type `time`, which the package cannot read faithfully."""
    path = package / "schemas" / "errata.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    next(f for f in schema["fields"] if f["name"] == "note_en")["type"] = "time"
    path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return {(Rule.SCHEMA_METADATA, "schemas/errata.json", None)}


def enum_without_labels(package: Path) -> Expected:
    """A new enum value added to errata.kind without a category: the site and citations would have no label."""
    path = package / "schemas" / "errata.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    next(f for f in schema["fields"] if f["name"] == "kind")["constraints"]["enum"].append("punctuation")
    path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return {(Rule.SCHEMA_METADATA, "schemas/errata.json", None)}


def unknown_role(package: Path) -> Expected:
    """A misspelt `x_role` (`qoute`) on errata.as_written."""
    path = package / "schemas" / "errata.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"x_role": "quote"', '"x_role": "qoute"'), "utf-8")
    return {(Rule.SCHEMA_METADATA, "schemas/errata.json", None)}


def value_max_below_value(package: Path) -> Expected:
    """The range row's value_max set under its value (and so no longer the high end of its figure)."""
    row = set_cell(package, INDICATORS, "value_max", "0", lambda r: r["value_max"] != "" and float(r["value"]) > 0)
    return {(Rule.VALUE_MAX_BELOW_VALUE, INDICATORS, row), (Rule.VALUE_NOT_FIGURE, INDICATORS, row)}


def value_max_without_range(package: Path) -> Expected:
    """A single figure given an upper end (equal to its value, so only the range rule fails)."""
    value = cell(package, INDICATORS, 2, "value")
    return {(Rule.VALUE_MAX_WITHOUT_RANGE, INDICATORS, set_cell(package, INDICATORS, "value_max", value))}


def value_not_figure(package: Path) -> Expected:
    """A digit appended to the value of a row whose figure is that value (367 -> 3671)."""
    row = set_cell(package, INDICATORS, "value", "", lambda r: r["figure"] == r["value"] and r["value_max"] == "")
    value = cell(package, INDICATORS, row, "figure") + "1"
    set_cell(package, INDICATORS, "value", value, lambda r: r["value"] == "")
    return {(Rule.VALUE_NOT_FIGURE, INDICATORS, row)}


def chinese_value_not_figure(package: Path) -> Expected:
    """A Chinese-numeral figure (两, 三, …) whose value is one too many."""
    row = set_cell(package, INDICATORS, "value", "", lambda r: not r["figure"].isascii())
    numbers = {c: n for n, c in enumerate("一二三四五六七八九十", start=1)} | {"两": 2}
    value = str(numbers[cell(package, INDICATORS, row, "figure")] + 1)
    set_cell(package, INDICATORS, "value", value, lambda r: r["value"] == "")
    return {(Rule.VALUE_NOT_FIGURE, INDICATORS, row)}


def range_without_value_max(package: Path) -> Expected:
    """A range figure (1-2) whose value_max is emptied: only its low end is left."""
    row = set_cell(package, INDICATORS, "value_max", "", lambda r: r["value_max"] != "")
    return {(Rule.VALUE_NOT_FIGURE, INDICATORS, row)}


def unreadable_figure(package: Path) -> Expected:
    """A figure that is in its quote but is no number: the first two characters of a quote starting with words."""
    row = set_cell(package, INDICATORS, "figure", "", lambda r: not r["quote"][:2].isascii())
    set_cell(package, INDICATORS, "figure", cell(package, INDICATORS, row, "quote")[:2], lambda r: r["figure"] == "")
    return {(Rule.VALUE_NOT_FIGURE, INDICATORS, row)}


def numbering_gap(package: Path) -> Expected:
    """Glossary entry 7 deleted."""
    header, rows = read_table(package, GLOSSARY)
    write_table(package, GLOSSARY, header, [r for r in rows if r[header.index("number")] != "7"])
    return {(Rule.NUMBERING, GLOSSARY, None)}


def numbering_repeat(package: Path) -> Expected:
    """Entry 8 renumbered 7: 7 is repeated (unique) and 8 is missing (numbering)."""
    row = set_cell(package, GLOSSARY, "number", "7", lambda r: r["number"] == "8")
    return {(Rule.UNIQUE, GLOSSARY, row), (Rule.NUMBERING, GLOSSARY, None)}


def livelihood_gap(package: Path) -> Expected:
    """Every row of livelihood project 3 loses its number."""
    header, rows = read_table(package, PROJECTS)
    column = header.index("livelihood_no")
    for row in rows:
        if row[column] == "3":
            row[column] = ""
    write_table(package, PROJECTS, header, rows)
    return {(Rule.NUMBERING, PROJECTS, None)}


def edited_paragraph(package: Path) -> Expected:
    """One character added at the end of the text of paragraph row 10 (quotes stay substrings)."""
    lines = (package / PARAGRAPHS).read_bytes().split(b"\n")
    lines[9] = lines[9] + "啊".encode()
    write_bytes(package, PARAGRAPHS, b"\n".join(lines))
    return {(Rule.BUILD_MISMATCH, PARAGRAPHS, 10)}


def edited_source(package: Path) -> Expected:
    """The raw report gets one more character; the tables are not compared with a changed source."""
    (package / SOURCE).write_bytes((package / SOURCE).read_bytes() + "。".encode())
    return {(Rule.SOURCE_HASH, SOURCE, None)}


def stale_resource_hash(package: Path) -> Expected:
    """A recorded hash that is not the file's."""
    descriptor = json.loads((package / DESCRIPTOR).read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["path"] == UNITS)
    resource["hash"] = "sha256:" + "0" * 64
    resource["bytes"] = (package / UNITS).stat().st_size + 1
    (package / DESCRIPTOR).write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    return {(Rule.RESOURCE_HASH, UNITS, None), (Rule.RESOURCE_BYTES, UNITS, None)}


def bad_version(package: Path) -> Expected:
    return {(Rule.VERSION, DESCRIPTOR, edit_descriptor(package, '"version": "', '"version": "v1-'))}


def pyproject_version(package: Path) -> Expected:
    """A static version in pyproject.toml that differs from the descriptor's."""
    (package / "pyproject.toml").write_text('[project]\nname = "shangdang-data"\nversion = "9.9.9"\n')
    return {(Rule.VERSION, "pyproject.toml", None)}


def pyproject_dynamic_elsewhere(package: Path) -> Expected:
    """A dynamic version read from somewhere other than datapackage.json."""
    (package / "pyproject.toml").write_text(
        '[project]\nname = "shangdang-data"\ndynamic = ["version"]\n[tool.hatch.version]\npath = "VERSION"\n'
    )
    return {(Rule.VERSION, "pyproject.toml", None)}


# --- the report's wordings (the coding guide) ----------------------------------------------------


def at_least_coded_eq(package: Path) -> Expected:
    """A figure followed by 以上 (7%以上) coded `eq`: 以上 selects `ge`."""
    row = set_cell(package, INDICATORS, "comparator", "eq", lambda r: f"{r['figure']}{r['unit_zh']}以上" in r["quote"])
    return {(Rule.COMPARATOR_WORDING, INDICATORS, row)}


def below_coded_lt(package: Path) -> Expected:
    """以下 coded `lt`, as the data once had it: in Chinese usage 以下 includes the number, so `le`."""
    row = set_cell(package, INDICATORS, "comparator", "lt", lambda r: r["quote"].endswith(f"{r['unit_zh']}以下"))
    return {(Rule.COMPARATOR_WORDING, INDICATORS, row)}


def plain_figure_coded_gt(package: Path) -> Expected:
    """A plain figure (全年地区生产总值完成367亿元) coded `gt`: no word next to it qualifies it."""
    row = set_cell(
        package, INDICATORS, "comparator", "gt", lambda r: r["quote"] == f"全年地区生产总值完成{r['figure']}亿元"
    )
    return {(Rule.COMPARATOR_WORDING, INDICATORS, row)}


def growth_without_direction(package: Path) -> Expected:
    """同比增长6.5% with its direction emptied: 增长 right before the figure is an increase."""
    row = set_cell(package, INDICATORS, "direction", "", lambda r: f"同比增长{r['figure']}%" in r["quote"])
    return {(Rule.DIRECTION_WORDING, INDICATORS, row)}


def capacity_coded_level(package: Path) -> Expected:
    """年产10亿袋 coded as a level: 年产 before the figure is a design capacity."""
    row = set_cell(package, INDICATORS, "measure", "level", lambda r: f"年产{r['figure']}" in r["quote"])
    return {(Rule.MEASURE_WORDING, INDICATORS, row)}


def aim_coded_actual(package: Path) -> Expected:
    """A project whose quote says 力争 (开工建设府前广场，力争两年建成投用) coded `actual`."""
    row = set_cell(package, PROJECTS, "basis", "actual", lambda r: "力争" in r["quote"])
    return {(Rule.BASIS_WORDING, PROJECTS, row)}


def built_coded_planned(package: Path) -> Expected:
    """建成神农会展中心 coded `planned`: 建成 selects `completed`."""
    row = set_cell(package, PROJECTS, "status", "planned", lambda r: r["quote"].startswith("建成"))
    return {(Rule.STATUS_WORDING, PROJECTS, row)}


def relational_row_given_a_value(package: Path) -> Expected:
    """A relational target (增速与经济增长基本同步) given a value of its own."""
    row = set_cell(package, INDICATORS, "value", "7", lambda r: r["benchmark_zh"] != "")
    return {(Rule.FIGURE_OR_BENCHMARK, INDICATORS, row)}


def row_without_figure_or_benchmark(package: Path) -> Expected:
    """A figure emptied: the row states neither a number nor what it is relative to."""
    row = set_cell(package, INDICATORS, "figure", "", lambda r: r["figure"] != "" and r["benchmark_zh"] == "")
    return {(Rule.FIGURE_OR_BENCHMARK, INDICATORS, row)}


def benchmark_not_in_quote(package: Path) -> Expected:
    """A benchmark taken from the paragraph but not from the row's quote (地区生产总值 is in plan.p04)."""
    row = set_cell(
        package,
        INDICATORS,
        "benchmark_zh",
        "地区生产总值",
        lambda r: r["paragraph_id"] == "plan.p04" and r["benchmark_zh"] != "",
    )
    return {(Rule.FIGURE_OR_BENCHMARK, INDICATORS, row)}


def edit_schema_categories(
    package: Path, name: str, field_name: str, change: Callable[[list[dict[str, object]]], None]
) -> str:
    """Change the categories of one field in a schema of the copy; return the schema's path as written."""
    file = f"schemas/{name}.json"
    schema = json.loads((package / file).read_text(encoding="utf-8"))
    change(next(f for f in schema["fields"] if f["name"] == field_name)["categories"])
    (package / file).write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return file


def wording_with_two_anchors(package: Path) -> Expected:
    """A wording that puts the figure in two places (…以上…): the schema is refused, not guessed at."""

    def change(categories: list[dict[str, object]]) -> None:
        next(c for c in categories if c["value"] == "ge")["wordings"] = ["…以上…"]

    return {(Rule.SCHEMA_METADATA, edit_schema_categories(package, "indicators", "comparator", change), None)}


def wordings_without_a_rule(package: Path) -> Expected:
    """Wordings on projects.kind, which no `kind-wording` rule checks: reported, not silently ignored."""

    def change(categories: list[dict[str, object]]) -> None:
        next(c for c in categories if c["value"] == "event")["wordings"] = ["活动"]

    return {(Rule.SCHEMA_METADATA, edit_schema_categories(package, "projects", "kind", change), None)}


# --- descriptor ----------------------------------------------------------------------------------


def malformed_json(package: Path) -> Expected:
    """The comma after `"name": …` removed: the parser stops at the next key, on the next line."""
    line = edit_descriptor(package, '"name": "shangdang-data",', '"name": "shangdang-data"')
    return {(Rule.DESCRIPTOR_JSON, DESCRIPTOR, line + 1)}


def missing_schema(package: Path) -> Expected:
    (package / "schemas" / "errata.json").unlink()
    return {(Rule.SCHEMA_MISSING, "schemas/errata.json", None)}


def malformed_schema(package: Path) -> Expected:
    """A second comma after the first field of errata.json: the parser stops on that line."""
    path = package / "schemas" / "errata.json"
    text = path.read_text(encoding="utf-8")
    marker = "\n    },\n"
    line = text.count("\n", 0, text.index(marker) + 1) + 1
    path.write_text(text.replace(marker, "\n    },,\n", 1), encoding="utf-8")
    return {(Rule.SCHEMA_JSON, "schemas/errata.json", line)}


def missing_data_file(package: Path) -> Expected:
    (package / ERRATA).unlink()
    return {(Rule.FILE_MISSING, ERRATA, None)}


def unsafe_resource_path(path: str) -> Callable[[Path], Expected]:
    """The errata resource pointed at `path`, which must be refused without being opened."""

    def edit(package: Path) -> Expected:
        return {(Rule.UNSAFE_PATH, DESCRIPTOR, edit_descriptor(package, json.dumps(ERRATA), json.dumps(path)))}

    return edit


def unsafe_schema_path(package: Path) -> Expected:
    line = edit_descriptor(package, '"schemas/errata.json"', '"https://example.invalid/errata.json"')
    return {(Rule.UNSAFE_PATH, DESCRIPTOR, line)}


def link_outside(package: Path) -> Expected:
    """data/errata.csv replaced by a symbolic link to a file outside the package."""
    outside = package.parent / "outside.csv"
    outside.write_bytes((package / ERRATA).read_bytes())
    (package / ERRATA).unlink()
    os.symlink(outside, package / ERRATA)
    return {(Rule.UNSAFE_PATH, DESCRIPTOR, resource_line(package, ERRATA))}


def too_large(package: Path) -> Expected:
    """errata.csv grown to 51 MB (a sparse file: no disk used), over the 50 MB limit."""
    with (package / ERRATA).open("r+b") as stream:
        stream.truncate(51 * 1024 * 1024)
    return {(Rule.FILE_TOO_LARGE, ERRATA, None)}


def custom_profile(package: Path) -> Expected:
    """A v1 `profile` URL, which frictionless would fetch: dropped and reported instead."""
    line = edit_descriptor(
        package,
        '"name": "shangdang-data",',
        '"profile": "https://example.invalid/p.json",\n  "name": "shangdang-data",',
    )
    return {(Rule.DESCRIPTOR_METADATA, DESCRIPTOR, line)}


def schema_key_not_a_field(package: Path) -> Expected:
    """errata.json's primaryKey names a field it does not have."""
    path = package / "schemas" / "errata.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"erratum_id"\n  ]', '"errata_id"\n  ]'), encoding="utf-8")
    return {(Rule.SCHEMA_METADATA, "schemas/errata.json", None)}


def descriptor_metadata(package: Path) -> Expected:
    """The errata resource loses its `name`, which the Data Package profile requires."""
    edit_descriptor(package, '"name": "errata",', "")
    return {(Rule.DESCRIPTOR_METADATA, DESCRIPTOR, None)}


MUTATIONS: list[Mutation] = [
    Mutation("gbk-encoding", gbk_encoding),
    Mutation("utf16-encoding", utf16_encoding),
    Mutation("utf8-bom", utf8_bom),
    Mutation("nul-bytes", nul_bytes),
    Mutation("empty-file", empty_file),
    Mutation("header-only", header_only),
    Mutation("renamed-column", rename_column),
    Mutation("missing-column", drop_column),
    Mutation("extra-column", add_column),
    Mutation("duplicated-column", duplicate_column),
    Mutation("reordered-columns", reorder_columns),
    Mutation("too-few-cells", too_few_cells),
    Mutation("too-many-cells", too_many_cells),
    Mutation("blank-row", blank_row),
    Mutation("stray-quote", stray_quote),
    Mutation("unclosed-quote", unclosed_quote),
    Mutation("wrong-type", wrong_type),
    Mutation("full-width-digits", full_width_digits),
    Mutation("thousands-separator", thousands_separator),
    Mutation("plus-sign", plus_sign),
    *(Mutation(f"number-{text}", not_a_finite_number(text)) for text in ["inf", "NaN", "Infinity", "-inf"]),
    Mutation("control-character", control_character),
    Mutation("bare-carriage-return", bare_carriage_return),
    Mutation("key-spaces", key_spaces),
    Mutation("empty-required", empty_required),
    Mutation("enum", enum_value),
    Mutation("pattern", pattern_value),
    Mutation("below-minimum", below_minimum),
    Mutation("above-maximum", above_maximum),
    Mutation("repeated-unique", repeated_unique),
    Mutation("duplicate-primary-key", duplicate_primary_key),
    Mutation("dangling-foreign-key", dangling_foreign_key),
    *(
        Mutation(f"formula-{name}", formula(prefix))
        for name, prefix in [("equals", "="), ("plus", "+"), ("minus", "-"), ("at", "@"), ("tab", "\t"), ("cr", "\r")]
    ),
    Mutation("quote-not-in-paragraph", quote_not_in_paragraph),
    Mutation("figure-not-in-quote", figure_not_in_quote),
    Mutation("figure-prefix-of-number", figure_prefix_of_number),
    Mutation("section-not-the-paragraphs", section_not_the_paragraphs),
    Mutation("unit-not-the-units", unit_not_the_units),
    Mutation("source-hash-removed", source_hash_removed),
    Mutation("renamed-package-still-rebuilt", renamed_package_still_rebuilt),
    Mutation("unsupported-type", unsupported_type),
    Mutation("enum-without-labels", enum_without_labels),
    Mutation("unknown-role", unknown_role),
    Mutation("value-max-below-value", value_max_below_value),
    Mutation("value-max-without-range", value_max_without_range),
    Mutation("value-not-figure", value_not_figure),
    Mutation("chinese-value-not-figure", chinese_value_not_figure),
    Mutation("range-without-value-max", range_without_value_max),
    Mutation("unreadable-figure", unreadable_figure),
    Mutation("numbering-gap", numbering_gap),
    Mutation("numbering-repeat", numbering_repeat),
    Mutation("livelihood-gap", livelihood_gap),
    Mutation("edited-paragraph", edited_paragraph),
    Mutation("edited-raw-source", edited_source),
    Mutation("stale-resource-hash", stale_resource_hash),
    Mutation("bad-version", bad_version),
    Mutation("pyproject-version", pyproject_version),
    Mutation("pyproject-dynamic-elsewhere", pyproject_dynamic_elsewhere),
    Mutation("malformed-json", malformed_json),
    Mutation("missing-schema", missing_schema),
    Mutation("malformed-schema", malformed_schema),
    Mutation("missing-data-file", missing_data_file),
    Mutation("absolute-path", unsafe_resource_path("/etc/passwd")),
    Mutation("dotdot-path", unsafe_resource_path("../outside.csv")),
    Mutation("url-path", unsafe_resource_path("https://example.invalid/errata.csv")),
    Mutation("file-url-path", unsafe_resource_path("file:///etc/passwd")),
    Mutation("url-schema", unsafe_schema_path),
    Mutation("link-outside", link_outside),
    Mutation("too-large", too_large),
    Mutation("at-least-coded-eq", at_least_coded_eq),
    Mutation("below-coded-lt", below_coded_lt),
    Mutation("plain-figure-coded-gt", plain_figure_coded_gt),
    Mutation("growth-without-direction", growth_without_direction),
    Mutation("capacity-coded-level", capacity_coded_level),
    Mutation("aim-coded-actual", aim_coded_actual),
    Mutation("built-coded-planned", built_coded_planned),
    Mutation("relational-row-given-a-value", relational_row_given_a_value),
    Mutation("row-without-figure-or-benchmark", row_without_figure_or_benchmark),
    Mutation("benchmark-not-in-quote", benchmark_not_in_quote),
    Mutation("wording-with-two-anchors", wording_with_two_anchors),
    Mutation("wordings-without-a-rule", wordings_without_a_rule),
    Mutation("custom-profile", custom_profile),
    Mutation("schema-key-not-a-field", schema_key_not_a_field),
    Mutation("descriptor-metadata", descriptor_metadata),
]
