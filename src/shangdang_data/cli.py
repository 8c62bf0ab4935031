"""The `shangdang-data` command: a thin skin over the Python API.

Each command parses its options, calls one public function, renders the result
and returns an exit code: 0 valid, 1 data problems, 2 usage error or unreadable
input. Only `ShangdangError` is caught, and printed as one line: its message,
which says what to do, never the exception's class name.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from shangdang_data.problems import ShangdangError

F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(command: F) -> F:
    """Turn a `ShangdangError` into one line on stderr and exit code 2."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ShangdangError as error:
            click.echo(f"Error: {error}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


def format_option(*extra: str, help: str = "text for people, json for CI.") -> Callable[[F], F]:
    """`--format text|json[|extra…]`: text for people, json for CI (validate adds github annotations)."""

    def decorate(command: F) -> F:
        option = click.option(
            "--format",
            "output_format",
            type=click.Choice(["text", "json", *extra]),
            default="text",
            show_default=True,
            help=help,
        )
        return option(command)

    return decorate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="shangdang-data")
def cli() -> None:
    """Shangdang District 2023 Government Work Report as a validated data package."""


@cli.command()
@click.argument("path", default=".", type=click.Path(path_type=Path))
@handle_errors
def build(path: Path) -> None:
    """Rebuild the generated tables (sections, paragraphs) from the raw report.

    PATH is a datapackage.json or its folder (default: the current folder; never
    the copy installed with the package).

    Example: shangdang-data build .
    """
    from shangdang_data._files import descriptor_path
    from shangdang_data.build import build_package

    root = descriptor_path(path).parent.absolute()  # the reading layer reports absolute paths
    for name, written in build_package(root).items():
        click.echo(f"built {name}: {written.relative_to(root)}")


@cli.command("validate")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@format_option("github", help="text for people, json for CI, github for GitHub Actions annotations.")
@click.option("--summary", is_flag=True, help="Also print the number of rows read per table.")
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=None,
    help="Refuse files larger than this many bytes, before reading them  [default: 52428800 (50 MB)]",
)
@handle_errors
def validate_command(path: Path | None, output_format: str, summary: bool, max_bytes: int | None) -> None:
    """Check the data package and list every problem, one line each: FILE:ROW:COLUMN: RULE: message.

    PATH is a package folder, its datapackage.json or a zip bundle (default: the
    data shipped with the package). Runs the descriptor and schema checks, then
    byte, table, key and provenance checks, and reports all problems, not the
    first. ROW is the row a spreadsheet shows (header = 1); control characters in
    names and cells are escaped, so each problem is one line. Exit 0 valid, 1 data
    problems, 2 usage error or unreadable input.

    Example: shangdang-data validate . --summary
    """
    from shangdang_data.checks import MAX_BYTES
    from shangdang_data.validate import validate

    report = validate(path, max_bytes=max_bytes or MAX_BYTES)
    if hasattr(sys.stdout, "reconfigure"):  # a non-UTF-8 console must not turn Chinese text into a traceback
        sys.stdout.reconfigure(errors="backslashreplace")
    rendered = {"json": report.to_json, "github": report.to_github}.get(output_format)
    click.echo(rendered() if rendered else report.to_text(tables=summary), nl=False)
    sys.exit(2 if report.fatal else 0 if report.valid else 1)


@cli.command("hash")
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a recorded bytes/hash is missing or stale.")
@handle_errors
def hash_command(path: Path, check: bool) -> None:
    """Write each resource's `bytes` and sha256 `hash` into datapackage.json.

    PATH is a datapackage.json or its folder (default: the current folder; never
    the copy installed with the package).
    `shangdang-data build` does this too, after rebuilding the tables.

    Example: shangdang-data hash . --check
    """
    from shangdang_data.descriptor import find_stale_integrity, write_integrity

    if check:
        stale = find_stale_integrity(path)
        for name in stale:
            click.echo(f"stale: {name}: bytes/hash do not match the file; run `shangdang-data hash`")
        sys.exit(1 if stale else 0)
    changed = write_integrity(path)
    click.echo("datapackage.json: bytes and hash updated" if changed else "datapackage.json: bytes and hash up to date")


@cli.command()
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
@format_option()
@handle_errors
def diff(old: Path, new: Path, output_format: str) -> None:
    """Show what changed from OLD to NEW and the version bump it requires.

    OLD and NEW are package folders, datapackage.json files or release zip
    bundles. Lists rows added, removed and changed per table (by primary key,
    with old → new values), schema and metadata changes, and the bump the
    versioning policy requires (see CHANGELOG.md). Exit 0 if NEW's version is
    large enough, 1 if the bump is too small, 2 if a package cannot be read.

    Example: shangdang-data diff dist/shangdang-data-0.1.0.zip .
    """
    from shangdang_data.diff import diff_packages

    result = diff_packages(old, new)
    if hasattr(sys.stdout, "reconfigure"):  # a non-UTF-8 console must not turn Chinese text into a traceback
        sys.stdout.reconfigure(errors="backslashreplace")
    click.echo(result.to_json() if output_format == "json" else result.to_text())
    sys.exit(0 if result.satisfied else 1)


@cli.command("export")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "export_format",
    type=click.Choice(["xlsx", "sqlite", "parquet", "csv-bom", "all"]),
    default="all",
    show_default=True,
    help="all = every format plus a zip bundle with SHA256SUMS.",
)
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path), help="Folder to write to.")
@handle_errors
def export_command(path: Path | None, export_format: str, out: Path) -> None:
    """Export the tables as xlsx, SQLite (+ datasette metadata), Parquet or CSV with BOM.

    PATH is a datapackage.json or its folder (default: the data shipped with the
    package). Progress goes to stderr; the files written and their sizes to stdout.
    Needs the export extra: pip install 'shangdang-data[export]'.

    Example: shangdang-data export --format all --out dist/
    """
    from shangdang_data.export import count_steps, export_package
    from shangdang_data.load import read_package_spec

    steps = count_steps(export_format, read_package_spec(path))
    with click.progressbar(
        length=steps, label="exporting", file=sys.stderr, show_pos=True, item_show_func=lambda label: label
    ) as bar:
        written = export_package(export_format, out, path=path, progress=lambda label: bar.update(1, label))
    for file in written:
        click.echo(f"{file}\t{file.stat().st_size} bytes")


@cli.command()
@click.argument("row_id")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "citation_format",
    type=click.Choice(["text", "bibtex", "csl-json"]),
    default="text",
    show_default=True,
    help="text to paste; bibtex or csl-json for a reference manager (Zotero, BibTeX, Pandoc).",
)
@handle_errors
def cite(row_id: str, path: Path | None, citation_format: str) -> None:
    """Print a ready-to-paste citation of one figure: value, quote, section, paragraph, report, version.

    ROW_ID is an indicator id, or TABLE:ID for a row of another quoted table
    (projects, enterprises, glossary …); `shangdang-data ids TABLE` lists them.
    PATH as for export.

    Example: shangdang-data cite 2022-gdp --format bibtex
    """
    from shangdang_data.cite import cite as cite_row

    click.echo(cite_row(row_id, path=path, format=citation_format))


@cli.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@handle_errors
def tables(path: Path | None) -> None:
    """List the tables: name, number of rows, title and description.

    PATH is a datapackage.json or its folder (default: the data shipped with the
    package). Tables marked * have rows that `shangdang-data cite` can cite.

    Example: shangdang-data tables
    """
    from shangdang_data.catalog import table_info

    found = table_info(path)
    width = max((len(t.name) for t in found), default=0) + 1
    for t in found:
        mark = "*" if t.citable else " "
        title = f"{t.title} ({t.title_zh})" if t.title_zh else t.title
        click.echo(f"{t.name + mark:<{width}} {t.rows:>5} rows  {title}: {t.description}")


@cli.command()
@click.argument("table")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@handle_errors
def ids(table: str, path: Path | None) -> None:
    """List the row ids of TABLE, one a line, as `shangdang-data cite` accepts them.

    An id that is also in another quoted table is written TABLE:ID. PATH as for
    tables. A misspelt table name gets the closest names.

    Example: shangdang-data ids indicators
    """
    from shangdang_data.catalog import row_ids

    for key in row_ids(table, path=path):
        click.echo(key)


@cli.command()
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default="dist", show_default=True, type=click.Path(path_type=Path))
@click.option("--no-check", is_flag=True, help="Skip the release checks (validity, hashes, changelog entry).")
@handle_errors
def release(path: Path, out_dir: Path, no_check: bool) -> None:
    """Build the release bundle: a reproducible zip with SHA256SUMS.

    PATH is a datapackage.json or its folder (default: the current folder). The
    package must be valid, freshly built (bytes and hash) and have a CHANGELOG
    entry for its version. The zip holds the package, the raw source, every
    export, README, LICENSE, CHANGELOG and SHA256SUMS; the same input always
    gives a byte-identical zip.

    Example: shangdang-data release . --out dist/
    """
    from shangdang_data.release import release_package

    for written in release_package(path, out_dir, check=not no_check):
        click.echo(f"wrote {written} ({written.stat().st_size} bytes)")


def main() -> None:
    """Entry point of the console script."""
    cli()
