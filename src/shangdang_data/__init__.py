"""shangdang-data: the 2023 Government Work Report of Shangdang District as validated tables.

    >>> import shangdang_data as sd
    >>> sd.load("indicators")          # doctest: +SKIP

Public names are resolved lazily (PEP 562), so `import shangdang_data` loads no
pandas, polars, frictionless or pandera until a function that needs them runs.
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import Any

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "ShangdangError": "shangdang_data.problems",
    "UnknownTableError": "shangdang_data.problems",
    "read_descriptor": "shangdang_data.descriptor",
    "build_package": "shangdang_data.build",
    "write_integrity": "shangdang_data.descriptor",
    "diff_packages": "shangdang_data.diff",
    "PackageDiff": "shangdang_data.diff",
    "release_package": "shangdang_data.release",
    "load": "shangdang_data.load",
    "load_all": "shangdang_data.load",
    "tables": "shangdang_data.load",
    "package": "shangdang_data.load",
    "records": "shangdang_data.records",
    "cite": "shangdang_data.cite",
    "schema": "shangdang_data.frames",
    "check_references": "shangdang_data.frames",
    "table_info": "shangdang_data.catalog",
    "row_ids": "shangdang_data.catalog",
    "TableInfo": "shangdang_data.catalog",
    "validate": "shangdang_data.validate",
    "Report": "shangdang_data.problems",
    "Problem": "shangdang_data.problems",
    "Rule": "shangdang_data.problems",
}

__all__ = ["__version__", *_EXPORTS]


class _Package(ModuleType):
    """The package module: `sd.load`, `sd.validate` and `sd.cite` stay functions.

    Importing a submodule binds it on its package under the same name (the import
    system does `setattr(shangdang_data, "validate", <module>)`), which would hide
    the same-named function; this keeps the public name for the function.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _EXPORTS and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from shangdang_data._files import shipped_version

        return shipped_version()
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'shangdang_data' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
