"""`validate`: run the check registry in order and gather all problems into one `Report`.

The order is `checks.registry.CHECKS`: the descriptor (bytes, JSON, frictionless
metadata), the Table Schemas, each table's bytes, structure and cells, keys, the
provenance rules, the rebuild from the raw source, hashes and the version. Every
problem is collected, never only the first. A check that crashes, or reports a
rule it does not declare, becomes a `check-crashed` problem naming it, so a bug
in the validator never shows a traceback and never hides the other checks' findings.

pandera is not imported here (the checks use polars); it serves the published
schemas in `shangdang_data.schemas`.
"""

from __future__ import annotations

from collections.abc import Generator
from itertools import groupby
from pathlib import Path

from shangdang_data.checks import MAX_BYTES, Check, CheckContext, Scope
from shangdang_data.problems import Problem, Report, Rule, ShangdangError
from shangdang_data.reading import PackageFiles


def _crash(check: Check, file: str, what: str) -> Problem:
    return Problem(
        Rule.CHECK_CRASHED,
        file,
        None,
        None,
        f"check {check.name!r} {what}; the other checks ran. "
        "This is a bug in shangdang-data: please report it with this line",
    )


class _Runner:
    """Runs checks, keeps what they yield, and turns a crash into a `check-crashed` problem."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def run(self, check: Check, file: str, *args: object) -> object:
        """Run `check` on `args`; its return value, or None if it crashed."""
        try:
            results: Generator[Problem, None, object] = check.function()(*args)
            while True:
                problem = next(results)
                if problem.rule not in check.rules:
                    self.problems.append(
                        _crash(check, file, f"reported rule {str(problem.rule)!r} it does not declare")
                    )
                self.problems.append(problem)
        except StopIteration as stop:
            return stop.value
        except Exception as error:  # a bug in a check must not stop the others or show a traceback
            detail = " ".join(str(error).split())[:300]
            self.problems.append(_crash(check, file, f"crashed ({type(error).__name__}: {detail})"))
            return None


def validate(location: str | Path | PackageFiles | None = None, *, max_bytes: int = MAX_BYTES) -> Report:
    """Validate the data package at `location`: a folder, its `datapackage.json`, a zip bundle, or the
    `PackageFiles` a command already reads it through (default: the shipped package).

    Returns a `Report` holding every problem found; never raises on bad data.
    Files larger than `max_bytes` are refused before they are read. Needs the
    `validate` extra (`MissingExtraError` names the pip command).

        >>> import shangdang_data as sd
        >>> sd.validate().valid         # doctest: +SKIP
        True
    """
    from shangdang_data._extras import require_extra

    require_extra("validate", purpose="validate")
    try:
        return _validate(location, max_bytes)
    except Exception as error:  # outside any check: still a report, never a traceback
        message = f"the validator stopped ({type(error).__name__}: {' '.join(str(error).split())[:300]}): this is a bug"
        problem = Problem(Rule.CHECK_CRASHED, "datapackage.json", None, None, message)
        return Report.collect([problem], {}, str(location), fatal=True)


def _validate(location: str | Path | PackageFiles | None, max_bytes: int) -> Report:
    """The checks of the registry, in order (see the module docstring)."""
    from shangdang_data.checks.registry import CHECKS
    from shangdang_data.reading import open_package

    try:
        files = location if isinstance(location, PackageFiles) else open_package(location)
    except ShangdangError as error:
        problem = Problem(Rule.DESCRIPTOR_MISSING, "datapackage.json", None, None, str(error))
        return Report.collect([problem], {}, str(location), fatal=True)
    if not isinstance(location, PackageFiles):
        files.max_bytes = max_bytes
    ctx = CheckContext(files=files)
    runner = _Runner()
    shown = files.location if location is None or isinstance(location, PackageFiles) else str(location)
    for scope, group in groupby(CHECKS, key=lambda check: check.scope):
        checks = list(group)
        if scope is Scope.PACKAGE:
            for check in checks:
                read = runner.run(check, ctx.descriptor_file, ctx)  # a fatal check returns False, None if it crashed
                if check.fatal and not read:
                    return Report.collect(runner.problems, {}, shown, fatal=True)
        elif scope is Scope.RESOURCE:
            for spec in list(ctx.tables):
                for check in checks:
                    runner.run(check, spec.path, ctx, spec)
        else:
            for table in list(ctx.parsed.values()):
                for check in checks:
                    runner.run(check, table.file, ctx, table)
    rows = {name: table.frame.height for name, table in ctx.parsed.items()}
    return Report.collect(runner.problems, rows, shown)
