"""Exports: reading each one back gives exactly the canonical tables; the bundle is reproducible and checksummed."""

from __future__ import annotations

import codecs
import csv
import hashlib
import json
import re
import sqlite3
import sys
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest
from canonical import (
    INTEGER,
    OPTIONAL_CELLS,
    ROW,
    TEXT,
    Table,
    Value,
    canonical,
    resource_names,
    same,
    schema_of,
    write_synthetic_package,
)
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shangdang_data.cli import cli
from shangdang_data.descriptor import read_descriptor
from shangdang_data.export import FORMATS, count_steps, export_package, writer
from shangdang_data.export.bundle import SUMS_NAME, ZIP_TIME, bundle_name, export_bundle_file, write_bundle
from shangdang_data.export.sqlite import column_type
from shangdang_data.export.xlsx import escape_text
from shangdang_data.problems import MissingExtraError, TableReadError

REPO = Path(__file__).resolve().parents[1]
TABLES = resource_names(REPO)


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory, package_dir: Path) -> Path:
    """`export --format all` of the real package, once per session."""
    out = tmp_path_factory.mktemp("export")
    export_package("all", out, path=package_dir)
    return out


# --- readers: each export back to (columns, rows) -----------------------------------------------


def typed(kind: str, value: Any) -> Value:
    """A value read back from an export, as the schema types it (numbers stay numbers, text stays text)."""
    if value is None or kind == "string":
        return value  # type: ignore[no-any-return]
    if kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return value  # type: ignore[no-any-return]


def kinds(root: Path, name: str) -> dict[str, str]:
    return {f["name"]: f.get("type", "string") for f in schema_of(root, name)["fields"]}


OOXML_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")


def ooxml_text(value: Any) -> Any:
    """Decode `_xHHHH_` escapes in a string as Excel does (openpyxl leaves them as they are)."""
    return OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value) if isinstance(value, str) else value


def read_xlsx(file: Path, root: Path, name: str) -> Table:
    sheet = openpyxl.load_workbook(file)[name]
    rows = [[ooxml_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    header = tuple(str(c) for c in rows[0])
    types = kinds(root, name)
    return header, [tuple(typed(types[c], v) for c, v in zip(header, row, strict=True)) for row in rows[1:]]


def read_sqlite(file: Path, root: Path, name: str) -> Table:
    with sqlite3.connect(file) as connection:
        cursor = connection.execute(f'SELECT * FROM "{name}" ORDER BY rowid')
        header = tuple(d[0] for d in cursor.description)
        return header, [tuple(row) for row in cursor.fetchall()]


def read_parquet(file: Path, root: Path, name: str) -> Table:
    table = pq.read_table(file)
    return tuple(table.column_names), [tuple(row.values()) for row in table.to_pylist()]


def read_csv_bom(file: Path, root: Path, name: str) -> Table:
    content = file.read_bytes()
    assert content.startswith(codecs.BOM_UTF8)
    original = root / "data" / f"{name}.csv"
    assert content[len(codecs.BOM_UTF8) :] == original.read_bytes()
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder)
        for part in ("datapackage.json", "schemas"):
            (copy / part).symlink_to(root / part)
        (copy / "data").mkdir()
        (copy / "data" / f"{name}.csv").write_text(content.decode("utf-8-sig"), encoding="utf-8", newline="")
        return canonical(copy, name)


READERS = {"xlsx": read_xlsx, "sqlite": read_sqlite, "parquet": read_parquet, "csv-bom": read_csv_bom}


def export_file(out: Path, fmt: str, name: str, stem: str) -> Path:
    return {
        "xlsx": out / "xlsx" / f"{stem}.xlsx",
        "sqlite": out / "sqlite" / "shangdang.db",
        "parquet": out / "parquet" / f"{name}.parquet",
        "csv-bom": out / "csv-bom" / f"{name}.csv",
    }[fmt]


def assert_same_table(got: Table, expected: Table) -> None:
    assert got[0] == expected[0]
    assert len(got[1]) == len(expected[1])
    for line, (a, b) in enumerate(zip(got[1], expected[1], strict=True), start=2):
        assert same(a, b), f"line {line}: {a} != {b}"


@pytest.mark.parametrize("name", TABLES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_export_reads_back_as_the_canonical_table(exported: Path, package_dir: Path, fmt: str, name: str) -> None:
    file = export_file(exported, fmt, name, read_descriptor(package_dir).name)
    assert_same_table(READERS[fmt](file, package_dir, name), canonical(package_dir, name))


# --- any text and number survives every export ---------------------------------------------------


def unsupported_in_xlsx(rows: list[tuple[Any, ...]]) -> bool:
    for row in rows:
        if isinstance(row[1], str):
            try:
                escape_text(row[1])
            except ValueError:
                return True
    return False


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(ROW, max_size=5, unique_by=lambda row: row[0]))
def test_exports_round_trip_any_text_and_number(rows: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = write_synthetic_package(Path(folder) / "package", rows)
        package = read_descriptor(root)
        expected = canonical(root, "t")
        out = Path(folder) / "out"
        for fmt in FORMATS:
            if fmt == "xlsx" and unsupported_in_xlsx(rows):
                with pytest.raises(TableReadError, match=r"data/t.csv: line \d+, column text: character U\+"):
                    writer(fmt)(package, out)
                continue
            writer(fmt)(package, out)
            assert_same_table(READERS[fmt](export_file(out, fmt, "t", "synthetic"), root, "t"), expected)


#: Rows whose text is as often plain as hostile, so that both halves of the property are exercised.
PLAIN_TEXT = st.text(st.characters(exclude_categories=["Cs", "Cc"]), min_size=1)
MIXED_ROW = st.tuples(INTEGER, st.one_of(st.none(), PLAIN_TEXT, PLAIN_TEXT, TEXT), *OPTIONAL_CELLS)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(MIXED_ROW, min_size=1, max_size=3, unique_by=lambda row: row[0]))
def test_what_validate_accepts_every_loader_and_export_reads_back(rows: list[tuple[Any, ...]]) -> None:
    """For any cells: either `validate` refuses the table, or every loader and export gives it back as written."""
    import shangdang_data as sd
    from shangdang_data import _read
    from shangdang_data.validate import validate

    with tempfile.TemporaryDirectory() as folder:
        root = write_synthetic_package(Path(folder) / "package", rows)
        if not validate(root).valid:
            return  # refused: no consumer is asked to hold it
        package = read_descriptor(root)
        header, expected = canonical(root, "t")
        out = Path(folder) / "out"
        for fmt in FORMATS:
            writer(fmt)(package, out)
            assert_same_table(READERS[fmt](export_file(out, fmt, "t", "synthetic"), root, "t"), (header, expected))
        for frame in (sd.load("t", path=root), _read._read_pandas_c(package, package.resource("t"))):
            got = [tuple(None if pd.isna(v) else v for v in row) for row in frame.itertuples(index=False)]
            assert_same_table((tuple(frame.columns), [tuple(plain(v) for v in row) for row in got]), (header, expected))
        polars = sd.load("t", path=root, engine="polars")
        assert_same_table((tuple(polars.columns), [tuple(r) for r in polars.rows()]), (header, expected))
        records = [tuple(getattr(r, c) for c in header) for r in sd.records("t", path=root)]
        assert_same_table((header, records), (header, expected))


def plain(value: Any) -> Any:
    """A numpy scalar as the Python value it holds."""
    return value.item() if hasattr(value, "item") and not isinstance(value, str) else value


def test_a_formula_is_stored_as_text(tmp_path: Path) -> None:
    formula = '=HYPERLINK("http://example.com","click")'
    root = write_synthetic_package(tmp_path / "package", [(1, formula, None, None, None)])
    (file,) = writer("xlsx")(read_descriptor(root), tmp_path / "out")
    cell = openpyxl.load_workbook(file)["t"]["B2"]
    assert (cell.value, cell.data_type, cell.number_format) == (formula, "s", "@")
    assert b"<f>" not in zipfile.ZipFile(file).read("xl/worksheets/sheet2.xml")


# --- what each format promises besides the values ------------------------------------------------


def test_xlsx_has_a_readme_sheet_and_frozen_fitted_headers(exported: Path, package_dir: Path) -> None:
    package = read_descriptor(package_dir)
    workbook = openpyxl.load_workbook(export_file(exported, "xlsx", "", package.name))
    assert workbook.sheetnames == ["README", *TABLES]
    readme = [" ".join(str(c) for c in row if c is not None) for row in workbook["README"].iter_rows(values_only=True)]
    text = "\n".join(readme)
    for part in (package.title, package.version, "CC-BY-4.0", "2023-06-16", "长治市上党区政府工作报告"):
        assert part in text
    assert "actual = 实绩 / actual; target = 目标 / target" in text  # enum labels, as the schemas give them
    for table in package.tables:
        for field in table.fields:
            assert any(line.startswith(f"{table.name} {field.name} {field.type}") for line in readme), field.name
        sheet = workbook[table.name]
        assert sheet.freeze_panes == "A2"
        assert all(sheet.cell(row=1, column=c).font.bold for c in range(1, len(table.fields) + 1))
        widths = [sheet.column_dimensions[letter].width for letter in sheet.column_dimensions]
        assert widths
        assert all(6 <= w <= 62 for w in widths)


def test_sqlite_has_the_schema_types_and_keys(exported: Path, package_dir: Path) -> None:
    database = exported / "sqlite" / "shangdang.db"
    with sqlite3.connect(database) as connection:
        for table in read_descriptor(package_dir).tables:
            info = {row[1]: row for row in connection.execute(f'PRAGMA table_info("{table.name}")')}
            assert list(info) == list(table.field_names)
            for field in table.fields:
                _, _, sql_type, not_null, _, pk = info[field.name]
                assert sql_type == column_type(field, table)
                assert sql_type.startswith({"integer": "INT", "number": "NUMERIC"}.get(field.type, "TEXT"))
                assert bool(not_null) == field.required
                assert pk == (table.primary_key.index(field.name) + 1 if field.name in table.primary_key else 0)
            keys = {(row[3], row[2], row[4]) for row in connection.execute(f'PRAGMA foreign_key_list("{table.name}")')}
            expected = {
                (column, key.resource, referenced)
                for key in table.foreign_keys
                for column, referenced in zip(key.fields, key.reference_fields, strict=True)
            }
            assert keys == expected, table.name


def test_sqlite_stores_whole_numbers_as_integers_and_fractions_as_reals(exported: Path, package_dir: Path) -> None:
    """`367` in the CSV is the integer 367 in SQLite (datasette shows 367, not 367.0); `6.5` stays a real."""
    spec = read_descriptor(package_dir)
    with sqlite3.connect(exported / "sqlite" / "shangdang.db") as connection:
        for table in spec.tables:
            numbers = [f.name for f in table.fields if f.type in ("number", "integer")]
            if not numbers:
                continue
            with (package_dir / table.path).open(encoding="utf-8", newline="") as stream:
                cells = list(csv.DictReader(stream))
            selected = ", ".join(f'typeof("{n}")' for n in numbers)
            stored = connection.execute(f'SELECT {selected} FROM "{table.name}" ORDER BY rowid').fetchall()
            for row, types in zip(cells, stored, strict=True):
                for name, stored_type in zip(numbers, types, strict=True):
                    text = row[name]
                    whole = text != "" and (Decimal(text) == Decimal(text).to_integral_value())
                    expected = "null" if text == "" else "integer" if whole else "real"
                    assert stored_type == expected, (table.name, name, text)


@pytest.mark.parametrize(
    ("table", "query"), [("indicators", "原煤产量"), ("paragraphs", "专业镇"), ("glossary", "Chain")]
)
def test_sqlite_full_text_search_finds_every_row_that_contains_the_words(
    exported: Path, package_dir: Path, table: str, query: str
) -> None:
    from shangdang_data.export.sqlite import search_columns

    spec = read_descriptor(package_dir).resource(table)
    columns = search_columns(spec)
    with (package_dir / spec.path).open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    key = spec.primary_key[0]
    expected = {r[key] for r in rows if any(query.lower() in r[c].lower() for c in columns)}
    assert expected, f"{query!r} is in no {table} row: pick another word"
    with sqlite3.connect(exported / "sqlite" / "shangdang.db") as connection:
        matching = f'SELECT rowid FROM "{table}_fts" WHERE "{table}_fts" MATCH ?'
        found = connection.execute(f'SELECT "{key}" FROM "{table}" WHERE rowid IN ({matching})', (f'"{query}"',))
        found = found.fetchall()
    assert {r[0] for r in found} == expected


def test_sqlite_refuses_a_value_outside_an_enum(package_copy: Path, tmp_path: Path) -> None:
    units = package_copy / "data" / "units.csv"
    units.write_text(units.read_text(encoding="utf-8").replace(",money,", ",weight,", 1), encoding="utf-8")
    with pytest.raises(TableReadError, match="CHECK constraint"):
        writer("sqlite")(read_descriptor(package_copy), tmp_path)


def test_datasette_metadata_describes_every_table_and_column(exported: Path, package_dir: Path) -> None:
    package = read_descriptor(package_dir)
    metadata = json.loads((exported / "sqlite" / "metadata.json").read_text(encoding="utf-8"))
    assert metadata["title"] == package.title
    assert metadata["license"] == "CC-BY-4.0"
    assert metadata["license_url"].startswith("https://creativecommons.org/")
    assert "长治市上党区政府工作报告" in metadata["source"]
    tables = metadata["databases"]["shangdang"]["tables"]
    assert list(tables) == TABLES
    for table in package.tables:
        assert tables[table.name]["title"].startswith(table.title)
        assert tables[table.name]["description"] == table.description
        assert list(tables[table.name]["columns"]) == list(table.field_names)
        assert all(tables[table.name]["columns"].values())


def test_parquet_has_the_schema_types(exported: Path, package_dir: Path) -> None:
    import pyarrow as pa

    for table in read_descriptor(package_dir).tables:
        schema = pq.read_schema(exported / "parquet" / f"{table.name}.parquet")
        table_schema = (package_dir / table.schema_path).read_text(encoding="utf-8")
        assert schema.metadata[b"shangdang_data:table_schema"].decode() == table_schema
        for field in table.fields:
            arrow = schema.field(field.name)
            if field.enum is not None:
                assert pa.types.is_dictionary(arrow.type)
            else:
                assert arrow.type == {"integer": pa.int64(), "number": pa.float64()}.get(field.type, pa.string())
            assert arrow.nullable == (not field.required)
            assert arrow.metadata[b"title"].decode() == field.title


def test_pandas_reads_parquet_enums_as_the_loader_categoricals(exported: Path, package_dir: Path) -> None:
    import pandas as pd

    from shangdang_data import load

    frame = pd.read_parquet(exported / "parquet" / "units.parquet")
    assert frame["dimension"].dtype == load("units", path=package_dir)["dimension"].dtype


# --- the bundle -------------------------------------------------------------------------------


def test_the_bundle_is_sorted_fixed_and_checksummed(exported: Path, package_dir: Path) -> None:
    package = read_descriptor(package_dir)
    top = bundle_name(package)
    with zipfile.ZipFile(exported / export_bundle_file(package)) as archive:
        infos = archive.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names)
        assert all(name.startswith(f"{top}/") for name in names)
        assert {i.date_time for i in infos} == {ZIP_TIME}
        assert {i.external_attr >> 16 for i in infos} == {0o100644}
        files = {name.removeprefix(f"{top}/"): archive.read(name) for name in names}
    for required in ("datapackage.json", "README.md", "LICENSE", "xlsx/shangdang-data.xlsx", "sqlite/shangdang.db"):
        assert required in files
    for table in package.tables:
        assert files[table.path] == (package_dir / table.path).read_bytes()
        assert files[table.schema_path] == (package_dir / table.schema_path).read_bytes()
        assert f"parquet/{table.name}.parquet" in files
        assert f"csv-bom/{table.name}.csv" in files
    assert files[package.source_path] == (package_dir / package.source_path).read_bytes()
    listed = {}
    for line in files[SUMS_NAME].decode().splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    assert set(listed) == set(files) - {SUMS_NAME}
    assert all(hashlib.sha256(files[name]).hexdigest() == digest for name, digest in listed.items())


def test_the_export_folder_checksums_verify(exported: Path) -> None:
    lines = (exported / SUMS_NAME).read_text(encoding="utf-8").splitlines()
    assert len(lines) == len([p for p in exported.rglob("*") if p.is_file()]) - 1
    for line in lines:
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((exported / name).read_bytes()).hexdigest() == digest, name


def test_the_bundle_is_byte_identical_when_built_again(exported: Path, package_dir: Path, tmp_path: Path) -> None:
    package = read_descriptor(package_dir)
    name = export_bundle_file(package)
    (again,) = write_bundle(package, tmp_path / "again")
    files = [p for p in exported.rglob("*") if p.is_file() and p.parent != exported]
    (reused,) = write_bundle(
        package, tmp_path / "reused", exports={p.relative_to(exported).as_posix(): p for p in files}
    )
    assert again.read_bytes() == (exported / name).read_bytes()
    assert reused.read_bytes() == (exported / name).read_bytes()


# --- missing extras, the command ---------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "module"), [("xlsx", "openpyxl"), ("parquet", "pyarrow")])
def test_a_missing_extra_names_the_pip_command(
    monkeypatch: pytest.MonkeyPatch, package_dir: Path, tmp_path: Path, fmt: str, module: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(MissingExtraError, match=r"pip install 'shangdang-data\[export\]'") as raised:
        writer(fmt)(read_descriptor(package_dir), tmp_path)
    assert isinstance(raised.value, ImportError)
    result = CliRunner().invoke(cli, ["export", "--format", fmt, "--out", str(tmp_path), str(package_dir)])
    assert result.exit_code == 2
    assert "shangdang-data[export]" in result.output
    assert "Traceback" not in result.output


def test_the_export_command_writes_files_and_shows_progress(package_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--format", "csv-bom", "--out", str(tmp_path), str(package_dir)])
    assert result.exit_code == 0, result.output
    listed = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert listed == [str(tmp_path / "csv-bom" / f"{name}.csv") for name in TABLES]
    assert "exporting" in result.stderr
    assert count_steps("csv-bom", read_descriptor(package_dir)) == len(TABLES)
    assert count_steps("all", read_descriptor(package_dir)) == len(FORMATS) * len(TABLES) + 1


def test_a_stale_file_in_the_output_folder_stays_out_of_the_bundle(package_dir: Path, tmp_path: Path) -> None:
    stale = tmp_path / "parquet" / "removed_table.parquet"
    stale.parent.mkdir()
    stale.write_bytes(b"old")
    written = export_package("all", tmp_path, path=package_dir)
    assert stale not in written
    (bundle,) = [p for p in written if p.suffix == ".zip"]
    assert not [n for n in zipfile.ZipFile(bundle).namelist() if n.endswith("removed_table.parquet")]
