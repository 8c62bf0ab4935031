"""The exports as real clients read them: pandas, polars, DuckDB, datasette and LibreOffice.

Each client reads the files with its defaults, or with the exact call that
docs/howto/other-tools.md documents (whose snippets run here, in an unpacked
export folder). Expected values come from the canonical CSVs, read with `csv`.
"""

from __future__ import annotations

import asyncio
import csv
import json
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import polars as pl
import pytest

import shangdang_data as sd
from shangdang_data.descriptor import TableSpec, read_descriptor
from shangdang_data.export import export_package

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
SPEC = read_descriptor(REPO)
TABLES = SPEC.table_names
DUCKDB_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE"}


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`export --format all`, with the canonical `data/` beside it: the layout of the unpacked bundle."""
    out = tmp_path_factory.mktemp("exports")
    export_package("all", out, path=REPO)
    shutil.copytree(REPO / "data", out / "data")
    return out


def rows_of(table: TableSpec) -> list[dict[str, str]]:
    with (REPO / table.path).open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def whole_number_columns(table: TableSpec) -> set[str]:
    """`number` columns whose filled cells are all whole numbers: type inference calls them integers."""
    rows = rows_of(table)
    return {
        f.name
        for f in table.fields
        if f.type == "number"
        and any(r[f.name] for r in rows)
        and all(Decimal(r[f.name]) == Decimal(r[f.name]).to_integral_value() for r in rows if r[f.name])
    }


def test_the_other_tools_page_runs(exports: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (DOCS / "howto" / "other-tools.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)
    assert len(blocks) >= 4
    monkeypatch.chdir(exports)
    for number, code in enumerate(blocks, start=1):
        exec(compile(code, f"other-tools.md:block{number}", "exec"), {})


# --- pandas -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", TABLES)
def test_pandas_reads_the_parquet_export_as_load_does(exports: Path, name: str) -> None:
    frame = pd.read_parquet(exports / "parquet" / f"{name}.parquet", dtype_backend="numpy_nullable")
    loaded = sd.load(name)
    assert list(frame.columns) == list(loaded.columns)
    for column in loaded.columns:
        assert frame[column].astype(object).where(frame[column].notna(), None).tolist() == (
            loaded[column].astype(object).where(loaded[column].notna(), None).tolist()
        ), column


@pytest.mark.parametrize("name", TABLES)
def test_pandas_reads_every_csv_cell_as_written_with_the_documented_call(name: str) -> None:
    table = SPEC.resource(name)
    frame = pd.read_csv(REPO / table.path, dtype=str, keep_default_na=False)
    assert frame.to_dict("records") == rows_of(table)


# --- polars -----------------------------------------------------------------------------------------------------


def test_polars_defaults_misread_the_indicators_which_is_why_the_page_says_more() -> None:
    with pytest.raises(pl.exceptions.ComputeError, match="2023-2025"):
        pl.read_csv(REPO / "data" / "indicators.csv")


@pytest.mark.parametrize("name", TABLES)
def test_polars_reads_every_csv_with_the_schema_types_when_it_sees_every_row(name: str) -> None:
    table = SPEC.resource(name)
    frame = pl.read_csv(REPO / table.path, infer_schema_length=None)
    whole = whole_number_columns(table)
    for field in table.fields:
        expected = "Int64" if field.name in whole else field.kind.polars
        assert str(frame.schema[field.name]) == expected, field.name
    overridden = pl.read_csv(
        REPO / table.path, infer_schema_length=None, schema_overrides=dict.fromkeys(whole, pl.Float64)
    )
    assert {k: str(v) for k, v in overridden.schema.items()} == {f.name: f.kind.polars for f in table.fields}
    texts = rows_of(table)
    for field in table.fields:
        values = overridden.get_column(field.name).to_list()
        assert [field.kind.format(v) if v is not None else "" for v in values] == [r[field.name] for r in texts]


@pytest.mark.parametrize("name", TABLES)
def test_polars_reads_the_parquet_export_with_its_types(exports: Path, name: str) -> None:
    frame = pl.read_parquet(exports / "parquet" / f"{name}.parquet")
    for field in SPEC.resource(name).fields:
        expected = "Categorical" if field.enum is not None else field.kind.polars
        assert str(frame.schema[field.name]) == expected, field.name


# --- DuckDB -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", TABLES)
def test_duckdb_reads_every_csv_with_the_schema_types(name: str) -> None:
    table = SPEC.resource(name)
    whole = whole_number_columns(table)
    found = duckdb.sql(f"SELECT * FROM read_csv('{REPO / table.path}')")
    types = dict(zip(found.columns, map(str, found.types), strict=True))
    assert types == {f.name: "BIGINT" if f.name in whole else DUCKDB_TYPES[f.type] for f in table.fields}
    if whole:  # the documented call
        overrides = ", ".join(f"'{c}': 'DOUBLE'" for c in sorted(whole))
        exact = duckdb.sql(f"SELECT * FROM read_csv('{REPO / table.path}', types = {{{overrides}}})")
        assert dict(zip(exact.columns, map(str, exact.types), strict=True)) == {
            f.name: DUCKDB_TYPES[f.type] for f in table.fields
        }


@pytest.mark.parametrize("name", TABLES)
def test_duckdb_reads_the_parquet_export_with_its_types_and_rows(exports: Path, name: str) -> None:
    table = SPEC.resource(name)
    found = duckdb.sql(f"SELECT * FROM '{exports / 'parquet' / f'{name}.parquet'}'")
    assert dict(zip(found.columns, map(str, found.types), strict=True)) == {
        f.name: DUCKDB_TYPES[f.type] for f in table.fields
    }
    assert found.count("*").fetchall()[0][0] == len(rows_of(table))


# --- datasette ---------------------------------------------------------------------------------------------------


def datasette_get(exports: Path, url: str) -> Any:
    from datasette.app import Datasette

    folder = exports / "sqlite"
    metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))

    async def get() -> Any:
        app = Datasette([str(folder / "shangdang.db")], metadata=metadata)
        await app.invoke_startup()
        return await app.client.get(url)

    return asyncio.run(get())


@pytest.mark.parametrize(
    ("name", "query"), [("indicators", "原煤产量"), ("paragraphs", "专业镇"), ("glossary", "Chain")]
)
def test_datasette_search_box_finds_the_rows_that_hold_the_words(exports: Path, name: str, query: str) -> None:
    from shangdang_data.export.sqlite import search_columns

    table = SPEC.resource(name)
    key = table.primary_key[0]
    expected = [r[key] for r in rows_of(table) if any(query.lower() in r[c].lower() for c in search_columns(table))]
    assert expected
    response = datasette_get(exports, f"/shangdang/{name}.json?_search={query}&_shape=array&_size=max")
    assert response.status_code == 200, response.text
    assert sorted(row[key] for row in response.json()) == sorted(expected)
    page = datasette_get(exports, f"/shangdang/{name}")
    assert 'name="_search"' in page.text  # the search box is shown: datasette found the index


def test_datasette_shows_whole_numbers_without_a_decimal_point(exports: Path) -> None:
    row = next(r for r in rows_of(SPEC.resource("indicators")) if r["indicator_id"] == "2022-gdp")
    page = datasette_get(exports, "/shangdang/indicators?indicator_id=2022-gdp")
    cell = re.search(r'<td class="col-value[^"]*"[^>]*>([^<]*)</td>', page.text)
    assert cell is not None
    assert cell.group(1).strip() == row["value"] == "367"


# --- LibreOffice -----------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_libreoffice_opens_the_workbook_with_every_cell_as_written(exports: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc)")
    # every sheet to its own CSV, UTF-8, cells as stored (not as shown), LibreOffice's defaults otherwise
    options = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    command = [
        soffice,
        f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
        "--headless",
        "--convert-to",
        options,
        "--outdir",
        str(tmp_path),
        str(exports / "xlsx" / "shangdang-data.xlsx"),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    for table in SPEC.tables:
        with (tmp_path / f"shangdang-data-{table.name}.csv").open(encoding="utf-8", newline="") as stream:
            shown = list(csv.DictReader(stream))
        assert shown == rows_of(table), table.name
