"""Descriptive metadata every export repeats: title, source, version, licence, column descriptions."""

from __future__ import annotations

from shangdang_data.citation import licences, report_source
from shangdang_data.descriptor import FieldSpec, PackageSpec


def source_line(package: PackageSpec) -> str:
    """The report's Chinese title, English title and date on one line."""
    about = report_source(package)
    parts = [str(about.get(key, "")) for key in ("title", "title_en", "date")]
    return " — ".join(p for p in parts if p)


def licence_line(package: PackageSpec) -> str:
    """Licence names and URLs on one line, e.g. "CC-BY-4.0 (https://…)"."""
    return "; ".join(f"{lic['name']} ({lic['path']})" if lic["path"] else lic["name"] for lic in licences(package))


def column_description(field: FieldSpec) -> str:
    """One line about a column: "Title (中文标题): description"."""
    title = f"{field.title} ({field.title_zh})" if field.title_zh else field.title
    return f"{title}: {field.description}" if field.description else title


def export_stem(package: PackageSpec) -> str:
    """File-name stem of the exports: the package name (`shangdang-data`)."""
    return package.name or "data"
