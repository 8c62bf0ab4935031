"""The descriptor and its Table Schemas: bytes, JSON, the official profiles, and consistency.

The metadata is checked against the official Data Package v2 and Table Schema v2
profiles, shipped in `shangdang_data/profiles/` and run by jsonschema-rs: nothing is
ever fetched (a custom `profile` URL is reported, not followed), and no data file
is opened here. frictionless is not used: it stays in the test command as an
independent second opinion. Our own checks add what the profiles cannot say: keys name columns the schema has, patterns
compile, field types are ones the package supports, categories label the enum,
and the column roles (`x_role`, `x_verbatim`, `x_copy_of`) are consistent.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections.abc import Callable, Generator, Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

from shangdang_data._files import DESCRIPTOR_NAME, unsafe_path_reason
from shangdang_data.checks import CheckContext, shorten
from shangdang_data.checks.files import check_bytes, read_file
from shangdang_data.descriptor import FieldSpec, RawResource, TableSpec, table_spec_from_schema
from shangdang_data.field_types import UnsupportedTypeError
from shangdang_data.problems import DescriptorError, JsonError, Problem, Rule
from shangdang_data.reading import parse_json
from shangdang_data.roles import SINGLE_ROLES, ColumnRole

#: `profile` values (Data Package v1) that name a standard profile rather than one to fetch.
KNOWN_PROFILES = frozenset({"data-package", "tabular-data-package", "data-resource", "tabular-data-resource"})


def read_descriptor_file(ctx: CheckContext) -> Generator[Problem, None, bool]:
    """Read `datapackage.json` into `ctx.raw`; return False if it cannot be read (nothing else can be checked)."""
    file, root = ctx.descriptor_file, ctx.files.location
    if Path(ctx.root).is_dir() and file == DESCRIPTOR_NAME:
        message = f"{root} is a folder without a {DESCRIPTOR_NAME}"
    else:
        message = f"{Path(root) / file} does not exist"
    message += f": give a package folder, its {DESCRIPTOR_NAME}, or a zip bundle"
    read = yield from read_json_file(ctx, file, (Rule.DESCRIPTOR_MISSING, message), Rule.DESCRIPTOR_JSON)
    if read is None:
        return False
    ctx.descriptor_text, ctx.raw = read
    return True


def read_json_file(
    ctx: CheckContext, file: str, missing: tuple[Rule, str], not_json: Rule, what: str = "the descriptor"
) -> Generator[Problem, None, tuple[str, dict[str, Any]] | None]:
    """Read a JSON file through the reading layer, check its bytes, parse it strictly: (text, object) or None."""
    data = yield from read_file(ctx, file, what, missing)
    if data is None:
        return None
    content = yield from check_bytes(file, data.content)
    if content is None:
        return None
    text = content.decode("utf-8")
    parsed = yield from parse_json_object(file, text, not_json)
    return None if parsed is None else (text, parsed)


def parse_json_object(file: str, text: str, rule: Rule) -> Generator[Problem, None, dict[str, Any] | None]:
    """Parse a JSON object strictly (`reading.parse_json`), yielding a located problem if it is not one."""
    try:
        value = parse_json(text)
    except JsonError as error:
        yield Problem(rule, file, error.line, None, str(error))
        return None
    if not isinstance(value, dict):
        yield Problem(rule, file, 1, None, f"the file holds a JSON {type(value).__name__}, not an object {{…}}")
        return None
    return value


def check_metadata(ctx: CheckContext) -> Iterator[Problem]:
    """The Data Package v2 profile (nothing is fetched or opened)."""
    descriptor = copy.deepcopy(ctx.raw)
    resources = descriptor.get("resources")
    for item in [descriptor, *(resources if isinstance(resources, list) else [])]:
        if isinstance(item, dict) and "profile" in item and item["profile"] not in KNOWN_PROFILES:
            yield Problem(
                Rule.DESCRIPTOR_METADATA,
                ctx.descriptor_file,
                ctx.descriptor_line(item["profile"]),
                None,
                f"custom profile {shorten(repr(item['profile']))} was not fetched or applied: "
                f"use one of {', '.join(sorted(KNOWN_PROFILES))}, or `$schema` for Data Package v2",
            )
            del item["profile"]
    if not isinstance(resources, list) or not resources:
        yield Problem(
            Rule.DESCRIPTOR_METADATA,
            ctx.descriptor_file,
            None,
            None,
            "the descriptor needs a non-empty `resources` list",
        )
        return
    for note in profile_notes("datapackage", descriptor, skip=lambda value: unsafe_path_reason(value) is not None):
        yield Problem(Rule.DESCRIPTOR_METADATA, ctx.descriptor_file, None, None, note)  # unsafe paths: unsafe-path


def read_schemas(ctx: CheckContext) -> Iterator[Problem]:
    """Read each resource's Table Schema into `ctx.tables`, reporting what keeps a schema from being read."""
    resources = ctx.raw.get("resources")
    if not isinstance(resources, list):
        return
    for resource in resources:
        if not isinstance(resource, dict) or not isinstance(resource.get("name"), str):
            continue  # the profile check has said what is wrong with it
        spec = yield from read_schema(ctx, resource)  # type: ignore[arg-type]
        if spec is not None:
            ctx.tables.append(spec)


def read_schema(ctx: CheckContext, resource: RawResource) -> Generator[Problem, None, TableSpec | None]:
    """One resource's Table Schema, from its path through its bytes and JSON to a `TableSpec`."""
    name = resource["name"]
    schema_ref = resource.get("schema")
    if not isinstance(schema_ref, str):
        message = f"resource {name!r}: `schema` must be the path of its Table Schema, e.g. schemas/{name}.json"
        yield Problem(Rule.SCHEMA_METADATA, ctx.descriptor_file, ctx.descriptor_line(name), None, message)
        return None
    message = f"file not found (the schema of resource {name!r}): add it or fix `schema` in datapackage.json"
    what = f"schema of resource {name!r}"
    read = yield from read_json_file(ctx, schema_ref, (Rule.SCHEMA_MISSING, message), Rule.SCHEMA_JSON, what)
    if read is None:
        return None
    schema = read[1]
    if not isinstance(resource.get("path"), str):
        return None  # the profile check has said so
    yield from check_schema_metadata(schema_ref, schema)
    try:
        spec = table_spec_from_schema(resource, schema)
    except DescriptorError as error:
        yield Problem(Rule.SCHEMA_METADATA, schema_ref, None, None, str(error))
        return None
    problems = list(check_spec(spec))
    yield from problems
    return None if problems else spec


def check_schema_metadata(file: str, schema: dict[str, Any]) -> Iterator[Problem]:
    """The Table Schema v2 profile."""
    for note in profile_notes("tableschema", schema):
        yield Problem(Rule.SCHEMA_METADATA, file, None, None, note)


@functools.cache
def profile_validator(name: str) -> Any:
    """The official Data Package v2 profile `name` (shipped in `shangdang_data/profiles/`), compiled once."""
    from shangdang_data._extras import require

    jsonschema_rs = require("jsonschema_rs", extra="validate", purpose="Checking the descriptor against its profile")
    text = (files("shangdang_data") / "profiles" / f"{name}.json").read_text(encoding="utf-8")
    return jsonschema_rs.validator_for(json.loads(text))


def profile_notes(name: str, value: dict[str, Any], skip: Callable[[object], bool] = lambda _: False) -> list[str]:
    """What the official profile `name` finds wrong with `value`, one note per error, located by its JSON path.

    Errors about a `path` that `skip` accepts are left out (another rule reports
    them better). Nothing is fetched: the profiles are files of this package.
    """
    notes = []
    for error in profile_validator(name).iter_errors(value):
        if error.instance_path and error.instance_path[-1] == "path" and skip(error.instance):
            continue
        where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.instance_path)
        where = where.lstrip(".") or "the descriptor"
        kind = type(error.kind).__name__
        if kind in ("OneOfNotValid", "AnyOfNotValid", "OneOfMultipleValid"):
            message = "matches none of the forms the Data Package v2 profile allows here"
        else:
            message = shorten(" ".join(error.message.split()), 160)
        notes.append(f"{where}: {message}")
    return notes


def is_text(value: object) -> bool:
    """A non-empty string."""
    return isinstance(value, str) and bool(value)


def check_spec(spec: TableSpec) -> Iterator[Problem]:
    """What the profile cannot say: values have the right JSON types, named columns exist, patterns compile,
    field types are supported, categories match the enum, and column roles are consistent.

    A schema with any of these problems is not used by the later checks.
    """
    file = spec.schema_path

    def problem(message: str, column: str | None = None) -> Problem:
        return Problem(Rule.SCHEMA_METADATA, file, None, column, message)

    if not all(is_text(name) for name in spec.field_names):
        yield problem("every field needs a `name` that is a non-empty string")
        return
    names = set(spec.field_names)
    if len(names) != len(spec.fields):
        yield problem("two fields have the same name")
    for field in spec.fields:
        try:
            field.kind  # noqa: B018 - looking the type up is the check
        except UnsupportedTypeError as error:
            yield problem(str(error), field.name)
        if field.pattern is not None:
            yield from (problem(message, field.name) for message in pattern_problems(field.pattern))
        for bound in (field.minimum, field.maximum, field.exclusive_minimum):
            if bound is not None and (isinstance(bound, bool) or not isinstance(bound, int | float)):
                yield problem(f"bound {bound!r} is not a number", field.name)
        if field.enum is not None and not all(isinstance(value, str) for value in field.enum):
            yield problem("enum values must be written as strings", field.name)
        yield from (problem(message, field.name) for message in field_property_problems(field, names))
    for fk in spec.foreign_keys:
        if not isinstance(fk.resource, str) or not all(is_text(f) for f in fk.reference_fields):
            yield problem(f"a foreign key's `reference` must name a resource and its fields: {fk.resource!r}")
        elif len(fk.fields) != len(fk.reference_fields) or not fk.fields:
            yield problem(f"a foreign key has {len(fk.fields)} field(s) but references {len(fk.reference_fields)}")
    named = [("primaryKey", spec.primary_key), *(("foreignKeys", fk.fields) for fk in spec.foreign_keys)]
    for key, columns in named:
        for column in columns:
            if not isinstance(column, str) or column not in names:
                yield problem(f"`{key}` names {column!r}, which is not a field")
    yield from (problem(message, column) for column, message in role_problems(spec))


#: Longer patterns are refused: no column of a data package needs one, and a regex engine's time and memory
#: grow with the pattern.
MAX_PATTERN = 1000


def pattern_problems(pattern: object) -> Iterator[str]:
    """Why a `pattern` cannot be used: not text, too long, or refused by Python's `re` (pydantic, pandera)."""
    if not isinstance(pattern, str):
        yield f"pattern {shorten(repr(pattern))} is not a string"
        return
    if len(pattern) > MAX_PATTERN:
        yield f"pattern is {len(pattern):,} characters long, over the {MAX_PATTERN:,} allowed: simplify it"
        return
    try:
        re.compile(pattern)
    except (re.error, OverflowError, RecursionError, ValueError) as error:
        yield f"pattern {shorten(repr(pattern))} does not compile: {error}"


def field_property_problems(field: FieldSpec, names: set[str]) -> Iterator[str]:
    """Malformed `categories`, `x_role`, `x_verbatim` or `x_copy_of` on one field."""
    raw = field.raw
    if "categories" in raw:
        if field.enum is None:
            yield "`categories` label enum values: add `constraints.enum` with the same values"
        elif not field.categories:
            yield '`categories` must be a list of {"value", "label", "label_zh"} objects (`symbol` optional)'
        elif tuple(c.value for c in field.categories) != field.enum:
            yield (
                f"`categories` list {[c.value for c in field.categories]} but the enum is {list(field.enum)}: "
                "give every enum value one category, in the enum's order"
            )
    elif field.enum is not None:
        yield (
            "an enum column needs `categories` with an English `label` and a Chinese `label_zh` for each value "
            f"({', '.join(field.enum)}): citations and the site show them"
        )
    yield from wording_problems(field)
    if "x_role" in raw and field.role is None:
        known = ", ".join(role.value for role in ColumnRole)
        yield f"`x_role` {shorten(repr(raw['x_role']))} is not a column role; use one of {known}"
    if "x_verbatim" in raw and not isinstance(raw["x_verbatim"], bool):
        yield "`x_verbatim` must be true or false"
    if "x_copy_of" in raw:
        if field.copy_of is None:
            yield '`x_copy_of` must be {"via": <a foreign-key field of this table>, "field": <a field it references>}'
        elif field.copy_of.via not in names:
            yield f"`x_copy_of` goes via {field.copy_of.via!r}, which is not a field"


def wording_problems(field: FieldSpec) -> Iterator[str]:
    """Malformed `wordings` on a field's categories, or wordings no rule checks."""
    from shangdang_data.checks.wording import ANCHOR, wording_rule

    categories = field.raw.get("categories")
    for item in categories if isinstance(categories, list) else []:
        if not isinstance(item, dict) or "wordings" not in item:
            continue
        wordings = item["wordings"]
        if not isinstance(wordings, list) or not all(isinstance(w, str) and w for w in wordings):
            yield (
                f"category {shorten(repr(item.get('value')))}: `wordings` must be a list of the report's words "
                '(non-empty strings such as "…以上")'
            )
        elif any(w.count(ANCHOR) > 1 for w in wordings):
            yield (
                f"category {shorten(repr(item.get('value')))}: a wording has at most one {ANCHOR}, where the figure "
                "stands"
            )
    if field.has_wordings and wording_rule(field.name) is None:
        yield (
            f"the categories of {field.name!r} list wordings, but no rule {field.name}-wording checks them: the "
            "wordings rules are comparator-wording, direction-wording, measure-wording, basis-wording and "
            "status-wording"
        )


def role_problems(spec: TableSpec) -> Iterator[tuple[str | None, str]]:
    """Roles that contradict each other within one table: (column, message) pairs."""
    for role in SINGLE_ROLES:
        holders = spec.with_role(role)
        if len(holders) > 1:
            columns = ", ".join(f.name for f in holders)
            yield holders[1].name, f"only one column may have `x_role` {role.value!r}; {columns} do"
    needs = {
        ColumnRole.BENCHMARK: ColumnRole.FIGURE,
        ColumnRole.FIGURE: ColumnRole.QUOTE,
        ColumnRole.VALUE_MAX: ColumnRole.VALUE,
        ColumnRole.QUOTE: ColumnRole.PARAGRAPH,
    }
    for role, needed in needs.items():
        holder = spec.role(role)
        if holder is not None and spec.role(needed) is None:
            yield holder.name, f"a {role.value!r} column needs a {needed.value!r} column in the same table"
    for field in spec.fields:
        if (field.role is ColumnRole.PARAGRAPH or field.copy_of is not None) and spec.reference(
            field.name if field.copy_of is None else field.copy_of.via
        ) is None:
            via = field.name if field.copy_of is None else field.copy_of.via
            yield field.name, f"{via!r} must be a one-column foreign key (`foreignKeys`) for {field.name!r} to follow"
        if field.verbatim and spec.role(ColumnRole.PARAGRAPH) is None:
            yield field.name, "an `x_verbatim` column needs a column with `x_role` 'paragraph' to be checked against"


def check_references(ctx: CheckContext) -> Iterator[Problem]:
    """Every foreign key references a resource of the package and fields its schema has."""
    for spec in ctx.tables:
        for fk in spec.foreign_keys:
            target = ctx.table(fk.resource)
            if target is None:
                if not any(isinstance(r, dict) and r.get("name") == fk.resource for r in ctx.raw["resources"]):
                    message = f"a foreign key references resource {fk.resource!r}, which the descriptor does not have"
                    yield Problem(Rule.SCHEMA_METADATA, spec.schema_path, None, fk.fields[0], message)
                continue
            missing = [f for f in fk.reference_fields if f not in target.field_names]
            if missing or len(fk.reference_fields) != len(fk.fields):
                message = f"a foreign key references {fk.resource}.{', '.join(fk.reference_fields)}, which do not match"
                yield Problem(Rule.SCHEMA_METADATA, spec.schema_path, None, fk.fields[0], message)
        yield from check_role_references(ctx, spec)


def check_role_references(ctx: CheckContext, spec: TableSpec) -> Iterator[Problem]:
    """A `paragraph` column references a table with a `text` column; an `x_copy_of` names a field there."""
    for field in spec.fields:
        via = field.copy_of.via if field.copy_of is not None else field.name
        fk = spec.reference(via) if field.role is ColumnRole.PARAGRAPH or field.copy_of is not None else None
        target = ctx.table(fk.resource) if fk is not None else None
        if target is None:
            continue
        if field.role is ColumnRole.PARAGRAPH and target.role(ColumnRole.TEXT) is None:
            message = f"{field.name!r} is the row's paragraph, but {target.name} has no column with `x_role` 'text'"
            yield Problem(Rule.SCHEMA_METADATA, spec.schema_path, None, field.name, message)
        if field.copy_of is not None and field.copy_of.field not in target.field_names:
            message = f"`x_copy_of` copies {target.name}.{field.copy_of.field}, which is not a field of {target.name}"
            yield Problem(Rule.SCHEMA_METADATA, spec.schema_path, None, field.name, message)
