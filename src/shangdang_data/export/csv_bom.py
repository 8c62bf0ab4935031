"""CSV copies with a UTF-8 byte-order mark, so Excel on Windows shows the Chinese text.

The canonical `data/*.csv` stay without BOM; these copies are byte for byte the
same file after the three BOM bytes.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from shangdang_data._read import table_bytes
from shangdang_data.descriptor import PackageSpec
from shangdang_data.export._progress import Progress, report

__all__ = ["write_csv_bom"]


def write_csv_bom(package: PackageSpec, out_dir: Path, *, progress: Progress | None = None) -> list[Path]:
    """Write `<out_dir>/csv-bom/<table>.csv` for every table: a BOM, then the canonical bytes."""
    folder = out_dir / "csv-bom"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in package.tables:
        content = table_bytes(package, table)
        if not content.startswith(codecs.BOM_UTF8):
            content = codecs.BOM_UTF8 + content
        target = folder / f"{table.name}.csv"
        target.write_bytes(content)
        written.append(target)
        report(progress, f"csv-bom: {table.name}")
    return written
