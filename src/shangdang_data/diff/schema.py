"""Compare two descriptors and their Table Schemas: resources, fields, types, constraints, keys, metadata.

Works on the raw JSON, not on `TableSpec`, so that every key is compared,
including ones the specs do not model (`format`, `minLength`, `dialect` …).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from shangdang_data.diff.policy import Change, ChangeKind

#: Package keys that name the package: changing one is a rename.
PACKAGE_IDENTITY = ("name", "id")
#: Package keys compared elsewhere (version) or resource by resource.
PACKAGE_SKIPPED = frozenset({"name", "id", "version", "resources"})
#: Resource keys that say how the file must be read.
RESOURCE_FORMAT = frozenset({"type", "scheme", "format", "mediatype", "encoding", "dialect", "compression"})
#: Resource keys that are derived (`bytes`, `hash`) or compared through their content (`schema`).
RESOURCE_SKIPPED = frozenset({"name", "path", "bytes", "hash", "schema"})
#: Field keys that decide how a cell is parsed: a change is a retype.
FIELD_PARSING = (
    "type",
    "format",
    "trueValues",
    "falseValues",
    "decimalChar",
    "groupChar",
    "bareNumber",
    "missingValues",
)
#: Table Schema keys compared one by one below; any other key is descriptive metadata.
SCHEMA_STRUCTURE = frozenset({"fields", "primaryKey", "foreignKeys", "missingValues"})
#: Field properties that add row rules (see `shangdang_data.roles`): adding or changing one may reject old data.
FIELD_RULES = ("x_role", "x_verbatim", "x_copy_of")
#: Constraints where a larger value is stricter, and where a smaller one is.
LOWER_BOUNDS = frozenset({"minimum", "exclusiveMinimum", "minLength"})
UPPER_BOUNDS = frozenset({"maximum", "exclusiveMaximum", "maxLength"})


def show(value: Any) -> str:
    """A value as JSON text, Chinese kept readable."""
    return json.dumps(value, ensure_ascii=False)


def diff_descriptors(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    old_schemas: Mapping[str, Mapping[str, Any]],
    new_schemas: Mapping[str, Mapping[str, Any]],
) -> Iterator[Change]:
    """Every package, resource and schema change from descriptor `old` to `new`."""
    for key in PACKAGE_IDENTITY:
        if old.get(key) != new.get(key):
            yield Change(ChangeKind.PACKAGE_RENAMED, None, f"package {key} {show(old.get(key))} → {show(new.get(key))}")
    for key in changed_keys(old, new, skip=PACKAGE_SKIPPED):
        yield Change(ChangeKind.METADATA_CHANGED, None, f"descriptor `{key}` {describe_edit(old, new, key)}")
    old_resources = {r.get("name"): r for r in old.get("resources", [])}
    new_resources = {r.get("name"): r for r in new.get("resources", [])}
    for name, resource in new_resources.items():
        if name not in old_resources:
            yield Change(ChangeKind.RESOURCE_ADDED, name, f"resource {name} added ({resource.get('path')})")
    for name, resource in old_resources.items():
        if name not in new_resources:
            yield Change(ChangeKind.RESOURCE_REMOVED, name, f"resource {name} removed (was {resource.get('path')})")
    for name, resource in new_resources.items():
        if name in old_resources:
            yield from diff_resource(name, old_resources[name], resource)
            yield from diff_schema(name, old_schemas.get(name, {}), new_schemas.get(name, {}))


def changed_keys(old: Mapping[str, Any], new: Mapping[str, Any], *, skip: frozenset[str] = frozenset()) -> list[str]:
    """Keys whose value differs (added, removed or edited), in `old`-then-`new` order."""
    keys = [*old, *(k for k in new if k not in old)]
    return [k for k in keys if k not in skip and old.get(k) != new.get(k)]


def describe_edit(old: Mapping[str, Any], new: Mapping[str, Any], key: str) -> str:
    """`added`, `removed` or `changed`."""
    return "added" if key not in old else "removed" if key not in new else "changed"


def diff_resource(name: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[Change]:
    """Changes of one resource's own properties (its schema is compared by `diff_schema`)."""
    if old.get("path") != new.get("path"):
        yield Change(ChangeKind.RESOURCE_MOVED, name, f"path {show(old.get('path'))} → {show(new.get('path'))}")
    for key in changed_keys(old, new, skip=RESOURCE_SKIPPED):
        kind = ChangeKind.RESOURCE_FORMAT_CHANGED if key in RESOURCE_FORMAT else ChangeKind.METADATA_CHANGED
        detail = f"{describe_edit(old, new, key)}: {show(old.get(key))} → {show(new.get(key))}"
        yield Change(kind, name, f"resource `{key}` {detail}")


def diff_schema(resource: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[Change]:
    """Field, key and constraint changes of one Table Schema."""
    old_fields = {f.get("name"): f for f in old.get("fields", [])}
    new_fields = {f.get("name"): f for f in new.get("fields", [])}
    for name in old_fields:
        if name not in new_fields:
            yield Change(ChangeKind.FIELD_REMOVED, resource, f"field {name} removed", field=name)
    for position, name in enumerate(new_fields, start=1):
        if name not in old_fields:
            yield Change(ChangeKind.FIELD_ADDED, resource, f"field {name} added (column {position})", field=name)
    old_order = [n for n in old_fields if n in new_fields]
    new_order = [n for n in new_fields if n in old_fields]
    if old_order != new_order:
        yield Change(ChangeKind.FIELDS_REORDERED, resource, f"fields reordered: {', '.join(new_order)}")
    for name in new_order:
        yield from diff_field(resource, name, old_fields[name], new_fields[name])
    yield from diff_keys(resource, old, new)
    for key in changed_keys(old, new, skip=SCHEMA_STRUCTURE):
        yield Change(ChangeKind.METADATA_CHANGED, resource, f"schema `{key}` {describe_edit(old, new, key)}")


def diff_field(resource: str, name: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[Change]:
    """Type, constraint and metadata changes of one field present in both versions."""
    for key in FIELD_PARSING:
        if old.get(key) != new.get(key):
            message = f"{name}: {key} {show(old.get(key))} → {show(new.get(key))}"
            yield Change(ChangeKind.FIELD_RETYPED, resource, message, field=name)
    old_constraints: Mapping[str, Any] = old.get("constraints") or {}
    new_constraints: Mapping[str, Any] = new.get("constraints") or {}
    for key in changed_keys(old_constraints, new_constraints):
        tighter, detail = compare_constraint(key, old_constraints.get(key), new_constraints.get(key))
        if detail:
            kind = ChangeKind.CONSTRAINT_TIGHTENED if tighter else ChangeKind.CONSTRAINT_LOOSENED
            yield Change(kind, resource, f"{name}: {key} {detail}", field=name)
    for key in FIELD_RULES:
        before, after = old.get(key), new.get(key)
        if before != after and (before or after):
            kind = ChangeKind.CONSTRAINT_LOOSENED if not after else ChangeKind.CONSTRAINT_TIGHTENED
            yield Change(kind, resource, f"{name}: {key} {show(before)} → {show(after)}", field=name)
    edited = changed_keys(old, new, skip=frozenset({"name", "constraints", *FIELD_PARSING, *FIELD_RULES}))
    if edited:
        yield Change(ChangeKind.METADATA_CHANGED, resource, f"{name}: {', '.join(edited)} edited", field=name)


def compare_constraint(key: str, old: Any, new: Any) -> tuple[bool, str]:
    """(is the new constraint stricter?, what changed); an empty description means no real change."""
    if key in ("required", "unique"):  # absent means false
        return bool(new) and not old, f"{show(bool(old))} → {show(bool(new))}" if bool(old) != bool(new) else ""
    if old is None:
        return True, f"added: {show(new)}"
    if new is None:
        return False, f"removed (was {show(old)})"
    if key == "enum":
        dropped = [v for v in old if v not in new]
        gained = [v for v in new if v not in old]
        parts = [f"removed {show(dropped)[1:-1]}" if dropped else "", f"added {show(gained)[1:-1]}" if gained else ""]
        return bool(dropped), "; ".join(p for p in parts if p)
    if key in LOWER_BOUNDS | UPPER_BOUNDS:
        try:
            raised = new > old
        except TypeError:
            return True, f"{show(old)} → {show(new)}"
        return raised == (key in LOWER_BOUNDS), f"{show(old)} → {show(new)}"
    return True, f"{show(old)} → {show(new)}"  # pattern and others: a different rule may reject old data


def diff_keys(resource: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[Change]:
    """Primary key, foreign keys and missing values."""
    old_pk, new_pk = as_list(old.get("primaryKey")), as_list(new.get("primaryKey"))
    if old_pk != new_pk:
        yield Change(ChangeKind.PRIMARY_KEY_CHANGED, resource, f"primary key {show(old_pk)} → {show(new_pk)}")
    old_fks, new_fks = foreign_keys(resource, old), foreign_keys(resource, new)
    for fields, target, target_fields in sorted(new_fks - old_fks):
        message = f"foreign key added: {', '.join(fields)} → {target}.{', '.join(target_fields)}"
        yield Change(ChangeKind.FOREIGN_KEY_ADDED, resource, message, field=fields[0] if fields else None)
    for fields, target, target_fields in sorted(old_fks - new_fks):
        message = f"foreign key removed: {', '.join(fields)} → {target}.{', '.join(target_fields)}"
        yield Change(ChangeKind.FOREIGN_KEY_REMOVED, resource, message, field=fields[0] if fields else None)
    if old.get("missingValues", [""]) != new.get("missingValues", [""]):
        message = f"missingValues {show(old.get('missingValues'))} → {show(new.get('missingValues'))}"
        yield Change(ChangeKind.RESOURCE_FORMAT_CHANGED, resource, message)


def as_list(value: Any) -> list[Any]:
    """A key list as a list (Table Schema allows a single string)."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def foreign_keys(resource: str, schema: Mapping[str, Any]) -> set[tuple[tuple[str, ...], str, tuple[str, ...]]]:
    """The schema's foreign keys as comparable tuples; an empty `resource` means the table itself."""
    keys = set()
    for fk in schema.get("foreignKeys", []):
        reference = fk.get("reference", {})
        target = reference.get("resource") or resource
        keys.add((tuple(as_list(fk.get("fields"))), target, tuple(as_list(reference.get("fields")))))
    return keys
