"""Build step: the only code that turns the raw report into committed tables.

`build_package` rewrites `data/sections.csv` and `data/paragraphs.csv` from the
raw source, then each resource's `bytes` and `hash` in `datapackage.json`, and
`CITATION.cff` from the descriptor; tests prove the committed files equal a fresh
build, byte for byte.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from shangdang_data.build.paragraphs import (
    PARAGRAPH_COLUMNS,
    SECTION_COLUMNS,
    paragraph_rows,
    parse_report,
    section_rows,
)

__all__ = ["CITATION", "build_package", "build_tables", "render_csv"]

#: The citation file `build_package` writes from the descriptor (see `shangdang_data.citation`).
CITATION = "CITATION.cff"


def build_tables(raw: str) -> dict[str, bytes]:
    """The generated tables as CSV bytes, keyed by resource name."""
    sections, paragraphs = parse_report(raw)
    return {
        "sections": render_csv(SECTION_COLUMNS, section_rows(sections)),
        "paragraphs": render_csv(PARAGRAPH_COLUMNS, paragraph_rows(paragraphs)),
    }


def render_csv(columns: tuple[str, ...], rows: list[dict[str, object]]) -> bytes:
    """CSV as the package writes it: UTF-8 without BOM, `\\n` line ends, empty cell for None."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: ("" if v is None else v) for k, v in row.items()} for row in rows)
    return buffer.getvalue().encode("utf-8")


def build_package(root: Path) -> dict[str, Path]:
    """Rebuild the generated tables of the package at `root`, every resource's `bytes` and `hash`, `CITATION.cff`.

    Returns the files written, keyed by resource name (`descriptor` for `datapackage.json`, `citation` for
    `CITATION.cff`).
    """
    from shangdang_data.citation import citation_cff
    from shangdang_data.descriptor import read_descriptor, write_integrity
    from shangdang_data.problems import DescriptorError

    descriptor = read_descriptor(root)
    files = descriptor.files
    if not descriptor.source_path:
        raise DescriptorError(f"{files.location}: `sources[0].path` names no raw source to build from")
    try:
        raw = files.read(descriptor.source_path).content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DescriptorError(f"{descriptor.source_path}: the raw source is not UTF-8 ({error.reason})") from None
    try:
        tables = build_tables(raw)
    except ValueError as error:
        raise DescriptorError(
            f"{descriptor.source_path}: cannot be built into sections and paragraphs: {error}"
        ) from None

    def write(relative: str, content: bytes) -> Path:
        """Write the file only if its bytes change; an unchanged file is left untouched."""
        if not files.exists(relative) or files.read(relative).content != content:
            files.writable(relative).write_bytes(content)
        return files.root / relative

    written = {name: write(descriptor.resource(name).path, content) for name, content in tables.items()}
    write_integrity(root)  # reads the tables just written
    written["descriptor"] = files.root / files.descriptor_name
    # the citation reads titles, dates, people and licences, which the integrity step leaves as they were
    written["citation"] = write(CITATION, citation_cff(descriptor).encode("utf-8"))
    return written
