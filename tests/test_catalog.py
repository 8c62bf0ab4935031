"""`tables` and `ids`: what a newcomer lists first; a misspelt table name gets the closest names."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import shangdang_data as sd
from shangdang_data.cli import cli
from shangdang_data.export import export_package
from shangdang_data.release import release_package

REPO = Path(__file__).resolve().parents[1]
DESCRIPTOR = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
NAMES = [r["name"] for r in DESCRIPTOR["resources"]]


def csv_rows(name: str) -> list[dict[str, str]]:
    path = next(r["path"] for r in DESCRIPTOR["resources"] if r["name"] == name)
    with (REPO / path).open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_tables_lists_every_table_with_its_row_count_and_title() -> None:
    result = CliRunner().invoke(cli, ["tables"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == len(NAMES)
    for line, resource in zip(lines, DESCRIPTOR["resources"], strict=True):
        name, count = line.split()[:2]
        assert name.rstrip("*") == resource["name"]
        assert int(count) == len(csv_rows(resource["name"]))
        assert f"{resource['title']} ({resource['title_zh']})" in line
    assert [t.name for t in sd.table_info()] == NAMES


def test_ids_lists_the_keys_in_file_order_and_cite_accepts_each() -> None:
    result = CliRunner().invoke(cli, ["ids", "indicators"])
    assert result.exit_code == 0, result.output
    ids = result.output.splitlines()
    assert [i.rpartition(":")[2] for i in ids] == [r["indicator_id"] for r in csv_rows("indicators")]
    for row_id in ids[:5] + ids[-3:]:
        assert sd.cite(row_id)


def test_ids_of_a_table_that_cannot_be_cited_are_its_keys() -> None:
    assert sd.row_ids("units") == [r["unit_id"] for r in csv_rows("units")]


@pytest.mark.parametrize(
    ("command", "wrong", "right"), [("ids", "indicator", "indicators"), ("ids", "glosary", "glossary")]
)
def test_a_misspelt_table_gets_did_you_mean_in_one_line(command: str, wrong: str, right: str) -> None:
    result = CliRunner().invoke(cli, [command, wrong])
    assert result.exit_code == 2
    assert result.output.splitlines() == [result.output.strip()]
    assert f"did you mean {right}" in result.output
    with pytest.raises(sd.UnknownTableError, match=f"did you mean {right}"):
        sd.load(wrong)


def test_the_export_bundle_and_the_release_archive_have_different_names(tmp_path: Path) -> None:
    from test_release import copy_checkout

    root = copy_checkout(tmp_path / "checkout")
    out = tmp_path / "dist"
    exported = {p.name for p in export_package("all", out, path=root) if p.suffix == ".zip"}
    released = {p.name for p in release_package(root, out) if p.suffix == ".zip"}
    version = DESCRIPTOR["version"]
    assert exported == {f"shangdang-data-{version}-exports.zip"}
    assert released == {f"shangdang-data-{version}.zip"}
    assert (out / exported.pop()).is_file()  # the release did not overwrite the export bundle
