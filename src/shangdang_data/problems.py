"""What can go wrong, as data: `Rule`, `Problem`, `Report`, and the few exceptions.

Checks never raise on bad data: they yield `Problem`s, which `validate` gathers
into a `Report`. Exceptions are only for "cannot go on":

    ShangdangError                 base; the CLI prints its message and exits 2
    ├── PackageNotFoundError       no descriptor where one was expected
    ├── FileRefusedError           the reading layer refused a file: unsafe path, link outside, not a regular
    │                              file, too large, unreadable (`.refusal` says which)
    ├── DescriptorError            the descriptor or a schema cannot be read
    │   ├── BundleError            a zip bundle that cannot be read safely (bad zip, unsafe or duplicate members …)
    │   ├── JsonError              not strict JSON (`.line`, `.column` where known)
    │   └── UnsupportedTypeError   a field type the package does not support (field_types.py)
    ├── UnknownTableError          a table name the package does not have (also a KeyError)
    ├── UnknownRowError            `cite` found no row with that id (also a KeyError)
    ├── TableReadError             a CSV cannot be read as its schema types it (also a ValueError)
    ├── MissingExtraError          an optional dependency is missing; names the extra (also an ImportError)
    ├── ReleaseError               the package is not releasable as it is
    └── InvalidPackageError        `load(..., validate=True)` found problems; `.report` has them all
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ShangdangError(Exception):
    """Base class of every error this package raises on purpose."""


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """` (did you mean a, b?)` with up to three close matches of `word` among `known`, or "" if none is close."""
    import difflib

    close = difflib.get_close_matches(word, list(known), n=3)
    return f" (did you mean {', '.join(close)}?)" if close else ""


class PackageNotFoundError(ShangdangError):
    """No data package where one was expected."""


class DescriptorError(ShangdangError):
    """The descriptor or one of its schemas cannot be read."""


class BundleError(DescriptorError):
    """A zip bundle that cannot be read safely: not a zip, or members a safe reader must not follow."""


class JsonError(DescriptorError):
    """A JSON file is not strict JSON: the message says where and why."""

    def __init__(self, message: str, line: int | None, column: int | None) -> None:
        super().__init__(message)
        self.line, self.column = line, column


class Refusal(StrEnum):
    """Why the reading layer refused a file."""

    UNSAFE_PATH = "unsafe-path"
    MISSING = "missing"
    NOT_A_FILE = "not-a-file"
    TOO_LARGE = "too-large"
    UNREADABLE = "unreadable"


class FileRefusedError(ShangdangError):
    """A file the reading layer would not or could not read; `.path`, `.refusal` and `.reason` say which and why."""

    def __init__(self, path: str, refusal: Refusal, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.refusal, self.reason = path, refusal, reason


class UnknownTableError(ShangdangError, KeyError):
    """A table name the package does not have."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class UnknownRowError(ShangdangError, KeyError):
    """No row with that id in any table that can be cited."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class TableReadError(ShangdangError, ValueError):
    """A table's CSV cannot be read as its schema types it; `shangdang-data validate` says why, row by row."""


class MissingExtraError(ShangdangError, ImportError):
    """An optional dependency is not installed; the message says how to install it."""


class ReleaseError(ShangdangError):
    """The package cannot be released as it is: the message says what to run or fix."""


class Rule(StrEnum):
    """Stable kebab-case codes of the validation rules (public API: never rename one).

    `Rule.X.description` says what the rule checks; the docs print the catalogue
    from `RULE_DESCRIPTIONS`.
    """

    # the descriptor and the schema files
    DESCRIPTOR_MISSING = "descriptor-missing"
    DESCRIPTOR_JSON = "descriptor-json"
    DESCRIPTOR_METADATA = "descriptor-metadata"
    SCHEMA_MISSING = "schema-missing"
    SCHEMA_JSON = "schema-json"
    SCHEMA_METADATA = "schema-metadata"
    UNSAFE_PATH = "unsafe-path"
    # bytes, before any parser
    FILE_MISSING = "file-missing"
    FILE_TOO_LARGE = "file-too-large"
    EMPTY_FILE = "empty-file"
    ENCODING = "encoding"
    BOM = "bom"
    NUL_BYTE = "nul-byte"
    # CSV structure
    CSV_SYNTAX = "csv-syntax"
    MISSING_COLUMN = "missing-column"
    EXTRA_COLUMN = "extra-column"
    RENAMED_COLUMN = "renamed-column"
    DUPLICATE_COLUMN = "duplicate-column"
    COLUMN_ORDER = "column-order"
    HEADER_ONLY = "header-only"
    BLANK_ROW = "blank-row"
    ROW_LENGTH = "row-length"
    # cells
    REQUIRED = "required"
    TYPE = "type"
    FULL_WIDTH_DIGIT = "full-width-digit"
    THOUSANDS_SEPARATOR = "thousands-separator"
    ENUM = "enum"
    PATTERN = "pattern"
    MINIMUM = "minimum"
    MAXIMUM = "maximum"
    UNIQUE = "unique"
    KEY_WHITESPACE = "key-whitespace"
    FORMULA_INJECTION = "formula-injection"
    CONTROL_CHARACTER = "control-character"
    # keys
    PRIMARY_KEY = "primary-key"
    FOREIGN_KEY = "foreign-key"
    # provenance and cross-table rules
    QUOTE_NOT_IN_PARAGRAPH = "quote-not-in-paragraph"
    FIGURE_NOT_IN_QUOTE = "figure-not-in-quote"
    VALUE_MAX_WITHOUT_RANGE = "value-max-without-range"
    VALUE_MAX_BELOW_VALUE = "value-max-below-value"
    VALUE_NOT_FIGURE = "value-not-figure"
    NUMBERING = "numbering"
    COPY_MISMATCH = "copy-mismatch"
    BUILD_MISMATCH = "build-mismatch"
    SOURCE_HASH = "source-hash"
    VERSION = "version"
    RESOURCE_BYTES = "resource-bytes"
    RESOURCE_HASH = "resource-hash"
    # the report's wordings, as the coding guide reads them (`<field>-wording`: the categories' `wordings`)
    COMPARATOR_WORDING = "comparator-wording"
    DIRECTION_WORDING = "direction-wording"
    MEASURE_WORDING = "measure-wording"
    BASIS_WORDING = "basis-wording"
    STATUS_WORDING = "status-wording"
    FIGURE_OR_BENCHMARK = "figure-or-benchmark"
    # the validator itself
    CHECK_CRASHED = "check-crashed"

    @property
    def description(self) -> str:
        """One sentence on what the rule checks, for the rule catalogue."""
        return RULE_DESCRIPTIONS[self]


#: What each rule checks, in plain words (the docs print this table).
RULE_DESCRIPTIONS: dict[Rule, str] = {
    Rule.DESCRIPTOR_MISSING: "There is a `datapackage.json` where the package should be.",
    Rule.DESCRIPTOR_JSON: "`datapackage.json` is UTF-8 JSON holding one object.",
    Rule.DESCRIPTOR_METADATA: "The descriptor follows the official Data Package v2 profile (shipped with the package: "
    "nothing is fetched).",
    Rule.SCHEMA_MISSING: "Every resource's `schema` file exists.",
    Rule.SCHEMA_JSON: "Every Table Schema file is UTF-8 JSON holding one object.",
    Rule.SCHEMA_METADATA: "Every Table Schema follows the Table Schema profile, uses only field types the package "
    "supports, and its keys, patterns, categories and column roles (`x_role`, `x_copy_of`) are consistent.",
    Rule.UNSAFE_PATH: "Paths in the descriptor are relative, stay inside the package and are not URLs; "
    "such paths are refused without being opened or fetched.",
    Rule.FILE_MISSING: "Every file the descriptor names exists and is a regular file.",
    Rule.FILE_TOO_LARGE: "No file is larger than the size limit (50 MB by default); larger files are not read.",
    Rule.EMPTY_FILE: "No file is empty.",
    Rule.ENCODING: "Files are UTF-8 (a GB18030/GBK or UTF-16 file is recognised and the fix named).",
    Rule.BOM: "Files do not start with a UTF-8 byte-order mark (Excel's 'CSV UTF-8' adds one).",
    Rule.NUL_BYTE: "Files contain no NUL bytes.",
    Rule.CSV_SYNTAX: "Every CSV record parses: quotes are closed, and a quote inside a cell is doubled in a "
    "quoted cell.",
    Rule.MISSING_COLUMN: "Every column of the Table Schema is in the CSV header.",
    Rule.EXTRA_COLUMN: "The CSV header has no column the Table Schema lacks.",
    Rule.RENAMED_COLUMN: "No header cell is a different name in the place of a schema column.",
    Rule.DUPLICATE_COLUMN: "No column name appears twice in the header.",
    Rule.COLUMN_ORDER: "The columns are in the Table Schema's order.",
    Rule.HEADER_ONLY: "Every table has at least one data row.",
    Rule.BLANK_ROW: "No row is blank.",
    Rule.ROW_LENGTH: "Every row has as many cells as the header.",
    Rule.REQUIRED: "Cells of `required` columns are not empty.",
    Rule.TYPE: "Cells of `integer` and `number` columns are numbers written with ASCII digits.",
    Rule.FULL_WIDTH_DIGIT: "Numbers are written with half-width digits (3325, not ３３２５).",
    Rule.THOUSANDS_SEPARATOR: "Numbers have no thousands separators (7205, not 7,205).",
    Rule.ENUM: "Cells of `enum` columns hold one of the allowed values.",
    Rule.PATTERN: "Cells of columns with a `pattern` match it in full.",
    Rule.MINIMUM: "Numbers are not below the column's `minimum` (or not at or below `exclusiveMinimum`).",
    Rule.MAXIMUM: "Numbers are not above the column's `maximum`.",
    Rule.UNIQUE: "Cells of `unique` columns are not repeated.",
    Rule.KEY_WHITESPACE: "Key cells (primary and foreign keys) have no leading or trailing spaces.",
    Rule.FORMULA_INJECTION: "No text cell starts with `=`, `+`, `-`, `@`, a tab or a carriage return, which "
    "spreadsheets would run as a formula.",
    Rule.CONTROL_CHARACTER: "No text cell holds a control character other than a tab or a line break (a bare "
    "carriage return, U+0007 …), which loaders split rows on and spreadsheets cannot store.",
    Rule.PRIMARY_KEY: "Primary keys are unique.",
    Rule.FOREIGN_KEY: "Every foreign key points at an existing row of the table it references.",
    Rule.QUOTE_NOT_IN_PARAGRAPH: "Every `x_verbatim` cell (quotes, names, terms) is found, character for "
    "character, in the text of the row's paragraph.",
    Rule.FIGURE_NOT_IN_QUOTE: "The `figure` as written stands in the `quote` as a whole number (36 is not in 367亿元).",
    Rule.VALUE_MAX_WITHOUT_RANGE: "`value_max` is only set when the figure is a range (such as `1-2`).",
    Rule.VALUE_MAX_BELOW_VALUE: "`value_max` is not smaller than `value`.",
    Rule.VALUE_NOT_FIGURE: "`value` (and `value_max` for a range) equal the `figure` as written: `367` is 367, "
    "`1-2` is 1 to 2, `三` is 3; a figure that is not such a number is reported too.",
    Rule.NUMBERING: "Numbered items (`x_role: sequence`: glossary 1-23, livelihood projects 1-10) are all present.",
    Rule.COPY_MISMATCH: "A denormalised column (`x_copy_of`) equals the column it copies: the section of the cited "
    "paragraph, the symbol of the unit.",
    Rule.BUILD_MISMATCH: "The generated tables (sections, paragraphs) equal a fresh build from the raw source, in "
    "any package that has the source.",
    Rule.SOURCE_HASH: "A raw source with a local path records its sha256, and its sha256 (and size) equal those "
    "recorded under `sources` in the descriptor.",
    Rule.VERSION: "The version is semantic (x.y.z) and pyproject.toml, the descriptor and "
    "`shangdang_data.__version__` agree.",
    Rule.RESOURCE_BYTES: "A resource's `bytes`, when recorded, equals its file's size.",
    Rule.RESOURCE_HASH: "A resource's `hash`, when recorded, equals its file's hash.",
    Rule.COMPARATOR_WORDING: "The comparator is the one the words next to the figure select, as the comparator's "
    "categories list them (…以上 ge, …以下 le, 突破… gt, …余 gt, …左右 approx); a figure with none of them is eq.",
    Rule.DIRECTION_WORDING: "A figure right after a word of increase or decrease (增长…, 净增…, 下降…, 降到…, as the "
    "direction's categories list them) has that direction.",
    Rule.MEASURE_WORDING: "A figure its words mark as a growth rate (增长…%), a share (占比…, …率…), a change "
    "(净增…, 减少…) or a design capacity (年产…) has that measure, as the measure's categories list them.",
    Rule.BASIS_WORDING: "A row whose quote says 力争, 确保 or another word of aim (as the basis categories list them) "
    "is a target.",
    Rule.STATUS_WORDING: "A project whose quote says 建成, 投入使用, 开工, 验收, 试运转, 申报 … has the status that "
    "word selects, as the status categories list them (the first such word; the longer where two overlap).",
    Rule.FIGURE_OR_BENCHMARK: "A row of a table with a `benchmark` column states either a figure and its value, or, "
    "for a relational statement such as 与经济增长基本同步, the benchmark it is compared with, standing in its quote; "
    "never both and never neither.",
    Rule.CHECK_CRASHED: "A check failed with an unexpected error (a bug in the validator: please report it).",
}


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: Characters a terminal or a CI log would act on: C0/C1 controls, DEL, line and paragraph separators,
#: and the bidirectional overrides that can make a line read differently from what it says.
_UNPRINTABLE = frozenset(
    [*map(chr, range(0x20)), *map(chr, range(0x7F, 0xA0)), "\u2028", "\u2029", "\u200e", "\u200f"]
    + [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
)


def printable(text: str) -> str:
    """`text` with every control, line-breaking or bidi character escaped (`\\n`, `\\x07`, `\\u202e`).

    So one problem is always exactly one line, and no cell or path can print a line
    of its own (a forged `::error` annotation) or reorder what a reader sees.
    """
    if not any(c in _UNPRINTABLE for c in text):
        return text
    return "".join(
        _ESCAPES.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}") if c in _UNPRINTABLE else c
        for c in text
    )


def github_escape(text: str, *, property_value: bool = False) -> str:
    """Text for a GitHub Actions workflow command, escaped as the runner decodes it (% first, then CR, LF)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the package, located as a spreadsheet user would look for it."""

    rule: Rule
    #: The file, as its path is written in the descriptor (`datapackage.json` for the descriptor).
    file: str
    #: The line a spreadsheet user sees (header = 1); None for file-level problems.
    row: int | None
    #: The column's field name; None where no single column is at fault.
    column: str | None
    #: What was found, what was expected, and how to fix it.
    message: str

    @property
    def location(self) -> str:
        """`FILE:ROW:COLUMN`, leaving out the parts that do not apply (control characters escaped)."""
        file = printable(self.file)
        if self.row is None and self.column is None:
            return file
        row = "" if self.row is None else str(self.row)
        return f"{file}:{row}:{printable(self.column)}" if self.column else f"{file}:{row}"

    def to_text(self) -> str:
        """One line: `FILE:ROW:COLUMN: RULE: message`, whatever the file name or the cell held."""
        return f"{self.location}: {self.rule}: {printable(self.message)}"

    def to_github(self) -> str:
        """A GitHub Actions `::error` workflow command: an annotation on the file and line, escaped."""
        where = f"file={github_escape(self.file, property_value=True)}"
        if self.row is not None:
            where += f",line={self.row}"
        where += f",title={github_escape(str(self.rule), property_value=True)}"
        column = f"{self.column}: " if self.column else ""
        return f"::error {where}::{github_escape(column + self.message)}"

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: `file`, `row`, `column`, `rule`, `message` (`row`/`column` null if they do not apply)."""
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "rule": str(self.rule),
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Report:
    """Everything `validate` found, in the order a person would fix it, plus the rows read per table."""

    problems: tuple[Problem, ...]
    #: Table name -> data rows read (tables that could not be read are left out).
    rows: Mapping[str, int] = field(default_factory=dict)
    #: The descriptor that was validated, as given.
    descriptor: str = "datapackage.json"
    #: True when the descriptor itself could not be read, so nothing else was checked (the CLI exits 2).
    fatal: bool = False

    @classmethod
    def collect(
        cls, problems: Iterable[Problem], rows: Mapping[str, int], descriptor: str, *, fatal: bool = False
    ) -> Report:
        """A report with `problems` grouped by file (in order of first appearance), then by row."""
        problems = list(problems)
        rank: dict[str, int] = {}
        for problem in problems:
            rank.setdefault(problem.file, len(rank))
        ordered = sorted(problems, key=lambda p: (rank[p.file], p.row or 0))
        return cls(problems=tuple(ordered), rows=dict(rows), descriptor=descriptor, fatal=fatal)

    @property
    def valid(self) -> bool:
        """True when there is no problem at all."""
        return not self.problems

    @property
    def summary(self) -> dict[str, Any]:
        """Counts: errors, files with errors, errors per rule, tables and rows read."""
        by_rule = Counter(str(p.rule) for p in self.problems)
        return {
            "errors": len(self.problems),
            "files_with_errors": len({p.file for p in self.problems}),
            "rules": dict(sorted(by_rule.items())),
            "tables": len(self.rows),
            "rows": dict(self.rows),
        }

    def summary_line(self) -> str:
        """The last line of the text report."""
        total = sum(self.rows.values())
        read = f"{len(self.rows)} tables, {total} rows read"
        if self.valid:
            return f"OK: {printable(self.descriptor)} is valid ({read})"
        errors = len(self.problems)
        files = len({p.file for p in self.problems})
        rules = ", ".join(
            f"{rule} {count}" for rule, count in Counter(str(p.rule) for p in self.problems).most_common()
        )
        noun = "error" if errors == 1 else "errors"
        return f"FAILED: {errors} {noun} in {files} file{'' if files == 1 else 's'} ({rules}); {read}"

    def to_text(self, *, tables: bool = False) -> str:
        """One `FILE:ROW:COLUMN: RULE: message` line per problem, then (optionally) rows per table, then a summary."""
        lines = [p.to_text() for p in self.problems]
        if tables:
            width = max((len(name) for name in self.rows), default=0)
            lines += [f"{printable(name):<{width}}  {count:>7} rows" for name, count in self.rows.items()]
        lines.append(self.summary_line())
        return "\n".join(lines) + "\n"

    def to_github(self) -> str:
        """One `::error` workflow command per problem, then the summary line (for GitHub Actions)."""
        return "".join(f"{p.to_github()}\n" for p in self.problems) + self.summary_line() + "\n"

    def to_dict(self) -> dict[str, Any]:
        """`{"valid", "errors": [...], "summary": {...}}`."""
        return {"valid": self.valid, "errors": [p.to_dict() for p in self.problems], "summary": self.summary}

    def to_json(self, *, indent: int | None = 2) -> str:
        """The report as one JSON object (UTF-8 text, Chinese unescaped)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent) + "\n"


class InvalidPackageError(ShangdangError, ValueError):
    """`load(..., validate=True)` found problems; `.report` holds them all."""

    def __init__(self, message: str, report: Report) -> None:
        super().__init__(message)
        self.report = report
