"""`diff_packages(OLD, NEW)`: what changed between two versions of the package, and the version bump it needs.

OLD and NEW are package folders, `datapackage.json` files or zip bundles. The
result lists, per table, rows added, removed and changed by primary key (with
cell-level old → new values), schema changes (fields added, removed, reordered,
retyped, constraints tightened or loosened, keys changed), resource and metadata
changes, each with the bump `POLICY` gives it; the largest of them is the bump
NEW's version must make.

    policy.py   Bump, ChangeKind, POLICY, Change, CellChange, Version
    schema.py   descriptor and Table Schema comparison
    rows.py     row comparison by primary key
    report.py   PackageDiff and its text and JSON renderings
"""

from __future__ import annotations

from pathlib import Path

from shangdang_data.diff.policy import POLICY, Bump, CellChange, Change, ChangeKind, Version
from shangdang_data.diff.report import PackageDiff

__all__ = ["POLICY", "Bump", "CellChange", "Change", "ChangeKind", "PackageDiff", "Version", "diff_packages"]


def diff_packages(old: str | Path, new: str | Path) -> PackageDiff:
    """Compare package `old` with package `new` (folders, descriptors or zip bundles)."""
    from shangdang_data.descriptor import read_descriptor
    from shangdang_data.diff.rows import Side, diff_rows
    from shangdang_data.diff.schema import diff_descriptors

    # zips are read member by member through the reading layer, never unpacked
    before, after = read_descriptor(old), read_descriptor(new)
    old_schemas = {t.name: t.raw_schema for t in before.tables}
    new_schemas = {t.name: t.raw_schema for t in after.tables}
    changes = list(diff_descriptors(before.raw, after.raw, old_schemas, new_schemas))
    old_side, new_side = Side(before), Side(after)
    for name in after.table_names:
        if name in before.table_names:
            changes.extend(diff_rows(name, old_side, new_side))
    resources = (*after.table_names, *(n for n in before.table_names if n not in after.table_names))
    order = {name: position for position, name in enumerate(resources)}
    changes.sort(key=lambda c: -1 if c.resource is None else order.get(c.resource, len(order)))
    return PackageDiff(
        old_location=str(old),
        new_location=str(new),
        old_version=before.version,
        new_version=after.version,
        resources=resources,
        changes=tuple(changes),
    )
