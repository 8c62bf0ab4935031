"""`PackageDiff`: the changes between two versions, the bump they need, and their text and JSON renderings."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from shangdang_data.diff.policy import Bump, Change, ChangeKind, Version
from shangdang_data.problems import printable

ROW_KINDS = frozenset(
    {ChangeKind.ROW_ADDED, ChangeKind.ROW_REMOVED, ChangeKind.REFERENCED_ROW_REMOVED, ChangeKind.ROW_CHANGED}
)
ADDED = frozenset(
    {ChangeKind.RESOURCE_ADDED, ChangeKind.FIELD_ADDED, ChangeKind.FOREIGN_KEY_ADDED, ChangeKind.ROW_ADDED}
)
REMOVED = frozenset(
    {
        ChangeKind.RESOURCE_REMOVED,
        ChangeKind.FIELD_REMOVED,
        ChangeKind.FOREIGN_KEY_REMOVED,
        ChangeKind.ROW_REMOVED,
        ChangeKind.REFERENCED_ROW_REMOVED,
    }
)


@dataclass(frozen=True, slots=True)
class PackageDiff:
    """Every change from OLD to NEW, and whether NEW's version number grew enough for them."""

    old_location: str
    new_location: str
    old_version: str
    new_version: str
    #: Resource names in display order: NEW's order, then the ones NEW dropped.
    resources: tuple[str, ...]
    changes: tuple[Change, ...]

    @property
    def required(self) -> Bump:
        """The bump the changes require: the largest bump of any one change."""
        return max((c.bump for c in self.changes), default=Bump.NONE)

    @property
    def minimum_version(self) -> str | None:
        """The smallest version NEW may carry, or None if OLD's version is not `MAJOR.MINOR.PATCH`."""
        old = Version.parse(self.old_version)
        return None if old is None else str(old.bumped(self.required))

    @property
    def satisfied(self) -> bool:
        """True if NEW's version is at least `minimum_version`."""
        old, new = Version.parse(self.old_version), Version.parse(self.new_version)
        return old is not None and new is not None and new >= old.bumped(self.required)

    def verdict(self) -> str:
        """One sentence: the bump required and whether NEW's version satisfies it."""
        new = Version.parse(self.new_version)
        if Version.parse(self.old_version) is None or new is None:
            bad = self.old_version if new is not None else self.new_version
            return f"Version {bad!r} is not MAJOR.MINOR.PATCH: cannot check the bump."
        status = "OK" if self.satisfied else "too small"
        if self.required is Bump.NONE:
            return f"No change needs a new version; NEW is {self.new_version}: {status}."
        return (
            f"Required bump: {self.required} ({self.old_version} → {self.minimum_version} or later); "
            f"NEW is {self.new_version}: {status}."
        )

    def summary(self) -> dict[str, dict[str, int]]:
        """Per resource: rows added, removed and changed, and schema or metadata changes."""
        result: dict[str, dict[str, int]] = {}
        for name in self.resources:
            kinds = Counter(c.kind for c in self.changes if c.resource == name)
            result[name] = {
                "rows_added": kinds[ChangeKind.ROW_ADDED],
                "rows_removed": kinds[ChangeKind.ROW_REMOVED] + kinds[ChangeKind.REFERENCED_ROW_REMOVED],
                "rows_changed": kinds[ChangeKind.ROW_CHANGED],
                "schema_changes": sum(n for k, n in kinds.items() if k not in ROW_KINDS),
            }
        return result

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape: versions, verdict, per-resource summary and every change."""
        return {
            "old": {"location": self.old_location, "version": self.old_version},
            "new": {"location": self.new_location, "version": self.new_version},
            "required_bump": str(self.required),
            "minimum_version": self.minimum_version,
            "satisfied": self.satisfied,
            "summary": {name: counts for name, counts in self.summary().items() if any(counts.values())},
            "changes": [
                {
                    "kind": str(c.kind),
                    "bump": str(c.bump),
                    "resource": c.resource,
                    "field": c.field,
                    "key": list(c.key) if c.key is not None else None,
                    "message": c.message,
                    "cells": [{"field": cell.field, "old": cell.old, "new": cell.new} for cell in c.cells],
                }
                for c in self.changes
            ],
        }

    def to_json(self) -> str:
        """`to_dict` as indented JSON, Chinese unescaped."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_text(self) -> str:
        """For people: one block per changed resource, one line per change, then the verdict."""
        lines = [
            f"OLD {self.old_location} (version {self.old_version})",
            f"NEW {self.new_location} (version {self.new_version})",
            "",
        ]
        package = [c for c in self.changes if c.resource is None]
        if package:
            lines.append("package")
            lines.extend(render_change(c) for c in package)
        summary = self.summary()
        for name in self.resources:
            changes = [c for c in self.changes if c.resource == name]
            if changes:
                lines.append(f"{name}: {describe_counts(summary[name])}")
                lines.extend(render_change(c) for c in changes)
        if not self.changes:
            lines.append("No differences.")
        lines.extend(["", self.verdict()])
        return "\n".join(printable(line) for line in lines)  # a cell or a path never starts a line of its own


def describe_counts(counts: dict[str, int]) -> str:
    """`2 rows changed, 1 added; 1 schema change`."""
    rows = [f"{counts[f'rows_{k}']} {k}" for k in ("changed", "added", "removed") if counts[f"rows_{k}"]]
    parts = [f"rows {', '.join(rows)}"] if rows else []
    if counts["schema_changes"]:
        parts.append(f"{counts['schema_changes']} schema/metadata change{'s' * (counts['schema_changes'] > 1)}")
    return "; ".join(parts)


def render_change(change: Change) -> str:
    """`  ~ message  [bump kind]`, with `+` for additions and `-` for removals."""
    mark = "+" if change.kind in ADDED else "-" if change.kind in REMOVED else "~"
    return f"  {mark} {change.message}  [{change.bump}: {change.kind}]"
