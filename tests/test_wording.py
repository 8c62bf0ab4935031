"""`checks.wording`: the report's words select the coded value, for any number, unit and wording declared."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shangdang_data.checks.wording import LINKS, Wording, field_wordings, selected_wording
from shangdang_data.descriptor import FieldSpec, read_descriptor
from shangdang_data.figures import figure_span

PACKAGE = read_descriptor()
#: Every column whose categories list wordings, as (table, field).
WORDED = [(t.name, f) for t in PACKAGE.tables for f in t.fields if f.has_wordings]
UNITS = ["%", "亿元", "万元", "万人", "户", "个", "微克/立方米", "亩"]
numbers = st.one_of(
    st.integers(min_value=0, max_value=99999).map(str),
    st.decimals(min_value=0, max_value=9999, places=1, allow_nan=False).map(str),
)


def comparator() -> FieldSpec:
    return PACKAGE.resource("indicators").field("comparator")


def select(field: FieldSpec, quote: str, figure: str, unit: str = "") -> str | None:
    found = selected_wording(field_wordings(field), quote, figure_span(quote, figure), unit)
    return found.value if found is not None else None


def test_the_package_declares_wordings_for_the_coded_columns() -> None:
    declared = {(table, field.name) for table, field in WORDED}
    assert {("indicators", "comparator"), ("indicators", "direction"), ("indicators", "measure")} <= declared
    assert {("indicators", "basis"), ("projects", "basis"), ("projects", "status")} <= declared


@pytest.mark.parametrize(
    ("table", "field"), [pytest.param(t, f, id=f"{t}.{f.name}") for t, f in WORDED if f.has_wordings]
)
def test_every_declared_wording_selects_its_own_category(table: str, field: FieldSpec) -> None:
    """No two categories' wordings collide: each wording, alone around a figure, selects its own value."""
    for wording in field_wordings(field):
        if wording.default:
            continue
        quote = f"{wording.before}12{wording.after}" if wording.anchored else f"全年{wording.text}各项工作"
        assert select(field, quote, "12") == wording.value, (wording.text, quote)


@given(numbers, st.sampled_from(UNITS), st.sampled_from(["以上", "以下", "左右", "余"]))
def test_a_word_after_the_figure_and_its_unit_selects_the_comparator(number: str, unit: str, word: str) -> None:
    expected = {"以上": "ge", "以下": "le", "左右": "approx", "余": "gt"}[word]
    assert select(comparator(), f"全年完成{number}{unit}{word}", number, unit) == expected


@given(numbers, st.sampled_from(UNITS), st.sampled_from(["突破", "超过", "不超过", "不低于"]), st.sampled_from(LINKS))
def test_a_word_before_the_figure_selects_the_comparator_even_after_a_link(
    number: str, unit: str, word: str, link: str
) -> None:
    expected = {"突破": "gt", "超过": "gt", "不超过": "le", "不低于": "ge"}[word]
    assert select(comparator(), f"{word}{number}{unit}", number, unit) == expected
    assert select(comparator(), f"{word}{link}{number}{unit}", number, unit) == expected


@given(numbers, st.sampled_from(UNITS))
def test_a_plain_figure_is_eq(number: str, unit: str) -> None:
    assert select(comparator(), f"全年地区生产总值完成{number}{unit}", number, unit) == "eq"


def test_a_magnitude_split_from_its_unit_is_skipped() -> None:
    """1万余人: the unit is 万人, 余 stands between its two characters."""
    assert select(comparator(), "惠及职工1万余人", "1", "万人") == "gt"


@given(numbers)
def test_growth_words_select_an_increase_and_a_growth_rate(number: str) -> None:
    indicators = PACKAGE.resource("indicators")
    assert select(indicators.field("direction"), f"同比增长{number}%", number, "%") == "increase"
    assert select(indicators.field("direction"), f"能耗总量下降{number}%左右", number, "%") == "decrease"
    assert select(indicators.field("measure"), f"同比增长{number}%", number, "%") == "yoy_growth"
    assert select(indicators.field("measure"), f"带动消费增长{number}万元", number, "万元") == "change"
    assert select(indicators.field("measure"), f"增速达到{number}%", number, "%") == "yoy_growth"


def test_a_word_inside_a_longer_word_is_not_read() -> None:
    """增加值 (value added) is no increase, 签约 no 约: wordings are read at the figure, not anywhere."""
    indicators = PACKAGE.resource("indicators")
    assert select(indicators.field("direction"), "规上工业增加值完成306亿元", "306", "亿元") is None
    assert select(comparator(), "全年签约15个项目", "15", "个") == "eq"


def test_words_anywhere_in_the_quote_are_read_first_and_longest() -> None:
    status = PACKAGE.resource("projects").field("status")
    assert select(status, "大峪煤业减量重组竣工验收，核增产能150万吨", "") == "accepted"  # 竣工验收, not 竣工
    assert select(status, "（1）开工建设府前广场，力争两年建成投用", "") == "started"  # 开工 comes first
    assert select(status, "方舱医院建成投用", "") == "in_use"
    assert select(status, "积极推动延安路南延", "") is None


def test_two_categories_of_equal_weight_select_nothing() -> None:
    wordings = (Wording("a", "增…"), Wording("b", "…人"))
    assert selected_wording(wordings, "增3人", (1, 2)) is None
    assert selected_wording(wordings, "增3户", (1, 2)).value == "a"  # type: ignore[union-attr]


@given(st.text(alphabet="增长以上下余突破超过左右约基本同比年产率占万亿元%人0123456789，。、", max_size=20), numbers)
def test_any_quote_selects_a_declared_value_or_nothing(quote: str, number: str) -> None:
    """Whatever the text, the reader never fails and only ever selects a value the field declares."""
    for _, field in WORDED:
        found = selected_wording(field_wordings(field), quote + number, figure_span(quote + number, number), "%")
        assert found is None or found.value in (field.enum or ())
