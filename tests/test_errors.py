"""Bad input ends in one `Error: …` line and exit 2, never a traceback; writers never touch site-packages."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import shangdang_data._files
from shangdang_data.cli import cli
from shangdang_data.descriptor import read_descriptor, read_json
from shangdang_data.problems import DescriptorError, FileRefusedError, TableReadError
from shangdang_data.reading import PackageFiles


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def assert_clean_error(result: Result, error: str, *fragments: str) -> None:
    """Exit 2 with one `Error: …` line naming every fragment, not the exception class `error`, and no Python
    exception escaping."""
    assert result.exit_code == 2, (result.output, result.exception)
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.output
    assert error not in result.output
    assert not re.search(r"\b[A-Z][A-Za-z]*(?:Error|Exception)\b", errors[0])
    for fragment in fragments:
        assert fragment in result.output


# --- 1. a CSV that is missing or not UTF-8 ------------------------------------------------------


def _break_indicators(root: Path, how: str) -> None:
    csv = root / "data" / "indicators.csv"
    if how == "missing":
        csv.unlink()
    else:
        csv.write_bytes(csv.read_bytes() + "\n2022-x,年\n".encode("gbk"))


@pytest.mark.parametrize("how", ["missing", "not-utf8"])
def test_cite_on_a_missing_or_non_utf8_csv_names_the_file_and_validate(package_copy: Path, how: str) -> None:
    _break_indicators(package_copy, how)
    result = run("cite", "2022-gdp", str(package_copy))
    assert_clean_error(result, "TableReadError", "data/indicators.csv", "shangdang-data validate")


@pytest.mark.parametrize("how", ["missing", "not-utf8"])
def test_export_on_a_missing_or_non_utf8_csv_names_the_file(package_copy: Path, tmp_path: Path, how: str) -> None:
    pytest.importorskip("pyarrow")
    _break_indicators(package_copy, how)
    result = run("export", str(package_copy), "--format", "sqlite", "--out", str(tmp_path / "out"))
    assert_clean_error(result, "TableReadError", "data/indicators.csv", "shangdang-data validate")


@pytest.mark.parametrize("engine", ["pandas", "polars"])
@pytest.mark.parametrize("how", ["missing", "not-utf8"])
def test_load_on_a_missing_or_non_utf8_csv_raises_table_read_error(package_copy: Path, how: str, engine: str) -> None:
    pytest.importorskip(engine)
    from shangdang_data.load import load

    _break_indicators(package_copy, how)
    with pytest.raises(TableReadError, match=r"data/indicators\.csv"):
        load("indicators", engine=engine, path=package_copy)  # type: ignore[call-overload]


# --- 2. a descriptor whose resources or sources are not objects ----------------------------------

NOT_OBJECTS = st.one_of(
    st.text(max_size=5), st.integers(), st.none(), st.booleans(), st.lists(st.integers(), max_size=2)
)


def _rewrite(root: Path, change: dict[str, Any]) -> None:
    descriptor = root / "datapackage.json"
    raw = json.loads(descriptor.read_text(encoding="utf-8"))
    raw.update(change)
    descriptor.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bad=NOT_OBJECTS)
def test_a_resource_that_is_not_an_object_is_a_descriptor_error(package_copy: Path, bad: object) -> None:
    raw = json.loads((package_copy / "datapackage.json").read_text(encoding="utf-8"))
    _rewrite(package_copy, {"resources": [*raw["resources"], bad]})
    with pytest.raises(DescriptorError, match=r"resources\[\d+\] .*not an object|resource .*object"):
        read_descriptor(package_copy)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bad=st.one_of(st.lists(NOT_OBJECTS, min_size=1, max_size=2), st.text(min_size=1, max_size=5), st.integers()))
def test_sources_that_are_not_a_list_of_objects_are_a_descriptor_error(package_copy: Path, bad: object) -> None:
    _rewrite(package_copy, {"sources": bad})
    with pytest.raises(DescriptorError, match="sources"):
        read_descriptor(package_copy)


@pytest.mark.parametrize("change", [{"resources": ["x"]}, {"sources": ["x"]}])
@pytest.mark.parametrize("command", ["cite", "export", "diff"])
def test_cli_on_a_malformed_descriptor_prints_one_line(
    package_copy: Path, package_dir: Path, tmp_path: Path, change: dict[str, Any], command: str
) -> None:
    _rewrite(package_copy, change)
    args = {
        "cite": ["cite", "2022-gdp", str(package_copy)],
        "export": ["export", str(package_copy), "--format", "csv-bom", "--out", str(tmp_path / "out")],
        "diff": ["diff", str(package_dir), str(package_copy)],
    }[command]
    assert_clean_error(run(*args), "DescriptorError", "object")


def test_read_json_on_a_folder_is_refused_unread(tmp_path: Path) -> None:
    folder = tmp_path / "datapackage.json"
    folder.mkdir()
    with pytest.raises(FileRefusedError, match=r"datapackage\.json: is a folder, not a regular file"):
        read_json(PackageFiles(tmp_path), "datapackage.json")


# --- 3. build, hash and release default to the current folder -------------------------------------


@pytest.fixture
def no_shipped_package(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Work in an empty folder; looking up the shipped package fails the test."""

    def shipped() -> Path:
        raise AssertionError("a writing command resolved the package shipped in site-packages")

    monkeypatch.setattr(shangdang_data._files, "package_root", shipped)
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    return empty


@pytest.mark.parametrize("args", [["build"], ["hash"], ["hash", "--check"], ["release", "--out", "dist"]])
def test_writing_commands_without_path_use_the_current_folder(no_shipped_package: Path, args: list[str]) -> None:
    result = run(*args)
    assert not isinstance(result.exception, AssertionError), result.exception
    assert_clean_error(result, "PackageNotFoundError", "no datapackage.json there")
    assert list(no_shipped_package.iterdir()) == []


def test_hash_without_path_writes_the_package_in_the_current_folder(
    package_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shangdang_data._files, "package_root", lambda: pytest.fail("shipped package used"))
    monkeypatch.chdir(package_copy)
    units = package_copy / "data" / "units.csv"
    units.write_bytes(units.read_bytes() + b"\n")
    assert run("hash", "--check").exit_code == 1
    assert run("hash").exit_code == 0
    assert run("hash", "--check").exit_code == 0


@pytest.mark.parametrize("command", ["build", "hash", "release"])
def test_writing_commands_say_their_default_is_the_current_folder(command: str) -> None:
    assert "(default: the current folder" in " ".join(run(command, "--help").output.split())


# --- 4. validate says whether the location does not exist or is a folder without a descriptor ------


def _validate_message(location: Path) -> str:
    result = run("validate", str(location))
    assert result.exit_code == 2, result.output
    return result.output


def test_validate_on_a_location_that_does_not_exist(tmp_path: Path) -> None:
    for missing in (tmp_path / "nowhere", tmp_path / "nowhere" / "datapackage.json", tmp_path / "x.json"):
        output = _validate_message(missing)
        assert f"{missing} does not exist" in output
        assert "folder without" not in output


def test_validate_on_a_folder_without_a_descriptor(tmp_path: Path) -> None:
    for location in (tmp_path, tmp_path / "datapackage.json"):
        output = _validate_message(location)
        assert f"{tmp_path} is a folder without a datapackage.json" in output
        assert "does not exist" not in output
