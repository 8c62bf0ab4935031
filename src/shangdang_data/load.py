"""The loader: the package's tables as DataFrames typed by their Table Schemas.

    >>> import shangdang_data as sd
    >>> sd.tables()["units"]                                        # doctest: +ELLIPSIS
    'Units (计量单位): Every unit the indicators use, ...'
    >>> units = sd.load("units")
    >>> str(units["factor"].dtype), str(units["dimension"].dtype)
    ('Float64', 'category')
    >>> sd.load("units", engine="polars").schema["unit_id"]
    String

Strings are pandas' nullable `string`, integers `Int64`, numbers `Float64`, enum
columns categoricals over the schema's enum; only an empty cell is missing. With
`engine="polars"` enum columns are `pl.Enum`. Every function takes `path`, a
`datapackage.json` or its folder; by default the data shipped with the package.

The descriptor is read once per process and re-read when it or a schema changes
on disk; the CSV is read on every call, so a loaded table is always the file as
it is now.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal, overload

from shangdang_data._files import descriptor_path
from shangdang_data._read import read_pandas, read_polars
from shangdang_data.descriptor import PackageSpec, read_descriptor
from shangdang_data.problems import InvalidPackageError, ShangdangError
from shangdang_data.reading import PackageFiles, ZipFiles

if TYPE_CHECKING:
    import frictionless
    import pandas as pd
    import polars as pl


Engine = Literal["pandas", "polars"]

#: The DataFrame libraries `load` can return.
ENGINES: tuple[Engine, ...] = ("pandas", "polars")

__all__ = ["ENGINES", "load", "load_all", "package", "tables"]


@dataclass(frozen=True, slots=True)
class _Cached:
    stamps: tuple[tuple[str, int, int], ...]
    spec: PackageSpec


#: Descriptor location as given (absolute; None for the shipped package) -> what was read there.
_SPECS: dict[str | None, _Cached] = {}


def _stamp(file: str) -> tuple[str, int, int]:
    try:
        stat = os.stat(file)
    except OSError:
        return (file, -1, -1)
    return (file, stat.st_mtime_ns, stat.st_size)


def read_package_spec(path: str | Path | None = None) -> PackageSpec:
    """The descriptor at `path` (default: the shipped one), read once and re-read when a file of it changes.

    Each call gets a fresh reading layer (`spec.files`): the tables it reads are the
    files as they are now, each read once within the call.
    """
    key = None if path is None else os.path.abspath(path)
    cached = _SPECS.get(key)
    if cached is not None and all(_stamp(stamp[0]) == stamp for stamp in cached.stamps):
        return replace(cached.spec, files=cached.spec.files.fresh())
    spec = read_descriptor(path)
    files = spec.files
    watched = [files.root / files.descriptor_name, *(files.root / t.schema_path for t in spec.tables)]
    if isinstance(files, ZipFiles):
        watched = [files.archive]
    _SPECS[key] = _Cached(stamps=tuple(_stamp(str(f)) for f in watched), spec=spec)
    return replace(spec, files=files.fresh())


def tables(path: str | Path | None = None) -> dict[str, str]:
    """Table name -> one-line description, in descriptor order.

    >>> list(tables())[:3]
    ['sections', 'paragraphs', 'units']
    """
    spec = read_package_spec(path)
    return {t.name: " ".join(f"{t.title} ({t.title_zh}): {t.description}".split()) for t in spec.tables}


def check_engine_name(engine: str) -> None:
    """`ShangdangError` unless `engine` is one of `ENGINES` (for `load` and the pandera schemas alike)."""
    if engine not in ENGINES:
        raise ShangdangError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")


def _check_engine(engine: str) -> None:
    check_engine_name(engine)
    if engine == "polars":
        from shangdang_data._extras import require_extra

        require_extra("polars", purpose="engine='polars'")


def _validate(files: PackageFiles) -> None:
    """Validate through the reading layer the tables are then loaded from: each file is read once, and the bytes
    loaded are the bytes validated."""
    from shangdang_data.validate import validate

    report = validate(files)
    if not report.valid:
        raise InvalidPackageError(
            f"the package has {len(report.problems)} problem(s):\n{report.to_text()}",
            report,
        )


@overload
def load(
    name: str, *, engine: Literal["pandas"] = ..., validate: bool = ..., path: str | Path | None = ...
) -> pd.DataFrame: ...
@overload
def load(
    name: str, *, engine: Literal["polars"], validate: bool = ..., path: str | Path | None = ...
) -> pl.DataFrame: ...
def load(
    name: str, *, engine: Engine = "pandas", validate: bool = False, path: str | Path | None = None
) -> pd.DataFrame | pl.DataFrame:
    """Table `name` as a DataFrame with the schema's dtypes.

    `engine` is "pandas" (default) or "polars". With `validate=True` the whole
    package is validated first and `InvalidPackageError` lists every problem.
    An unknown `name` raises `UnknownTableError`, naming the tables there are;
    a CSV that does not fit its schema raises `TableReadError`.

    >>> load("units")["unit_id"].iloc[0]
    'cny-100m'
    """
    _check_engine(engine)
    spec = read_package_spec(path)
    table = spec.resource(name)
    if validate:
        _validate(spec.files)
    if engine == "polars":
        return read_polars(spec, table)
    return read_pandas(spec, table)


@overload
def load_all(
    *, engine: Literal["pandas"] = ..., validate: bool = ..., path: str | Path | None = ...
) -> dict[str, pd.DataFrame]: ...
@overload
def load_all(
    *, engine: Literal["polars"], validate: bool = ..., path: str | Path | None = ...
) -> dict[str, pl.DataFrame]: ...
def load_all(
    *, engine: Engine = "pandas", validate: bool = False, path: str | Path | None = None
) -> dict[str, pd.DataFrame] | dict[str, pl.DataFrame]:
    """Every table, name -> DataFrame in descriptor order (validated once if `validate=True`)."""
    _check_engine(engine)
    spec = read_package_spec(path)
    if validate:
        _validate(spec.files)
    if engine == "polars":
        return {t.name: read_polars(spec, t) for t in spec.tables}
    return {t.name: read_pandas(spec, t) for t in spec.tables}


def package(path: str | Path | None = None) -> frictionless.Package:
    """The package as a `frictionless.Package` (for frictionless' own tools); needs the `frictionless` extra."""
    from shangdang_data._extras import require

    library = require("frictionless", extra="frictionless", purpose="package()")

    descriptor = descriptor_path(path)
    if not descriptor.is_file():
        from shangdang_data.problems import PackageNotFoundError

        raise PackageNotFoundError(f"{descriptor}: no such file")
    result: frictionless.Package = library.Package(str(descriptor))
    return result
