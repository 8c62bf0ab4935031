"""The versioning policy as data: every kind of change, the bump it requires, and version arithmetic.

The policy follows the Frictionless *Data Package Version* recipe
(https://datapackage.org/recipes/data-package-version/): MAJOR for changes that can
break a reader (renamed, removed or reordered fields, removed resources, type
changes, tighter constraints, deleted rows that other tables reference), MINOR for
backwards-compatible additions (new rows, new resources, looser constraints), PATCH
for corrections (changed values, removed rows nobody references, descriptive
metadata). `POLICY` is the one table of it: CHANGELOG.md and the docs describe it,
`diff` applies it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import NamedTuple


class Bump(IntEnum):
    """How much a version number must grow; ordered, so `max()` gives the bump a set of changes needs."""

    NONE = 0
    PATCH = 1
    MINOR = 2
    MAJOR = 3

    def __str__(self) -> str:
        return self.name.lower()


class ChangeKind(StrEnum):
    """Stable kebab-case codes of the changes `diff` reports (public API, like `Rule`)."""

    PACKAGE_RENAMED = "package-renamed"
    METADATA_CHANGED = "metadata-changed"
    RESOURCE_ADDED = "resource-added"
    RESOURCE_REMOVED = "resource-removed"
    RESOURCE_MOVED = "resource-moved"
    RESOURCE_FORMAT_CHANGED = "resource-format-changed"
    FIELD_ADDED = "field-added"
    FIELD_REMOVED = "field-removed"
    FIELDS_REORDERED = "fields-reordered"
    FIELD_RETYPED = "field-retyped"
    CONSTRAINT_TIGHTENED = "constraint-tightened"
    CONSTRAINT_LOOSENED = "constraint-loosened"
    PRIMARY_KEY_CHANGED = "primary-key-changed"
    FOREIGN_KEY_ADDED = "foreign-key-added"
    FOREIGN_KEY_REMOVED = "foreign-key-removed"
    ROW_ADDED = "row-added"
    ROW_REMOVED = "row-removed"
    REFERENCED_ROW_REMOVED = "referenced-row-removed"
    ROW_CHANGED = "row-changed"


#: The versioning policy: the bump each kind of change requires. The one source of truth.
POLICY: dict[ChangeKind, Bump] = {
    ChangeKind.PACKAGE_RENAMED: Bump.MAJOR,  # recipe: change the package name or identifier
    ChangeKind.RESOURCE_REMOVED: Bump.MAJOR,  # delete (or rename) a resource
    ChangeKind.RESOURCE_FORMAT_CHANGED: Bump.MAJOR,  # encoding, dialect, format: how the file must be read
    ChangeKind.FIELD_ADDED: Bump.MINOR,  # our policy (issue 7): an added column breaks no reader that selects by name
    ChangeKind.FIELD_REMOVED: Bump.MAJOR,  # a rename is a removal plus an addition
    ChangeKind.FIELDS_REORDERED: Bump.MAJOR,
    ChangeKind.FIELD_RETYPED: Bump.MAJOR,  # type, format, or how the value is parsed
    ChangeKind.CONSTRAINT_TIGHTENED: Bump.MAJOR,
    ChangeKind.PRIMARY_KEY_CHANGED: Bump.MAJOR,  # the row identifier changes
    ChangeKind.FOREIGN_KEY_ADDED: Bump.MAJOR,  # a new constraint is a tighter one
    ChangeKind.REFERENCED_ROW_REMOVED: Bump.MAJOR,  # recipe: delete data referenced by another resource
    ChangeKind.RESOURCE_ADDED: Bump.MINOR,
    ChangeKind.ROW_ADDED: Bump.MINOR,
    ChangeKind.CONSTRAINT_LOOSENED: Bump.MINOR,
    ChangeKind.FOREIGN_KEY_REMOVED: Bump.MINOR,
    ChangeKind.ROW_CHANGED: Bump.PATCH,  # recipe: correct errors in existing data
    ChangeKind.ROW_REMOVED: Bump.PATCH,  # a wrongly extracted row that nothing references
    ChangeKind.METADATA_CHANGED: Bump.PATCH,  # titles, descriptions, licences, sources
    ChangeKind.RESOURCE_MOVED: Bump.NONE,  # recipe: relocating data needs no new version
}


@dataclass(frozen=True, slots=True)
class CellChange:
    """One cell of a row whose primary key is in both versions: `old` → `new`."""

    field: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between two versions of the package, with the bump the policy gives it."""

    kind: ChangeKind
    #: Resource name; None for package-level changes.
    resource: str | None
    message: str
    field: str | None = None
    #: Primary-key values of the row, for row changes.
    key: tuple[str, ...] | None = None
    cells: tuple[CellChange, ...] = ()

    @property
    def bump(self) -> Bump:
        """The bump this change requires under `POLICY`."""
        return POLICY[self.kind]


_SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$")


class Version(NamedTuple):
    """A `MAJOR.MINOR.PATCH` version; pre-release and build suffixes are ignored when comparing."""

    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> Version | None:
        """The version in `text`, or None if it is not semantic-versioning `MAJOR.MINOR.PATCH[-pre][+build]`."""
        match = _SEMVER.match(text.strip())
        if match is None:
            return None
        return cls(int(match[1]), int(match[2]), int(match[3]))

    def bumped(self, bump: Bump) -> Version:
        """The smallest version that makes `bump` from this one (itself for `Bump.NONE`)."""
        if bump is Bump.MAJOR:
            return Version(self.major + 1, 0, 0)
        if bump is Bump.MINOR:
            return Version(self.major, self.minor + 1, 0)
        if bump is Bump.PATCH:
            return Version(self.major, self.minor, self.patch + 1)
        return self

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"
