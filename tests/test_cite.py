"""Citations: every indicator cites its value in words, quote, section, paragraph, report and version."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest
from canonical import canonical
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import shangdang_data as sd
from shangdang_data._read import TextRows
from shangdang_data.cite import citable_tables
from shangdang_data.cli import cli
from shangdang_data.descriptor import read_descriptor
from shangdang_data.display import value_text
from shangdang_data.field_types import format_number
from shangdang_data.problems import UnknownRowError

REPO = Path(__file__).resolve().parents[1]


def csv_rows(root: Path, name: str) -> list[dict[str, str]]:
    with (root / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_every_indicator_is_cited_with_its_provenance(package_dir: Path) -> None:
    descriptor = json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))
    source = descriptor["sources"][0]
    paragraphs = {r["paragraph_id"]: r for r in csv_rows(package_dir, "paragraphs")}
    sections = {r["section_id"]: r for r in csv_rows(package_dir, "sections")}
    units = {r["unit_id"]: r["name_en"] for r in csv_rows(package_dir, "units")}
    for row in csv_rows(package_dir, "indicators"):
        text = sd.cite(row["indicator_id"], path=package_dir)
        section = sections[paragraphs[row["paragraph_id"]]["section_id"]]
        for part in (
            f"“{row['quote']}”",
            f"paragraph {row['paragraph_id']}.",
            section["title_zh"],
            section["title_en"],
            source["title"],
            source["date"],
            f"{descriptor['name']} {descriptor['version']}, indicators:{row['indicator_id']}",
            row["subject_zh"],
            row["benchmark_zh"] or row["unit_zh"],  # a relational row is cited by what it is compared with
        ):
            assert part in text, f"{row['indicator_id']}: {part!r} missing from\n{text}"
        headline = text.splitlines()[0]
        if row["benchmark_zh"]:
            assert not row["value"], headline
            assert row["benchmark_zh"] in headline, headline
            continue
        assert row["figure"] in headline or row["value"] in headline, headline
        assert units[row["unit_id"]] in headline or row["unit_zh"] == "%", headline


def indicator(**cells: str) -> dict[str, str]:
    """An indicator row with the cells the value formatter reads."""
    return {"value": "", "value_max": "", "comparator": "eq", "direction": "", "unit_zh": "", "unit_id": "", **cells}


@pytest.mark.parametrize(
    ("cells", "words", "symbols"),
    [
        pytest.param(
            {"value": "4", "comparator": "gt", "unit_zh": "万元", "unit_id": "cny-10k"},
            "more than 4 万元 (10 thousand yuan)",
            "> 4 万元",
            id="more-than",
        ),
        pytest.param({"value": "7", "comparator": "ge", "unit_zh": "%"}, "at least 7%", "≥ 7%", id="at-least"),
        pytest.param({"value": "3", "comparator": "approx", "unit_zh": "%"}, "about 3%", "≈ 3%", id="about"),
        pytest.param({"value": "10", "comparator": "le", "unit_zh": "天"}, "at most 10 天", "≤ 10 天", id="at-most"),
        pytest.param(
            {"value": "367", "unit_zh": "亿元", "unit_id": "cny-100m"},
            "367 亿元 (100 million yuan)",
            "367 亿元",
            id="equal",
        ),
        pytest.param({"value": "1", "value_max": "2", "unit_zh": "个"}, "1–2 个", "1–2 个", id="range"),
        pytest.param({"value": "6.5", "value_max": "6.5", "unit_zh": "%"}, "6.5%", "6.5%", id="degenerate-range"),
        pytest.param(
            {"value": "3", "comparator": "approx", "direction": "decrease", "unit_zh": "%"},
            "decrease about 3%",
            "↓ ≈ 3%",
            id="decrease",
        ),
        pytest.param({"value": "367.0", "unit_zh": "亿元"}, "367 亿元", "367 亿元", id="written-in-full"),
    ],
)
def test_values_are_written_in_words_and_signs(
    package_dir: Path, cells: dict[str, str], words: str, symbols: str
) -> None:
    rows = TextRows(read_descriptor(package_dir))
    table = rows.spec.resource("indicators")
    row = indicator(**cells)
    assert value_text(table, row, rows, language="en", style="words") == words
    assert value_text(table, row, rows) == symbols


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_numbers_are_written_in_full_and_read_back_the_same(value: float) -> None:
    text = format_number(value)
    assert "e" not in text.lower()
    assert not text.endswith(".0")
    assert Decimal(text) == Decimal(repr(value))


@pytest.mark.parametrize(
    ("table", "quote_column"),
    [
        ("enterprises", "quote"),
        ("projects", "quote"),
        ("recognitions", "quote"),
        ("glossary", "definition_zh"),
        ("errata", "as_written"),
    ],
)
def test_rows_of_other_quoted_tables_are_cited(package_dir: Path, table: str, quote_column: str) -> None:
    rows = csv_rows(package_dir, table)
    if not rows:
        pytest.skip(f"{table} has no rows yet")
    spec = read_descriptor(package_dir).resource(table)
    key = rows[0][spec.primary_key[0]]
    text = sd.cite(f"{table}:{key}", path=package_dir)
    assert f"“{rows[0][quote_column]}”" in text
    assert f"paragraph {rows[0]['paragraph_id']}." in text
    assert f"{table}:{key}" in text


def test_only_tables_with_paragraph_and_quote_can_be_cited(package_dir: Path) -> None:
    names = [t.name for t in citable_tables(read_descriptor(package_dir))]
    assert names[0] == "indicators"
    assert "units" not in names
    assert "paragraphs" not in names
    with pytest.raises(UnknownRowError, match="cannot be cited"):
        sd.cite("units:percent", path=package_dir)


def test_an_unknown_id_suggests_close_ones(package_dir: Path) -> None:
    _, rows = canonical(package_dir, "indicators")
    if not rows:
        pytest.skip("no indicators yet")
    known = str(rows[0][0])
    with pytest.raises(UnknownRowError) as raised:
        sd.cite(known + "x", path=package_dir)
    assert isinstance(raised.value, KeyError)
    assert known in str(raised.value)


def test_an_id_in_two_tables_must_be_qualified(package_copy: Path) -> None:
    projects, enterprises = csv_rows(package_copy, "projects"), csv_rows(package_copy, "enterprises")
    if not projects or not enterprises:
        pytest.skip("needs a project and an enterprise")
    shared = projects[0]["project_id"]
    path = package_copy / "data" / "enterprises.csv"
    with path.open("a", encoding="utf-8", newline="") as stream:
        csv.DictWriter(stream, fieldnames=list(enterprises[0]), lineterminator="\n").writerow(
            {**enterprises[0], "enterprise_id": shared, "name_zh": "重复"}
        )
    with pytest.raises(UnknownRowError, match="several tables") as raised:
        sd.cite(shared, path=package_copy)
    assert f"projects:{shared}" in str(raised.value)
    assert f"enterprises:{shared}" in str(raised.value)
    assert f"“{projects[0]['quote']}”" in sd.cite(f"projects:{shared}", path=package_copy)


def test_the_cite_command_prints_the_citation(package_dir: Path) -> None:
    _, rows = canonical(package_dir, "indicators")
    if not rows:
        pytest.skip("no indicators yet")
    result = CliRunner().invoke(cli, ["cite", str(rows[0][0]), str(package_dir)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == sd.cite(str(rows[0][0]), path=package_dir)


def test_the_cite_command_exits_2_on_an_unknown_id() -> None:
    result = CliRunner().invoke(cli, ["cite", "no-such-id"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: no row 'no-such-id' in indicators")
    assert "UnknownRowError" not in result.output
    assert "Traceback" not in result.output


def test_the_docstring_examples_run() -> None:
    import doctest
    from importlib import import_module

    # `import shangdang_data.cite as module` would give the function: the package keeps public names for them
    result = doctest.testmod(import_module("shangdang_data.cite"), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0


def test_the_unit_is_named_in_english_from_the_units_table(package_dir: Path) -> None:
    headline = sd.cite("2022-gdp", path=package_dir).splitlines()[0]
    assert headline.endswith("367 亿元 (100 million yuan)"), headline
