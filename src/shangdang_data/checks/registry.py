"""Every check, in the order `validate` runs it, with what it needs and the rules it may report.

This is the one list of checks: `validate` runs it, the rule catalogue in the docs
is printed from it, and a test proves every `Rule` is reported by some check.
Consecutive checks of the same scope run together for each resource or table, so
one table's problems are found in one pass over its checks.
"""

from __future__ import annotations

from shangdang_data.checks import Check, Scope
from shangdang_data.problems import Rule

#: What any file's bytes can be refused for, before a parser sees them (`files.check_bytes`).
BYTE_RULES = (Rule.FILE_TOO_LARGE, Rule.EMPTY_FILE, Rule.ENCODING, Rule.BOM, Rule.NUL_BYTE)

#: The `<field>-wording` rules: a column whose categories list wordings is checked under the one named for it.
WORDING_RULES = (
    Rule.COMPARATOR_WORDING,
    Rule.DIRECTION_WORDING,
    Rule.MEASURE_WORDING,
    Rule.BASIS_WORDING,
    Rule.STATUS_WORDING,
)

_PACKAGE, _RESOURCE, _TABLE = Scope.PACKAGE, Scope.RESOURCE, Scope.TABLE

CHECKS: tuple[Check, ...] = (
    Check(
        "descriptor",
        "shangdang_data.checks.descriptor:read_descriptor_file",
        _PACKAGE,
        (Rule.DESCRIPTOR_MISSING, Rule.DESCRIPTOR_JSON, *BYTE_RULES),
        fatal=True,
    ),
    Check("metadata", "shangdang_data.checks.descriptor:check_metadata", _PACKAGE, (Rule.DESCRIPTOR_METADATA,)),
    Check(
        "schemas",
        "shangdang_data.checks.descriptor:read_schemas",
        _PACKAGE,
        (Rule.SCHEMA_MISSING, Rule.SCHEMA_JSON, Rule.SCHEMA_METADATA, Rule.UNSAFE_PATH, *BYTE_RULES),
    ),
    Check("references", "shangdang_data.checks.descriptor:check_references", _PACKAGE, (Rule.SCHEMA_METADATA,)),
    Check("patterns", "shangdang_data.checks.tables:check_patterns", _RESOURCE, (Rule.SCHEMA_METADATA,)),
    Check(
        "structure",
        "shangdang_data.checks.structure:read_table",
        _RESOURCE,
        (
            Rule.UNSAFE_PATH,
            Rule.FILE_MISSING,
            *BYTE_RULES,
            Rule.CSV_SYNTAX,
            Rule.MISSING_COLUMN,
            Rule.EXTRA_COLUMN,
            Rule.RENAMED_COLUMN,
            Rule.DUPLICATE_COLUMN,
            Rule.COLUMN_ORDER,
            Rule.HEADER_ONLY,
            Rule.BLANK_ROW,
            Rule.ROW_LENGTH,
            Rule.CONTROL_CHARACTER,
        ),
    ),
    Check(
        "source",
        "shangdang_data.checks.sources:check_source",
        _PACKAGE,
        (Rule.SOURCE_HASH, Rule.UNSAFE_PATH, Rule.FILE_MISSING, *BYTE_RULES),
    ),
    Check(
        "cells",
        "shangdang_data.checks.tables:check_cells",
        _TABLE,
        (
            Rule.FORMULA_INJECTION,
            Rule.CONTROL_CHARACTER,
            Rule.KEY_WHITESPACE,
            Rule.REQUIRED,
            Rule.TYPE,
            Rule.FULL_WIDTH_DIGIT,
            Rule.THOUSANDS_SEPARATOR,
            Rule.ENUM,
            Rule.PATTERN,
            Rule.MINIMUM,
            Rule.MAXIMUM,
            Rule.UNIQUE,
        ),
    ),
    Check("primary-key", "shangdang_data.checks.keys:check_primary_key", _TABLE, (Rule.PRIMARY_KEY,)),
    Check("foreign-keys", "shangdang_data.checks.keys:check_foreign_keys", _TABLE, (Rule.FOREIGN_KEY,)),
    Check("verbatim", "shangdang_data.checks.provenance:check_verbatim", _TABLE, (Rule.QUOTE_NOT_IN_PARAGRAPH,)),
    Check("figure", "shangdang_data.checks.provenance:check_figure", _TABLE, (Rule.FIGURE_NOT_IN_QUOTE,)),
    Check("value", "shangdang_data.checks.provenance:check_value_figure", _TABLE, (Rule.VALUE_NOT_FIGURE,)),
    Check(
        "value-max",
        "shangdang_data.checks.provenance:check_value_max",
        _TABLE,
        (Rule.VALUE_MAX_WITHOUT_RANGE, Rule.VALUE_MAX_BELOW_VALUE),
    ),
    Check("numbering", "shangdang_data.checks.provenance:check_numbering", _TABLE, (Rule.NUMBERING,)),
    Check("copies", "shangdang_data.checks.provenance:check_copies", _TABLE, (Rule.COPY_MISMATCH,)),
    Check("benchmark", "shangdang_data.checks.wording:check_benchmark", _TABLE, (Rule.FIGURE_OR_BENCHMARK,)),
    Check("wordings", "shangdang_data.checks.wording:check_wordings", _TABLE, WORDING_RULES),
    Check("rebuild", "shangdang_data.checks.sources:check_rebuild", _PACKAGE, (Rule.BUILD_MISMATCH,)),
    Check(
        "integrity",
        "shangdang_data.checks.sources:check_integrity",
        _RESOURCE,
        (Rule.RESOURCE_BYTES, Rule.RESOURCE_HASH),
    ),
    Check("version", "shangdang_data.checks.sources:check_version", _PACKAGE, (Rule.VERSION,)),
)

#: Rules the validator itself reports, not any one check.
RUNNER_RULES = (Rule.CHECK_CRASHED,)


def checks_reporting(rule: Rule) -> tuple[Check, ...]:
    """The checks that may report `rule`, in registry order."""
    return tuple(check for check in CHECKS if rule in check.rules)
