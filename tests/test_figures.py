"""`figures`: what a figure as written means, and where it stands in its quote as a whole number."""

from __future__ import annotations

import re

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shangdang_data.figures import figure_pattern, figure_span, figure_values


@pytest.mark.parametrize(
    ("figure", "meant"),
    [
        ("367", (367, None)),
        ("20.7", (20.7, None)),
        ("1-2", (1, 2)),
        ("3至5", (3, 5)),
        ("三", (3, None)),
        ("两", (2, None)),
        ("十", (10, None)),
        ("十二", (12, None)),  # “十二种”招商方式
        ("二十三", (23, None)),
        ("百", (100, None)),  # 双破百
        ("两千", (2000, None)),
        ("三百零五", (305, None)),
        ("清零", (0, None)),  # 动态清零
        ("消除", (0, None)),  # 基本消除
        ("全覆盖", (100, None)),  # a share of 100 %
        ("十十", None),
        ("二三", None),
        ("三十零", None),
        ("零", None),
        ("6.5%", None),
        ("abc", None),
    ],
)
def test_figure_values(figure: str, meant: tuple[float, float | None] | None) -> None:
    assert figure_values(figure) == meant


@pytest.mark.parametrize(
    ("quote", "figure", "found"),
    [
        ("全年地区生产总值完成367亿元", "367", "367"),
        ("全年地区生产总值完成367亿元", "36", None),  # the start of a longer number
        ("全年地区生产总值完成367亿元", "67", None),  # the end of one
        ("2022年增长2%", "2", "2"),  # not the 2 of 2022, but the later whole 2
        ("增长6.3%", "3", None),  # the decimals of 6.3
        ("增长36.5%", "36", None),  # the whole part of 36.5
        ("建成3.5万平方米。", "3.5", "3.5"),
        ("新建1-2个", "1-2", "1-2"),
        ("新建11-2个", "1-2", None),
        ("三大专班", "三", "三"),
        ("三十个", "三", None),  # inside 三十
        ("二十个", "十", None),
        ("3万人", "3", "3"),  # 万 is the unit, not more digits
        ("三万人", "三", "三"),
        ("用好“十二种”招商方式", "十二", "十二"),
        ("用好“十二种”招商方式", "十", None),  # inside 十二
        ("规上、限上企业实现双破百", "百", "百"),
        ("实现5G信号全覆盖", "全覆盖", "全覆盖"),
    ],
)
def test_figure_span_is_a_whole_number(quote: str, figure: str, found: str | None) -> None:
    span = figure_span(quote, figure)
    assert (quote[span[0] : span[1]] if span else None) == found


@given(st.integers(min_value=0, max_value=99999), st.sampled_from(["", "2022年", "增长", "1", "8", "0."]))
def test_figure_span_finds_the_number_not_a_longer_one(number: int, before: str) -> None:
    figure = str(number)
    quote = f"{before}完成{figure}亿元"
    span = figure_span(quote, figure)
    assert span is not None
    assert quote[span[0] : span[1]] == figure
    assert not re.match(r"[0-9.]", quote[span[0] - 1 : span[0]])


@given(
    st.integers(min_value=1, max_value=9999),
)
def test_chinese_numerals_read_back_as_written(number: int) -> None:
    """Any number below ten thousand, written the usual way in Chinese, is read back as itself."""
    digits = "零一二三四五六七八九"
    parts, zero = [], False
    for place, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // place % 10
        if digit:
            if zero and parts:
                parts.append("零")
            parts.append(("" if (place == 10 and digit == 1 and not parts) else digits[digit]) + name)
            zero = False
        elif parts:
            zero = True
    assert figure_values("".join(parts)) == (float(number), None)


@given(st.text(alphabet="0123456789.一二三十万年%-", max_size=12), st.sampled_from(["2", "36", "三", "1-2", "0.5"]))
def test_polars_and_python_read_the_pattern_alike(quote: str, figure: str) -> None:
    """The validator runs the pattern in polars, the site in Python: they must agree on every quote."""
    in_polars = pl.Series([quote]).str.contains(figure_pattern(figure)).item()
    assert in_polars == (figure_span(quote, figure) is not None)
