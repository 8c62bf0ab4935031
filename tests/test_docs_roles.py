"""The site's generators read columns by their roles, never by their names.

A copy of the package renames two columns that play a part, in every schema and CSV
that has them, keeping their roles: `paragraph_id` (the `paragraph` of every curated
table; the paragraphs table, which `build` writes, keeps its own) becomes `para_id`, and
`subject_zh` (the first `label` of indicators and recognitions) becomes `topic_zh`. The
copy is still valid, and every page generated from the rows renders exactly as from the
original, quotes and labels in place; a hook that read either column by name would
render an empty cell or fail.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from html import escape
from pathlib import Path

import pytest
from mutations import copy_package, refresh_integrity

from shangdang_data.descriptor import read_descriptor
from shangdang_data.validate import validate

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "docs" / "hooks"))

from shangdang_docs import markers  # noqa: E402
from shangdang_docs.context import SiteContext  # noqa: E402

RENAMES = {"paragraph_id": "para_id", "subject_zh": "topic_zh"}
#: Tables `shangdang-data build` writes from the raw report: their files must stay as a fresh build makes them.
BUILT = ("paragraphs", "sections")
#: Markers whose output names the columns: the data dictionary, and the columns that play each role.
NAMES_COLUMNS = {"dictionary", "roles"}
#: What each renderer is given as its page (the links it writes are relative to it).
PAGES = {
    "indicators": "tables/indicators.md",
    "projects": "tables/projects.md",
    "enterprises": "tables/enterprises.md",
    "glossary": "tables/glossary.md",
    "errata": "tables/errata.md",
    "other-tables": "tables/other.md",
    "report": "report.md",
    "headlines": "index.md",
    "chart-growth-2022": "charts.md",
    "chart-targets-2023": "charts.md",
}


def rename_columns(package: Path) -> list[str]:
    """Rename the columns of RENAMES in every curated table's schema and CSV header; the tables renamed."""
    renamed = []
    for table in read_descriptor(package).tables:
        if table.name in BUILT or not set(RENAMES) & set(table.field_names):
            continue
        schema_path = package / table.schema_path
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        for field in schema["fields"]:
            field["name"] = RENAMES.get(field["name"], field["name"])
            if "x_copy_of" in field:
                field["x_copy_of"]["via"] = RENAMES.get(field["x_copy_of"]["via"], field["x_copy_of"]["via"])
        for fk in schema.get("foreignKeys", []):  # the referenced side (paragraphs.paragraph_id) keeps its name
            fk["fields"] = [RENAMES.get(name, name) for name in fk["fields"]]
        schema_path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        csv_path = package / table.path
        with csv_path.open(encoding="utf-8", newline="") as stream:
            header, *rows = list(csv.reader(stream))
        with csv_path.open("w", encoding="utf-8", newline="") as stream:
            csv.writer(stream, lineterminator="\n").writerows([[RENAMES.get(name, name) for name in header], *rows])
        refresh_integrity(package, table.path)
        renamed.append(table.name)
    return renamed


@pytest.fixture(scope="module")
def renamed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the package with `paragraph_id` and `subject_zh` renamed wherever a curated table has them."""
    import shutil

    target = copy_package(tmp_path_factory.mktemp("renamed") / "package")
    shutil.copy2(REPO / ".pre-commit-hooks.yaml", target / ".pre-commit-hooks.yaml")  # a page prints its hooks
    assert {"indicators", "glossary", "errata", "recognitions"} <= set(rename_columns(target))
    return target


def same_sizes(text: str) -> str:
    """`text` with file sizes masked: the renamed headers are shorter, so the validate example's sizes differ."""
    return re.sub(r"\b[\d,]+ bytes\b|records [\d,]+", "N", text)


def rows_of(root: Path, name: str) -> list[dict[str, str]]:
    with (root / read_descriptor(root).resource(name).path).open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_the_renamed_copy_is_a_valid_package(renamed: Path) -> None:
    report = validate(renamed)
    assert report.valid, report.to_text()
    indicators = read_descriptor(renamed).resource("indicators")
    assert "paragraph_id" not in indicators.field_names
    assert "subject_zh" not in indicators.field_names


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_page_renders_the_same_from_renamed_columns(renamed: Path, language: str) -> None:
    headlines = ("review.p03",)
    original = SiteContext(root=REPO, language=language, headline_paragraphs=headlines)
    copy = SiteContext(root=renamed, language=language, headline_paragraphs=headlines)
    for name, render in markers.RENDERERS.items():
        if name in NAMES_COLUMNS:
            continue
        page = PAGES.get(name, "x.md")
        assert same_sizes(render(copy, page)) == same_sizes(render(original, page)), name
    for name, argument in markers_with_argument():  # the coding guide and field definitions of the pages
        render_with = markers.RENDERERS_WITH_ARGUMENT[name]
        assert render_with(copy, "x.md", argument) == render_with(original, "x.md", argument), (name, argument)


def markers_with_argument() -> set[tuple[str, str]]:
    """Every `<!-- render: NAME ARGUMENT -->` of the site's pages but `include` (it prints a repository file)."""
    found = set()
    for page in (REPO / "docs").rglob("*.md"):
        for match in markers.MARKER.finditer(page.read_text(encoding="utf-8")):
            name, argument = match.groups()
            if argument is not None and name in markers.RENDERERS_WITH_ARGUMENT and name != "include":
                found.add((name, argument))
    assert found
    return found


def test_the_rows_keep_their_quotes_labels_and_paragraph_links(renamed: Path) -> None:
    """Read off the copy's CSVs by their new names: each row is shown with its quote, label and paragraph."""
    ctx = SiteContext(root=renamed)
    indicators = markers.RENDERERS["indicators"](ctx, "tables/indicators.md")
    rows = dict(re.findall(r'<tr id="([^"]+)">(.*?)</tr>', indicators, flags=re.S))
    for row in rows_of(renamed, "indicators"):
        shown = rows[row["indicator_id"]]
        assert f'href="../report.html#{row["para_id"]}"' in shown, row["indicator_id"]
        assert escape(row["topic_zh"], quote=False) in shown, row["indicator_id"]
        assert escape(row["figure"], quote=False) in shown, row["indicator_id"]
    glossary = markers.RENDERERS["glossary"](ctx, "tables/glossary.md")
    for row in rows_of(renamed, "glossary"):
        assert escape(row["definition_zh"], quote=False) in glossary, row["term_id"]
        assert f'href="../report.html#{row["para_id"]}"' in glossary, row["term_id"]
    report = markers.RENDERERS["report"](ctx, "report.md")
    # 全年地区生产总值完成367亿元 (review.p03): the figure links to its row, titled with the renamed subject.
    assert '[367](tables/indicators.md#2022-gdp "2022-gdp: 地区生产总值 367 亿元"){ .sd-fig }' in report
