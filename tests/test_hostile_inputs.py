"""Every command is as careful as `validate`: hostile files, links, pipes, zips and JSON get one clear line.

Each case edits a copy of the package; each command then runs in its own process
(so a hang is a timeout and a traceback is visible on stderr). Whatever the case,
no command hangs, prints a traceback, or shows or copies a byte of a file outside
the package; `validate` names the problem with a rule, the others exit 2 with one
`Error:` line.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from mutations import DESCRIPTOR, refresh_integrity

from shangdang_data.problems import Rule

SECRET = "SECRET-OUTSIDE-THE-PACKAGE"
TIMEOUT = 120


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The command line in a process of its own, with a timeout: a hang fails the test."""
    command = [sys.executable, "-m", "shangdang_data", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, cwd=cwd, check=False)


#: Runs the command line in a grandchild and prints its peak memory: a child's `ru_maxrss` starts at the memory
#: of the process it was forked from (Linux carries the old address space's high-water mark over exec), so
#: measuring from the test process would count the test process itself. This small parent forks a clean one.
MEASURE = """
import resource, subprocess, sys
result = subprocess.run(sys.argv[1:], capture_output=True, text=True, check=False)
sys.stdout.write(result.stdout)
sys.stderr.write(result.stderr)
sys.stderr.write(f"\\npeak-kb: {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}\\n")
sys.exit(result.returncode)
"""


def run_measured(*args: str | Path) -> tuple[subprocess.CompletedProcess[str], int]:
    """`run(*args)`, and the command's own peak resident memory in KB."""
    command = [sys.executable, "-c", MEASURE, sys.executable, "-m", "shangdang_data", *map(str, args)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    stderr, _, peak = result.stderr.rpartition("\npeak-kb: ")
    return subprocess.CompletedProcess(result.args, result.returncode, result.stdout, stderr), int(peak)


def assert_careful(
    result: subprocess.CompletedProcess[str], *, codes: tuple[int, ...] = (1, 2), report: bool = False
) -> None:
    """No traceback, nothing from outside the package, an expected exit code, and for exit 2 one Error line
    (or, for `validate`, its report: exit 2 means the descriptor itself could not be read)."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-3000:]
    assert SECRET not in output
    assert result.returncode in codes, (result.returncode, output[-2000:])
    if result.returncode == 2 and not report:
        errors = [line for line in output.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1, output[-2000:]


# --- hostile edits of a package copy -------------------------------------------------------------------------------


def outside_file(package: Path, name: str, text: str) -> Path:
    path = package.parent / name
    path.write_text(text, encoding="utf-8")
    return path


def fifo_data(package: Path) -> None:
    (package / "data" / "errata.csv").unlink()
    os.mkfifo(package / "data" / "errata.csv")


def fifo_schema(package: Path) -> None:
    (package / "schemas" / "errata.json").unlink()
    os.mkfifo(package / "schemas" / "errata.json")


def link_data_outside(package: Path) -> None:
    secret = outside_file(package, "secret.csv", f"{SECRET},x\n")
    (package / "data" / "errata.csv").unlink()
    (package / "data" / "errata.csv").symlink_to(secret)


def link_schema_outside(package: Path) -> None:
    secret = outside_file(package, "secret.json", json.dumps({"fields": [{"name": SECRET}]}))
    (package / "schemas" / "errata.json").unlink()
    (package / "schemas" / "errata.json").symlink_to(secret)


def deep_json(package: Path) -> None:
    (package / DESCRIPTOR).write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")


def edit_descriptor_text(package: Path, old: str, new: str) -> None:
    text = (package / DESCRIPTOR).read_text(encoding="utf-8")
    assert old in text
    (package / DESCRIPTOR).write_text(text.replace(old, new, 1), encoding="utf-8")


def nan_in_descriptor(package: Path) -> None:
    edit_descriptor_text(package, '"version": "0.1.0",', '"version": "0.1.0",\n  "x_score": NaN,')


def duplicate_key(package: Path) -> None:
    edit_descriptor_text(package, '"version": "0.1.0",', '"version": "0.1.0",\n  "version": "9.9.9",')


def lone_surrogate(package: Path) -> None:
    edit_descriptor_text(package, '"title": "Errata",', '"title": "Errata \\ud800",')


def hostile_pattern(package: Path) -> None:
    path = package / "schemas" / "errata.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["fields"][0]["constraints"]["pattern"] = "^a{4294967296}$"
    path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")


def bytes_as_text(package: Path) -> None:
    """The units resource's `bytes` written as a string (read from the descriptor, so any data edit keeps it)."""
    descriptor = json.loads((package / DESCRIPTOR).read_text(encoding="utf-8"))
    size = next(r["bytes"] for r in descriptor["resources"] if r["name"] == "units")
    edit_descriptor_text(package, f'"bytes": {size},', f'"bytes": "{size}",')


def unbuildable_source(package: Path) -> None:
    """The raw source ends inside a paragraph (its hash updated, so only the rebuild can say so)."""
    import hashlib

    descriptor = json.loads((package / DESCRIPTOR).read_text(encoding="utf-8"))
    source = package / descriptor["sources"][0]["path"]
    data = source.read_bytes() + "\n\n# 三、尾声\n\n未完的一段".encode()
    source.write_bytes(data)
    descriptor["sources"][0]["hash"] = f"sha256:{hashlib.sha256(data).hexdigest()}"
    descriptor["sources"][0]["bytes"] = len(data)
    (package / DESCRIPTOR).write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")


def newline_in_path(package: Path) -> None:
    edit_descriptor_text(package, '"path": "data/errata.csv",', '"path": "data/errata\\n::error title=forged::x.csv",')


CASES: dict[str, Callable[[Path], None]] = {
    "fifo-data": fifo_data,
    "fifo-schema": fifo_schema,
    "link-data-outside": link_data_outside,
    "link-schema-outside": link_schema_outside,
    "deep-json": deep_json,
    "nan": nan_in_descriptor,
    "duplicate-key": duplicate_key,
    "lone-surrogate": lone_surrogate,
    "hostile-pattern": hostile_pattern,
    "bytes-as-text": bytes_as_text,
    "unbuildable-source": unbuildable_source,
    "newline-in-path": newline_in_path,
}

#: What `validate` must report for each case: (rule, file, row) triples that must be among its problems.
EXPECTED: dict[str, set[tuple[Rule, str, int | None]]] = {
    "fifo-data": {(Rule.FILE_MISSING, "data/errata.csv", None)},
    "fifo-schema": {(Rule.SCHEMA_MISSING, "schemas/errata.json", None)},
    "deep-json": {(Rule.DESCRIPTOR_JSON, DESCRIPTOR, 1)},
    "nan": {(Rule.DESCRIPTOR_JSON, DESCRIPTOR, None)},
    "duplicate-key": {(Rule.DESCRIPTOR_JSON, DESCRIPTOR, None)},
    "lone-surrogate": {(Rule.DESCRIPTOR_JSON, DESCRIPTOR, None)},
    "hostile-pattern": {(Rule.SCHEMA_METADATA, "schemas/errata.json", None)},
    "unbuildable-source": {(Rule.BUILD_MISMATCH, "data/source/000_bc0ee4ffd7aec591.txt", None)},
}


@pytest.fixture(params=list(CASES))
def hostile(request: pytest.FixtureRequest, package_copy: Path) -> tuple[str, Path]:
    CASES[request.param](package_copy)
    return request.param, package_copy


def test_validate_names_each_case_in_one_line_per_problem(hostile: tuple[str, Path]) -> None:
    case, package = hostile
    result = run("validate", package)
    assert_careful(result, report=True)
    problems = json.loads(run("validate", package, "--format", "json").stdout)["errors"]
    found = {(Rule(p["rule"]), p["file"], p["row"]) for p in problems}
    assert EXPECTED.get(case, set()) <= found, result.stdout
    assert Rule.CHECK_CRASHED not in {rule for rule, _, _ in found}, result.stdout
    lines = result.stdout.splitlines()
    assert len(lines) == len(problems) + 1  # one line per problem, then the summary: nothing forged
    assert not any(line.startswith("::") for line in lines)


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(("cite", "errata:six-nine-six-six-mechanism"), id="cite"),
        pytest.param(("export", "--format", "csv-bom"), id="export"),
        pytest.param(("hash", "--check"), id="hash"),
        pytest.param(("release", "--no-check"), id="release"),
        pytest.param(("build",), id="build"),
        pytest.param(("load",), id="load"),
        pytest.param(("diff",), id="diff"),
    ],
)
def test_other_commands_are_as_careful(hostile: tuple[str, Path], tmp_path: Path, command: tuple[str, ...]) -> None:
    _, package = hostile
    out = tmp_path / "out"
    name, *options = command
    if name == "load":
        code = (
            "import sys, shangdang_data as sd\n"
            "from shangdang_data.problems import ShangdangError\n"
            "try:\n    sd.load_all(path=sys.argv[1])\n"
            "except ShangdangError as error:\n    print('Error:', error); sys.exit(2)\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code, str(package)], capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    elif name == "diff":
        result = run("diff", package, package)
    elif name == "cite":
        result = run(*command, package)
    elif name in ("export", "release"):
        result = run(name, package, *options, "--out", out)
    else:
        result = run(name, package, *options)
    assert_careful(result, codes=(0, 1, 2))
    if out.exists():  # nothing outside the package is ever copied into an output
        for file in out.rglob("*"):
            assert not file.is_file() or SECRET.encode() not in file.read_bytes(), file


# --- zip bundles ---------------------------------------------------------------------------------------------------


def package_zip(package: Path, target: Path, *, big: bytes | None = None, **members: bytes) -> Path:
    """The package as a zip bundle under one folder, with `members` added (name -> bytes)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as bundle:
        for file in sorted(package.rglob("*")):
            if file.is_file():
                bundle.write(file, f"pkg/{file.relative_to(package).as_posix()}")
        for name, content in members.items():
            bundle.writestr(name, content)
        if big is not None:
            bundle.writestr("pkg/data/big.bin", big)
    return target


def patch_member(target: Path, name: str, edit: Callable[[bytearray, int, bool], None]) -> None:
    """Apply `edit(data, header_offset, central)` to the local and the central header of member `name`."""
    data = bytearray(target.read_bytes())
    encoded = name.encode()
    for signature, central in ((b"PK\x01\x02", True), (b"PK\x03\x04", False)):
        start = 0
        while (at := data.find(signature, start)) != -1:
            name_at = at + (46 if central else 30)
            length = struct.unpack_from("<H", data, at + (28 if central else 26))[0]
            if bytes(data[name_at : name_at + length]) == encoded:
                edit(data, at, central)
            start = at + 4
    target.write_bytes(bytes(data))


def lying_size(package: Path, target: Path) -> Path:
    """A resource whose member inflates to 200 MB while its headers say 1,000 bytes."""
    work = target.parent / "lying"
    shutil.copytree(package, work)
    edit_descriptor_text(work, '"path": "data/errata.csv",', '"path": "data/big.bin",')  # diff must read it
    package_zip(work, target, big=b"0" * (200 * 1024 * 1024))

    def shrink(data: bytearray, at: int, central: bool) -> None:
        struct.pack_into("<I", data, at + (24 if central else 22), 1000)

    patch_member(target, "pkg/data/big.bin", shrink)
    return target


def corrupt_deflate(package: Path, target: Path) -> Path:
    package_zip(package, target)
    data = bytearray(target.read_bytes())
    info = zipfile.ZipFile(target).getinfo("pkg/data/errata.csv")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 10 : start + 40] = b"\xff" * 30
    target.write_bytes(bytes(data))
    return target


def unsupported_method(package: Path, target: Path) -> Path:
    package_zip(package, target)
    patch_member(target, "pkg/data/errata.csv", lambda d, at, c: struct.pack_into("<H", d, at + (10 if c else 8), 99))
    return target


def encrypted(package: Path, target: Path) -> Path:
    package_zip(package, target)

    def flag(data: bytearray, at: int, central: bool) -> None:
        offset = at + (8 if central else 6)
        struct.pack_into("<H", data, offset, struct.unpack_from("<H", data, offset)[0] | 1)

    patch_member(target, "pkg/data/errata.csv", flag)
    return target


def file_and_folder(package: Path, target: Path) -> Path:
    return package_zip(package, target, **{"pkg/data": b"a file where a folder is"})


def long_name(package: Path, target: Path) -> Path:
    return package_zip(package, target, **{"pkg/" + "x" * 300: b"long"})


def duplicate_members(package: Path, target: Path) -> Path:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate it is asked to write
        return package_zip(package, target, **{"pkg/data/errata.csv": b"erratum_id\nshadow\n"})


def too_many_members(package: Path, target: Path) -> Path:
    package_zip(package, target)
    with zipfile.ZipFile(target, "a") as bundle:
        for index in range(10_001):
            bundle.writestr(f"pkg/extra/{index}.txt", b"")
    return target


ZIPS: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "lying-size": (lying_size, "cannot be read from the zip"),
    "corrupt-deflate": (corrupt_deflate, "cannot be read from the zip"),
    "unsupported-compression": (unsupported_method, "compression method 99"),
    "encrypted": (encrypted, "is encrypted"),
    "file-and-folder": (file_and_folder, "both a file and a folder"),
    "long-name": (long_name, "characters long"),
    "duplicate-members": (duplicate_members, "two members are named"),
    "too-many-members": (too_many_members, "more than the 10,000 allowed"),
}


@pytest.mark.parametrize("case", list(ZIPS))
def test_a_hostile_zip_is_one_clear_line_in_bounded_memory(package_copy: Path, tmp_path: Path, case: str) -> None:
    make, expected = ZIPS[case]
    bundle = make(package_copy, tmp_path / f"{case}.zip")
    result, peak_kb = run_measured("diff", package_copy, bundle)
    assert_careful(result, codes=(2,))
    assert expected in result.stdout + result.stderr
    assert peak_kb < 600 * 1024, f"peak {peak_kb / 1024:.0f} MB"


def test_a_zip_bundle_is_validated_in_place(package_copy: Path, tmp_path: Path) -> None:
    bundle = package_zip(package_copy, tmp_path / "ok.zip")
    result = run("validate", bundle)
    assert result.returncode == 0, result.stdout
    assert "is valid" in result.stdout


def test_a_refreshed_hash_does_not_hide_a_fifo_from_hash_check(package_copy: Path) -> None:
    """`hash` must not read a pipe to compute its hash: it refuses it, and writes nothing."""
    refresh_integrity(package_copy, "data/units.csv")
    before = (package_copy / DESCRIPTOR).read_bytes()
    fifo_data(package_copy)
    assert_careful(run("hash", package_copy), codes=(2,))
    assert (package_copy / DESCRIPTOR).read_bytes() == before


def test_a_huge_paragraph_with_many_unmatched_quotes_is_judged_in_bounded_memory(package_copy: Path) -> None:
    """One 16 MB paragraph that every indicator cites, none of whose quotes it holds: each quote is searched once
    and the paragraph is never copied per row (it once took 3.4 GB)."""
    import csv

    paragraphs = package_copy / "data" / "paragraphs.csv"
    with paragraphs.open(encoding="utf-8", newline="") as stream:
        header, *rows = list(csv.reader(stream))
    rows[0][header.index("text")] = "政" * (16 * 1024 * 1024 // 3)
    with paragraphs.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows([header, *rows])
    huge = rows[0][header.index("paragraph_id")]
    indicators = package_copy / "data" / "indicators.csv"
    with indicators.open(encoding="utf-8", newline="") as stream:
        header, *rows = list(csv.reader(stream))
    for row in rows:
        row[header.index("paragraph_id")] = huge
    with indicators.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows([header, *rows])
    code = (
        "import json, sys; from shangdang_data.validate import validate\n"
        "report = validate(sys.argv[1])\n"
        "named = [p.row for p in report.problems if p.rule == 'quote-not-in-paragraph' and p.file == sys.argv[2]]\n"
        "print(json.dumps(len(named)))\n"
    )
    # measured in a grandchild (MEASURE): a direct child's ru_maxrss starts at the test process's own high-water mark
    command = [sys.executable, "-c", MEASURE, sys.executable, "-c", code, str(package_copy), "data/indicators.csv"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=True)
    named, peak_kb = json.loads(result.stdout), int(result.stderr.rpartition("\npeak-kb: ")[2])
    verbatim = [header.index("quote"), header.index("benchmark_zh")]  # a relational row also quotes its benchmark
    assert named == sum(1 for row in rows for column in verbatim if row[column])  # every quote, each named
    assert peak_kb < 600 * 1024, f"peak {peak_kb / 1024:.0f} MB"
