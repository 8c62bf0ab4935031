"""The build step: committed tables equal a fresh rebuild, and no character is lost or added."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shangdang_data.build import build_package, build_tables
from shangdang_data.build.clean import (
    ends_mid_sentence,
    normalise_punctuation,
    remove_inner_spaces,
    strip_markup,
)
from shangdang_data.descriptor import read_descriptor

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def raw_text(root: Path) -> str:
    return (root / read_descriptor(root).source_path).read_text(encoding="utf-8")


def chinese_characters(text: str) -> Counter[str]:
    return Counter(CJK.findall(text))


def paragraphs_of(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(content.decode("utf-8").splitlines()))


@pytest.mark.parametrize("name", ["sections", "paragraphs"])
def test_committed_tables_equal_a_fresh_build(package_dir: Path, name: str) -> None:
    built = build_tables(raw_text(package_dir))[name]
    committed = (package_dir / "data" / f"{name}.csv").read_bytes()
    assert committed == built, f"data/{name}.csv is stale: run `shangdang-data build`"


def test_build_package_rewrites_a_damaged_table(package_copy: Path) -> None:
    target = package_copy / "data" / "paragraphs.csv"
    original = target.read_bytes()
    target.write_bytes(original.replace("367亿元".encode(), "368亿元".encode()))
    build_package(package_copy)
    assert target.read_bytes() == original


def test_paragraphs_keep_every_chinese_character_of_the_source(package_dir: Path) -> None:
    raw = raw_text(package_dir)
    rows = paragraphs_of(build_tables(raw)["paragraphs"])
    assert chinese_characters("".join(r["text"] for r in rows)) == chinese_characters(raw)


def test_dropping_one_character_of_the_source_is_detected(package_dir: Path) -> None:
    raw = raw_text(package_dir)
    position = raw.index("完成 367") + 1  # the 成 of 完成
    damaged = raw[:position] + raw[position + 1 :]
    rows = paragraphs_of(build_tables(damaged)["paragraphs"])
    assert chinese_characters("".join(r["text"] for r in rows)) != chinese_characters(raw)


def test_page_break_splits_are_rejoined(package_dir: Path) -> None:
    texts = [r["text"] for r in paragraphs_of(build_tables(raw_text(package_dir))["paragraphs"])]
    joined = "\n".join(texts)
    for word in ["大峪煤业", "年屠宰20万头", "日臻完善", "集成服务套餐", "构筑资源循环利用", "建家乡", "四项运行机制"]:
        assert word in joined, word
    body = [r for r in paragraphs_of(build_tables(raw_text(package_dir))["paragraphs"]) if r["kind"] != "cover"]
    assert all(not ends_mid_sentence(r["text"]) for r in body if r["kind"] != "heading")


def test_outline_has_every_numbered_part(package_dir: Path) -> None:
    sections = paragraphs_of(build_tables(raw_text(package_dir))["sections"])
    ids = {s["section_id"] for s in sections}
    assert {f"review-{n}" for n in range(1, 8)} <= ids
    assert {f"plan-paths-{n:02d}" for n in range(1, 11)} <= ids
    assert {f"plan-drivers-{n:02d}" for n in range(1, 9)} <= ids
    assert {"review", "plan", "government", "glossary"} <= ids


def test_glossary_entries_are_their_own_paragraphs(package_dir: Path) -> None:
    rows = paragraphs_of(build_tables(raw_text(package_dir))["paragraphs"])
    entries = [r for r in rows if r["kind"] == "glossary_entry"]
    assert [r["paragraph_id"] for r in entries] == [f"glossary.p{n:02d}" for n in range(1, 24)]
    assert all(r["text"].startswith(f"{n}.") for n, r in enumerate(entries, start=1))


def test_cleaned_text_has_no_markup_or_half_width_punctuation(package_dir: Path) -> None:
    for row in paragraphs_of(build_tables(raw_text(package_dir))["paragraphs"]):
        assert not re.search(r"\*\*|<sub>|^#|[,;:!?()]", row["text"]), row["paragraph_id"]
        assert not re.search(r"[\u4e00-\u9fff] [0-9]|[0-9] [\u4e00-\u9fff]", row["text"]), row["paragraph_id"]


@given(st.text(alphabet="亿元万吨上党区 0123456789.,:;!?()**", max_size=40))
def test_cleaning_never_changes_a_chinese_character_or_digit(text: str) -> None:
    cleaned = remove_inner_spaces(normalise_punctuation(strip_markup(text)))
    assert re.sub(r"[^\u4e00-\u9fff0-9]", "", cleaned) == re.sub(r"[^\u4e00-\u9fff0-9]", "", text)


def test_the_build_command_works_on_the_current_folder(package_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from shangdang_data.cli import cli

    monkeypatch.chdir(package_copy)
    result = CliRunner().invoke(cli, ["build", "."])
    assert result.exit_code == 0, result.output
    assert "built paragraphs: data/paragraphs.csv" in result.output
