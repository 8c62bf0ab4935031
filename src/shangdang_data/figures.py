"""What a figure as written means, and where it stands in its quote.

A `figure` is the number exactly as the report writes it: Arabic digits (`367`,
`20.7`), a range of two (`1-2`, `3至5`), a Chinese numeral (`三`, `两`, `十二`,
`百`), or one of the few words that state a number (`清零` is 0, `全覆盖` is 100
per cent, `消除` is 0). It must stand in its quote as a whole number: `36` is not
in "367亿元", `2` is not in "2022年", `三` is not in "三十". The validator and the
site both ask `figure_pattern`, so the rule and the bold figure on the site never
disagree.

    >>> figure_values("1-2"), figure_values("三"), figure_values("十二"), figure_values("全覆盖")
    ((1.0, 2.0), (3.0, None), (12.0, None), (100.0, None))
    >>> figure_values("6.5%") is None
    True
    >>> figure_span("全年地区生产总值完成367亿元", "367"), figure_span("全年地区生产总值完成367亿元", "36")
    ((10, 13), None)
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Characters that make a figure a range (`1-2`, `3至5`); only ranges may have a `value_max`.
RANGE = r"[0-9０-９一二三四五六七八九十百千万亿两]\s*[-－–—~～至到]"
ARABIC = r"[0-9]+(?:\.[0-9]+)?"
FIGURE_RANGE = re.compile(rf"({ARABIC})\s*[-－–—~～至到]\s*({ARABIC})")
CHINESE_NUMERALS = {c: n for n, c in enumerate("一二三四五六七八九十", start=1)} | {"两": 2}
#: The places of a Chinese numeral below ten thousand: 十二 is 12, 三百零五 is 305, 百 (as in 双破百) is 100.
_PLACES = {"十": 10, "百": 100, "千": 1000}
#: Words that state a number without a digit: a target of zero (动态清零, 基本消除) or of full coverage (全覆盖, %).
NUMBER_WORDS = {"清零": 0, "消除": 0, "全覆盖": 100}
#: Characters that continue a Chinese numeral (二 in 二十, 百 in 三百); 万 and 亿 are units here, as in 3万.
_CHINESE_DIGITS = "一二三四五六七八九十百千两零〇"


def chinese_numeral(text: str) -> int | None:
    """The value of a Chinese numeral below ten thousand (`三`, `十二`, `两千`, `三百零五`, `百`); None otherwise."""
    if not text or any(c not in _CHINESE_DIGITS for c in text) or text[0] in "零〇" or text[-1] in "零〇":
        return None
    total, digit, last_place = 0, None, 10_000
    for char in text:
        if char in _PLACES:
            place = _PLACES[char]
            if place >= last_place:
                return None  # 十百, 二十十: places must fall
            total += (1 if digit is None else digit) * place
            digit, last_place = None, place
        elif char in "零〇":
            if digit is not None:
                return None
        else:
            if digit is not None:
                return None  # two digits in a row: 二三
            digit = CHINESE_NUMERALS[char]
    return total + (digit or 0)


def figure_values(figure: str) -> tuple[float, float | None] | None:
    """(value, value_max) that a figure as written means: `367` → (367, None), `1-2` → (1, 2), `三` → (3, None).

    None if the figure is none of these forms.
    """
    figure = figure.strip()
    if re.fullmatch(ARABIC, figure):
        return float(figure), None
    if match := FIGURE_RANGE.fullmatch(figure):
        return float(match[1]), float(match[2])
    if figure in NUMBER_WORDS:
        return float(NUMBER_WORDS[figure]), None
    number = chinese_numeral(figure)
    return (float(number), None) if number is not None else None


@lru_cache(maxsize=4096)
def figure_pattern(figure: str) -> str:
    """A regex (Python's and polars' dialect: no look-around) finding `figure` where it is a whole number.

    The figure itself is group 1. An Arabic figure may not touch another digit or a
    decimal point that continues it; a Chinese numeral may not touch another numeral.
    """
    body = re.escape(figure)
    if figure[:1] in _CHINESE_DIGITS:
        return f"(?:^|[^{_CHINESE_DIGITS}])({body})(?:$|[^{_CHINESE_DIGITS}])"
    return rf"(?:^|[^0-9.])({body})(?:$|[^0-9.]|\.(?:$|[^0-9]))"


def figure_span(quote: str, figure: str) -> tuple[int, int] | None:
    """Where `figure` stands in `quote` as a whole number (its first such place), or None."""
    if not figure:
        return None
    match = re.search(figure_pattern(figure), quote)
    return match.span(1) if match else None
