"""`diff`: real mutations of a copy of the package are reported exactly, with the bump the policy gives them."""

from __future__ import annotations

import csv
import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shangdang_data.cli import cli
from shangdang_data.diff import POLICY, Bump, ChangeKind, PackageDiff, Version, diff_packages
from shangdang_data.diff.schema import compare_constraint

Rows = list[dict[str, str]]


# --- helpers: edit a package the way a contributor would -------------------------------------------


def read_rows(root: Path, table: str) -> Rows:
    with (root / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def write_rows(root: Path, table: str, rows: Rows, header: list[str] | None = None) -> None:
    columns = header or list(read_header(root, table))
    with (root / "data" / f"{table}.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def read_header(root: Path, table: str) -> list[str]:
    with (root / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as stream:
        return next(csv.reader(stream))


def edit_json(path: Path, edit: Any) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def schema_field(schema: dict[str, Any], name: str) -> dict[str, Any]:
    return next(f for f in schema["fields"] if f["name"] == name)


def set_version(root: Path, version: str) -> None:
    edit_json(root / "datapackage.json", lambda d: d.update(version=version))


def kinds(result: PackageDiff) -> list[tuple[ChangeKind, str | None]]:
    return [(c.kind, c.resource) for c in result.changes]


@pytest.fixture
def old(package_copy: Path) -> Path:
    """An untouched copy of the package, taken before the test mutates `package_copy`."""
    target = package_copy.parent / "old"
    shutil.copytree(package_copy, target)
    return target


# --- mutations -------------------------------------------------------------------------------------


def test_identical_packages_have_no_differences(old: Path, package_copy: Path) -> None:
    result = diff_packages(old, package_copy)
    assert result.changes == ()
    assert result.required is Bump.NONE
    assert result.satisfied
    assert "No differences." in result.to_text()


def test_a_changed_value_is_one_patch_change_with_old_and_new(old: Path, package_copy: Path) -> None:
    rows = read_rows(package_copy, "units")
    before = rows[1]["factor"]
    rows[1]["factor"] = str(int(before) + 1)
    write_rows(package_copy, "units", rows)
    result = diff_packages(old, package_copy)
    [change] = result.changes
    assert (change.kind, change.resource, change.key) == (ChangeKind.ROW_CHANGED, "units", (rows[1]["unit_id"],))
    assert [(c.field, c.old, c.new) for c in change.cells] == [("factor", before, rows[1]["factor"])]
    assert result.required is Bump.PATCH
    assert not result.satisfied  # still 0.1.0
    set_version(package_copy, result.minimum_version or "")
    assert diff_packages(old, package_copy).satisfied


def test_the_same_number_written_differently_is_no_change(old: Path, package_copy: Path) -> None:
    rows = read_rows(package_copy, "units")
    rows[0]["factor"] = rows[0]["factor"] + ".0"
    write_rows(package_copy, "units", rows)
    assert diff_packages(old, package_copy).changes == ()


def test_an_added_row_is_one_minor_change(old: Path, package_copy: Path) -> None:
    rows = read_rows(package_copy, "units")
    rows.append({**rows[0], "unit_id": "test-unit", "symbol_zh": "测试单位"})
    write_rows(package_copy, "units", rows)
    result = diff_packages(old, package_copy)
    assert [(c.kind, c.key) for c in result.changes] == [(ChangeKind.ROW_ADDED, ("test-unit",))]
    assert result.required is Bump.MINOR
    assert result.minimum_version == "0.2.0"


def test_removing_a_row_nothing_references_is_a_patch(old: Path, package_copy: Path) -> None:
    rows = read_rows(old, "units")
    write_rows(old, "units", [*rows, {**rows[0], "unit_id": "wrongly-extracted", "symbol_zh": "误"}])
    result = diff_packages(old, package_copy)
    assert [(c.kind, c.key) for c in result.changes] == [(ChangeKind.ROW_REMOVED, ("wrongly-extracted",))]
    assert result.required is Bump.PATCH


def test_removing_a_row_another_table_references_is_major(old: Path, package_copy: Path) -> None:
    referenced = read_rows(package_copy, "paragraphs")[0]["section_id"]
    write_rows(
        package_copy, "sections", [r for r in read_rows(package_copy, "sections") if r["section_id"] != referenced]
    )
    result = diff_packages(old, package_copy)
    [change] = [c for c in result.changes if c.resource == "sections"]
    assert (change.kind, change.key) == (ChangeKind.REFERENCED_ROW_REMOVED, (referenced,))
    assert "paragraphs" in change.message
    assert result.required is Bump.MAJOR


def test_a_removed_field_is_one_major_change(old: Path, package_copy: Path) -> None:
    edit_json(
        package_copy / "schemas" / "units.json",
        lambda s: s.update(fields=[f for f in s["fields"] if f["name"] != "metric_unit"]),
    )
    header = [c for c in read_header(package_copy, "units") if c != "metric_unit"]
    write_rows(package_copy, "units", read_rows(package_copy, "units"), header)
    result = diff_packages(old, package_copy)
    assert [(c.kind, c.resource, c.field) for c in result.changes] == [
        (ChangeKind.FIELD_REMOVED, "units", "metric_unit")
    ]
    assert result.required is Bump.MAJOR


def test_an_appended_field_is_minor_as_the_policy_says(old: Path, package_copy: Path) -> None:
    def add(schema: dict[str, Any]) -> None:
        schema["fields"].append({"name": "note_en", "type": "string", "title": "Note"})

    edit_json(package_copy / "schemas" / "units.json", add)
    rows = [{**r, "note_en": ""} for r in read_rows(package_copy, "units")]
    write_rows(package_copy, "units", rows, [*read_header(package_copy, "units"), "note_en"])
    result = diff_packages(old, package_copy)
    assert [(c.kind, c.field) for c in result.changes] == [(ChangeKind.FIELD_ADDED, "note_en")]
    assert result.required is Bump.MINOR


def test_a_retyped_field_is_one_major_change(old: Path, package_copy: Path) -> None:
    edit_json(package_copy / "schemas" / "units.json", lambda s: schema_field(s, "factor").update(type="string"))
    result = diff_packages(old, package_copy)
    assert [(c.kind, c.field) for c in result.changes] == [(ChangeKind.FIELD_RETYPED, "factor")]
    assert '"number" → "string"' in result.changes[0].message
    assert result.required is Bump.MAJOR


def test_a_tightened_enum_is_major_and_a_loosened_one_minor(old: Path, package_copy: Path) -> None:
    schema = package_copy / "schemas" / "units.json"
    edit_json(schema, lambda s: schema_field(s, "dimension")["constraints"]["enum"].remove("time"))
    result = diff_packages(old, package_copy)
    assert [(c.kind, c.field) for c in result.changes] == [(ChangeKind.CONSTRAINT_TIGHTENED, "dimension")]
    assert 'removed "time"' in result.changes[0].message
    assert result.required is Bump.MAJOR
    edit_json(schema, lambda s: schema_field(s, "dimension")["constraints"]["enum"].extend(["time", "volume"]))
    result = diff_packages(old, package_copy)
    assert [(c.kind, c.field) for c in result.changes] == [(ChangeKind.CONSTRAINT_LOOSENED, "dimension")]
    assert result.required is Bump.MINOR


def test_reordered_fields_are_major(old: Path, package_copy: Path) -> None:
    edit_json(package_copy / "schemas" / "units.json", lambda s: s["fields"].reverse())
    header = list(reversed(read_header(package_copy, "units")))
    write_rows(package_copy, "units", read_rows(package_copy, "units"), header)
    assert [c.kind for c in diff_packages(old, package_copy).changes] == [ChangeKind.FIELDS_REORDERED]


def test_metadata_edits_are_patches_and_a_moved_file_needs_no_version(old: Path, package_copy: Path) -> None:
    def edit(descriptor: dict[str, Any]) -> None:
        descriptor["title"] += " (corrected)"
        units = next(r for r in descriptor["resources"] if r["name"] == "units")
        units["path"] = "data/units-moved.csv"

    edit_json(package_copy / "datapackage.json", edit)
    (package_copy / "data" / "units.csv").rename(package_copy / "data" / "units-moved.csv")
    result = diff_packages(old, package_copy)
    assert kinds(result) == [(ChangeKind.METADATA_CHANGED, None), (ChangeKind.RESOURCE_MOVED, "units")]
    assert result.required is Bump.PATCH


def test_removed_and_added_resources(old: Path, package_copy: Path) -> None:
    def edit(descriptor: dict[str, Any]) -> None:
        units = next(r for r in descriptor["resources"] if r["name"] == "units")
        descriptor["resources"].remove(units)
        descriptor["resources"].append({**units, "name": "measures"})

    edit_json(package_copy / "datapackage.json", edit)
    result = diff_packages(old, package_copy)
    assert sorted(kinds(result)) == [(ChangeKind.RESOURCE_ADDED, "measures"), (ChangeKind.RESOURCE_REMOVED, "units")]
    assert result.required is Bump.MAJOR  # a renamed resource breaks readers


def test_a_zip_bundle_diffs_like_its_folder(old: Path, package_copy: Path, tmp_path: Path) -> None:
    rows = read_rows(package_copy, "units")
    rows[0]["name_en"] = "hundred million yuan"
    write_rows(package_copy, "units", rows)
    bundle = tmp_path / "new.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        for path in sorted(package_copy.rglob("*")):
            if path.is_file():
                archive.write(path, f"shangdang-data-0.1.0/{path.relative_to(package_copy).as_posix()}")
    from_zip, from_folder = diff_packages(old, bundle), diff_packages(old, package_copy)
    assert from_zip.changes == from_folder.changes
    assert [c.kind for c in from_zip.changes] == [ChangeKind.ROW_CHANGED]


def test_a_zip_with_an_unsafe_member_is_refused(old: Path, tmp_path: Path) -> None:
    from shangdang_data.problems import DescriptorError

    bundle = tmp_path / "evil.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("../datapackage.json", "{}")
    with pytest.raises(DescriptorError, match="unsafe member path"):
        diff_packages(old, bundle)


def test_the_changelog_states_the_policy_diff_applies(package_dir: Path) -> None:
    text = (package_dir / "CHANGELOG.md").read_text(encoding="utf-8")
    stated = dict(re.findall(r"^\| `([a-z-]+)` \| (major|minor|patch|none) \|", text, flags=re.MULTILINE))
    assert stated == {str(kind): str(bump) for kind, bump in POLICY.items()}
    assert set(POLICY) == set(ChangeKind)


# --- the command -----------------------------------------------------------------------------------


def test_cli_exits_1_when_the_bump_is_too_small(old: Path, package_copy: Path) -> None:
    edit_json(package_copy / "schemas" / "units.json", lambda s: schema_field(s, "factor").update(type="string"))
    set_version(package_copy, "0.2.0")
    result = CliRunner().invoke(cli, ["diff", str(old), str(package_copy)])
    assert result.exit_code == 1, result.output
    assert "~ factor: type" in result.output
    assert "Required bump: major (0.1.0 → 1.0.0 or later); NEW is 0.2.0: too small." in result.output
    set_version(package_copy, "1.0.0")
    result = CliRunner().invoke(cli, ["diff", str(old), str(package_copy), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["required_bump"], report["minimum_version"], report["satisfied"]) == ("major", "1.0.0", True)
    assert [c["kind"] for c in report["changes"]] == ["field-retyped"]
    assert set(report) == {"old", "new", "required_bump", "minimum_version", "satisfied", "summary", "changes"}


def test_cli_exits_2_on_an_unreadable_package(old: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["diff", str(old), str(tmp_path)])
    assert result.exit_code == 2
    assert result.output == f"Error: {tmp_path}: no datapackage.json there\n"  # what to fix, not a class name


# --- properties ------------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_cell_edits_are_reported_exactly(old: Path, package_copy: Path, data: st.DataObject) -> None:
    rows = read_rows(old, "units")
    columns = [c for c in read_header(old, "units") if c != "unit_id"]
    targets = data.draw(
        st.sets(st.tuples(st.integers(0, len(rows) - 1), st.sampled_from(columns)), min_size=0, max_size=5)
    )
    edited = [dict(r) for r in rows]
    for index, column in targets:
        edited[index][column] = data.draw(st.text(alphabet="元吨abc 0123456789", min_size=1, max_size=8))
    write_rows(package_copy, "units", edited)
    reported = {(c.key, cell.field, cell.new) for c in diff_packages(old, package_copy).changes for cell in c.cells}
    expected = {
        ((edited[i]["unit_id"],), column, edited[i][column])
        for i, column in targets
        if edited[i][column] != rows[i][column]
        and not (column in ("factor", "metric_factor") and same_number(edited[i][column], rows[i][column]))
    }
    assert reported == expected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    target=st.sampled_from(["data/units.csv", "schemas/units.json", "datapackage.json"]),
    position=st.floats(0, 1),
    cut=st.integers(0, 40),
    insert=st.binary(max_size=8) | st.sampled_from([b'"', b",", b"\n", b"{", b"]", b"\x00", b"\xff\xfe"]),
)
def test_corrupted_input_never_crashes_diff(
    old: Path, package_copy: Path, target: str, position: float, cut: int, insert: bytes
) -> None:
    from shangdang_data.problems import ShangdangError

    original = (old / target).read_bytes()
    at = int(position * len(original))
    (package_copy / target).write_bytes(original[:at] + insert + original[at + cut :])
    try:
        result = diff_packages(old, package_copy)
    except ShangdangError:
        return  # unreadable input: the CLI prints one line and exits 2
    json.loads(result.to_json())
    assert result.to_text().endswith(result.verdict())


def same_number(a: str, b: str) -> bool:
    try:
        return float(a) == float(b)
    except ValueError:
        return False


@given(st.sets(st.sampled_from("abcdef")), st.sets(st.sampled_from("abcdef")))
def test_an_enum_is_tighter_exactly_when_it_drops_a_value(old: set[str], new: set[str]) -> None:
    tighter, detail = compare_constraint("enum", sorted(old), sorted(new))
    assert tighter == bool(old - new)
    assert bool(detail) == (old != new)


@given(st.integers(-5, 5), st.integers(-5, 5), st.sampled_from(["minimum", "maximum", "minLength", "maxLength"]))
def test_a_bound_is_tighter_exactly_when_it_excludes_more(old: int, new: int, key: str) -> None:
    tighter, _ = compare_constraint(key, old, new)
    assert tighter == (new > old if key.startswith("min") else new < old) or old == new


@given(st.tuples(st.integers(0, 20), st.integers(0, 20), st.integers(0, 20)), st.sampled_from(list(Bump)))
def test_the_minimum_version_is_the_smallest_that_makes_the_bump(parts: tuple[int, int, int], bump: Bump) -> None:
    version = Version(*parts)
    bumped = version.bumped(bump)
    assert Version.parse(str(bumped)) == bumped
    assert (bumped > version) == (bump is not Bump.NONE)
    position = {Bump.MAJOR: 0, Bump.MINOR: 1, Bump.PATCH: 2}.get(bump)
    if position is not None:
        assert bumped[position] == version[position] + 1
        assert all(part == 0 for part in bumped[position + 1 :])
