"""Optional dependencies: check a job's extra, or fail with the command that installs it.

`pip install shangdang-data` is what `load`, `tables`, `records` and `cite` need
(pandas, pydantic, click). Every other job has an extra in pyproject.toml:
`polars`, `validate`, `export`, `pandera`, `frictionless` (and `all`). The lists
are read from the installed package's metadata, so they are written only in
pyproject.toml. A missing one raises `MissingExtraError`, a `ShangdangError`
(the CLI prints one line, exit 2) and an `ImportError`:

    validate needs jsonschema-rs, which is not installed: pip install 'shangdang-data[validate]'
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import import_module, metadata
from types import ModuleType

from shangdang_data.problems import MissingExtraError

DISTRIBUTION = "shangdang-data"

_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?")
_EXTRA = re.compile(r"""extra\s*==\s*["']([^"']+)["']""")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@lru_cache(maxsize=1)
def _requirements() -> tuple[tuple[str, tuple[str, ...], str | None], ...] | None:
    """(distribution, its extras, the extra that needs it) for every `Requires-Dist`; None if not installed."""
    try:
        lines = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        return None
    found = []
    for line in lines:
        requirement, _, marker = line.partition(";")
        name = _NAME.match(requirement)
        if name is None:
            continue
        extras = tuple(e.strip() for e in (name.group(2) or "").split(",") if e.strip())
        extra = _EXTRA.search(marker)
        found.append((_normal(name.group(1)), extras, extra.group(1) if extra else None))
    return tuple(found)


def extra_distributions(extra: str) -> tuple[str, ...]:
    """The distributions the extra `extra` installs (its own extras followed), in pyproject order.

    Empty when shangdang-data is not installed (a source tree on `sys.path`): nothing can be checked then.
    """
    requirements = _requirements() or ()
    found: list[str] = []
    seen = set()
    todo = [extra]
    while todo:
        current = todo.pop(0)
        if current in seen:
            continue
        seen.add(current)
        for name, extras, needed_by in requirements:
            if needed_by != current:
                continue
            if name == DISTRIBUTION:
                todo.extend(extras)
            elif name not in found:
                found.append(name)
    return tuple(found)


def _installed(distribution: str) -> bool:
    try:
        metadata.distribution(distribution)
    except metadata.PackageNotFoundError:
        return False
    return True


def install_hint(extra: str) -> str:
    """The pip command that installs `extra`."""
    return f"pip install '{DISTRIBUTION}[{extra}]'"


def require_extra(extra: str, *, purpose: str) -> None:
    """Raise `MissingExtraError` unless every distribution of the extra `extra` is installed."""
    missing = [name for name in extra_distributions(extra) if not _installed(name)]
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        raise MissingExtraError(
            f"{purpose} needs {', '.join(missing)}, which {verb} not installed: {install_hint(extra)}"
        )


def require(module: str, *, extra: str, purpose: str) -> ModuleType:
    """Import `module` once the extra `extra` is checked, or raise `MissingExtraError` naming the extra."""
    require_extra(extra, purpose=purpose)
    try:
        return import_module(module)
    except ImportError as error:
        top = module.partition(".")[0]
        raise MissingExtraError(f"{purpose} needs {top}, which is not installed: {install_hint(extra)}") from error
