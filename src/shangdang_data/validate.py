"""`validate`: run every check in order and gather all problems into one `Report`.

Order: the descriptor (bytes, JSON, frictionless metadata), the Table Schemas,
cheap byte checks on every file, then each table's structure and cells, keys,
and the provenance rules. Every problem is collected, never only the first. A
check that crashes becomes a `check-crashed` problem naming it, so a bug in the
validator never shows a traceback and never hides the other checks' findings.

pandera is not imported here (the checks use polars); it serves the published
schemas in `shangdang_data.schemas`.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TypeVar

from shangdang_data.checks import MAX_BYTES, CheckContext
from shangdang_data.problems import Problem, Report, Rule, ShangdangError

T = TypeVar("T")


class _Runner:
    """Runs checks, keeps what they yield, and turns a crash into a `check-crashed` problem."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def run(self, name: str, file: str, check: Generator[Problem, None, T] | Iterator[Problem]) -> T | None:
        try:
            while True:
                self.problems.append(next(check))
        except StopIteration as stop:
            result: T | None = stop.value
            return result
        except Exception as error:  # a bug in a check must not stop the others or show a traceback
            self.problems.append(
                Problem(
                    Rule.CHECK_CRASHED,
                    file,
                    None,
                    None,
                    f"check {name!r} crashed ({type(error).__name__}: {' '.join(str(error).split())[:300]}); "
                    "the other checks ran. "
                    "This is a bug in shangdang-data: please report it with this line",
                )
            )
            return None


def validate(location: str | Path | None = None, *, max_bytes: int = MAX_BYTES) -> Report:
    """Validate the data package at `location` (a `datapackage.json` or its folder; default: the shipped one).

    Returns a `Report` holding every problem found; never raises on bad data.
    Files larger than `max_bytes` are refused before they are read.

        >>> import shangdang_data as sd
        >>> sd.validate().valid         # doctest: +SKIP
        True
    """
    try:
        return _validate(location, max_bytes)
    except Exception as error:  # outside any check: still a report, never a traceback
        message = f"the validator stopped ({type(error).__name__}: {' '.join(str(error).split())[:300]}): this is a bug"
        problem = Problem(Rule.CHECK_CRASHED, "datapackage.json", None, None, message)
        return Report.collect([problem], {}, str(location), fatal=True)


def _validate(location: str | Path | None, max_bytes: int) -> Report:
    """The checks, in order (see the module docstring)."""
    from shangdang_data._files import descriptor_path

    try:
        path = descriptor_path(location)
    except ShangdangError as error:
        problem = Problem(Rule.DESCRIPTOR_MISSING, "datapackage.json", None, None, str(error))
        return Report.collect([problem], {}, str(location), fatal=True)
    ctx = CheckContext(root=path.parent, descriptor_file=path.name, max_bytes=max_bytes)
    runner = _Runner()
    run = runner.run
    shown = str(location) if location is not None else str(path)

    from shangdang_data.checks import descriptor, files, keys, sources, structure, tables

    if not run("descriptor", ctx.descriptor_file, descriptor.read_descriptor_file(ctx, path)):
        return Report.collect(runner.problems, {}, shown, fatal=True)
    run("metadata", ctx.descriptor_file, descriptor.check_metadata(ctx))
    run("schemas", ctx.descriptor_file, descriptor.read_schemas(ctx))
    run("references", ctx.descriptor_file, descriptor.check_references(ctx))
    for spec in ctx.tables:
        run("patterns", spec.schema_path, tables.check_patterns(spec))
        what = f"the data of resource {spec.name!r}"
        content = run("files", spec.path, files.check_file(ctx, spec.path, what, csv=True))
        if content is not None:
            table = run("structure", spec.path, structure.parse_table(spec, content))
            if table is not None:
                ctx.parsed[spec.name] = table
    run("source", ctx.descriptor_file, sources.check_source(ctx))
    for table in ctx.parsed.values():
        run("cells", table.file, tables.check_cells(table))
        run("primary-key", table.file, keys.check_primary_key(table))
        run("foreign-keys", table.file, keys.check_foreign_keys(ctx, table))
        run("verbatim", table.file, sources.check_verbatim(ctx, table))
        run("figure", table.file, sources.check_figure(table))
        run("value-max", table.file, sources.check_value_max(table))
        run("numbering", table.file, sources.check_numbering(table))
    run("rebuild", ctx.descriptor_file, sources.check_rebuild(ctx))
    for spec in ctx.tables:
        run("integrity", spec.path, sources.check_integrity(ctx, spec))
    run("version", ctx.descriptor_file, sources.check_version(ctx))
    rows = {name: table.frame.height for name, table in ctx.parsed.items()}
    return Report.collect(runner.problems, rows, shown)
