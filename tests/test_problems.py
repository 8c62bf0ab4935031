"""problems.py: the one shape of every error, in text and JSON, pinned."""

from __future__ import annotations

import json
import re
from pathlib import Path

from mutations import MUTATIONS

from shangdang_data.problems import RULE_DESCRIPTIONS, Problem, Report, Rule
from shangdang_data.validate import validate

CELL = Problem(Rule.FOREIGN_KEY, "data/indicators.csv", 12, "unit_id", "'x' is not a unit_id in data/units.csv")
ROW = Problem(Rule.ROW_LENGTH, "data/units.csv", 5, None, "the row has 7 cells, the header has 8")
FILE = Problem(Rule.BOM, "data/chains.csv", None, None, "the file starts with a UTF-8 byte-order mark")
COLUMN = Problem(Rule.NUMBERING, "data/glossary.csv", None, "number", "no row has number 7")


def test_text_lines_are_file_row_column_rule_message() -> None:
    assert CELL.to_text() == "data/indicators.csv:12:unit_id: foreign-key: 'x' is not a unit_id in data/units.csv"
    assert ROW.to_text() == "data/units.csv:5: row-length: the row has 7 cells, the header has 8"
    assert FILE.to_text() == "data/chains.csv: bom: the file starts with a UTF-8 byte-order mark"
    assert COLUMN.to_text() == "data/glossary.csv::number: numbering: no row has number 7"


def test_json_error_shape() -> None:
    assert CELL.to_dict() == {
        "file": "data/indicators.csv",
        "row": 12,
        "column": "unit_id",
        "rule": "foreign-key",
        "message": "'x' is not a unit_id in data/units.csv",
    }
    assert FILE.to_dict() == {
        "file": "data/chains.csv",
        "row": None,
        "column": None,
        "rule": "bom",
        "message": "the file starts with a UTF-8 byte-order mark",
    }


def test_report_text_and_json() -> None:
    report = Report.collect([CELL, FILE, ROW, COLUMN], {"units": 3, "indicators": 10}, "pkg")
    assert report.to_text(tables=True) == (
        "data/indicators.csv:12:unit_id: foreign-key: 'x' is not a unit_id in data/units.csv\n"
        "data/chains.csv: bom: the file starts with a UTF-8 byte-order mark\n"
        "data/units.csv:5: row-length: the row has 7 cells, the header has 8\n"
        "data/glossary.csv::number: numbering: no row has number 7\n"
        "units             3 rows\n"
        "indicators       10 rows\n"
        "FAILED: 4 errors in 4 files (foreign-key 1, bom 1, row-length 1, numbering 1); 2 tables, 13 rows read\n"
    )
    assert json.loads(report.to_json()) == {
        "valid": False,
        "errors": [p.to_dict() for p in (CELL, FILE, ROW, COLUMN)],
        "summary": {
            "errors": 4,
            "files_with_errors": 4,
            "rules": {"bom": 1, "foreign-key": 1, "numbering": 1, "row-length": 1},
            "tables": 2,
            "rows": {"units": 3, "indicators": 10},
        },
    }


def test_valid_report() -> None:
    report = Report.collect([], {"units": 3}, "pkg")
    assert report.valid
    assert not report.fatal
    assert report.to_text() == "OK: pkg is valid (1 tables, 3 rows read)\n"
    assert json.loads(report.to_json())["errors"] == []


def test_problems_are_grouped_by_file_then_row() -> None:
    later = Problem(Rule.ENUM, "data/indicators.csv", 3, "basis", "m")
    report = Report.collect([CELL, FILE, later], {}, "pkg")
    assert report.problems == (later, CELL, FILE)


def test_rules_are_stable_kebab_case_and_described() -> None:
    assert all(re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", rule.value) for rule in Rule)
    assert set(RULE_DESCRIPTIONS) == set(Rule)
    assert len({rule.value for rule in Rule}) == len(Rule)
    assert Rule.FORMULA_INJECTION.description.startswith("No text cell starts with")


def test_real_reports_have_the_one_shape(package_copy: Path) -> None:
    """Problems from real checks use the same five keys, with null only where a part does not apply."""
    for mutation_id in ("utf8-bom", "dangling-foreign-key", "numbering-gap", "too-few-cells"):
        next(m for m in MUTATIONS if m.id == mutation_id).edit(package_copy)
    document = json.loads(validate(package_copy).to_json())
    assert set(document) == {"valid", "errors", "summary"}
    assert document["valid"] is False
    for error in document["errors"]:
        assert list(error) == ["file", "row", "column", "rule", "message"]
        assert isinstance(error["file"], str)
        assert error["row"] is None or error["row"] >= 1
        assert error["column"] is None or isinstance(error["column"], str)
        assert error["rule"] in {rule.value for rule in Rule}
        assert error["message"]
