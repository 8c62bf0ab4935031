"""Read `datapackage.json` and `schemas/*.json` into `TableSpec`s and `FieldSpec`s; write `bytes` and `hash`.

The Table Schemas are the single source of truth for every column: everything
else (pandera schemas, polars dtypes, pydantic records, SQLite DDL, the data
dictionary) is generated from the specs read here.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

from shangdang_data._files import unsafe_path_reason
from shangdang_data.field_types import FieldType, UnsupportedTypeError, field_type
from shangdang_data.problems import (
    DescriptorError,
    FileRefusedError,
    JsonError,
    PackageNotFoundError,
    Refusal,
    UnknownTableError,
    did_you_mean,
)
from shangdang_data.reading import PackageFiles, open_package, parse_json
from shangdang_data.roles import ColumnRole


class RawField(TypedDict, total=False):
    """A field as written in a Table Schema (the `x_` properties are described in `shangdang_data.roles`)."""

    name: str
    type: str
    title: str
    title_zh: str
    description: str
    description_zh: str
    constraints: dict[str, Any]
    categories: list[dict[str, str]]
    x_role: str
    x_verbatim: bool
    x_copy_of: dict[str, str]


class RawResource(TypedDict, total=False):
    """A resource as written in `datapackage.json`."""

    name: str
    path: str
    title: str
    title_zh: str
    description: str
    description_zh: str
    schema: str
    bytes: int
    hash: str


@dataclass(frozen=True, slots=True)
class Category:
    """One allowed value of an enum column, with the words and sign it is shown with."""

    value: str
    label: str
    label_zh: str
    #: A sign shown instead of the words where space is short (`≥` for `ge`); "" shows nothing.
    symbol: str | None = None
    #: The report's words that select this value (`…以上` for `ge`; `…` stands for the figure), in the
    #: syntax `shangdang_data.roles` describes; checked by `shangdang_data.checks.wording`.
    wordings: tuple[str, ...] = ()

    def text(self, language: str = "en") -> str:
        """The label in `language` ("zh" or "en")."""
        return self.label_zh if language == "zh" else self.label


@dataclass(frozen=True, slots=True)
class CopyOf:
    """A denormalised column: it equals `field` of the row that this table's foreign key `via` references."""

    via: str
    field: str


def _categories(raw: object) -> tuple[Category, ...]:
    """`categories` as written, if well-formed (a list of `{value, label, label_zh[, symbol, wordings]}`); else ()."""
    if not isinstance(raw, list):
        return ()
    found = []
    for item in raw:
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("value", "label", "label_zh")):
            return ()
        symbol, wordings = item.get("symbol"), item.get("wordings")
        found.append(
            Category(
                item["value"],
                item["label"],
                item["label_zh"],
                symbol if isinstance(symbol, str) else None,
                tuple(w for w in wordings if isinstance(w, str) and w) if isinstance(wordings, list) else (),
            )
        )
    return tuple(found)


_ROLES = {role.value: role for role in ColumnRole}


def _copy_of(raw: object) -> CopyOf | None:
    if isinstance(raw, dict) and isinstance(raw.get("via"), str) and isinstance(raw.get("field"), str):
        return CopyOf(raw["via"], raw["field"])
    return None


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One column: name, type, constraints and role, as the Table Schema states them."""

    name: str
    type: str
    title: str
    title_zh: str
    description: str
    description_zh: str
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    #: The labels of the enum values (Table Schema v2 `categories`), in `enum` order.
    categories: tuple[Category, ...] = ()
    #: The part the column plays (`x_role`), if any.
    role: ColumnRole | None = None
    #: True if the cell is copied verbatim from the row's paragraph (`x_verbatim`).
    verbatim: bool = False
    #: Set if the column is a denormalised copy of another table's column (`x_copy_of`).
    copy_of: CopyOf | None = None
    #: The field as written, for the checks that report a malformed property.
    raw: RawField = field(default_factory=lambda: RawField(), repr=False, compare=False, hash=False)

    @classmethod
    def from_raw(cls, raw: RawField) -> FieldSpec:
        """Build a spec from a Table Schema field."""
        constraints = raw.get("constraints", {})
        enum = constraints.get("enum")
        role = raw.get("x_role")
        return cls(
            name=raw["name"],
            type=raw.get("type", "string"),
            title=raw.get("title", ""),
            title_zh=raw.get("title_zh", ""),
            description=raw.get("description", ""),
            description_zh=raw.get("description_zh", ""),
            required=bool(constraints.get("required", False)),
            unique=bool(constraints.get("unique", False)),
            enum=tuple(enum) if enum is not None else None,
            pattern=constraints.get("pattern"),
            minimum=constraints.get("minimum"),
            maximum=constraints.get("maximum"),
            exclusive_minimum=constraints.get("exclusiveMinimum"),
            categories=_categories(raw.get("categories")),
            role=_ROLES.get(role) if isinstance(role, str) else None,
            verbatim=raw.get("x_verbatim") is True,
            copy_of=_copy_of(raw.get("x_copy_of")),
            raw=raw,
        )

    @property
    def kind(self) -> FieldType:
        """The registry entry of the column's type; `UnsupportedTypeError` if the package does not support it."""
        return field_type(self.type)

    def category(self, value: str) -> Category | None:
        """The category of enum value `value`, if the schema labels it."""
        return next((c for c in self.categories if c.value == value), None)

    @property
    def has_wordings(self) -> bool:
        """True if some category lists the report's wordings that select it."""
        return any(c.wordings for c in self.categories)


@dataclass(frozen=True, slots=True)
class ForeignKey:
    """`fields` of this table reference `reference_fields` of `resource`."""

    fields: tuple[str, ...]
    resource: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TableSpec:
    """One resource: where its CSV is, what its columns are, and which column plays which part."""

    name: str
    path: str
    schema_path: str
    title: str
    title_zh: str
    description: str
    description_zh: str
    fields: tuple[FieldSpec, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    bytes: int | None = None
    hash: str | None = None
    #: The Table Schema as written, for the comparisons that look at every key (`diff`).
    raw_schema: dict[str, Any] = field(default_factory=dict, repr=False, compare=False, hash=False)

    @property
    def field_names(self) -> tuple[str, ...]:
        """Column names in schema order."""
        return tuple(f.name for f in self.fields)

    @property
    def key_columns(self) -> frozenset[str]:
        """Columns that are a primary key or a foreign key."""
        return frozenset(self.primary_key).union(*(fk.fields for fk in self.foreign_keys))

    def field(self, name: str) -> FieldSpec:
        """The spec of column `name`."""
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)

    @property
    def verbatim(self) -> tuple[str, ...]:
        """Columns whose cells must appear verbatim in the text of the row's paragraph."""
        return tuple(f.name for f in self.fields if f.verbatim)

    def with_role(self, role: ColumnRole) -> tuple[FieldSpec, ...]:
        """The columns that play `role`, in schema order."""
        return tuple(f for f in self.fields if f.role is role)

    def role(self, role: ColumnRole) -> FieldSpec | None:
        """The column that plays `role`, if any (the first, for roles several columns may share)."""
        return next((f for f in self.fields if f.role is role), None)

    def reference(self, column: str) -> ForeignKey | None:
        """The one-column foreign key whose field is `column`, if there is one."""
        return next((fk for fk in self.foreign_keys if fk.fields == (column,)), None)


@dataclass(frozen=True, slots=True)
class PackageSpec:
    """The whole descriptor, with each resource's schema resolved."""

    root: Path
    name: str
    title: str
    version: str
    source_path: str
    source_hash: str
    tables: tuple[TableSpec, ...]
    raw: dict[str, Any] = field(repr=False, compare=False)
    #: The reading layer bound to where the package is (a folder or a zip); every file is read through it.
    files: PackageFiles = field(default_factory=lambda: PackageFiles(Path(".")), repr=False, compare=False)

    @property
    def table_names(self) -> tuple[str, ...]:
        """Resource names in descriptor order."""
        return tuple(t.name for t in self.tables)

    def resource(self, name: str) -> TableSpec:
        """The spec of table `name`; `UnknownTableError` names the tables there are."""
        for table in self.tables:
            if table.name == name:
                return table
        hint = did_you_mean(name, self.table_names)
        raise UnknownTableError(f"no table {name!r}{hint}; the tables are: {', '.join(self.table_names)}")


def read_json(files: PackageFiles, path: str) -> Any:
    """A JSON file of the package, read through the reading layer and parsed strictly.

    `FileRefusedError` if the file may not be read; `JsonError` (a `DescriptorError`
    naming the file) if it is not UTF-8, strict JSON.
    """
    data = files.read(path)
    try:
        text = data.content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DescriptorError(f"{path}: not UTF-8 (byte {error.start}: {error.reason})") from None
    try:
        return parse_json(text)
    except JsonError as error:
        raise JsonError(f"{path}: {error}", error.line, error.column) from None


_JSON_KINDS = {bool: "boolean", int: "number", float: "number", str: "string", list: "array", type(None): "null"}


def _json_kind(value: Any) -> str:
    """What a parsed JSON value is, in JSON's words (`string`, `array`, `null` …)."""
    return _JSON_KINDS.get(type(value), type(value).__name__)


def _names(value: Any) -> tuple[str, ...]:
    """A Table Schema key list: `"id"` and `["id"]` both mean one column."""
    return (value,) if isinstance(value, str) else tuple(value)


def read_table_spec(files: PackageFiles, raw: RawResource) -> TableSpec:
    """Resolve one resource and its schema file into a `TableSpec`.

    Unsafe paths (absolute, `..`, URLs) are refused before anything is opened.
    """
    schema_ref = raw.get("schema")
    if not isinstance(schema_ref, str):
        raise DescriptorError(f"resource {raw.get('name')!r}: `schema` must be a path to schemas/<name>.json")
    for key, value in (("schema", schema_ref), ("path", raw.get("path"))):
        reason = unsafe_path_reason(value)
        if reason:
            raise DescriptorError(f"resource {raw.get('name')!r}: {key} {value!r} {reason}")
    return table_spec_from_schema(raw, read_json(files, schema_ref))


def table_spec_from_schema(raw: RawResource, schema: Any) -> TableSpec:
    """Combine a resource and its parsed Table Schema into a `TableSpec`; `DescriptorError` if malformed."""
    schema_ref = raw.get("schema")
    try:
        fields = tuple(FieldSpec.from_raw(f) for f in schema["fields"])
        foreign_keys = tuple(
            ForeignKey(
                fields=_names(fk["fields"]),
                resource=fk["reference"].get("resource") or raw["name"],
                reference_fields=_names(fk["reference"]["fields"]),
            )
            for fk in schema.get("foreignKeys", [])
        )
        return TableSpec(
            name=raw["name"],
            path=raw["path"],
            schema_path=str(schema_ref),
            title=raw.get("title", ""),
            title_zh=raw.get("title_zh", ""),
            description=raw.get("description", ""),
            description_zh=raw.get("description_zh", ""),
            fields=fields,
            primary_key=_names(schema.get("primaryKey", [])),
            foreign_keys=foreign_keys,
            bytes=raw.get("bytes"),
            hash=raw.get("hash"),
            raw_schema=schema,
        )
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise DescriptorError(f"{schema_ref}: malformed Table Schema ({error!r})") from error


def read_descriptor(location: str | Path | PackageFiles | None = None) -> PackageSpec:
    """Read the package at `location` (a folder, its `datapackage.json`, a zip bundle, or its `PackageFiles`).

    The shipped package by default. Every file is read through the reading layer
    (`shangdang_data.reading`), which the returned spec keeps as `files`.
    """
    files = location if isinstance(location, PackageFiles) else open_package(location)
    path = files.root / files.descriptor_name
    try:
        raw = read_json(files, files.descriptor_name)
    except FileRefusedError as error:
        if error.refusal is Refusal.MISSING:
            raise PackageNotFoundError(f"{files.location}: no {files.descriptor_name} there") from None
        raise
    if not isinstance(raw, dict) or not isinstance(raw.get("resources"), list):
        raise DescriptorError(f"{path}: a data package descriptor needs a `resources` list")
    for index, resource in enumerate(raw["resources"]):
        if not isinstance(resource, dict):
            kind = _json_kind(resource)
            raise DescriptorError(f"{path}: resources[{index}] is a JSON {kind}, not an object {{…}}")
    sources = raw.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(source, dict) for source in sources):
        got = json.dumps(sources, ensure_ascii=False)[:80]
        raise DescriptorError(f"{path}: `sources` must be a list of objects {{…}}, got {got}")
    source = sources[0] if sources else {}
    source_path = str(source.get("path", ""))
    if source_path and (reason := unsafe_path_reason(source_path)):
        raise DescriptorError(f"{path}: source path {source_path!r} {reason}")
    return PackageSpec(
        root=files.root,
        name=str(raw.get("name", "")),
        title=str(raw.get("title", "")),
        version=str(raw.get("version", "")),
        source_path=source_path,
        source_hash=str(source.get("hash", "")),
        tables=tuple(_supported(read_table_spec(files, r)) for r in raw["resources"]),
        raw=raw,
        files=files,
    )


def _supported(table: TableSpec) -> TableSpec:
    """`table`, if the package can read every one of its field types; else `UnsupportedTypeError` naming the field."""
    for spec in table.fields:
        try:
            spec.kind  # noqa: B018 - looking the type up is the check
        except UnsupportedTypeError as error:
            raise UnsupportedTypeError(f"{table.schema_path}: field {spec.name!r}: {error}") from None
    return table


def hash_file(path: Path, chunk_size: int = 1 << 20) -> str:
    """The file's sha256 as a Data Package v2 `hash`: `sha256:<64 hex digits>`, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(chunk_size):
            digest.update(chunk)
    return f"sha256:{digest.hexdigest()}"


def compute_integrity(package: PackageSpec) -> dict[str, tuple[int, str]]:
    """Resource name -> (`bytes`, `hash`) of its file as the reading layer reads it now."""
    integrity: dict[str, tuple[int, str]] = {}
    for table in package.tables:
        data = package.files.read(table.path)
        integrity[table.name] = (data.size, f"sha256:{data.sha256}")
    return integrity


def find_stale_integrity(location: str | Path | PackageSpec | None = None) -> tuple[str, ...]:
    """Names of the resources whose recorded `bytes` or `hash` is missing or differs from the file."""
    package = location if isinstance(location, PackageSpec) else read_descriptor(location)
    integrity = compute_integrity(package)
    return tuple(t.name for t in package.tables if (t.bytes, t.hash) != integrity[t.name])


def render_descriptor(raw: dict[str, Any]) -> str:
    """The descriptor as the package writes it: 2-space indent, Chinese unescaped, final newline."""
    return json.dumps(raw, ensure_ascii=False, indent=2) + "\n"


def _with_integrity(resource: dict[str, Any], size: int, digest: str) -> dict[str, Any]:
    """`resource` with `bytes` and `hash` set: in place if present, else right after `encoding` (or `path`)."""
    if "bytes" in resource and "hash" in resource:
        return {**resource, "bytes": size, "hash": digest}
    anchor = "encoding" if "encoding" in resource else "path"
    updated: dict[str, Any] = {}
    for key, value in resource.items():
        if key in ("bytes", "hash"):
            continue
        updated[key] = value
        if key == anchor:
            updated["bytes"], updated["hash"] = size, digest
    updated.setdefault("bytes", size)
    updated.setdefault("hash", digest)
    return updated


def write_integrity(location: str | Path | None = None) -> bool:
    """Write each resource's `bytes` and sha256 `hash` into the descriptor; True if the file changed.

    The edit is minimal and deterministic: key order is kept, only `bytes` and
    `hash` change, and the file is rewritten only when they do. A package inside a
    zip bundle cannot be written to (`ShangdangError`).
    """
    package = read_descriptor(location)
    files = package.files
    target = files.writable(files.descriptor_name)  # refused for a zip, a link outside, a pipe
    integrity = compute_integrity(package)
    raw = dict(package.raw)
    raw["resources"] = [
        _with_integrity(resource, *integrity[resource["name"]]) if resource.get("name") in integrity else resource
        for resource in raw["resources"]
    ]
    content = render_descriptor(raw).encode("utf-8")
    if files.read(files.descriptor_name).content == content:
        return False
    target.write_bytes(content)
    return True
