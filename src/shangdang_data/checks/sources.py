"""The package as a whole: its raw source, the tables built from it, the recorded sizes and hashes, the version.

The raw source (`sources[0]`) is never edited: its sha256 is recorded in the
descriptor and checked. The tables `shangdang_data.build` generates from it must
equal a fresh build, in any package that has the source and those tables. Every
resource's recorded `bytes` and `hash` match its file, and the version is written
once, in the descriptor.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any

from shangdang_data.checks import CheckContext, shorten
from shangdang_data.checks.files import UTF8_BOM, check_file
from shangdang_data.checks.structure import ROW, Table
from shangdang_data.descriptor import TableSpec
from shangdang_data.problems import FileRefusedError, Problem, Rule
from shangdang_data.reading import FileData

SEMVER = r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?"
_HASH = re.compile(r"^(?:(?P<algorithm>[a-z0-9-]+):)?(?P<digest>[0-9a-fA-F]+)$")


def recorded_digest(data: FileData, recorded: str) -> tuple[str, str, str] | None:
    """(algorithm, the file's digest, the recorded digest) for a recorded Data Package `hash` (`sha256:…`, bare =
    md5); None if the hash is not one of those.

    sha256 was computed by the reading layer as it read the file; another algorithm
    is computed here.
    """
    match = _HASH.match(recorded.strip())
    if not match:
        return None
    algorithm = match["algorithm"] or "md5"
    if algorithm == "sha256":
        actual = data.sha256
    elif algorithm not in hashlib.algorithms_guaranteed or algorithm.startswith("shake"):
        return None
    else:
        actual = hashlib.new(algorithm, data.content).hexdigest()
    return algorithm, actual, recorded.split(":")[-1].lower()


def check_source(ctx: CheckContext) -> Iterator[Problem]:
    """The raw source is unchanged: its hash (and size) equal those recorded under `sources`.

    A source with a local `path` must record its `hash`: without one nothing proves
    the report is the one received, and the rebuild check has nothing to trust.
    """
    sources = ctx.raw.get("sources")
    if not isinstance(sources, list) or not sources or not isinstance(sources[0], dict):
        return
    source = sources[0]
    path, recorded = source.get("path"), source.get("hash")
    if not isinstance(path, str):
        return  # a source cited by title only: there is no local file to compare
    if not isinstance(recorded, str) or not recorded.strip():
        line = ctx.descriptor_line(path)
        message = (
            f"the raw source {shorten(path)!r} has no recorded `hash`, so nothing proves it is the report as received: "
            "record it with `shangdang-data hash` (it writes `sha256:…` and `bytes`)"
        )
        yield Problem(Rule.SOURCE_HASH, ctx.descriptor_file, line, None, message)
        return
    content = yield from check_file(ctx, path, "the raw source")
    data = ctx.data.get(path)
    if data is None:
        return
    digest = recorded_digest(data, recorded)
    if digest is None:
        message = f"the recorded hash {shorten(recorded)!r} is not `sha256:<hex>`"
        yield Problem(Rule.SOURCE_HASH, ctx.descriptor_file, ctx.descriptor_line(recorded), None, message)
        return
    algorithm, actual, expected = digest
    size = source.get("bytes")
    if actual != expected or (isinstance(size, int) and size != data.size):
        yield Problem(
            Rule.SOURCE_HASH,
            path,
            None,
            None,
            f"the raw source changed: its {algorithm} is {actual[:12]}… ({data.size:,} bytes) but datapackage.json "
            f"records {expected[:12]}…{f' ({size:,} bytes)' if isinstance(size, int) else ''}; the source is never "
            f"edited: restore it (git checkout -- {path})",
        )
        return
    if content is not None:
        ctx.source_text = content.decode("utf-8")


def check_rebuild(ctx: CheckContext) -> Iterator[Problem]:
    """The generated tables (those `shangdang_data.build` makes) equal a fresh build from the unchanged raw source.

    It runs in every package whose raw source is present and unchanged, whatever the
    package is called.
    """
    if ctx.source_text is None:
        return
    from shangdang_data.build import build_tables

    try:
        tables = build_tables(ctx.source_text)
    except ValueError as error:  # the cleaning rules say why the text cannot be split into paragraphs
        path = str(ctx.raw["sources"][0]["path"])
        message = f"the raw source cannot be built into sections and paragraphs: {shorten(str(error), 160)}"
        yield Problem(Rule.BUILD_MISMATCH, path, None, None, message)
        return
    for name, built in tables.items():
        table = ctx.parsed.get(name)
        if table is None:
            continue
        data = ctx.data.get(table.file)  # a released (large) file has no content left: compared row by row
        if data is not None and data.content.removeprefix(UTF8_BOM) == built:
            continue
        yield from compare_with_build(table, built)


def compare_with_build(table: Table, built: bytes) -> Iterator[Problem]:
    """Rows of `table` that differ from a fresh build, matched by primary key."""
    import polars as pl

    key = table.spec.primary_key
    columns = [c for c in table.spec.field_names if c in table.columns]
    if not key or any(c not in columns for c in key):
        return
    fresh = pl.read_csv(built, infer_schema=False, empty_string_is_null=False)
    fresh = fresh.select(*columns).with_row_index("_built", offset=2)
    ours = table.frame.select(ROW, *(Table.text(c) for c in columns))
    joined = ours.join(fresh, on=list(key), how="full", suffix="_fresh", coalesce=True)
    fix = "generated tables are never edited by hand: run `shangdang-data build`"
    found = False
    for record in joined.sort(ROW, nulls_last=True).iter_rows(named=True):
        ident = "/".join(str(record[k]) for k in key)
        if record["_built"] is None:
            found = True
            message = f"{'/'.join(key)} {ident!r} is not in a fresh build from the source: {fix}"
            yield Problem(Rule.BUILD_MISMATCH, table.file, record[ROW], key[0], message)
            continue
        if record[ROW] is None:
            found = True
            message = f"{'/'.join(key)} {ident!r} (row {record['_built']} of a fresh build) is missing: {fix}"
            yield Problem(Rule.BUILD_MISMATCH, table.file, None, key[0], message)
            continue
        for column in columns:
            if column in key or record[column] == record[f"{column}_fresh"]:
                continue
            found = True
            ours, theirs = record[column], record[f"{column}_fresh"]
            at = next(
                (i for i, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b), min(len(ours), len(theirs))
            )
            yield Problem(
                Rule.BUILD_MISMATCH,
                table.file,
                record[ROW],
                column,
                f"{column} has {shorten(ours[max(0, at - 6) : at + 10], 20)!r} where a fresh build from the source "
                f"has {shorten(theirs[max(0, at - 6) : at + 10], 20)!r}: {fix}",
            )
            break
    if not found:
        message = f"the file differs from a fresh build in row order or CSV formatting: {fix}"
        yield Problem(Rule.BUILD_MISMATCH, table.file, None, None, message)


def check_integrity(ctx: CheckContext, spec: TableSpec) -> Iterator[Problem]:
    """A resource's recorded `bytes` and `hash` equal its file's (and are written as a number and a string)."""
    data = ctx.data.get(spec.path)
    if data is None:
        return
    fix = "if the edit is intended, run `shangdang-data hash` (or `shangdang-data build`) to record the new values"
    if spec.bytes is not None and (isinstance(spec.bytes, bool) or not isinstance(spec.bytes, int)):
        message = f"resource {spec.name!r}: `bytes` is {shorten(repr(spec.bytes))}, not a whole number: {fix}"
        yield Problem(Rule.RESOURCE_BYTES, ctx.descriptor_file, ctx.descriptor_line(spec.bytes), None, message)
    elif spec.bytes is not None and spec.bytes != data.size:
        message = f"the file has {data.size:,} bytes but datapackage.json records {spec.bytes:,}: {fix}"
        yield Problem(Rule.RESOURCE_BYTES, spec.path, None, None, message)
    if spec.hash is not None and not isinstance(spec.hash, str):
        message = f"resource {spec.name!r}: `hash` is {shorten(repr(spec.hash))}, not a string like sha256:<hex>"
        yield Problem(Rule.RESOURCE_HASH, ctx.descriptor_file, ctx.descriptor_line(spec.hash), None, message)
    elif spec.hash is not None:
        digest = recorded_digest(data, spec.hash)
        if digest is None:
            message = f"resource {spec.name!r}: the recorded hash {shorten(spec.hash)!r} is not `sha256:<hex>`"
            yield Problem(Rule.RESOURCE_HASH, ctx.descriptor_file, ctx.descriptor_line(spec.hash), None, message)
        elif digest[1] != digest[2]:
            message = f"the file's {digest[0]} differs from the `hash` in datapackage.json: {fix}"
            yield Problem(Rule.RESOURCE_HASH, spec.path, None, None, message)


def check_version(ctx: CheckContext) -> Iterator[Problem]:
    """One version: semantic, and the same in the descriptor, pyproject.toml and `shangdang_data.__version__`."""
    version = ctx.raw.get("version")
    line = ctx.descriptor_line("version")
    if not isinstance(version, str) or not re.fullmatch(SEMVER, version):
        message = f"version {version!r} is not a semantic version like 0.1.0"
        yield Problem(Rule.VERSION, ctx.descriptor_file, line, None, message)
        return
    yield from check_pyproject(ctx, version)
    from shangdang_data._files import package_root
    from shangdang_data.problems import ShangdangError

    try:
        shipped = package_root().resolve() == ctx.root.resolve()
    except ShangdangError:
        shipped = False
    if shipped:
        import shangdang_data

        installed = shangdang_data.__version__  # read from the descriptor file each time it is asked
        if installed != version:
            message = f"shangdang_data.__version__ is {installed!r} but the descriptor says {version!r}"
            yield Problem(Rule.VERSION, ctx.descriptor_file, line, None, message)


def check_pyproject(ctx: CheckContext, version: str) -> Iterator[Problem]:
    """pyproject.toml of the same project either reads its version from the descriptor or states the same one."""
    import tomllib

    if not ctx.files.exists("pyproject.toml"):
        return
    try:
        pyproject = tomllib.loads(ctx.files.read("pyproject.toml").content.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, FileRefusedError) as error:
        yield Problem(Rule.VERSION, "pyproject.toml", None, None, f"cannot be read to compare versions: {error}")
        return
    project = pyproject.get("project", {})
    if not isinstance(project, dict) or project.get("name") != ctx.raw.get("name"):
        return  # another project's pyproject: not ours to compare
    if "version" in project:
        if project["version"] != version:
            message = f"version {project['version']!r} differs from {version!r} in datapackage.json: keep one version"
            yield Problem(Rule.VERSION, "pyproject.toml", None, None, message)
        return
    hatch: Any = pyproject.get("tool", {})
    for key in ("hatch", "version"):
        hatch = hatch.get(key, {}) if isinstance(hatch, dict) else {}
    if not isinstance(hatch, dict) or hatch.get("path") != ctx.descriptor_file:
        message = (
            "the version is dynamic but [tool.hatch.version] does not read it from datapackage.json: "
            'set path = "datapackage.json"'
        )
        yield Problem(Rule.VERSION, "pyproject.toml", None, None, message)
        return
    pattern = hatch.get("pattern")
    if isinstance(pattern, str):
        try:
            match = re.search(pattern, ctx.descriptor_text, re.MULTILINE)
        except re.error:
            match = None
        found = match.group("version") if match and "version" in match.groupdict() else None
        if found != version:
            message = f"[tool.hatch.version] pattern reads {found!r} from datapackage.json, not {version!r}"
            yield Problem(Rule.VERSION, "pyproject.toml", None, None, message)
