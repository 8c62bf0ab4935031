"""The curated tables, checked against the report with the standard library only.

These tests are an oracle independent of the validator: they read the CSVs and
the schemas directly, so a bug in `checks/` cannot hide a defect in the data.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DESCRIPTOR = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in DESCRIPTOR["resources"]}
CHINESE_DIGITS = {"零": 0, "一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CHINESE_PLACES = {"十": 10, "百": 100, "千": 1000}
#: The words the coding guide reads as numbers: a zero target (动态清零, 基本消除) or full coverage (全覆盖, in %).
NUMBER_WORDS = {"清零": 0, "消除": 0, "全覆盖": 100}


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


def chinese_number(text: str) -> int:
    """A Chinese numeral (三, 十二, 两千, 百) or number word (清零, 全覆盖) as a number, read place by place."""
    if text in NUMBER_WORDS:
        return NUMBER_WORDS[text]
    total, digit = 0, 0
    for char in text:
        if char in CHINESE_PLACES:
            total, digit = total + (digit or 1) * CHINESE_PLACES[char], 0
        else:
            digit = CHINESE_DIGITS[char]
    return total + digit


def figure_value(figure: str) -> tuple[float, float | None]:
    """The value and range end a figure as written denotes: `1-2` → (1, 2), `三` → (3, None), `全覆盖` → (100, None)."""
    if figure in NUMBER_WORDS or all(c in CHINESE_DIGITS or c in CHINESE_PLACES for c in figure):
        return float(chinese_number(figure)), None
    low, _, high = figure.partition("-")
    return float(low), float(high) if high else None


def relational(row: dict[str, str]) -> bool:
    """A relational row (与经济增长基本同步): compared with a benchmark, with no figure of its own."""
    return bool(row["benchmark_zh"])


def test_every_figure_is_in_its_quote_and_equals_the_value() -> None:
    for line, row in enumerate(rows("indicators"), start=2):
        if relational(row):
            continue
        assert row["figure"] in row["quote"], f"indicators:{line}"
        value, value_max = figure_value(row["figure"])
        assert float(row["value"]) == value, f"indicators:{line}"
        assert (float(row["value_max"]) if row["value_max"] else None) == value_max, f"indicators:{line}"


def test_relational_targets_point_at_what_they_are_compared_with() -> None:
    """No invented number: a relational row quotes its benchmark, has a comparator, and its benchmark indicator
    (where the package has one) measures the same kind of thing in the same unit."""
    found = [row for row in rows("indicators") if relational(row)]
    assert len(found) >= 3  # 城镇居民收入增速与经济增长基本同步, 农村…高于经济增长水平, 脱贫人口…高于全市平均水平
    indicators = {row["indicator_id"]: row for row in rows("indicators")}
    for row in found:
        assert row["figure"] == row["value"] == "", row["indicator_id"]
        assert row["benchmark_zh"] in row["quote"], row["indicator_id"]
        assert row["benchmark_en"], row["indicator_id"]
        assert row["comparator"] != "eq", row["indicator_id"]
        if row["benchmark_id"]:
            benchmark = indicators[row["benchmark_id"]]
            assert (benchmark["measure"], benchmark["unit_id"]) == (row["measure"], row["unit_id"]), row["indicator_id"]


def test_a_restated_fact_is_not_a_second_target() -> None:
    """A row that restates another (the 12 committees) is actual and says the same as the row it repeats."""
    for name, key, same in [
        ("indicators", "indicator_id", ("subject_zh", "value", "unit_id", "measure")),
        ("enterprise_roles", "role_id", ("enterprise_id", "role")),
    ]:
        table = {row[key]: row for row in rows(name)}
        restating = [row for row in table.values() if row["restates"]]
        assert restating, name
        for row in restating:
            original = table[row["restates"]]
            assert row["basis"] == "actual", row[key]
            assert not original["restates"], row[key]
            assert [row[c] for c in same] == [original[c] for c in same], row[key]
    committees = [r for r in rows("indicators") if r["subject_zh"] == "安全生产专业委员会" and r["basis"] == "target"]
    assert committees == []


def test_chain_roles_the_report_names_are_held() -> None:
    """Every chain role is stated as held (链主 in review and plan alike): none is coded as a plan."""
    assert {row["basis"] for row in rows("enterprise_roles")} == {"actual"}


def test_design_capacities_are_no_output_targets() -> None:
    """年产10亿袋, 2×1000T/D: a capacity belongs to a named project and is for no period."""
    capacities = [row for row in rows("indicators") if row["measure"] == "capacity"]
    assert len(capacities) >= 6
    for row in capacities:
        assert row["period"] == "", row["indicator_id"]
        assert row["project_id"], row["indicator_id"]
    for row in rows("indicators"):
        if re.search(r"年产|年屠宰", row["quote"]):
            assert row["measure"] == "capacity", row["indicator_id"]


def test_every_scope_lies_inside_the_district() -> None:
    """Nesting as data: each scope's parents lead to the one district, so zone figures are never added to it."""
    scopes = {row["scope_id"]: row for row in rows("scopes")}
    roots = [row for row in scopes.values() if not row["parent_id"]]
    assert [row["kind"] for row in roots] == ["district"]
    for row in scopes.values():
        seen, current = set(), row
        while current["parent_id"]:
            assert current["scope_id"] not in seen, row["scope_id"]
            seen.add(current["scope_id"])
            current = scopes[current["parent_id"]]
        assert current is roots[0]
    for row in rows("indicators"):
        assert bool(row["scope_id"]) == bool(row["scope_zh"]), row["indicator_id"]
        assert row["scope_id"] != roots[0]["scope_id"], "the whole district is an empty scope"


def test_qualifier_words_are_kept_as_comparators() -> None:
    after = {"以上": {"ge"}, "余": {"gt"}, "左右": {"approx"}, "以下": {"le"}}
    for line, row in enumerate(rows("indicators"), start=2):
        quote, figure = row["quote"], row["figure"]
        if relational(row):
            continue
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


def test_every_table_and_field_is_titled_and_described_in_chinese_and_english() -> None:
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for resource in DESCRIPTOR["resources"]:
        schema = json.loads((REPO / resource["schema"]).read_text(encoding="utf-8"))
        described = [(resource["name"], resource)] + [(f"{resource['name']}.{f['name']}", f) for f in schema["fields"]]
        for where, item in described:
            for key in ("title", "description"):
                assert item.get(key), f"{where}: no {key}"
                assert cjk.search(item.get(f"{key}_zh", "")), f"{where}: no Chinese {key}_zh"


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
    [
        ("indicators", 220),
        ("projects", 250),
        ("enterprises", 40),
        ("glossary", 23),
        ("errata", 10),
        ("brands", 15),
        ("events", 8),
        ("terms", 100),
        ("scopes", 4),
    ],
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


# --- completeness beyond Arabic figures: Chinese-numeral counts, zero and full targets, named items -------------
#
# Each test finds every occurrence of a kind of statement in the report's text and requires a curated row to
# cover it, unless an exclusion below names it with a reason. An exclusion is a snippet of the text around
# the occurrence; a snippet that no longer excludes anything fails the test, so the lists cannot rot.

#: Tables whose rows state facts of the report (errata record anomalies, the termbase records words).
COVERING = ["indicators", "projects", "enterprises", "enterprise_roles", "brands", "events", "recognitions"]
COVERING += ["institutions", "scopes"]
CHINESE_NUMERAL = "[一二两三四五六七八九十百千]+"


def body_paragraphs() -> list[dict[str, str]]:
    return [p for p in rows("paragraphs") if p["kind"] == "body"]


@cache
def covered_spans() -> dict[str, list[tuple[int, int]]]:
    """Paragraph id → the spans of its text that some curated row quotes (any of its verbatim cells)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for name in COVERING:
        columns = verbatim_columns(name)
        for row in rows(name):
            text = paragraph_text()[row["paragraph_id"]]
            for column in columns:
                if row[column]:
                    found = [(m.start(), m.end()) for m in re.finditer(re.escape(row[column]), text)]
                    spans.setdefault(row["paragraph_id"], []).extend(found)
    return spans


def uncovered(
    paragraphs: list[dict[str, str]],
    pattern: str,
    is_covered: Callable[[str, re.Match[str]], bool],
    exclusions: dict[str, str],
) -> tuple[list[str], set[str]]:
    """Occurrences of `pattern` no row covers and no exclusion names, and the exclusions that were used."""
    missing, used = [], set()
    for paragraph in paragraphs:
        text, pid = paragraph["text"], paragraph["paragraph_id"]
        for match in re.finditer(pattern, text):
            if is_covered(pid, match):
                continue
            excluded = [
                snippet
                for snippet in exclusions
                for m in re.finditer(re.escape(snippet), text)
                if m.start() <= match.start() and match.end() <= m.end()
            ]
            if excluded:
                used.update(excluded)
            else:
                missing.append(f"{pid}: {text[max(0, match.start() - 12) : match.end() + 6]}")
    return missing, used


def quoted_by_a_row(pid: str, match: re.Match[str]) -> bool:
    return any(start <= match.start() and match.end() <= end for start, end in covered_spans().get(pid, []))


#: Chinese-numeral counts with a counter word that are not statements of a quantity, with the reason.
COUNT_EXCLUSIONS: dict[str, str] = {
    # names that carry a number: the thing named is a table or a row of its own
    "六大产业链": "the name of the six chains: the chains table holds them",
    "九大专业镇": "the name of the nine towns: the towns table holds them",
    "十大平台": "the name of the 'ten platforms' glossary entry 2 lists",
    "“煤八条”": "the name of the 'eight coal articles' glossary entry 4 lists",
    "十条路径": "the outline's ten paths: the sections table holds them",
    "八大动能": "the outline's eight drivers: the sections table holds them",
    "首批十大专业镇": "the name of Changzhi's list of ten towns; the recognition health-medicine-town-city-top-ten",
    "“十大晋药”": "the name of Shanxi's list of ten medicinal herbs, which the report does not give",
    "“一件事一次办”": "the name of a service; its 360 packages are the indicator 2022-one-stop-service-packages",
    "“三个一批”": "the name of a campaign (three-batches-activity); its counts are the indicators 2023-edz-projects-*",
    "“两大两小”文化惠民工程": "the name of a programme; glossary entry 16 counts its four parts (glossary.p16 rows)",
    "千家万户沐光行动": "an idiom in a name ('thousands of households'), not a count",
    # ordinals in names: the 20th congress, the third census, a second start-up
    "党的二十大": "an ordinal in a name: the event party-congress-20",
    "党的十八大": "an ordinal in a name: the event party-congress-18",
    "第三次土壤普查": "an ordinal in a name: the third soil census (third-soil-census)",
    "企业二次创业": "an ordinal in a name: the 'second start-up' of enterprises (enterprise-second-startup)",
    # political formulas and rhetoric
    "“两个确立”": "a political formula, not a count",
    "“两个维护”": "a political formula, not a count",
    "“三个务必”": "a political formula, spelt out by glossary entry 10",
    "中央八项规定": "the name of the Party centre's eight-point rules",
    "引进一名人才、落地一个项目、带来一个团队、做强一个产业": "a slogan of a chain effect (one talent brings "
    "one project, one team, one industry), not a count",
    "每一次跨越": "rhetoric ('every stride')",
    "每一位同志": "rhetoric ('every one of us')",
}


def count_counters() -> list[str]:
    """The counter words of the units table (dimension count: 个, 家, 座, 种, 大 …), longest first."""
    return sorted((u["symbol_zh"] for u in rows("units") if u["dimension"] == "count"), key=len, reverse=True)


def test_every_chinese_numeral_count_is_an_indicator_or_a_listed_exclusion() -> None:
    """Completeness: 三座煤矿, “十二种”招商方式, 三大专班 … each is an indicator's figure, or excluded with a reason."""
    pattern = f"({CHINESE_NUMERAL})({'|'.join(re.escape(c) for c in count_counters())})"
    taken: dict[str, set[tuple[str, str]]] = {}
    for row in rows("indicators"):
        for match in re.finditer(pattern, row["quote"]):
            if match.group(1) == row["figure"]:
                taken.setdefault(row["paragraph_id"], set()).add((match.group(1), match.group(2)))
    texts = body_paragraphs() + [p for p in rows("paragraphs") if p["kind"] == "glossary_entry"]
    missing, used = uncovered(
        texts, pattern, lambda pid, m: (m.group(1), m.group(2)) in taken.get(pid, set()), COUNT_EXCLUSIONS
    )
    assert missing == []
    assert sorted(set(COUNT_EXCLUSIONS) - used) == [], "exclusions that exclude nothing: remove them"


#: Words of a zero or full target that state no target, with the reason.
ZERO_FULL_EXCLUSIONS: dict[str, str] = {
    "散煤清零工程": "the name of a project (loose-coal-elimination), not a target of its own",
    "“清零行动”": "the name of a campaign (housing-certificate-clearance), not a target of its own",
}


def test_every_zero_or_full_target_is_an_indicator_or_a_listed_exclusion() -> None:
    """Completeness: 动态清零, 基本消除, 全覆盖 and 双破百 are indicators (value 0, 100 % or 100)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for row in rows("indicators"):
        if row["figure"] in ("清零", "消除", "全覆盖", "百"):
            text = paragraph_text()[row["paragraph_id"]]
            spans.setdefault(row["paragraph_id"], []).extend(
                (m.start(), m.end()) for m in re.finditer(re.escape(row["quote"]), text)
            )

    def stated(pid: str, match: re.Match[str]) -> bool:
        return any(start <= match.start() and match.end() <= end for start, end in spans.get(pid, []))

    missing, used = uncovered(body_paragraphs(), "全覆盖|清零|消除|破百", stated, ZERO_FULL_EXCLUSIONS)
    assert missing == []
    assert sorted(set(ZERO_FULL_EXCLUSIONS) - used) == [], "exclusions that exclude nothing: remove them"


SLOGAN = "a slogan or political formula, not a project, programme or brand"
#: Quoted names (“…”), titles (《…》) and programme words (…行动, …机制 …) that name no project, programme, brand
#: or event of their own, with the reason.
NAMED_EXCLUSIONS: dict[str, str] = {
    # slogans, goals and political formulas
    "“四宜”": "the district's goal ('four-suitable' Shangdang), " + SLOGAN,
    "“疫情要防住、经济要稳住、发展要安全”": SLOGAN,
    "“两园两地”": SLOGAN,
    "“好的更好、中的变好、差的摘帽”": SLOGAN,
    "“两个确立”": SLOGAN,
    "“两个维护”": SLOGAN,
    "“三个务必”": SLOGAN + "; glossary entry 10 defines it",
    "“工作项目化、项目清单化、清单责任化、责任考核化”": SLOGAN,
    "“四敢”": SLOGAN,
    "“五怕”": SLOGAN,
    "“四风”": SLOGAN,
    "“微腐败”": SLOGAN,
    "“学思想、强党性、重实践、建新功”": SLOGAN,
    "“东西松绑、南北扩容”": SLOGAN,
    "“买全国、卖全国”": SLOGAN,
    "“旅游+”“+旅游”": SLOGAN,
    "“上党故事”": SLOGAN,
    "“房住不炒”": SLOGAN,
    "“三量齐升”": SLOGAN + ": the aim of the '12345' mechanism (project-mechanism-12345-2023)",
    "“招商引资没有旁观者，项目建设没有局外人”": SLOGAN,
    "“扩数量、提质量、增效益、优结构”": SLOGAN,
    "“去煤化”": SLOGAN + " ('transformation is not de-coaling')",
    # figures of speech
    "“压舱石”": "a metaphor (ballast stone)",
    "“绣花”": "a metaphor (embroidery: careful work)",
    "“多点开花”": "a metaphor (blossoming everywhere)",
    "“烟火气”": "a metaphor (street life)",
    "“最后一公里”": "a metaphor (the last mile)",
    "“小切口”": "a metaphor (small openings)",
    "“站马路”": "a colloquialism (waiting for work by the road)",
    "“医”靠": "a pun (医 for 依, something to rely on)",
    "“店小二”": "a metaphor (the waiter who serves)",
    "“妈妈式”": "a metaphor (motherly service)",
    # terms the glossary defines; their definition is the glossary row
    "“两匹配一服从”": "glossary entry 3, a coal policy the district keeps to",
    "“煤八条”": "glossary entry 4, a coal policy the district keeps to",
    "“1+2+15”": "glossary entry 12, the district's leading-industry system",
    "“一链一镇”": "glossary entry 13: the modern medicine chain and the health and medicine town (their tables)",
    "“1236”": "glossary entry 14; its parts are rows (urban-rural-school-community, employment-service-consortium …)",
    "推动“三区三线”划定成果落地": "glossary entry 7; the 2022 delineation is three-zones-three-lines-delineation",
    "“4句话32字”": "glossary entry 18, the province's requirement for state-owned enterprises",
    "“一重点三同步”": "glossary entry 22",
    # names of other bodies' plans, lists and standards, not the district's own programmes
    "“十四五”": "the national five-year plan's name",
    "“十条路径”": "the outline's ten paths (the sections table)",
    "“八大动能”": "the outline's eight drivers (the sections table)",
    "“十大晋药”": "Shanxi's list of ten medicinal herbs, which the report does not give",
    "“制药原材料-医药研发-医药制造”": "the stages of the pharmaceutical chain (modern-medicine), not a project",
    "“一城四区”": "Changzhi's spatial pattern, which the district joins: the city's plan, not the district's",
    "“非农化”": "a national land-use policy word (farmland used for non-farm purposes)",
    "“非粮化”": "a national land-use policy word (farmland used for non-grain crops)",
    "“两不愁三保障”": "the national poverty-alleviation standard",
    "“乙类乙管”": "the national rule for managing COVID-19 as a class-B disease",
    "“三无”“三可”要求": "requirements the report names but does not spell out",
    "“六品”": "the six products of “六品六化” (six-products-six-modernisations)",
    "其他“链上”企业要强配套": "a role for unnamed firms; roles are rows only for named enterprises",
    "尤其是“鸿雁归巢”行动和全区企业二次创业桴鼓相应": "two campaigns recorded at their main mentions "
    "(wild-geese-return-action, enterprise-second-startup); here the plan says they already work together",
    # programme words that name nothing: headings, generic nouns
    "向大会报告工作": "the session itself (the event npc-session-2023)",
    "以责任推动落实的有效机制": "a generic noun (an effective mechanism)",
    "激发了机制新动力": "a generic noun (the momentum of mechanisms)",
    "改革创新全面深化": "a section title's generic words",
    "深化改革创新": "generic words (deepen reform and innovation)",
    "深化国资国企改革": "a subheading; its content is soe-reform-three-year-action (2022) and the 2023 rows below it",
    "坚持重大事项请示报告制度": "a standing rule of Party discipline, not a programme of the government",
    "以实际行动": "generic words (by concrete action)",
    "开展城镇提质工程": "a subheading; its works are rows (yan-an-road-south-extension …)",
    "非法集资等违法犯罪活动": "crimes to be prevented, not a programme",
    "围绕塑造品牌激发产业活力": "a subheading; its brands are rows (xiangyun-shangdang, kangyang-shangdang)",
    "加强文旅康养活动宣传营销": "generic words (marketing of tourism activities)",
    "推动改革再深化": "a subheading; its reforms are rows (three-transformations-reform-2023 …)",
    "实施文化惠民工程": "a subheading; its content is generic (core values, volunteering, heritage)",
    "重大活动亲自挂帅": "generic words (leaders lead major events in person)",
    "加强校地合作": "generic words (cooperation with universities); the recruitment it leads to is campus-recruitment",
    "加快重点领域改革": "a section title (plan-drivers-07)",
    "用改革打通制约发展": "generic words (reform clears the way)",
    "深化重点事项改革": "generic words (reform of key matters)",
    "深化营商环境改革": "a subheading; its reforms are rows (one-county-one-feature-business-environment …)",
    "深化财政运行改革": "a subheading; its measures are rows (key-matters-guarantee-list …)",
    "行动派": "a word for people (doers), not a programme",
    "思想上政治上行动上": "generic words (in thought, politics and action)",
    "加强重大工程": "generic words (major works to be supervised)",
}
#: Words that end the name of a project, programme, mechanism, brand or event.
NAMED_ITEM_WORDS = "行动|工程|活动|战役|战略|专班|机制|制度|改革|品牌|事故|合作|大会"


@pytest.mark.parametrize(
    "pattern", [r"“[^”]+”", r"《[^》]+》", NAMED_ITEM_WORDS], ids=["quoted-names", "titles", "programme-words"]
)
def test_every_named_item_is_a_row_or_a_listed_exclusion(pattern: str) -> None:
    """Completeness: each named project, programme, mechanism, brand and event of the body is quoted by a row."""
    missing, _ = uncovered(body_paragraphs(), pattern, quoted_by_a_row, NAMED_EXCLUSIONS)
    assert missing == []
    stale = [s for s in NAMED_EXCLUSIONS if not any(s in p["text"] for p in body_paragraphs())]
    assert stale == [], "exclusions that are not in the report: remove them"


def test_every_named_exclusion_still_excludes_something() -> None:
    used: set[str] = set()
    for pattern in (r"“[^”]+”", r"《[^》]+》", NAMED_ITEM_WORDS):
        used |= uncovered(body_paragraphs(), pattern, quoted_by_a_row, NAMED_EXCLUSIONS)[1]
    assert sorted(set(NAMED_EXCLUSIONS) - used) == [], "exclusions that exclude nothing: remove them"


# --- one English rendering per term ----------------------------------------------------------------------------

#: Tables whose names are terms too: each name has one English name, used wherever the name stands.
NAME_TABLES = ("chains", "towns", "enterprises", "institutions")


@cache
def renderings() -> dict[str, str]:
    """Chinese term → its one English rendering: the termbase, then the names of the name tables."""
    found = {row["term_zh"]: row["term_en"] for row in rows("terms")}
    for name in NAME_TABLES:
        for row in rows(name):
            found.setdefault(row["name_zh"], row["name_en"])
    return found


def normalised(english: str) -> str:
    """English compared as a reader would: case, quote marks and hyphens do not matter."""
    return " ".join(re.sub(r"['\"‘’“”]", "", english.lower()).replace("-", " ").split())


def uses(english: str, rendering: str) -> bool:
    """True if `english` contains `rendering` (or its plural in -ies: entity → entities)."""
    text, wanted = normalised(english), normalised(rendering)
    return wanted in text or (wanted.endswith("y") and wanted[:-1] + "ies" in text)


def terms_in(chinese: str) -> list[str]:
    """The terms that stand in `chinese`, longest first, none inside a longer one (上党经开区, not 上党)."""
    taken = [False] * len(chinese)
    found = []
    for term in sorted(renderings(), key=len, reverse=True):
        for match in re.finditer(re.escape(term), chinese):
            if not any(taken[match.start() : match.end()]):
                taken[match.start() : match.end()] = [True] * len(term)
                found.append(term)
    return found


def english_pairs(name: str) -> list[tuple[str, str]]:
    """The (Chinese, English) column pairs of a table: `subject_zh`/`subject_en`, `name_zh`/`name_en` …"""
    names = field_names(name)
    return [(zh, zh[:-3] + "_en") for zh in names if zh.endswith("_zh") and zh[:-3] + "_en" in names]


def primary_key(name: str) -> str:
    key = schema(name)["primaryKey"]
    assert isinstance(key, list)
    return str(key[0])


#: Rows whose English departs from the termbase on purpose, as (table, id, column, term): reason.
TERM_EXCLUSIONS: dict[tuple[str, str, str, str], str] = {}


def test_every_english_column_follows_the_termbase() -> None:
    """Wherever a termbase term (or a named chain, town, enterprise or institution) stands in a row's Chinese,
    the row's English uses its one rendering: 上党经开区 is always the Economic and Technological Development Zone."""
    drift = []
    for name in RESOURCES:
        key = primary_key(name)
        for row in rows(name):
            for zh, en in english_pairs(name):
                for term in terms_in(row[zh]):
                    own_name = name in NAME_TABLES and zh == "name_zh" and row[zh] == term
                    if own_name or uses(row[en], renderings()[term]) or (name, row[key], en, term) in TERM_EXCLUSIONS:
                        continue
                    drift.append(f"{name}:{row[key]}:{en}: {term} is {renderings()[term]!r}, not in {row[en]!r}")
    assert drift == []


def test_the_termbase_check_sees_drift_and_mistranslations() -> None:
    """The check can fail: the renderings the issue found drifting are refused."""
    assert not uses("Shangdang Economic Development Zone", renderings()["上党经开区"])
    assert not uses("the chain-leader system", renderings()["链长制"])
    assert not uses("enterprises above designated size", renderings()["限额以上"])
    assert not uses("Village Big Lecture Hall", renderings()["乡村大讲堂"])
    assert uses("Improving the business environment", renderings()["优环境"])
    assert terms_in("上党经开区产出强度") == ["上党经开区"]


def test_a_term_has_one_rendering_in_the_termbase_and_the_name_tables() -> None:
    names = {row["name_zh"]: row["name_en"] for name in NAME_TABLES for row in rows(name)}
    for row in rows("terms"):
        assert normalised(names.get(row["term_zh"], row["term_en"])) == normalised(row["term_en"]), row["term_id"]
