"""Citations in the formats people and reference managers read: text, BibTeX, CSL-JSON, and `CITATION.cff`.

`cite.py` finds the row and words its headline; this module says who made the
data, when, which version, from which report, and writes that in each format.
Everything comes from `datapackage.json` (name, title, version, `created`,
`contributors`, `licenses`, `sources[0]`), so a new version changes every
citation by itself. `CITATION.cff` at the repository root is `citation_cff()`'s
output, checked by a test and rewritten by `shangdang-data build`.

    >>> from shangdang_data.citation import CITE_FORMATS
    >>> CITE_FORMATS
    ('text', 'bibtex', 'csl-json')
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from shangdang_data.descriptor import PackageSpec
from shangdang_data.problems import ShangdangError, printable

__all__ = ["CITE_FORMATS", "RowCitation", "bibtex_escape", "citation_cff", "dataset_citation", "render_citation"]

#: The formats `cite` writes.
CITE_FORMATS: tuple[str, ...] = ("text", "bibtex", "csl-json")

#: What a contributor is called when the descriptor names none.
DEFAULT_AUTHOR = "shangdang-data editors"


def check_format(fmt: str) -> None:
    """Raise `ShangdangError` unless `fmt` is one of `CITE_FORMATS`."""
    if fmt not in CITE_FORMATS:
        raise ShangdangError(f"unknown citation format {fmt!r}; choose one of: {', '.join(CITE_FORMATS)}")


def authors(package: PackageSpec) -> list[str]:
    """The contributors' names (`contributors[].title`), or the editors when there are none."""
    names = [
        str(c.get("title", "")).strip()
        for c in package.raw.get("contributors", [])
        if isinstance(c, dict) and str(c.get("title", "")).strip()
    ]
    return names or [DEFAULT_AUTHOR]


def issued(package: PackageSpec) -> tuple[int, int, int] | None:
    """The package's `created` date as (year, month, day), if it is written as an ISO date."""
    found = re.match(r"(\d{4})-(\d{2})-(\d{2})", str(package.raw.get("created", "")))
    return (int(found.group(1)), int(found.group(2)), int(found.group(3))) if found else None


def report_source(package: PackageSpec) -> dict[str, Any]:
    """`sources[0]` of the descriptor: the report the data is made from."""
    sources = package.raw.get("sources") or [{}]
    first = sources[0] if isinstance(sources[0], dict) else {}
    return first


def report_line(package: PackageSpec) -> str:
    """The report's Chinese title, [English title], and date, as `cite` prints it."""
    source = report_source(package)
    line = str(source.get("title", ""))
    if source.get("title_en"):
        line += f" [{source['title_en']}]"
    if source.get("date"):
        line += f", {source['date']}"
    return line


def licences(package: PackageSpec) -> list[dict[str, str]]:
    """The descriptor's `licenses`, each with `name`, `path` and `title` (empty when absent)."""
    return [
        {key: str(licence.get(key, "")) for key in ("name", "path", "title")}
        for licence in package.raw.get("licenses", [])
        if isinstance(licence, dict)
    ]


def licence_names(package: PackageSpec) -> list[str]:
    """The names of the descriptor's licences (`CC-BY-4.0` …)."""
    return [licence["name"] for licence in licences(package)]


def dataset_citation(package: PackageSpec, language: str = "en") -> str:
    """The whole data set as a reference list cites it, in English or Chinese ("zh"), on one line.

    Authors (year). Title (version) [data set]. Licence. Source: the report, as `cite`
    names it for a row (`report_line`).

        >>> from shangdang_data.load import read_package_spec
        >>> dataset_citation(read_package_spec()).split(" data (")[1].split(" Source: ")[0]
        'version ...) [data set]. CC-BY-4.0.'
    """
    names = ", ".join(authors(package))
    date = issued(package)
    year = str(date[0]) if date else "n.d."
    if language == "zh":
        title = str(package.raw.get("title_zh") or package.title)
        report = str(report_source(package).get("title", ""))
        return f"{names}（{year}）。{title}，版本 {package.version}。" + (f"数据来源：{report}。" if report else "")
    licences = ", ".join(licence_names(package))
    line = f"{names} ({year}). {package.title} (version {package.version}) [data set]."
    line += f" {licences}." if licences else ""
    report_text = report_line(package)
    return line + (f" Source: {report_text}." if report_text else "")


@dataclass(frozen=True, slots=True)
class RowCitation:
    """One row's citation, before it is written in a format."""

    package: PackageSpec
    table: str
    key: str
    #: `GDP (地区生产总值) — level, actual, 2022: 367 亿元 (100 million yuan)`.
    headline: str
    #: The verbatim quote, without quotation marks.
    quote: str
    #: `section … [..], paragraph review.p03`.
    where: str

    @property
    def data(self) -> str:
        """`shangdang-data 0.1.0, indicators:2022-gdp (CC-BY-4.0)`."""
        licences = ", ".join(licence_names(self.package))
        data = f"{self.package.name} {self.package.version}, {self.table}:{self.key}"
        return data + (f" ({licences})" if licences else "")

    @property
    def id(self) -> str:
        """A citation key made of safe characters: `shangdang-data-0.1.0-indicators-2022-gdp`."""
        return re.sub(r"[^A-Za-z0-9.-]+", "-", f"{self.package.name}-{self.package.version}-{self.table}-{self.key}")


def render_citation(citation: RowCitation, fmt: str = "text") -> str:
    """`citation` in the format `fmt` (one of `CITE_FORMATS`)."""
    check_format(fmt)
    if fmt == "bibtex":
        return _bibtex(citation)
    if fmt == "csl-json":
        return json.dumps([_csl(citation)], ensure_ascii=False, indent=2)
    lines = [
        citation.headline,
        f"“{citation.quote}”",
        f"Source: {report_line(citation.package)}; {citation.where}.",
        f"Data: {citation.data}.",
    ]
    return "\n".join(printable(line) for line in lines)  # four lines, whatever the cells hold


# --- BibTeX ------------------------------------------------------------------------------------------------------

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",  # BibTeX counts braces without looking at backslashes: `\{` would unbalance them
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}


def bibtex_escape(text: str) -> str:
    """Text as a BibTeX field value: LaTeX's special characters escaped, braces always balanced."""
    return "".join(_BIBTEX_SPECIAL.get(c, c) for c in " ".join(text.split()))


def _bibtex(citation: RowCitation) -> str:
    package = citation.package
    date = issued(package)
    fields = {
        "title": "{" + bibtex_escape(citation.headline) + "}",  # double braces: keep the capitals as written
        "author": " and ".join("{" + bibtex_escape(name) + "}" for name in authors(package)),
        "year": str(date[0]) if date else "",
        "version": bibtex_escape(package.version),
        "publisher": bibtex_escape(package.title),
        "howpublished": bibtex_escape(citation.data),
        "note": bibtex_escape(f"“{citation.quote}” Source: {report_line(package)}; {citation.where}."),
    }
    lines = [f"@misc{{{citation.id},"]
    lines += [f"  {name:<12} = {{{value}}}," for name, value in fields.items() if value]
    lines.append("}")
    return "\n".join(lines)


# --- CSL-JSON ------------------------------------------------------------------------------------------------------


def _csl_date(parts: tuple[int, ...]) -> dict[str, Any]:
    return {"date-parts": [list(parts)]}


def _csl(citation: RowCitation) -> dict[str, Any]:
    package = citation.package
    source = report_source(package)
    item: dict[str, Any] = {
        "id": citation.id,
        "type": "dataset",
        "title": citation.headline,
        "author": [{"literal": name} for name in authors(package)],
        "version": package.version,
        "publisher": package.name,
        "container-title": package.title,
        "source": report_line(package),
        "note": f"“{citation.quote}” {citation.where}. Data: {citation.data}.",
    }
    date = issued(package)
    if date:
        item["issued"] = _csl_date(date)
    report_date = re.match(r"(\d{4})-(\d{2})-(\d{2})$", str(source.get("date", "")))
    if report_date:
        item["original-date"] = _csl_date(tuple(int(p) for p in report_date.groups()))
    if source.get("title"):
        item["original-title"] = str(source["title"])
    licences = licence_names(package)
    if licences:
        item["license"] = ", ".join(licences)
    return item


# --- CITATION.cff ----------------------------------------------------------------------------------------------------


def _yaml(value: str) -> str:
    """A YAML scalar: JSON strings are valid YAML, so every character is safe."""
    return json.dumps(value, ensure_ascii=False)


def citation_cff(package: PackageSpec) -> str:
    """`CITATION.cff` (Citation File Format 1.2.0) of the package: the data set, and the report as its source."""
    source = report_source(package)
    date = issued(package)
    lines = [
        "# Citation File Format (https://citation-file-format.github.io); written from datapackage.json by",
        "# `shangdang-data build`: edit the descriptor, not this file.",
        "cff-version: 1.2.0",
        "message: If you use this data, please cite it as below, together with the report it comes from.",
        "type: dataset",
        f"title: {_yaml(package.title)}",
        f"version: {_yaml(package.version)}",
    ]
    if date:
        lines.append(f"date-released: {_yaml('{:04d}-{:02d}-{:02d}'.format(*date))}")
    lines.append("authors:")
    lines += [f"  - name: {_yaml(name)}" for name in authors(package)]
    licences = licence_names(package)
    if licences:
        lines.append(f"license: {_yaml(licences[0])}")
    if package.raw.get("description"):
        lines.append(f"abstract: {_yaml(' '.join(str(package.raw['description']).split()))}")
    keywords = [str(k) for k in package.raw.get("keywords", [])]
    if keywords:
        lines.append("keywords:")
        lines += [f"  - {_yaml(k)}" for k in keywords]
    if source.get("title"):
        lines += [
            "references:",
            "  - type: report",
            f"    title: {_yaml(str(source['title']))}",
        ]
        issuer = str(source.get("issuer", ""))
        author = str(source.get("author", ""))
        lines.append("    authors:")
        lines.append(f"      - name: {_yaml(issuer or author or 'unknown')}")
        if issuer:
            lines.append(f"    institution:\n      name: {_yaml(issuer)}")
        if source.get("date"):
            lines.append(f"    date-published: {_yaml(str(source['date']))}")
        if source.get("title_en"):
            lines.append(f"    notes: {_yaml(str(source['title_en']))}")
    return "\n".join(lines) + "\n"
