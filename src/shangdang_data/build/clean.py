"""Cleaning rules for the raw report text, one function per rule.

Each rule's docstring is the rule as published on the methodology page, so the
documentation and the code cannot drift apart. The rules only ever remove
markup, re-join what page breaks split, and normalise punctuation and spacing:
none of them changes a word, even a wrong one (wrong words are errata).
"""

from __future__ import annotations

import re
from collections.abc import Callable

# CJK ideographs plus the full-width punctuation the report uses around them.
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff"
_CJK_OR_FULLWIDTH = _CJK + r"\u3000-\u303f\uff00-\uffef\u2018-\u201d\u2014\u2026\u00b7"

#: A paragraph ending in one of these finished its sentence before the page ended.
SENTENCE_END = tuple("。！？：；…”")

_MARKUP = re.compile(r"\*\*|</?sub>|</?sup>")
_HEADING = re.compile(r"^#{1,6}\s*")
_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
_HALF_PUNCT = re.compile(r"[,:;!?()]")
_SPACE_BETWEEN = re.compile(rf"(?<=[{_CJK_OR_FULLWIDTH}0-9A-Za-z%.])[ \t\u3000]+(?=[{_CJK_OR_FULLWIDTH}0-9A-Za-z%])")


def strip_markup(text: str) -> str:
    """Drop Markdown and HTML markup: heading marks (`#`), bold (`**`) and `<sub>`/`<sup>` tags.

    `PM<sub>2.5</sub>` becomes `PM2.5`; the words inside the markup are kept.
    """
    return _MARKUP.sub("", _HEADING.sub("", text))


def join_lines(text: str) -> str:
    """Join the lines of one paragraph: a line break inside a paragraph is layout, not content.

    The subtitle's Markdown hard break (two spaces, then a new line) is removed with it.
    """
    return "".join(line.strip() for line in text.splitlines())


def normalise_punctuation(text: str) -> str:
    """Use full-width punctuation in Chinese text: `, : ; ! ? ( )` become `， ： ； ！ ？ （ ）`.

    The source mixes half- and full-width marks from page to page. A comma or
    colon between two digits (as in `1,000` or `10:30`) would be part of a number
    and is left alone; the report has none.
    """

    def replace(match: re.Match[str]) -> str:
        char = match.group()
        before = match.string[match.start() - 1 : match.start()]
        after = match.string[match.end() : match.end() + 1]
        if char in ",:" and before.isdigit() and after.isdigit():
            return char
        return _HALF_TO_FULL[char]

    return _HALF_PUNCT.sub(replace, text)


def remove_inner_spaces(text: str) -> str:
    """Remove spaces between Chinese characters, digits and Latin letters: `367 亿元` becomes `367亿元`.

    Chinese is written without spaces; the source's spaces come from typesetting
    (`政 府 工 作 报 告`, `2023 年 6 月`). Spaces between two Latin words would be
    kept, but the report has none.
    """
    return _SPACE_BETWEEN.sub(_keep_latin_word_space, text).strip()


def _keep_latin_word_space(match: re.Match[str]) -> str:
    before = match.string[match.start() - 1]
    after = match.string[match.end()]
    return " " if before.isascii() and before.isalpha() and after.isascii() and after.isalpha() else ""


def ends_mid_sentence(text: str) -> bool:
    """A paragraph that does not end in sentence-final punctuation was cut by a page break.

    The source is a PDF conversion: a page break ends a paragraph wherever the page
    ended, often inside a word (`大峪` / `煤业`, `年屠宰 20` / `万头`, `日臻` / `完善`).
    Such a paragraph is re-joined with the next one, with nothing in between.
    Headings and the cover block are never joined.
    """
    return not text.endswith(SENTENCE_END)


#: The rules applied to every paragraph's text, in order.
TEXT_RULES: tuple[Callable[[str], str], ...] = (
    join_lines,
    strip_markup,
    normalise_punctuation,
    remove_inner_spaces,
)

#: Every cleaning rule, in the order the methodology page lists them.
ALL_RULES: tuple[Callable[..., object], ...] = (ends_mid_sentence, *TEXT_RULES)


def clean_text(text: str) -> str:
    """Apply every text rule to one paragraph's raw text."""
    for rule in TEXT_RULES:
        text = rule(text)
    return text
