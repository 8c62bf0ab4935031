"""`sd.schema` and `sd.check_references`: the pandera schemas and the cross-table rules, on frames.

The agreement test runs every cell-level mutation of the corpus (tests/mutations.py)
through `validate` and through the pandera schema, on the edited CSV read as pandas
or polars would read it, and asserts both reject it; the unedited table read the
same way passes, so the rejection is the mutation's.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.errors
import polars as pl
import pytest
from mutations import MUTATIONS, Mutation, copy_package

import shangdang_data as sd
from shangdang_data.checks.registry import checks_reporting
from shangdang_data.descriptor import read_descriptor
from shangdang_data.frames import SCHEMA_RULES, cross_table_checks
from shangdang_data.problems import Rule, UnknownTableError
from shangdang_data.validate import validate

REPO = Path(__file__).resolve().parents[1]
TABLES = read_descriptor(REPO).table_names
ENGINES = ("pandas", "polars")


def cell_level(mutation: Mutation) -> bool:
    """A mutation is cell-level if its own expectations name a rule of the validator's cell check or the primary
    key (worked out by making the edit on a throwaway copy)."""
    with tempfile.TemporaryDirectory() as folder:
        expected = mutation.edit(copy_package(Path(folder) / "package"))
    return any(
        rule is Rule.PRIMARY_KEY or any(c.name == "cells" for c in checks_reporting(rule)) for rule, _, _ in expected
    )


CELL_MUTATIONS = [m for m in MUTATIONS if cell_level(m)]


def test_the_corpus_has_cell_level_mutations_of_every_schema_rule() -> None:
    rules = set()
    with tempfile.TemporaryDirectory() as folder:
        for number, mutation in enumerate(CELL_MUTATIONS):
            rules |= {rule for rule, _, _ in mutation.edit(copy_package(Path(folder) / str(number)))}
    assert SCHEMA_RULES | {Rule.PRIMARY_KEY} <= rules


def read_as_text(path: Path, engine: str) -> Any:
    """The CSV with every cell as text and empty cells missing: how a user reads a file to check it."""
    if engine == "polars":
        return pl.read_csv(path, infer_schema=False, null_values=[""])
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return frame.replace("", pd.NA)


def convert(frame: Any, schema: Any, engine: str) -> Any:
    """Each column converted to the schema's dtype by the library itself; a column it cannot convert stays text."""
    for name, column in schema.columns.items():
        if name not in frame.columns:
            continue
        dtype = column.dtype.type
        try:
            if engine == "polars":
                frame = frame.with_columns(pl.col(name).cast(dtype, strict=True))
            else:
                frame[name] = frame[name].astype(dtype)
        except Exception:
            continue
    return frame


def rejects(schema: Any, frame: Any) -> bool:
    try:
        schema.validate(frame, lazy=True)
    except (pandera.errors.SchemaErrors, pandera.errors.SchemaError):
        return True
    return False


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", TABLES)
def test_the_unedited_tables_pass_the_schema_as_loaded_and_as_read_from_text(name: str, engine: str) -> None:
    schema = sd.schema(name, engine=engine)
    schema.validate(sd.load(name, engine=engine), lazy=True)
    table = read_descriptor(REPO).resource(name)
    assert not rejects(schema, convert(read_as_text(REPO / table.path, engine), schema, engine))


#: (mutation, engine) pairs where the library's own conversion turns the bad text into a valid value, so the frame
#: pandera sees is valid: only `validate` (and the loader) can refuse the text.
KNOWN = {
    ("plus-sign", "polars"): "polars' cast reads `+7` as the integer 7, a valid number; the text is what is wrong",
    ("number-NaN", "pandas"): "pandas reads `NaN` as a missing value, which `value` allows (a relational row has "
    "none); the text is what is wrong",
}


def agreement_cases() -> list[Any]:
    cases = []
    for mutation in CELL_MUTATIONS:
        for engine in ENGINES:
            reason = KNOWN.get((mutation.id, engine))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            cases.append(pytest.param(mutation, engine, id=f"{mutation.id}-{engine}", marks=marks))
    return cases


@pytest.mark.parametrize(("mutation", "engine"), agreement_cases())
def test_validate_and_the_pandera_schema_both_reject_every_cell_mutation(
    mutation: Mutation, engine: str, package_copy: Path
) -> None:
    expected = mutation.edit(package_copy)
    report = validate(package_copy)
    assert expected <= {(p.rule, p.file, p.row) for p in report.problems}
    spec = read_descriptor(package_copy)
    files = {file for rule, file, _ in expected if rule in SCHEMA_RULES | {Rule.PRIMARY_KEY}}
    for file in files:
        table = next(t for t in spec.tables if t.path == file)
        schema = sd.schema(table.name, engine=engine, path=package_copy)
        frame = convert(read_as_text(package_copy / file, engine), schema, engine)
        assert rejects(schema, frame), f"{mutation.id}: pandera ({engine}) accepted {file}"


# --- the schema --------------------------------------------------------------------------------------------------


def test_an_unknown_table_or_engine_is_refused_with_close_matches() -> None:
    with pytest.raises(UnknownTableError, match="did you mean indicators"):
        sd.schema("indicator")
    with pytest.raises(sd.ShangdangError, match="choose one of: pandas, polars"):
        sd.schema("units", engine="spark")


@pytest.mark.parametrize("engine", ENGINES)
def test_the_schema_refuses_what_the_package_rules_refuse(engine: str) -> None:
    """Finite numbers, no formula, keys without spaces: checked on typed frames too."""
    schema = sd.schema("units", engine=engine)
    units = sd.load("units", engine=engine)
    if engine == "polars":
        cases = [
            units.with_columns(pl.lit(float("inf")).alias("factor")),
            units.with_columns(pl.lit("=1+1").alias("name_en")),
            units.with_columns((pl.col("unit_id") + " ").alias("unit_id")),
        ]
    else:
        cases = [
            units.assign(factor=float("inf")),
            units.assign(name_en="=1+1"),
            units.assign(unit_id=units.unit_id + " "),
        ]
        cases = [c.astype({"factor": "Float64", "name_en": "string", "unit_id": "string"}) for c in cases]
    for case in cases:
        assert rejects(schema, case)


# --- cross-table rules -----------------------------------------------------------------------------------------------


def test_cross_table_checks_are_the_registry_checks_pandera_cannot_state() -> None:
    names = {c.name for c in cross_table_checks()}
    assert {"foreign-keys", "verbatim", "figure", "copies", "primary-key"} <= names
    assert "cells" not in names


@pytest.mark.parametrize("engine", ENGINES)
def test_the_shipped_tables_pass_the_cross_table_rules(engine: str) -> None:
    report = sd.check_references(sd.load_all(engine=engine))
    assert report.valid, report.to_text()


def indicator_rows() -> list[dict[str, str]]:
    with (REPO / "data" / "indicators.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_a_dangling_key_and_a_changed_quote_in_a_derived_frame_are_found() -> None:
    frame = sd.load("indicators")
    frame.loc[3, "unit_id"] = "no-such-unit"
    frame.loc[5, "quote"] = frame.loc[5, "quote"] + "左右"
    report = sd.check_references({"indicators": frame})
    found = {(p.rule, p.row, p.column) for p in report.problems}
    assert (Rule.FOREIGN_KEY, 5, "unit_id") in found
    assert (Rule.QUOTE_NOT_IN_PARAGRAPH, 7, "quote") in found


def test_a_subset_with_extra_columns_is_checked_against_the_shipped_tables() -> None:
    targets = sd.load("indicators", engine="polars").filter(pl.col("basis") == "target")
    targets = targets.with_columns((pl.col("value") * 2).alias("doubled"))
    assert sd.check_references({"indicators": targets}).valid
    expected_units = {row["unit_id"] for row in indicator_rows() if row["basis"] == "target"}
    assert set(targets["unit_id"].to_list()) == expected_units
