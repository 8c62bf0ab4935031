"""`validate`: the real package, every bad input of tests/mutations.py, and random corruption."""

from __future__ import annotations

import builtins
import csv
import io
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutations import MUTATIONS, Expected, Mutation, copy_package

from shangdang_data.field_types import FIELD_TYPES
from shangdang_data.problems import Problem, Report, Rule
from shangdang_data.validate import validate


def triples(report: Report) -> Expected:
    return {(p.rule, p.file, p.row) for p in report.problems}


@pytest.fixture(scope="session")
def baseline(package_dir: Path) -> Report:
    """The real package's report: mutations must add exactly their own problems to it."""
    return validate(package_dir)


def test_real_package_is_valid(baseline: Report) -> None:
    assert [p.to_text() for p in baseline.problems] == []
    assert baseline.rows["paragraphs"] > 0
    assert set(baseline.rows) >= {"sections", "paragraphs", "indicators", "glossary"}


def test_shipped_package_is_validated_by_default(baseline: Report) -> None:
    report = validate()
    assert report.valid == baseline.valid
    assert report.rows == baseline.rows


@pytest.mark.parametrize("mutation", [pytest.param(m, id=m.id) for m in MUTATIONS])
def test_bad_input_is_named_precisely(package_copy: Path, baseline: Report, mutation: Mutation) -> None:
    expected = mutation.edit(package_copy)
    report = validate(package_copy)
    found = triples(report)
    assert not expected & triples(baseline), "the unmutated package already has the expected problem"
    assert found - triples(baseline) == expected, report.to_text()
    assert all(p.message for p in report.problems)


@pytest.mark.parametrize("mutation", [pytest.param(m, id=m.id) for m in MUTATIONS])
def test_long_tables_judged_on_distinct_values_report_the_same(
    package_copy: Path, monkeypatch: pytest.MonkeyPatch, mutation: Mutation
) -> None:
    """A table over `DISTINCT_FROM` rows is judged on its distinct values: the problems must be the very same."""
    from shangdang_data.checks import structure

    mutation.edit(package_copy)
    by_rows = [p.to_text() for p in validate(package_copy).problems]
    monkeypatch.setattr(structure, "DISTINCT_FROM", 0)
    assert [p.to_text() for p in validate(package_copy).problems] == by_rows


def test_every_rule_has_a_description_and_a_bad_input(tmp_path: Path, package_dir: Path) -> None:
    """Each rule is described, and each is the expected outcome of some mutation, except two tested below."""
    assert all(rule.description for rule in Rule)
    covered: set[Rule] = set()
    for index, mutation in enumerate(MUTATIONS):
        copy = tmp_path / str(index)
        shutil.copytree(package_dir, copy, ignore=shutil.ignore_patterns(".*", "src", "tests", "docs", "*.toml"))
        covered |= {rule for rule, _, _ in mutation.edit(copy)}
    # descriptor-missing: test_missing_package_is_fatal; check-crashed: test_crashing_check_becomes_a_problem
    assert set(Rule) - covered == {Rule.DESCRIPTOR_MISSING, Rule.CHECK_CRASHED}


def test_gbk_message_names_the_encoding_and_the_fix(package_copy: Path) -> None:
    expected = next(m for m in MUTATIONS if m.id == "gbk-encoding").edit(package_copy)
    (problem,) = (p for p in validate(package_copy).problems if p.rule == Rule.ENCODING)
    assert (problem.rule, problem.file, problem.row) in expected
    assert "GB18030/GBK" in problem.message
    assert "UTF-8" in problem.message


@pytest.mark.parametrize("mutation_id", ["gbk-encoding", "utf8-bom", "nul-bytes", "utf16-encoding"])
def test_large_files_get_the_same_byte_checks(
    package_copy: Path, monkeypatch: pytest.MonkeyPatch, mutation_id: str
) -> None:
    """Over `UTF8_IN_PARSER` bytes the parser checks UTF-8: the problem reported is the same."""
    from shangdang_data.checks import files

    monkeypatch.setattr(files, "UTF8_IN_PARSER", 0)
    expected = next(m for m in MUTATIONS if m.id == mutation_id).edit(package_copy)
    assert triples(validate(package_copy)) == expected


def spy_on_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every path opened or stat-ed by any means the package could use."""
    import os

    touched: list[str] = []

    def spying(real: Any) -> Any:
        def spy(file: Any, *args: Any, **kwargs: Any) -> Any:
            touched.append(str(file))
            return real(file, *args, **kwargs)

        return spy

    for module, name in ((builtins, "open"), (io, "open"), (os, "open"), (os, "stat"), (os, "lstat")):
        monkeypatch.setattr(module, name, spying(getattr(module, name)))
    return touched


def test_unsafe_paths_are_never_opened_or_fetched(package_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Absolute, `..` and URL paths are refused from the string alone: no open, stat or connection."""
    outside = package_copy.parent / "outside.csv"
    outside.write_text("secret\n")
    text = (package_copy / "datapackage.json").read_text(encoding="utf-8")
    text = text.replace('"data/errata.csv"', f'"{outside}"').replace('"data/towns.csv"', '"../outside.csv"')
    text = text.replace('"schemas/chains.json"', '"https://example.invalid/chains.json"')
    (package_copy / "datapackage.json").write_text(text, encoding="utf-8")

    def no_network(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"network access: {args}")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    touched = spy_on_files(monkeypatch)
    report = validate(package_copy)
    unsafe = [p for p in report.problems if p.rule == Rule.UNSAFE_PATH]
    assert len(unsafe) == 3
    assert any("indicators.csv" in t for t in touched)  # the spy sees the files that are read
    assert not [t for t in touched if "outside" in t or "example.invalid" in t]


def test_too_large_file_is_not_read(package_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    target = package_copy / "data" / "errata.csv"
    with target.open("r+b") as stream:
        stream.truncate(60 * 1024 * 1024)
    read: list[int] = []
    real_read = os.read

    def spy(descriptor: int, size: int) -> bytes:
        chunk = real_read(descriptor, size)
        read.append(len(chunk))
        return chunk

    monkeypatch.setattr(os, "read", spy)
    report = validate(package_copy)
    assert (Rule.FILE_TOO_LARGE, "data/errata.csv", None) in triples(report)
    assert read  # the other files were read
    assert sum(read) < 10 * 1024 * 1024  # but not the 60 MB one


def test_size_limit_is_a_setting(package_dir: Path) -> None:
    metadata = [package_dir / "datapackage.json", *(package_dir / "schemas").glob("*.json")]
    limit = max(path.stat().st_size for path in metadata)
    report = validate(package_dir, max_bytes=limit)
    too_large = {p.file for p in report.problems if p.rule == Rule.FILE_TOO_LARGE}
    data = [p for p in (package_dir / "data").rglob("*") if p.is_file()]
    big = {p.relative_to(package_dir).as_posix() for p in data if p.stat().st_size > limit}
    assert big
    assert too_large == big
    assert not {name for name, _ in report.rows.items() if f"data/{name}.csv" in big}


def test_all_problems_are_reported_not_the_first(package_copy: Path) -> None:
    """Three independent edits in three files: all three are reported."""
    expected: Expected = set()
    for mutation_id in ("utf8-bom", "enum", "numbering-gap"):
        expected |= next(m for m in MUTATIONS if m.id == mutation_id).edit(package_copy)
    assert expected <= triples(validate(package_copy))
    assert len(expected) == 3


def test_missing_package_is_fatal(tmp_path: Path) -> None:
    report = validate(tmp_path / "nowhere")
    assert report.fatal
    assert [p.rule for p in report.problems] == [Rule.DESCRIPTOR_MISSING]


def test_malformed_descriptor_is_fatal_and_located(package_copy: Path) -> None:
    expected = next(m for m in MUTATIONS if m.id == "malformed-json").edit(package_copy)
    report = validate(package_copy)
    assert report.fatal
    assert triples(report) == expected


def test_crashing_check_becomes_a_problem(package_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from shangdang_data.checks import keys

    def broken(*args: Any) -> Any:
        raise ZeroDivisionError("boom")
        yield

    monkeypatch.setattr(keys, "check_foreign_keys", broken)
    report = validate(package_copy)
    crashed = [p for p in report.problems if p.rule == Rule.CHECK_CRASHED]
    assert crashed
    assert all("foreign-keys" in p.message and "ZeroDivisionError" in p.message for p in crashed)
    assert {p.rule for p in report.problems} == {Rule.CHECK_CRASHED}


def test_a_crash_in_the_descriptor_check_stops_validation(package_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing can be checked without the descriptor: its check crashing is fatal, with no follow-on problems."""
    from shangdang_data.checks import descriptor

    def broken(*args: Any) -> Any:
        raise ZeroDivisionError("boom")
        yield

    monkeypatch.setattr(descriptor, "read_descriptor_file", broken)
    report = validate(package_copy)
    assert report.fatal
    assert [p.rule for p in report.problems] == [Rule.CHECK_CRASHED]


def test_validate_imports_no_pandera_pandas_or_frictionless(package_dir: Path) -> None:
    code = (
        "import sys; from shangdang_data.validate import validate; "
        f"r = validate({str(package_dir)!r}); assert r.valid, r.to_text(); "
        "print(sorted(m for m in ('pandera', 'pandas', 'frictionless') if m in sys.modules))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"


# --- property-based: random corruption never crashes the validator ---------------------------------

CSV_FILES = ["data/indicators.csv", "data/units.csv", "data/glossary.csv", "data/paragraphs.csv", "data/projects.csv"]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the package that each example restores after editing."""
    return copy_package(tmp_path_factory.mktemp("pristine") / "package")


def assert_no_crash(report: Report) -> None:
    crashed = [p.to_text() for p in report.problems if p.rule == Rule.CHECK_CRASHED]
    assert not crashed


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    file=st.sampled_from(CSV_FILES),
    row=st.integers(min_value=0, max_value=300),
    column=st.integers(min_value=0, max_value=30),
    value=st.text(max_size=20),
)
def test_random_cell_edits_never_crash(pristine: Path, file: str, row: int, column: int, value: str) -> None:
    path = pristine / file
    original = path.read_bytes()
    try:
        header, *rows = list(csv.reader(io.StringIO(original.decode("utf-8"), newline="")))
        table = [header, *rows]
        target = table[row % len(table)]
        target[column % len(target)] = value
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(table)
        path.write_bytes(buffer.getvalue().encode("utf-8"))
        report = validate(pristine)
        assert_no_crash(report)
        assert isinstance(report.to_json(), str)
    finally:
        path.write_bytes(original)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    file=st.sampled_from([*CSV_FILES, "datapackage.json", "schemas/indicators.json", "schemas/glossary.json"]),
    position=st.floats(min_value=0, max_value=1),
    junk=st.binary(min_size=0, max_size=8),
    cut=st.integers(min_value=0, max_value=8),
    utf8_in_parser=st.booleans(),
)
def test_random_byte_corruption_never_crashes(
    pristine: Path, file: str, position: float, junk: bytes, cut: int, utf8_in_parser: bool
) -> None:
    """Bytes inserted or cut anywhere; large-file mode (UTF-8 checked by the parser) half of the time."""
    from shangdang_data.checks import files

    path = pristine / file
    original = path.read_bytes()
    limit = files.UTF8_IN_PARSER
    files.UTF8_IN_PARSER = 0 if utf8_in_parser else limit
    try:
        at = int(position * len(original))
        path.write_bytes(original[:at] + junk + original[at + cut :])
        report = validate(pristine)
        assert_no_crash(report)
        assert all(isinstance(p, Problem) for p in report.problems)
    finally:
        path.write_bytes(original)
        files.UTF8_IN_PARSER = limit


def test_unreadable_file_is_a_problem(package_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    target = os.path.realpath(package_copy / "data" / "errata.csv")
    real = os.open

    def denied(path: Any, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path) == target:
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    report = validate(package_copy)
    assert triples(report) == {(Rule.FILE_MISSING, "data/errata.csv", None)}
    assert "Permission denied" in report.problems[0].message


def test_a_bug_outside_the_checks_is_still_a_report(package_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = sys.modules["shangdang_data.validate"]

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(module, "CheckContext", broken)
    report = validate(package_copy)
    assert report.fatal
    assert [p.rule for p in report.problems] == [Rule.CHECK_CRASHED]


CELL_TEXT = st.one_of(
    st.text(alphabet="0123456789+-.eE naNIiFftyrulsT:_", max_size=12),
    st.sampled_from(
        [
            *("+1", "-1", "inf", "-inf", "NaN", "nan", "Infinity", "1e5", ".5", "5.", "1_0", " 3", "3 ", "1e400"),
            *("99999999999999999999", "-9223372036854775808", "9223372036854775808", "True", "1", "0"),
            *("2023-06-16", "2023-02-30", "0000-01-01", "1899-12-31", "2023-6-1", "2023", "0999", "１２"),
        ]
    ),
)


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(sorted(set(FIELD_TYPES) - {"string"})), text=CELL_TEXT.filter(lambda t: t.strip() != ""))
def test_type_rule_accepts_exactly_what_the_loader_reads(kind: str, text: str) -> None:
    """For every type of the registry: what `validate` accepts, `parse_cell` (records, exports) reads, and back."""
    import polars as pl

    from shangdang_data.checks.structure import RAGGED
    from shangdang_data.checks.tables import type_rules
    from shangdang_data.descriptor import FieldSpec
    from shangdang_data.field_types import parse_cell

    field = FieldSpec(name="x", type=kind, title="x", title_zh="", description="", description_zh="")
    frame = pl.DataFrame({"x": [text], RAGGED: [False]})
    type_rule = type_rules(field, pl.col("x"), pl.lit(True))[0]
    flagged = frame.select(type_rule.mask.fill_null(False)).item()
    try:
        parse_cell(field.kind, text)
        loads = True
    except ValueError:
        loads = False
    assert flagged != loads, f"{kind} {text!r}: validate flags it {flagged}, the loader reads it {loads}"
