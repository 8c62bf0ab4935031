"""Compare the rows of one table in two versions, by primary key, cell by cell.

Rows are read as text by the package's one text-row reader, so a diff never
depends on pandas or on how a value parses; numeric columns (as the type registry
says) are compared as decimals, so `367` and `367.0` are the same value.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from shangdang_data._read import TextRows
from shangdang_data.descriptor import PackageSpec
from shangdang_data.diff.policy import CellChange, Change, ChangeKind

Row = dict[str, str]
Key = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A table's header and rows, read as text."""

    header: tuple[str, ...]
    rows: tuple[Row, ...]


@dataclass
class Side:
    """One version of the package, with its tables read on demand (by the package's text-row reader) and cached."""

    package: PackageSpec
    rows: TextRows = field(init=False)

    def __post_init__(self) -> None:
        self.rows = TextRows(self.package)

    def table(self, name: str) -> Table:
        """The rows of resource `name`."""
        return Table(self.package.resource(name).field_names, tuple(self.rows.rows(name)))

    def referencing(self, resource: str) -> dict[Key, dict[Key, set[str]]]:
        """For `resource`: referenced fields -> value tuple -> the tables whose rows point at it."""
        found: dict[Key, dict[Key, set[str]]] = {}
        for table in self.package.tables:
            for fk in table.foreign_keys:
                if fk.resource != resource:
                    continue
                targets = found.setdefault(fk.reference_fields, {})
                for row in self.table(table.name).rows:
                    values = tuple(row.get(f, "") for f in fk.fields)
                    if all(values):
                        targets.setdefault(values, set()).add(table.name)
        return found


def same_value(old: str, new: str, numeric: bool) -> bool:
    """Equal text, or for numeric columns equal decimals."""
    if old == new:
        return True
    if not numeric:
        return False
    try:
        return Decimal(old.strip()) == Decimal(new.strip())
    except InvalidOperation:
        return False


def excerpt(old: str, new: str, width: int = 40) -> str:
    """`"old" → "new"`; long texts are cut to a window around their first difference."""
    if max(len(old), len(new)) <= width:
        return f"{quoted(old)} → {quoted(new)}"
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    start = max(0, start - width // 4)

    def cut(text: str) -> str:
        window = text[start : start + width]
        return ("…" if start else "") + window + ("…" if start + width < len(text) else "")

    return f"{quoted(cut(old))} → {quoted(cut(new))}"


def quoted(value: str) -> str:
    """A cell value in double quotes; `(empty)` for an empty cell."""
    return f'"{value}"' if value else "(empty)"


def key_text(key: Key) -> str:
    """A primary key as people write it: `gdp-2022`, or `a, b` for a composite key."""
    return ", ".join(key)


def keyed(rows: tuple[Row, ...], key_fields: tuple[str, ...]) -> dict[Key, Row]:
    """Rows by primary key; a repeated key gets a `#2`, `#3` … suffix so no row is lost."""
    result: dict[Key, Row] = {}
    for row in rows:
        key = tuple(row.get(f, "") for f in key_fields)
        candidate, n = key, 1
        while candidate in result:
            n += 1
            candidate = (*key, f"#{n}")
        result[candidate] = row
    return result


def diff_rows(name: str, old: Side, new: Side) -> Iterator[Change]:
    """Rows added, removed and changed in resource `name`, present in both versions."""
    old_spec, new_spec = old.package.resource(name), new.package.resource(name)
    old_table, new_table = old.table(name), new.table(name)
    if old_table == new_table:
        return
    common = [f for f in new_table.header if f in old_table.header]
    key_fields = old_spec.primary_key if old_spec.primary_key == new_spec.primary_key else ()
    if not key_fields or not set(key_fields) <= set(common):
        key_fields = tuple(common)  # no usable key: a row is its values
    numeric = {f.name for f in new_spec.fields if f.kind.numeric} & {f.name for f in old_spec.fields if f.kind.numeric}
    before, after = keyed(old_table.rows, key_fields), keyed(new_table.rows, key_fields)
    for key, row in after.items():
        if key not in before:
            continue
        cells = tuple(
            CellChange(f, before[key].get(f, ""), row.get(f, ""))
            for f in common
            if f not in key_fields and not same_value(before[key].get(f, ""), row.get(f, ""), f in numeric)
        )
        if cells:
            message = f"{key_text(key)}: " + "; ".join(f"{c.field} {excerpt(c.old, c.new)}" for c in cells)
            yield Change(ChangeKind.ROW_CHANGED, name, message, key=key, cells=cells)
    for key in after:
        if key not in before:
            yield Change(ChangeKind.ROW_ADDED, name, f"{key_text(key)} added", key=key)
    removed = [key for key in before if key not in after]
    references = old.referencing(name) if removed else {}
    for key in removed:
        users = referenced_by(before[key], references)
        if users:
            message = f"{key_text(key)} removed, but {', '.join(sorted(users))} referenced it"
            yield Change(ChangeKind.REFERENCED_ROW_REMOVED, name, message, key=key)
        else:
            yield Change(ChangeKind.ROW_REMOVED, name, f"{key_text(key)} removed", key=key)


def referenced_by(row: Row, references: Mapping[Key, Mapping[Key, set[str]]]) -> set[str]:
    """The tables whose foreign keys point at `row`."""
    users: set[str] = set()
    for fields, values in references.items():
        users |= values.get(tuple(row.get(f, "") for f in fields), set())
    return users
