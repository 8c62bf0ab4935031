"""`release`: the bundle holds everything, its checksums verify, and two builds are byte-identical."""

from __future__ import annotations

import hashlib
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from mutations import copy_package

from shangdang_data.build import build_package
from shangdang_data.cli import cli
from shangdang_data.descriptor import read_descriptor
from shangdang_data.diff import diff_packages
from shangdang_data.problems import ReleaseError
from shangdang_data.release import release_package

REPO = Path(__file__).resolve().parents[1]
DOCUMENTS = ("LICENSE", "README.md", "CHANGELOG.md", "CONTRIBUTING.md")


def copy_checkout(target: Path) -> Path:
    """The package and the documents a release takes from the repository, built (so hashes are fresh)."""
    copy_package(target)
    for name in DOCUMENTS:
        shutil.copy2(REPO / name, target / name)
    build_package(target)
    return target


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(package folder, zip, outer SHA256SUMS) of one release of a copy of the checkout."""
    root = copy_checkout(tmp_path_factory.mktemp("release") / "checkout")
    bundle, sums = release_package(root, root / "dist")
    return root, bundle, sums


def members(bundle: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(bundle) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_the_zip_is_named_after_the_package_and_version(released: tuple[Path, Path, Path]) -> None:
    root, bundle, _ = released
    version = read_descriptor(root).version
    assert bundle.name == f"shangdang-data-{version}.zip"
    assert all(name.startswith(f"shangdang-data-{version}/") for name in members(bundle))


def test_the_outer_checksum_verifies_the_zip(released: tuple[Path, Path, Path]) -> None:
    _, bundle, sums = released
    digest = hashlib.sha256(bundle.read_bytes()).hexdigest()
    assert sums.read_text(encoding="utf-8") == f"{digest}  {bundle.name}\n"


def test_the_inner_checksums_cover_and_verify_every_file(released: tuple[Path, Path, Path]) -> None:
    _, bundle, _ = released
    files = members(bundle)
    [sums_name] = [name for name in files if name.endswith("/SHA256SUMS")]
    top = sums_name.removesuffix("SHA256SUMS")
    listed = {}
    for line in files[sums_name].decode("utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed[top + name] = digest
    assert set(listed) == set(files) - {sums_name}
    for name, digest in listed.items():
        assert hashlib.sha256(files[name]).hexdigest() == digest, name


def test_the_bundle_holds_the_package_source_exports_and_documents(released: tuple[Path, Path, Path]) -> None:
    root, bundle, _ = released
    package = read_descriptor(root)
    top = f"shangdang-data-{package.version}/"
    files = members(bundle)
    expected = {"datapackage.json", package.source_path, *DOCUMENTS, "SHA256SUMS"}
    expected |= {t.path for t in package.tables} | {t.schema_path for t in package.tables}
    assert {top + name for name in expected} <= set(files)
    for name in ["datapackage.json", package.source_path, *(t.path for t in package.tables)]:
        assert files[top + name] == (root / name).read_bytes(), name
    for folder, suffix in [("xlsx/", ".xlsx"), ("sqlite/", ".db"), ("parquet/", ".parquet")]:
        assert any(n.startswith(top + folder) and n.endswith(suffix) for n in files), folder


def test_the_bundle_is_the_same_package_as_its_folder(released: tuple[Path, Path, Path]) -> None:
    root, bundle, _ = released
    result = diff_packages(root, bundle)
    assert result.changes == ()


def test_two_builds_are_byte_identical(released: tuple[Path, Path, Path], tmp_path: Path) -> None:
    _, bundle, sums = released
    again = copy_checkout(tmp_path / "elsewhere" / "checkout")  # another folder, other file times
    for path in again.rglob("*"):
        os.utime(path, (1_900_000_000, 1_900_000_000))
    second_bundle, second_sums = release_package(again, tmp_path / "out")
    assert second_bundle.read_bytes() == bundle.read_bytes()
    assert second_sums.read_bytes() == sums.read_bytes()


def test_a_csv_edited_after_the_build_is_refused(tmp_path: Path) -> None:
    root = copy_checkout(tmp_path / "checkout")
    units = root / "data" / "units.csv"
    units.write_bytes(units.read_bytes().replace(b"100 million yuan", b"100 million CNY"))
    with pytest.raises(ReleaseError, match="stale for units: run `shangdang-data build`"):
        release_package(root, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_an_invalid_package_is_refused(tmp_path: Path) -> None:
    root = copy_checkout(tmp_path / "checkout")
    units = root / "data" / "units.csv"
    lines = units.read_bytes().splitlines(keepends=True)
    units.write_bytes(b"".join([*lines, lines[1]]))  # a duplicate primary key
    build_package(root)
    with pytest.raises(ReleaseError, match="not valid"):
        release_package(root, tmp_path / "out")


def test_a_version_without_a_changelog_entry_is_refused(tmp_path: Path) -> None:
    root = copy_checkout(tmp_path / "checkout")
    changelog = root / "CHANGELOG.md"
    version = read_descriptor(root).version
    changelog.write_text(changelog.read_text(encoding="utf-8").replace(f"## [{version}]", "## [0.0.9]"), "utf-8")
    with pytest.raises(ReleaseError, match=rf"no `## \[{version}\]` entry"):
        release_package(root, tmp_path / "out")


def test_release_command(tmp_path: Path) -> None:
    root = copy_checkout(tmp_path / "checkout")
    result = CliRunner().invoke(cli, ["release", str(root), "--out", str(tmp_path / "dist")])
    assert result.exit_code == 0, result.output
    assert "shangdang-data-" in result.output
    assert "SHA256SUMS" in result.output
    (root / "data" / "units.csv").write_bytes(b"unit_id\n")
    refused = CliRunner().invoke(cli, ["release", str(root), "--out", str(tmp_path / "dist")])
    assert refused.exit_code == 2
    assert refused.output.startswith("Error: ")
    assert "ReleaseError" not in refused.output
