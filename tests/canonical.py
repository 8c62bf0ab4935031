"""The reference every loader and export is compared with: a table as its CSV and Table Schema say.

Read with the csv module and the raw schema JSON only (no pandas, no code under
test): an empty cell is missing (`None`), integer cells are `int`, number cells
`float`, everything else the text exactly as written. Also builds small synthetic
packages for property tests.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

Value = str | int | float | None
Table = tuple[tuple[str, ...], list[tuple[Value, ...]]]


def schema_of(root: Path, name: str) -> dict[str, Any]:
    """The raw Table Schema of resource `name` in the package at `root`."""
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == name)
    schema: dict[str, Any] = json.loads((root / resource["schema"]).read_text(encoding="utf-8"))
    return schema


def resource_names(root: Path) -> list[str]:
    """Resource names in descriptor order."""
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    return [r["name"] for r in descriptor["resources"]]


def canonical(root: Path, name: str) -> Table:
    """Columns and rows of table `name` as the CSV and its schema define them."""
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == name)
    types = {f["name"]: f.get("type", "string") for f in schema_of(root, name)["fields"]}
    with (root / resource["path"]).open(encoding="utf-8", newline="") as stream:
        reader = csv.reader(stream)
        header = tuple(next(reader))
        rows = [tuple(convert(types[c], cell) for c, cell in zip(header, cells, strict=True)) for cells in reader]
    return header, rows


def convert(kind: str, cell: str) -> Value:
    """One CSV cell as its Table Schema type says."""
    if cell == "":
        return None
    if kind == "integer":
        return int(cell)
    if kind == "number":
        return float(cell)
    return cell


def same(left: Sequence[Value], right: Sequence[Value]) -> bool:
    """Rows equal value by value, with types: text stays text, NaN equals NaN."""
    if len(left) != len(right):
        return False
    for a, b in zip(left, right, strict=True):
        if a is None or b is None or isinstance(a, str) or isinstance(b, str):
            if a != b or type(a) is not type(b):
                return False
        elif isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
            continue
        elif a != b:
            return False
    return True


# --- a one-table synthetic package ---------------------------------------------------------------

SYNTHETIC_FIELDS = [
    {"name": "id", "type": "integer", "constraints": {"required": True}},
    {"name": "text", "type": "string"},
    {"name": "count", "type": "integer"},
    {"name": "amount", "type": "number"},
    {
        "name": "kind",
        "type": "string",
        "constraints": {"enum": ["a", "b", "链主"]},
        "categories": [
            {"value": "a", "label": "a", "label_zh": "甲"},
            {"value": "b", "label": "b", "label_zh": "乙"},
            {"value": "链主", "label": "chain leader", "label_zh": "链主"},
        ],
    },
]


def render(kind: str, value: Value) -> str:
    """A value as the canonical CSV writes it."""
    if value is None:
        return ""
    if kind == "number":
        return repr(float(value))
    return str(value)


def write_synthetic_package(root: Path, rows: list[tuple[Value, ...]]) -> Path:
    """A package at `root` with one table `t` of `SYNTHETIC_FIELDS` holding `rows`; returns `root`."""
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "schemas").mkdir(exist_ok=True)
    schema = {"fields": SYNTHETIC_FIELDS, "primaryKey": ["id"]}
    (root / "schemas" / "t.json").write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    descriptor = {
        "name": "synthetic",
        "title": "Synthetic",
        "version": "9.9.9",
        "licenses": [{"name": "CC0-1.0", "path": "https://creativecommons.org/publicdomain/zero/1.0/"}],
        "resources": [{"name": "t", "path": "data/t.csv", "schema": "schemas/t.json", "title": "T", "title_zh": "表"}],
    }
    (root / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    kinds = [f["type"] for f in SYNTHETIC_FIELDS]
    with (root / "data" / "t.csv").open("w", encoding="utf-8", newline="") as stream:
        # CRLF line ends, so the csv module quotes a lone "\r" in a value as it must
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow([f["name"] for f in SYNTHETIC_FIELDS])
        for row in rows:
            writer.writerow([render(k, v) for k, v in zip(kinds, row, strict=True)])
    return root


#: Any text a cell can hold (not empty: that is missing), with spreadsheet traps mixed in.
TEXT = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), min_size=1),
    st.text(min_size=0).map(lambda t: "=" + t),
    st.sampled_from(["=1+1", '=HYPERLINK("http://example.com","x")', "+1", "-1", "@SUM(A1)", "_x000D_", "x005F_"]),
    st.sampled_from(["NA", "null", "007", " ", " lead", "trail ", "1e5", "True", "上党区 ３３２５", "a\r\nb"]),
)
INTEGER = st.integers(min_value=-(2**63), max_value=2**63 - 1)
#: The optional cells of a synthetic row: count, amount, kind.
OPTIONAL_CELLS = (
    st.one_of(st.none(), INTEGER),
    st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)),
    st.one_of(st.none(), st.sampled_from(["a", "b", "链主"])),
)
#: A row of the synthetic table: id, text, count, amount, kind.
ROW = st.tuples(INTEGER, st.one_of(st.none(), TEXT), *OPTIONAL_CELLS)
