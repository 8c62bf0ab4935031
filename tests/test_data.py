"""The curated tables, checked against the report with the standard library only.

These tests are an oracle independent of the validator: they read the CSVs and
the schemas directly, so a bug in `checks/` cannot hide a defect in the data.
"""

from __future__ import annotations

import csv
import json
import re
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DESCRIPTOR = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in DESCRIPTOR["resources"]}
CHINESE_DIGITS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


@cache
def rows(name: str) -> list[dict[str, str]]:
    with open(REPO / RESOURCES[name]["path"], encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def schema(name: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((REPO / RESOURCES[name]["schema"]).read_text(encoding="utf-8"))
    return loaded


@cache
def paragraph_text() -> dict[str, str]:
    return {p["paragraph_id"]: p["text"] for p in rows("paragraphs")}


def glossary_list(paragraph_id: str) -> list[str]:
    """The items an entry lists after 即, e.g. entry 5's six chains."""
    text = paragraph_text()[paragraph_id]
    return text.split("即", 1)[1].rstrip("。").split("、")


def verbatim_columns(name: str) -> list[str]:
    """The fields a schema marks `x_verbatim`."""
    fields = schema(name)["fields"]
    assert isinstance(fields, list)
    return [f["name"] for f in fields if f.get("x_verbatim") is True]


CITING_TABLES = [name for name in RESOURCES if verbatim_columns(name)]


@pytest.mark.parametrize("name", CITING_TABLES)
def test_every_cited_text_is_verbatim_in_its_paragraph(name: str) -> None:
    columns = verbatim_columns(name)
    for line, row in enumerate(rows(name), start=2):
        text = paragraph_text()[row["paragraph_id"]]
        for column in columns:
            if row[column]:
                assert row[column] in text, f"{name}:{line}:{column} not in {row['paragraph_id']}"


def field_names(name: str) -> list[str]:
    fields = schema(name)["fields"]
    assert isinstance(fields, list)
    return [f["name"] for f in fields]


@pytest.mark.parametrize("name", [n for n in CITING_TABLES if "section_id" in field_names(n)])
def test_section_is_the_paragraphs_section(name: str) -> None:
    section_of = {p["paragraph_id"]: p["section_id"] for p in rows("paragraphs")}
    for line, row in enumerate(rows(name), start=2):
        assert row["section_id"] == section_of[row["paragraph_id"]], f"{name}:{line}"


def figure_value(figure: str) -> tuple[float, float | None]:
    """The value and range end a figure as written denotes: `1-2` → (1, 2), `三` → (3, None)."""
    if figure in CHINESE_DIGITS:
        return float(CHINESE_DIGITS[figure]), None
    low, _, high = figure.partition("-")
    return float(low), float(high) if high else None


def test_every_figure_is_in_its_quote_and_equals_the_value() -> None:
    for line, row in enumerate(rows("indicators"), start=2):
        assert row["figure"] in row["quote"], f"indicators:{line}"
        value, value_max = figure_value(row["figure"])
        assert float(row["value"]) == value, f"indicators:{line}"
        assert (float(row["value_max"]) if row["value_max"] else None) == value_max, f"indicators:{line}"


def test_qualifier_words_are_kept_as_comparators() -> None:
    after = {"以上": {"ge"}, "余": {"gt"}, "左右": {"approx"}, "以下": {"lt"}}
    for line, row in enumerate(rows("indicators"), start=2):
        quote, figure = row["quote"], row["figure"]
        tail = quote[quote.index(figure) + len(figure) :]
        for word, comparators in after.items():
            if re.match(rf"(万|亿)?{word}|{re.escape(row['unit_zh'])}{word}", tail):
                assert row["comparator"] in comparators, f"indicators:{line}: {word} but {row['comparator']}"
        before = quote[: quote.index(figure)]
        if re.search(r"(突破|超过)$", before):
            assert row["comparator"] == "gt", f"indicators:{line}"


def test_units_are_written_as_the_unit_table_says() -> None:
    symbols = {u["unit_id"]: u["symbol_zh"] for u in rows("units")}
    for line, row in enumerate(rows("indicators"), start=2):
        assert symbols[row["unit_id"]] == row["unit_zh"], f"indicators:{line}"


@pytest.mark.parametrize("name", list(RESOURCES))
def test_every_foreign_key_resolves(name: str) -> None:
    for key in schema(name).get("foreignKeys", []):  # type: ignore[attr-defined]
        target = key["reference"]["resource"] or name
        allowed = {tuple(r[f] for f in key["reference"]["fields"]) for r in rows(target)}
        for line, row in enumerate(rows(name), start=2):
            value = tuple(row[f] for f in key["fields"])
            if all(value):
                assert value in allowed, f"{name}:{line}: {value} not in {target}"


def test_glossary_is_numbered_one_to_twenty_three_in_report_order() -> None:
    glossary = rows("glossary")
    assert [int(g["number"]) for g in glossary] == list(range(1, 24))
    assert [g["paragraph_id"] for g in glossary] == [f"glossary.p{n:02d}" for n in range(1, 24)]


def test_every_livelihood_project_number_is_present() -> None:
    numbers = {int(p["livelihood_no"]) for p in rows("projects") if p["livelihood_no"]}
    assert numbers == set(range(1, 11))


def test_chains_and_towns_equal_glossary_entries_five_and_six() -> None:
    assert [c["name_zh"] for c in rows("chains")] == glossary_list("glossary.p05")
    assert [t["name_zh"] for t in rows("towns")] == glossary_list("glossary.p06")


@pytest.mark.parametrize("name", list(RESOURCES))
def test_no_text_cell_could_run_as_a_spreadsheet_formula(name: str) -> None:
    for line, row in enumerate(rows(name), start=2):
        for column, value in row.items():
            assert not re.match(r"[=+\-@\t\r]", value), f"{name}:{line}:{column}"


def test_chenggong_the_company_is_not_the_word_success() -> None:
    company = next(e for e in rows("enterprises") if e["name_zh"] == "成功汽车")
    assert "成功入选" not in company["quote"]
    for row in rows("enterprise_roles") + rows("projects"):
        if row.get("enterprise_id") == company["enterprise_id"]:
            assert "成功入选" not in row["quote"]
            assert "成功阻击" not in row["quote"]


@pytest.mark.parametrize(
    ("name", "floor"),
    [("indicators", 200), ("projects", 80), ("enterprises", 40), ("glossary", 23), ("errata", 10)],
)
def test_tables_are_complete_to_the_scale_of_the_report(name: str, floor: int) -> None:
    assert len(rows(name)) >= floor


def test_every_arabic_figure_of_the_body_is_an_indicator_or_a_listed_exclusion() -> None:
    """Completeness: each number in the report is taken, or is a date, outline number or name digit."""
    taken: dict[str, set[str]] = {}
    for row in rows("indicators"):
        taken.setdefault(row["paragraph_id"], set()).add(row["figure"])
        for number in re.findall(r"\d+(?:\.\d+)?", row["quote"]):
            taken[row["paragraph_id"]].add(number)
    not_quantities = re.compile(
        "|".join(
            [
                r"\d{4}年|\d+月|\d+日",  # dates
                r"^\d+\.|（\d+）",  # outline numbers
                r"“[^”]*\d[^”]*”|\d+×\d+|PM2\.5|5G|国道\d+|\d+T/D",  # names, slogans, specs
                r"\[\d{4}\]\d+号",  # document numbers
                r"2023(?=消费提振年|行动)|12345政务热线|15分钟便民生活圈",  # names without quote marks
            ]
        )
    )
    missing = []
    for paragraph in rows("paragraphs"):
        text = not_quantities.sub("", paragraph["text"])
        for number in re.findall(r"\d+(?:\.\d+)?", text):
            if number not in taken.get(paragraph["paragraph_id"], set()):
                missing.append(f"{paragraph['paragraph_id']}: {number}")
    assert missing == []


def test_glossary_terms_are_the_entries_own_words() -> None:
    for entry in rows("glossary"):
        text = paragraph_text()[entry["paragraph_id"]]
        assert text == f"{entry['number']}.{entry['term_as_written']}：{entry['definition_zh']}"
        assert entry["term_zh"] == entry["term_as_written"].replace("“", "").replace("”", "")
