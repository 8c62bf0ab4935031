"""What can go wrong, as data: `Rule`, `Problem`, `Report`, and the few exceptions.

Checks never raise on bad data: they yield `Problem`s, which `validate` gathers
into a `Report`. Exceptions are only for "cannot go on":

    ShangdangError                 base; the CLI prints its message and exits 2
    ├── PackageNotFoundError       no descriptor where one was expected
    ├── DescriptorError            the descriptor or a schema cannot be read
    └── UnknownTableError          a table name the package does not have (also a KeyError)
"""

from __future__ import annotations

from enum import StrEnum


class ShangdangError(Exception):
    """Base class of every error this package raises on purpose."""


class PackageNotFoundError(ShangdangError):
    """No data package where one was expected."""


class DescriptorError(ShangdangError):
    """The descriptor or one of its schemas cannot be read."""


class UnknownTableError(ShangdangError, KeyError):
    """A table name the package does not have."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class Rule(StrEnum):
    """Stable kebab-case codes of the validation rules (public API)."""
