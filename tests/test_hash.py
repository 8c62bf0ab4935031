"""Integrity: every resource's `bytes` and sha256 `hash` in the descriptor match its file."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from shangdang_data.build import build_package
from shangdang_data.cli import cli
from shangdang_data.descriptor import (
    compute_integrity,
    find_stale_integrity,
    hash_file,
    read_descriptor,
    render_descriptor,
    write_integrity,
)


def test_committed_bytes_and_hashes_equal_a_fresh_computation(package_dir: Path) -> None:
    """Fails whenever a CSV changes without `shangdang-data build` (or `shangdang-data hash`) being run."""
    fresh = compute_integrity(read_descriptor(package_dir))
    recorded = {t.name: (t.bytes, t.hash) for t in read_descriptor(package_dir).tables}
    stale = sorted(name for name in fresh if recorded[name] != fresh[name])
    assert not stale, f"bytes/hash stale for {', '.join(stale)}: run `shangdang-data build`"


def test_committed_descriptor_is_in_canonical_form(package_dir: Path) -> None:
    path = package_dir / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    assert text == render_descriptor(json.loads(text))


def test_write_integrity_adds_only_bytes_and_hash(package_copy: Path) -> None:
    path = package_copy / "datapackage.json"
    before = json.loads(path.read_text(encoding="utf-8"))
    write_integrity(package_copy)
    after = json.loads(path.read_text(encoding="utf-8"))
    assert [k for k in after if k != "resources"] == [k for k in before if k != "resources"]
    assert {k: v for k, v in after.items() if k != "resources"} == {k: v for k, v in before.items() if k != "resources"}
    for old, new in zip(before["resources"], after["resources"], strict=True):
        assert [k for k in new if k not in ("bytes", "hash")] == [k for k in old if k not in ("bytes", "hash")]
        assert {k: v for k, v in new.items() if k not in ("bytes", "hash")} == {
            k: v for k, v in old.items() if k not in ("bytes", "hash")
        }
        content = (package_copy / new["path"]).read_bytes()
        assert new["bytes"] == len(content)
        assert new["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
    assert path.read_text(encoding="utf-8") == render_descriptor(after)


def test_write_integrity_is_idempotent(package_copy: Path) -> None:
    write_integrity(package_copy)
    first = (package_copy / "datapackage.json").read_bytes()
    assert write_integrity(package_copy) is False
    assert (package_copy / "datapackage.json").read_bytes() == first
    assert find_stale_integrity(package_copy) == ()


def test_an_edited_csv_makes_exactly_its_hash_stale(package_copy: Path) -> None:
    write_integrity(package_copy)
    units = package_copy / "data" / "units.csv"
    units.write_bytes(units.read_bytes() + b"\n")
    assert find_stale_integrity(package_copy) == ("units",)
    assert write_integrity(package_copy) is True
    assert find_stale_integrity(package_copy) == ()
    assert read_descriptor(package_copy).resource("units").bytes == units.stat().st_size


def test_build_writes_bytes_and_hash(package_copy: Path) -> None:
    written = build_package(package_copy)
    assert written["descriptor"] == package_copy / "datapackage.json"
    assert find_stale_integrity(package_copy) == ()


def test_frictionless_accepts_the_written_hashes(package_copy: Path) -> None:
    from frictionless import Resource

    write_integrity(package_copy)
    spec = read_descriptor(package_copy).resource("units")
    raw = next(r for r in read_descriptor(package_copy).raw["resources"] if r["name"] == "units")
    resource = Resource({k: v for k, v in raw.items() if k != "schema"}, basepath=str(package_copy))
    assert resource.validate().valid
    (package_copy / spec.path).write_bytes((package_copy / spec.path).read_bytes() + b"\n")
    resource = Resource({k: v for k, v in raw.items() if k != "schema"}, basepath=str(package_copy))
    errors = {row[0] for row in resource.validate().flatten(["type"])}
    assert {"hash-count", "byte-count"} <= errors


@given(st.binary(max_size=300), st.integers(min_value=1, max_value=64))
def test_hash_file_equals_hashlib_across_chunk_boundaries(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, chunk: int
) -> None:
    path = tmp_path_factory.mktemp("h") / "file.bin"
    path.write_bytes(data)
    assert hash_file(path, chunk_size=chunk) == "sha256:" + hashlib.sha256(data).hexdigest()


def test_hash_command_checks_then_writes(package_copy: Path) -> None:
    units = package_copy / "data" / "units.csv"
    units.write_bytes(units.read_bytes() + b"\n")
    runner = CliRunner()
    stale = runner.invoke(cli, ["hash", str(package_copy), "--check"])
    assert stale.exit_code == 1
    assert "stale: units" in stale.output
    written = runner.invoke(cli, ["hash", str(package_copy)])
    assert written.exit_code == 0, written.output
    clean = runner.invoke(cli, ["hash", str(package_copy), "--check"])
    assert clean.exit_code == 0
    assert clean.output == ""
