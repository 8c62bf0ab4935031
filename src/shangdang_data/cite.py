"""`cite(row_id)`: a ready-to-paste citation of one figure (or any quoted row).

    >>> import shangdang_data as sd
    >>> print(sd.cite("2022-gdp"))
    GDP (地区生产总值) — 2022 result, level: 367 亿元 (100 million yuan)
    “全年地区生产总值完成367亿元”
    Source: 长治市上党区政府工作报告（...], 2023-06-16; section 一、迎难而上，2022年...], paragraph review.p03.
    Data: shangdang-data ..., indicators:2022-gdp (CC-BY-4.0).

An id is looked up in `indicators` first, then in every other table that has a
paragraph and a verbatim quote (projects, enterprises, glossary, errata …).
Write `table:id` when an id exists in more than one table.
"""

from __future__ import annotations

import difflib
from decimal import Decimal
from pathlib import Path

from shangdang_data._read import read_text_rows
from shangdang_data.descriptor import PackageSpec, TableSpec
from shangdang_data.problems import UnknownRowError

__all__ = ["UnknownRowError", "cite", "describe_value", "format_number"]

#: Comparator code -> the words written before the value.
COMPARATOR_WORDS: dict[str, str] = {
    "eq": "",
    "approx": "about ",
    "gt": "more than ",
    "ge": "at least ",
    "lt": "less than ",
    "le": "at most ",
}

MEASURE_WORDS: dict[str, str] = {
    "level": "level",
    "count": "count",
    "share": "share",
    "yoy_growth": "year-on-year growth",
    "change": "change",
}

BASIS_WORDS: dict[str, str] = {"actual": "result", "target": "target"}

#: Columns naming what a row is about, tried in order (Chinese, then English).
_NAME_COLUMNS = ("name_zh", "term_zh", "subject_zh", "as_written")
_ENGLISH_COLUMNS = ("name_en", "term_en", "subject_en")


def format_number(value: float) -> str:
    """A number as people write it, in full.

    >>> format_number(367.0), format_number(6.5), format_number(1e8)
    ('367', '6.5', '100000000')
    """
    text = format(Decimal(repr(float(value))).normalize(), "f")
    return "0" if text == "-0" else text


def describe_value(value: float, value_max: float | None, comparator: str, unit: str, unit_en: str = "") -> str:
    """Value, range, comparator and unit in words (the unit as written, then in English when given).

    >>> describe_value(4, None, "gt", "万元", "10 thousand yuan"), describe_value(7, None, "ge", "%")
    ('more than 4 万元 (10 thousand yuan)', 'at least 7%')
    >>> describe_value(1, 2, "eq", "个")
    '1–2 (个)'
    """
    number = format_number(value)
    if value_max is not None and value_max != value:
        number = f"{number}–{format_number(value_max)}"
    words = COMPARATOR_WORDS.get(comparator, f"{comparator} ")
    named = f" {unit} ({unit_en})" if unit_en else f" ({unit})"
    suffix = unit if unit in ("%", "") else named
    return f"{words}{number}{suffix}"


def citable_tables(package: PackageSpec) -> list[TableSpec]:
    """Tables whose rows can be cited (a one-column key, a paragraph and a verbatim column), indicators first."""
    found = [
        t
        for t in package.tables
        if len(t.primary_key) == 1 and "paragraph_id" in t.field_names and (t.verbatim or "quote" in t.field_names)
    ]
    return sorted(found, key=lambda t: t.name != "indicators")


def _find(package: PackageSpec, row_id: str) -> tuple[TableSpec, dict[str, str]]:
    candidates = citable_tables(package)
    wanted_table, _, key = row_id.rpartition(":")
    if wanted_table:
        table = package.resource(wanted_table)
        if table not in candidates:
            raise UnknownRowError(f"rows of {table.name} cannot be cited (no paragraph and quote)")
        candidates = [table]
    hits: list[tuple[TableSpec, dict[str, str]]] = []
    known: list[str] = []
    for table in candidates:
        column = table.primary_key[0]
        for row in read_text_rows(package, table):
            known.append(row[column])
            if row[column] == key:
                hits.append((table, row))
    if len(hits) == 1:
        return hits[0]
    if hits:
        names = ", ".join(f"{t.name}:{key}" for t, _ in hits)
        raise UnknownRowError(f"{key!r} is in several tables; write one of: {names}")
    close = difflib.get_close_matches(key, known, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    where = ", ".join(t.name for t in candidates)
    raise UnknownRowError(f"no row {key!r} in {where}{hint}")


def _section_title(package: PackageSpec, paragraph_id: str) -> str:
    paragraphs = {r["paragraph_id"]: r for r in read_text_rows(package, package.resource("paragraphs"))}
    sections = {r["section_id"]: r for r in read_text_rows(package, package.resource("sections"))}
    paragraph = paragraphs.get(paragraph_id)
    section = sections.get(paragraph["section_id"]) if paragraph else None
    if section is None:
        return ""
    number = section["number_zh"]
    separator = "" if not number or number.startswith("（") else ". " if number[-1].isdigit() else "、"
    return f"{number}{separator}{section['title_zh']} [{section['title_en']}]"


def _unit_names(package: PackageSpec) -> dict[str, str]:
    """unit_id -> English name, from the units table."""
    if "units" not in package.table_names:
        return {}
    return {r["unit_id"]: r["name_en"] for r in read_text_rows(package, package.resource("units"))}


def _headline(table: TableSpec, row: dict[str, str], unit_names: dict[str, str]) -> str:
    zh = next((row[c] for c in _NAME_COLUMNS if row.get(c)), "")
    en = next((row[c] for c in _ENGLISH_COLUMNS if row.get(c)), "")
    subject = f"{en} ({zh})" if en and zh else en or zh
    if table.name != "indicators":
        return f"{table.title}: {subject}"
    scope_zh, scope_en = row.get("scope_zh", ""), row.get("scope_en", "")
    if scope_zh or scope_en:
        subject += f", {scope_en} ({scope_zh})" if scope_en and scope_zh else f", {scope_en or scope_zh}"
    when = " ".join(p for p in (row.get("period", ""), BASIS_WORDS.get(row["basis"], row["basis"])) if p)
    measure = MEASURE_WORDS.get(row["measure"], row["measure"])
    if row.get("direction"):
        measure += f" ({row['direction']})"
    value_max = float(row["value_max"]) if row.get("value_max") else None
    unit_en = unit_names.get(row.get("unit_id", ""), "")
    value = describe_value(float(row["value"]), value_max, row["comparator"], row["unit_zh"], unit_en)
    return f"{subject} — {when}, {measure}: {value}"


def _quote(table: TableSpec, row: dict[str, str]) -> str:
    column = "quote" if "quote" in table.field_names else table.verbatim[-1]
    return row[column]


def cite(row_id: str, *, path: str | Path | None = None) -> str:
    """A ready-to-paste citation of the row `row_id` (an indicator id, or `table:id`).

    It gives the value with its unit and comparator in words, the verbatim quote,
    the section title (zh and en), the paragraph id, the report's title and date,
    and the package version. An unknown id raises `UnknownRowError` with close matches.
    """
    from shangdang_data.load import read_package_spec

    package = read_package_spec(path)
    table, row = _find(package, row_id)
    source = (package.raw.get("sources") or [{}])[0]
    report = source.get("title", "")
    if source.get("title_en"):
        report += f" [{source['title_en']}]"
    if source.get("date"):
        report += f", {source['date']}"
    section = _section_title(package, row["paragraph_id"])
    where = f"section {section}, paragraph {row['paragraph_id']}" if section else f"paragraph {row['paragraph_id']}"
    licences = ", ".join(str(lic.get("name", "")) for lic in package.raw.get("licenses", []) if isinstance(lic, dict))
    key = row[table.primary_key[0]]
    data = f"{package.name} {package.version}, {table.name}:{key}" + (f" ({licences})" if licences else "")
    return "\n".join(
        [
            _headline(table, row, _unit_names(package) if table.name == "indicators" else {}),
            f"“{_quote(table, row)}”",
            f"Source: {report}; {where}.",
            f"Data: {data}.",
        ]
    )
