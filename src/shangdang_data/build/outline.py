"""The report's outline: how a paragraph's opening words place it in a section.

The report numbers its parts in three styles: 一、 for the three main parts,
（一） for the groups inside them, and 1. for the ten paths and eight drivers of
part 二. A numbered paragraph *is* its section (the report writes the section
title inline, up to the first 。); an unnumbered paragraph belongs to the parent
of the last numbered section, or to the current top-level section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TOP_LEVEL_IDS = {"一": "review", "二": "plan", "三": "government"}
GROUP_IDS = {
    "review": {n: f"review-{i}" for i, n in enumerate("一二三四五六七", start=1)},
    "plan": {"一": "plan-paths", "二": "plan-drivers"},
}

#: English section titles, written by the editors; everything else comes from the source.
TITLES_EN = {
    "front": "Title and opening",
    "review": "Part 1. Meeting difficulties head-on: good results in economic and social development in 2022",
    "review-1": "(1) Seizing opportunities and strengthening support: the economy ran steadily",
    "review-2": "(2) Adjusting the structure and promoting transformation: faster industrial upgrading",
    "review-3": "(3) Improving the business environment and adding momentum: deeper reform and innovation",
    "review-4": "(4) Shaping the image and enriching substance: coordinated urban-rural development",
    "review-5": "(5) Strengthening foundations and consolidating gains: rural revitalisation advanced",
    "review-6": "(6) Easing people's worries and doing practical things: livelihoods improved",
    "review-7": "(7) Changing work styles and raising efficiency: a cleaner government",
    "plan": "Part 2. Working hard to deliver excellent results in 2023",
    "plan-paths": "(1) Ten paths: new steps in the high-quality development of a 'four-suitable' Shangdang",
    "plan-paths-01": "1. Green coal: the ballast stone of a 'four-suitable' Shangdang",
    "plan-paths-02": "2. Equipment manufacturing clusters: a source of momentum for a 'four-suitable' Shangdang",
    "plan-paths-03": "3. A strong district for Chinese medicine: new substance for a 'four-suitable' Shangdang",
    "plan-paths-04": "4. New-type urbanisation: a new quality for a 'four-suitable' Shangdang",
    "plan-paths-05": "5. All-round rural revitalisation: a new flight of wild geese for a 'four-suitable' Shangdang",
    "plan-paths-06": "6. Upgrading the service sector: new vigour for a 'four-suitable' Shangdang",
    "plan-paths-07": "7. Integrating culture, tourism and wellness: a booster for a 'four-suitable' Shangdang",
    "plan-paths-08": "8. Upgrading the development zone: a new track for a 'four-suitable' Shangdang",
    "plan-paths-09": "9. Pollution control and the environment: a new ecology for a 'four-suitable' Shangdang",
    "plan-paths-10": "10. Improving people's livelihoods and well-being: more happiness in a 'four-suitable' Shangdang",
    "plan-drivers": "(2) Eight drivers: new advantages for the high-quality development of a 'four-suitable' Shangdang",
    "plan-drivers-01": "1. Speeding up key projects",
    "plan-drivers-02": "2. Speeding up the transformation of the resource-based economy",
    "plan-drivers-03": "3. Investment promotion and attracting talent",
    "plan-drivers-04": "4. Empowering the digital economy",
    "plan-drivers-05": "5. More and better market entities",
    "plan-drivers-06": "6. Science and technology innovation",
    "plan-drivers-07": "7. Reform in key areas",
    "plan-drivers-08": "8. Holding the bottom line of safety and stability",
    "government": "Part 3. Loyalty and responsibility: a government the people are satisfied with",
    "glossary": "Glossary",
}

_TOP = re.compile(r"^([一二三])、(.+)$")
_GROUP = re.compile(r"^（([一二三四五六七])）(.+?)。")
_ITEM = re.compile(r"^(\d{1,2})\.(.+?)。")
_GLOSSARY_ENTRY = re.compile(r"^(\d{1,2})\.")


@dataclass(frozen=True, slots=True)
class Section:
    """One node of the outline."""

    section_id: str
    parent_id: str | None
    level: int
    number_zh: str | None
    title_zh: str


def top_level_section(heading: str) -> Section:
    """The section a heading line opens: 一、二、三、, the glossary, or the title."""
    if heading == "名词解释":
        return Section("glossary", None, 1, None, heading)
    match = _TOP.match(heading)
    if match is None:
        return Section("front", None, 1, None, heading)
    number, title = match.groups()
    return Section(TOP_LEVEL_IDS[number], None, 1, number, title)


def numbered_section(text: str, top: Section, group: Section | None) -> Section | None:
    """The section a body paragraph opens, if it starts with an outline number."""
    match = _GROUP.match(text)
    if match and top.section_id in GROUP_IDS:
        number, title = match.groups()
        section_id = GROUP_IDS[top.section_id][number]
        return Section(section_id, top.section_id, 2, f"（{number}）", title)
    match = _ITEM.match(text)
    if match and group is not None and top.section_id == "plan":
        number, title = match.groups()
        return Section(f"{group.section_id}-{int(number):02d}", group.section_id, 3, number, title)
    return None


def is_glossary_entry(text: str) -> bool:
    """A glossary entry starts with its number: `1. “六九九六”工作机制：…`."""
    return _GLOSSARY_ENTRY.match(text) is not None
