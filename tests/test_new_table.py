"""A new table needs no code: schema + CSV + descriptor entry, roles declared, and every layer serves it.

The throw-away table `outcomes` cites two paragraphs of the real report. Nothing in
the package knows its name: validate, load, records, cite, the exports and the
site's tables page must all handle it from its Table Schema alone.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

import pytest
from mutations import DESCRIPTOR, refresh_integrity

import shangdang_data as sd
from shangdang_data.export import export_package
from shangdang_data.problems import Rule
from shangdang_data.validate import validate

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "docs" / "hooks"))

from shangdang_docs.context import SiteContext  # noqa: E402
from shangdang_docs.tables import render_other_tables  # noqa: E402

SCHEMA = {
    "fields": [
        {"name": "outcome_id", "type": "string", "title": "Outcome", "constraints": {"required": True}},
        {"name": "name_zh", "type": "string", "title": "Name", "x_role": "label", "constraints": {"required": True}},
        {"name": "name_en", "type": "string", "title": "Name (English)", "x_role": "label_en"},
        {
            "name": "kind",
            "type": "string",
            "title": "Kind",
            "x_role": "context",
            "constraints": {"enum": ["reform", "platform"]},
            "categories": [
                {"value": "reform", "label": "reform", "label_zh": "改革"},
                {"value": "platform", "label": "platform", "label_zh": "平台"},
            ],
        },
        {"name": "paragraph_id", "type": "string", "title": "Paragraph", "x_role": "paragraph"},
        {"name": "quote", "type": "string", "title": "Quote", "x_role": "quote", "x_verbatim": True},
    ],
    "primaryKey": ["outcome_id"],
    "foreignKeys": [{"fields": ["paragraph_id"], "reference": {"resource": "paragraphs", "fields": ["paragraph_id"]}}],
}
THREE_REFORMS = "'Three transformations, three systems' reform"
ROWS = [
    ["three-reforms", "三化三制改革", THREE_REFORMS, "reform", "review-3.p01", "通过“三化三制”改革"],
    [
        "first-loan-centre",
        "首贷中心",
        "First-loan centre",
        "platform",
        "review-3.p01",
        "在全省率先成立县（区）级首贷中心",
    ],
]


@pytest.fixture
def extended(package_copy: Path) -> Path:
    """The package with the `outcomes` table added: a schema, a CSV and a descriptor entry, nothing else."""
    (package_copy / "schemas" / "outcomes.json").write_text(json.dumps(SCHEMA, ensure_ascii=False), encoding="utf-8")
    with (package_copy / "data" / "outcomes.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow([f["name"] for f in SCHEMA["fields"]])
        writer.writerows(ROWS)
    descriptor = json.loads((package_copy / DESCRIPTOR).read_text(encoding="utf-8"))
    resource = {"name": "outcomes", "path": "data/outcomes.csv", "schema": "schemas/outcomes.json"}
    descriptor["resources"].append({**resource, "title": "Outcomes", "title_zh": "成果", "bytes": 0, "hash": ""})
    (package_copy / DESCRIPTOR).write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    refresh_integrity(package_copy, "data/outcomes.csv")
    return package_copy


def test_every_layer_serves_a_table_it_was_never_told_about(extended: Path, tmp_path: Path) -> None:
    report = validate(extended)
    assert report.valid, report.to_text()
    assert report.rows["outcomes"] == 2

    assert list(sd.load("outcomes", path=extended)["name_zh"]) == ["三化三制改革", "首贷中心"]
    assert sd.load("outcomes", path=extended, engine="polars")["kind"].to_list() == ["reform", "platform"]
    assert [r.outcome_id for r in sd.records("outcomes", path=extended)] == ["three-reforms", "first-loan-centre"]  # type: ignore[attr-defined]

    citation = sd.cite("outcomes:three-reforms", path=extended)
    headline, quote, source, data = citation.splitlines()
    assert headline == f"{THREE_REFORMS} (三化三制改革) — reform"
    assert quote == "“通过“三化三制”改革”"
    assert "paragraph review-3.p01." in source
    assert "（三）矢志不渝优环境" in source
    assert data.endswith("outcomes:three-reforms (CC-BY-4.0).")

    written = {p.relative_to(tmp_path).as_posix() for p in export_package("all", tmp_path, path=extended)}
    assert {"parquet/outcomes.parquet", "csv-bom/outcomes.csv"} <= written

    for language, kind in (("zh", "改革"), ("en", "reform")):
        page = render_other_tables(SiteContext(root=extended, language=language), "tables/other.md")
        assert '<tr id="outcomes-three-reforms">' in page
        assert "三化三制改革" in page
        assert re.search(f'data-filter="reform"[^>]*>{kind}</td>', page)  # the enum's label in the page's language


def test_a_new_table_gets_the_same_rules(extended: Path) -> None:
    """A quote that is not in its paragraph is caught in the new table as in any other."""
    path = extended / "data" / "outcomes.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("通过“三化三制”改革", "通过三化三制改革"), "utf-8")
    refresh_integrity(extended, "data/outcomes.csv")
    found = {(p.rule, p.file, p.row, p.column) for p in validate(extended).problems}
    assert found == {(Rule.QUOTE_NOT_IN_PARAGRAPH, "data/outcomes.csv", 2, "quote")}
