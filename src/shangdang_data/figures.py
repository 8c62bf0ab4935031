"""What a figure as written means, and where it stands in its quote.

A `figure` is the number exactly as the report writes it: Arabic digits (`367`,
`20.7`), a range of two (`1-2`, `3至5`), or one Chinese numeral (`三`, `两`). It
must stand in its quote as a whole number: `36` is not in "367亿元", `2` is not
in "2022年", `三` is not in "三十". The validator and the site both ask
`figure_pattern`, so the rule and the bold figure on the site never disagree.

    >>> figure_values("1-2"), figure_values("三"), figure_values("6.5%")
    ((1.0, 2.0), (3.0, None), None)
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
#: Characters that continue a Chinese numeral (二 in 二十, 百 in 三百); 万 and 亿 are units here, as in 3万.
_CHINESE_DIGITS = "一二三四五六七八九十百千两零〇"


def figure_values(figure: str) -> tuple[float, float | None] | None:
    """(value, value_max) that a figure as written means: `367` → (367, None), `1-2` → (1, 2), `三` → (3, None).

    None if the figure is none of these forms.
    """
    figure = figure.strip()
    if re.fullmatch(ARABIC, figure):
        return float(figure), None
    if match := FIGURE_RANGE.fullmatch(figure):
        return float(match[1]), float(match[2])
    if figure in CHINESE_NUMERALS:
        return float(CHINESE_NUMERALS[figure]), None
    return None


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
