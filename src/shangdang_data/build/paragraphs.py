"""Raw report text -> `sections` and `paragraphs` rows, deterministically.

Paragraph ids are `<section_id>.h` for a heading line and `<section_id>.pNN` for
the NN-th other paragraph of that section, so glossary entry 5 is `glossary.p05`
and an id only moves if its own section changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from shangdang_data.build.clean import clean_text, ends_mid_sentence
from shangdang_data.build.outline import (
    TITLES_EN,
    Section,
    is_glossary_entry,
    numbered_section,
    top_level_section,
)

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
#: The salutation that ends the cover block.
SALUTATION = "各位代表："

SECTION_COLUMNS = ("section_id", "parent_id", "level", "order", "number_zh", "title_zh", "title_en")
PARAGRAPH_COLUMNS = ("paragraph_id", "section_id", "order", "kind", "text")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of the cleaned report."""

    section_id: str
    kind: str  # cover | heading | body | glossary_entry
    text: str


def split_blocks(raw: str) -> list[str]:
    """Split the raw file on blank lines into non-empty blocks, in reading order."""
    return [block for block in _BLANK_LINE.split(raw) if block.strip()]


def parse_report(raw: str) -> tuple[list[Section], list[Paragraph]]:
    """Read the raw report into its outline and its cleaned paragraphs."""
    sections: dict[str, Section] = {"front": Section("front", None, 1, None, "")}
    paragraphs: list[Paragraph] = []
    top = sections["front"]
    group: Section | None = None
    current = top
    in_cover = True
    pending = ""

    for block in split_blocks(raw):
        if pending:
            block = pending + block
            pending = ""
        text = clean_text(block)
        if block.lstrip().startswith("#"):
            heading = top_level_section(text)
            if heading.section_id == "front":
                heading = replace(sections["front"], title_zh=text)
            sections[heading.section_id] = top = current = heading
            group = None
            paragraphs.append(Paragraph(heading.section_id, "heading", text))
            continue
        if in_cover and top.section_id == "front":
            if text == SALUTATION:
                in_cover = False
            else:
                paragraphs.append(Paragraph("front", "cover", text))
                continue
        if ends_mid_sentence(text):
            pending = block
            continue
        if top.section_id == "glossary" and is_glossary_entry(text):
            paragraphs.append(Paragraph("glossary", "glossary_entry", text))
            continue
        opened = numbered_section(text, top, group)
        if opened is not None:
            sections[opened.section_id] = current = opened
            if opened.level == 2:
                group = opened
        else:
            current = sections[current.parent_id] if current.parent_id else current
        paragraphs.append(Paragraph(current.section_id, "body", text))
    if pending:
        raise ValueError(f"the report ends inside a paragraph: {pending[-40:]!r}")
    return list(sections.values()), paragraphs


def section_rows(sections: list[Section]) -> list[dict[str, object]]:
    """Rows of the `sections` table, in reading order."""
    return [
        {
            "section_id": s.section_id,
            "parent_id": s.parent_id,
            "level": s.level,
            "order": order,
            "number_zh": s.number_zh,
            "title_zh": s.title_zh,
            "title_en": TITLES_EN[s.section_id],
        }
        for order, s in enumerate(sections, start=1)
    ]


def paragraph_rows(paragraphs: list[Paragraph]) -> list[dict[str, object]]:
    """Rows of the `paragraphs` table, with ids numbered within each section."""
    counts: dict[str, int] = {}
    rows: list[dict[str, object]] = []
    for order, p in enumerate(paragraphs, start=1):
        if p.kind == "heading":
            paragraph_id = f"{p.section_id}.h"
        else:
            counts[p.section_id] = counts.get(p.section_id, 0) + 1
            paragraph_id = f"{p.section_id}.p{counts[p.section_id]:02d}"
        rows.append(
            {"paragraph_id": paragraph_id, "section_id": p.section_id, "order": order, "kind": p.kind, "text": p.text}
        )
    return rows
