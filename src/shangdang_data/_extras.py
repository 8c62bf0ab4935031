"""Optional dependencies: import one, or fail with the command that installs it.

`pip install shangdang-data` stays light; the export writers need the `export`
extra (openpyxl, pyarrow). A missing one raises `MissingExtraError`, a
`ShangdangError` (so the CLI prints one line, exit 2) and an `ImportError`.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from shangdang_data.problems import MissingExtraError


def require(module: str, *, extra: str, purpose: str) -> ModuleType:
    """Import `module`, or raise `MissingExtraError` naming the extra that provides it."""
    try:
        return import_module(module)
    except ImportError as error:
        top = module.partition(".")[0]
        raise MissingExtraError(
            f"{purpose} needs {top}, which is not installed: pip install 'shangdang-data[{extra}]'"
        ) from error
