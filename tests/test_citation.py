"""Citations that tools understand: BibTeX read by pybtex, CSL-JSON formatted by citeproc-py, a valid CITATION.cff.

Each names the package version and the report; expected values come from
datapackage.json and the CSVs, read here with `json` and `csv`.
"""

from __future__ import annotations

import codecs
import csv
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
import pytest
import yaml  # type: ignore[import-untyped]
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string

import shangdang_data as sd
from shangdang_data.citation import CITE_FORMATS, bibtex_escape, citation_cff, dataset_citation
from shangdang_data.cli import cli
from shangdang_data.descriptor import read_descriptor
from shangdang_data.problems import ShangdangError

REPO = Path(__file__).resolve().parents[1]
DESCRIPTOR = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
SOURCE = DESCRIPTOR["sources"][0]


def first_rows(count: int = 5) -> list[dict[str, str]]:
    with (REPO / "data" / "indicators.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))[:count]


@pytest.mark.parametrize("row", first_rows(), ids=lambda r: r["indicator_id"])
def test_bibtex_parses_with_pybtex_and_names_version_report_and_quote(row: dict[str, str]) -> None:
    entries = parse_string(sd.cite(row["indicator_id"], format="bibtex"), "bibtex").entries
    ((key, entry),) = entries.items()
    assert row["indicator_id"] in key
    assert entry.type == "misc"
    assert entry.fields["version"] == DESCRIPTOR["version"]
    assert entry.fields["year"] == DESCRIPTOR["created"][:4]
    note = codecs.decode(entry.fields["note"], "ulatex")
    assert f"“{row['quote']}”" in note
    assert SOURCE["title"] in note
    assert SOURCE["date"] in note
    assert (
        f"{DESCRIPTOR['name']} {DESCRIPTOR['version']}, indicators:{row['indicator_id']}"
        in entry.fields["howpublished"]
    )
    assert [str(p) for p in entry.persons["author"]] == ["{" + c["title"] + "}" for c in DESCRIPTOR["contributors"]]


@settings(max_examples=200)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=60))
def test_any_text_escaped_for_bibtex_parses_as_one_field(text: str) -> None:
    escaped = bibtex_escape(text)
    entry = parse_string(f"@misc{{k, note = {{{escaped}}}, year = {{2023}}}}", "bibtex").entries["k"]
    assert entry.fields.get("note", "") == escaped
    assert entry.fields["year"] == "2023"  # nothing in the note ended the field early


@settings(max_examples=200)
@given(st.text(alphabet=st.sampled_from(list("上党区“”（），。%&#_ ab1")), max_size=40))
def test_bibtex_escaped_text_decodes_back_as_written(text: str) -> None:
    note = parse_string(f"@misc{{k, note = {{{bibtex_escape(text)}}}}}", "bibtex").entries["k"].fields.get("note", "")
    assert codecs.decode(note, "ulatex") == " ".join(text.split())


@pytest.mark.parametrize("row", first_rows(3), ids=lambda r: r["indicator_id"])
def test_csl_json_is_formatted_by_citeproc_with_version_and_report(row: dict[str, str]) -> None:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items: list[dict[str, Any]] = json.loads(sd.cite(row["indicator_id"], format="csl-json"))
    (item,) = items
    assert item["type"] == "dataset"
    assert item["version"] == DESCRIPTOR["version"]
    assert item["original-title"] == SOURCE["title"]
    assert item["original-date"] == {"date-parts": [[int(p) for p in SOURCE["date"].split("-")]]}
    assert f"“{row['quote']}”" in item["note"]
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    (entry,) = [str(e) for e in bibliography.bibliography()]
    assert item["title"] in entry
    assert DESCRIPTOR["created"][:4] in entry


def test_every_format_comes_from_the_command_line_and_an_unknown_one_is_refused() -> None:
    for fmt in CITE_FORMATS:
        result = CliRunner().invoke(cli, ["cite", "2022-gdp", "--format", fmt])
        assert result.exit_code == 0, result.output
        assert result.output.strip() == sd.cite("2022-gdp", format=fmt)
    with pytest.raises(ShangdangError, match="choose one of: text, bibtex, csl-json"):
        sd.cite("2022-gdp", format="ris")


# --- the whole data set ----------------------------------------------------------------------------------------


def test_the_dataset_citation_names_authors_year_version_licence_and_report() -> None:
    package = read_descriptor(REPO)
    english, chinese = dataset_citation(package), dataset_citation(package, "zh")
    authors = ", ".join(c["title"] for c in DESCRIPTOR["contributors"])
    assert english.startswith(f"{authors} ({DESCRIPTOR['created'][:4]}). {DESCRIPTOR['title']} ")
    assert f"(version {DESCRIPTOR['version']}) [data set]. {DESCRIPTOR['licenses'][0]['name']}." in english
    # The report as a row's citation names it: Chinese title, [English title], date.
    assert english.endswith(f"Source: {SOURCE['title']} [{SOURCE['title_en']}], {SOURCE['date']}.")
    assert chinese == (
        f"{authors}（{DESCRIPTOR['created'][:4]}）。{DESCRIPTOR['title_zh']}，版本 {DESCRIPTOR['version']}。"
        f"数据来源：{SOURCE['title']}。"
    )
    assert "\n" not in english + chinese


def test_the_dataset_citation_without_contributors_date_or_source(package_copy: Path) -> None:
    descriptor = json.loads((package_copy / "datapackage.json").read_text(encoding="utf-8"))
    for key in ("contributors", "created", "sources", "licenses"):
        descriptor.pop(key, None)
    (package_copy / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    text = dataset_citation(read_descriptor(package_copy))
    assert text == f"shangdang-data editors (n.d.). {DESCRIPTOR['title']} (version {DESCRIPTOR['version']}) [data set]."


def test_the_docstring_examples_run() -> None:
    import doctest
    from importlib import import_module

    result = doctest.testmod(import_module("shangdang_data.citation"), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0


# --- CITATION.cff ------------------------------------------------------------------------------------------------


def test_citation_cff_is_the_one_the_descriptor_gives() -> None:
    committed = (REPO / "CITATION.cff").read_text(encoding="utf-8")
    assert committed == citation_cff(read_descriptor(REPO)), "CITATION.cff is stale: run `shangdang-data build .`"


def test_citation_cff_says_what_the_descriptor_says() -> None:
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["type"] == "dataset"
    assert cff["title"] == DESCRIPTOR["title"]
    assert cff["version"] == DESCRIPTOR["version"]
    assert cff["license"] == DESCRIPTOR["licenses"][0]["name"]
    assert [a["name"] for a in cff["authors"]] == [c["title"] for c in DESCRIPTOR["contributors"]]
    (report,) = cff["references"]
    assert report["title"] == SOURCE["title"]
    assert report["date-published"] == SOURCE["date"]


@pytest.mark.slow
def test_citation_cff_is_valid_by_the_reference_validator(tmp_path: Path) -> None:
    """cffconvert (the Citation File Format's own validator) in a throwaway venv: its pins clash with ours."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    env = {k: v for k, v in os.environ.items() if k not in ("PIP_CONSTRAINT",)}
    subprocess.run([*pip, "cffconvert==2.0.0"], check=True, env=env, capture_output=True)
    command = [str(venv / "bin" / "cffconvert"), "--validate", "--infile", str(REPO / "CITATION.cff")]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid" in (result.stdout + result.stderr).lower()
