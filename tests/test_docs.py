"""The documentation site: built strictly, complete, linked, searchable in Chinese, and offline.

The site is built once per session (`built_site` in conftest.py) from whatever
the repository holds; the expectations below are computed from the same data,
so they hold for any row count.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
from collections.abc import Iterator
from html import escape, unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown as python_markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shangdang_data.cli import cli
from shangdang_data.descriptor import read_descriptor
from shangdang_data.problems import Rule

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
sys.path.insert(0, str(DOCS / "hooks"))

from shangdang_docs import markdown as md  # noqa: E402
from shangdang_docs import markers  # noqa: E402
from shangdang_docs.context import SiteContext, row_anchor  # noqa: E402


def rows_of(name: str, root: Path = REPO) -> list[dict[str, str]]:
    spec = read_descriptor(root).resource(name)
    with (root / spec.path).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class Scan(HTMLParser):
    """Ids, links and asset references of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.assets: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        if tag in ("a", "area") and "href" in values:
            self.links.append(values["href"])
        if tag == "link" and "href" in values:
            self.assets.append((tag, values["href"]))
        if tag in ("script", "img", "iframe", "source", "embed", "audio", "video", "image") and values.get("src"):
            self.assets.append((tag, values["src"]))


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[str, Scan]:
    """Every built HTML page, scanned, by its path in the site."""
    scans = {}
    for path in sorted(built_site.rglob("*.html")):
        scan = Scan()
        scan.feed(path.read_text(encoding="utf-8"))
        scans[path.relative_to(built_site).as_posix()] = scan
    return scans


def html_of(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def text_of(site: Path, page: str) -> str:
    """The visible text of a page's article."""
    html = html_of(site, page)
    article = html[html.find("<article") : html.find("</article>")]
    return unescape(re.sub(r"<[^>]+>", "", article))


# --- the build --------------------------------------------------------------------------------------------------


def test_site_builds_strictly_with_every_page(built_site: Path) -> None:
    expected = [
        "index.html",
        "report.html",
        "dictionary.html",
        "charts.html",
        "downloads.html",
        "tables/indicators.html",
        "tables/projects.html",
        "tables/enterprises.html",
        "tables/glossary.html",
        "tables/errata.html",
        "tables/other.html",
        "howto/python.html",
        "howto/pandera.html",
        "howto/other-tools.html",
        "howto/ci.html",
        "howto/cite.html",
        "howto/report-error.html",
        "methodology/index.html",
        "methodology/cleaning.html",
        "reference/cli.html",
        "reference/api.html",
        "reference/rules.html",
        "changelog.html",
        "versioning.html",
    ]
    # Chinese at the root, English under en/ (a page without an English source is built from the Chinese one).
    every = [*expected, *(f"en/{page}" for page in expected), "404.html", "en/404.html"]
    missing = [page for page in every if not (built_site / page).is_file()]
    assert not missing


def test_each_language_has_its_language_and_a_switch_to_the_other(pages: dict[str, Scan], built_site: Path) -> None:
    for page in pages:
        if page.endswith("404.html") or page.startswith(("downloads/", "assets/")):
            continue
        html = html_of(built_site, page)
        english = page.startswith("en/")
        assert f'<html lang="{"en" if english else "zh"}"' in html, page
        counterpart = page.removeprefix("en/") if english else f"en/{page}"
        switch = re.search(
            r'<a href="([^"]+)" hreflang="%s" class="md-select__link">' % ("zh" if english else "en"), html
        )
        assert switch, page
        target = (Path(page).parent / switch.group(1)).as_posix()
        while "/../" in f"/{target}":
            target = re.sub(r"(^|/)[^/]+/\.\./", r"\1", target, count=1)
        assert target == counterpart, (page, switch.group(1))


def test_generated_parts_follow_the_page_language(built_site: Path) -> None:
    """The same marker renders in each language: headers, enum labels from the schemas, money in yuan."""
    indicators = read_descriptor(REPO).resource("indicators")
    basis = indicators.field("basis")
    zh, en = html_of(built_site, "tables/indicators.html"), html_of(built_site, "en/tables/indicators.html")
    for category in basis.categories:
        assert re.search(f'data-filter="{category.value}"[^>]*>{category.label_zh}', zh)
        assert re.search(f'data-filter="{category.value}"[^>]*>{category.label}', en)
    assert "<th>原文</th>" in zh or ">原文<" in zh
    assert ">Quote<" in en
    # 367 亿元 (100 million yuan) is 36.7 billion yuan: read off the report, converted by a person.
    gdp = en[en.find('<tr id="2022-gdp">') :]
    assert "= 36.7 billion yuan" in gdp[: gdp.find("</tr>")]
    assert 'class="sd-yuan"' not in zh


def test_no_marker_is_left_unrendered(built_site: Path) -> None:
    leftovers = [p.name for p in built_site.rglob("*.html") if "<!-- render:" in p.read_text(encoding="utf-8")]
    assert not leftovers


def test_an_unknown_marker_fails_the_build() -> None:
    ctx = SiteContext(root=REPO)
    with pytest.raises(markers.UnknownMarkerError, match="no-such-thing"):
        markers.render("<!-- render: no-such-thing -->\n", ctx, "index.md")


# --- offline ----------------------------------------------------------------------------------------------------


def test_no_external_scripts_styles_or_fonts(built_site: Path, pages: dict[str, Scan]) -> None:
    external = [
        (page, tag, url)
        for page, scan in pages.items()
        for tag, url in scan.assets
        if urlsplit(url).scheme in ("http", "https") or url.startswith("//")
    ]
    assert not external
    for css in built_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), css
        assert "@import" not in text or not re.search(r"@import\s+(url\()?['\"]?(https?:)?//", text), css


def test_every_internal_link_and_anchor_resolves(built_site: Path, pages: dict[str, Scan]) -> None:
    broken = []
    for page, scan in pages.items():
        for link in scan.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue
            if parts.path.startswith("/"):  # 404.html links from the site root: it is served at any path
                target = unquote(parts.path).lstrip("/")
            else:
                target = page if not parts.path else (Path(page).parent / unquote(parts.path)).as_posix()
            target = re.sub(r"(^|/)\./", r"\1", target)
            while "/../" in f"/{target}":
                target = re.sub(r"(^|/)[^/]+/\.\./", r"\1", target, count=1)
            file = built_site / target
            if file.is_dir():
                file, target = file / "index.html", f"{target.rstrip('/')}/index.html".lstrip("/")
            if not file.is_file():
                broken.append((page, link, "no such file"))
            elif parts.fragment and target in pages and unquote(parts.fragment) not in pages[target].ids:
                broken.append((page, link, "no such anchor"))
    assert not broken[:20], f"{len(broken)} broken links"


# --- Chinese search (the browser tests type the queries; these check the index it reads) ------------------------


def index_of(site: Path, prefix: str = "") -> dict[str, object]:
    data: dict[str, object] = json.loads((site / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
    return data


def words_of(index: dict[str, object]) -> dict[str, set[str]]:
    """Location -> the words the browser's index holds (split as the index's own separator says)."""
    config = index["config"]
    assert isinstance(config, dict)
    separator = re.compile(config["separator"])
    words: dict[str, set[str]] = {}
    for doc in index["docs"]:  # type: ignore[attr-defined]
        text = re.sub(r"<[^>]+>", " ", f"{doc['title']} {doc['text']}").lower()
        words[doc["location"]] = {word for word in separator.split(text) if word}
    return words


def test_each_language_has_its_own_search_index(built_site: Path) -> None:
    chinese, english = index_of(built_site), index_of(built_site, "en")
    zh_pages = {doc["location"].split("#")[0] for doc in chinese["docs"]}  # type: ignore[attr-defined]
    en_pages = {doc["location"].split("#")[0] for doc in english["docs"]}  # type: ignore[attr-defined]
    assert "tables/indicators.html" in zh_pages
    assert zh_pages == en_pages  # every page in both, each under its own language root
    assert not any(page.startswith("en/") for page in zh_pages)
    titles = {doc["location"]: doc["title"] for doc in english["docs"]}  # type: ignore[attr-defined]
    assert titles["tables/indicators.html"] == "Indicators"


@pytest.mark.parametrize(
    ("term", "table", "column"),
    [
        ("地区生产总值", "indicators", "subject_zh"),
        ("原煤产量", "indicators", "subject_zh"),
        ("一般公共预算收入", "indicators", "subject_zh"),
        ("链主", "enterprise_roles", "role_zh"),
        ("日盛达", "enterprises", "name_zh"),
        ("清化收", "glossary", "term_zh"),
    ],
)
def test_the_index_keeps_the_tables_terms_whole(built_site: Path, term: str, table: str, column: str) -> None:
    """jieba, with the user dictionary made from the tables, keeps each term as one word of the index."""
    assert any(row[column] == term for row in rows_of(table)), f"{term} is not a {table}.{column} value"
    words = words_of(index_of(built_site))
    assert any(term in found for found in words.values()), f"{term} is split in the search index"


def test_the_user_dictionary_holds_the_tables_terms() -> None:
    from shangdang_docs import search

    dictionary = {line.split(" ")[0] for line in search.user_dictionary(SiteContext(root=REPO)).splitlines()}
    for row in rows_of("enterprises"):
        name = row["name_zh"]
        if 2 <= len(name) <= search.MAX_TERM_LENGTH and re.fullmatch(r"[\u3400-\u9fff]+", name):
            # Whole, or left out because a shorter term of the dictionary is part of it.
            assert name in dictionary or any(other in name for other in dictionary if other != name), name
    assert "六九九六" in dictionary  # a quoted term of the report text (“六九九六”)
    assert not any(a != b and a in b for a in dictionary for b in dictionary)


def test_the_search_worker_keeps_whole_terms(built_site: Path) -> None:
    workers = list((built_site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    assert workers
    for worker in workers:
        code = worker.read_text(encoding="utf-8")
        assert "shangdang-data: keep whole terms" in code
        assert "new Uint16Array" not in code  # Material's segmenter, which drops a query's last character


def test_a_changed_material_worker_fails_the_build(tmp_path: Path) -> None:
    from shangdang_docs import search

    worker = tmp_path / "assets" / "javascripts" / "workers" / "search.0.min.js"
    worker.parent.mkdir(parents=True)
    worker.write_text("function other(t,e){return t}", encoding="utf-8")
    with pytest.raises(search.WorkerPatchError, match="query segmenter"):
        search.patch_worker(tmp_path)


# --- every table, field, rule, command and public name is documented ------------------------------------------------


def test_dictionary_documents_every_table_and_field(built_site: Path, pages: dict[str, Scan]) -> None:
    ids = pages["dictionary.html"].ids
    text = text_of(built_site, "dictionary.html")
    for table in read_descriptor(REPO).tables:
        assert table.name in ids
        for field in table.fields:
            assert f"{table.name}.{field.name}" in ids
            assert field.description.split("`")[0].strip()[:30] in text


def test_the_dictionary_describes_each_table_in_the_readers_language(built_site: Path) -> None:
    """Chinese readers first: the Chinese page describes every table in Chinese, the English page in English."""
    chinese, english = text_of(built_site, "dictionary.html"), text_of(built_site, "en/dictionary.html")
    for table in read_descriptor(REPO).tables:
        first_words = table.description_zh.split("`")[0][:20]
        assert first_words in chinese, table.name
        assert first_words not in english, table.name
        assert table.description.split("`")[0][:30] in english, table.name


def test_rule_catalogue_documents_every_rule(built_site: Path, pages: dict[str, Scan]) -> None:
    ids = pages["reference/rules.html"].ids
    text = text_of(built_site, "reference/rules.html")
    assert {rule.value for rule in Rule} <= ids
    for rule in Rule:
        first_words = re.sub(r"`", "", rule.description).split(";")[0][:40]
        assert first_words in text, rule


def test_cli_reference_documents_every_command(built_site: Path, pages: dict[str, Scan]) -> None:
    source = (DOCS / "reference" / "cli.md").read_text(encoding="utf-8")
    ids = pages["reference/cli.html"].ids
    for name, command in cli.commands.items():
        assert f"## `shangdang-data {name}`" in source
        assert name in ids
        assert (command.help or "").split("\n")[0][:40] in text_of(built_site, "reference/cli.html")


def test_api_reference_documents_every_public_name(pages: dict[str, Scan]) -> None:
    import shangdang_data

    ids = pages["reference/api.html"].ids
    missing = [name for name in shangdang_data._EXPORTS if not any(i.endswith(f".{name}") for i in ids)]
    assert not missing


def test_cleaning_rules_page_prints_every_rule(built_site: Path) -> None:
    from shangdang_data.build import clean

    text = text_of(built_site, "methodology/cleaning.html")
    for rule in clean.ALL_RULES:
        assert rule.__name__ in text
        first_line = (rule.__doc__ or "").strip().splitlines()[0]
        assert re.sub(r"`", "", first_line)[:30] in text


# --- tables, report text, charts, downloads -------------------------------------------------------------------------


def test_every_paragraph_and_section_has_its_anchor(pages: dict[str, Scan]) -> None:
    ids = pages["report.html"].ids
    assert {p["paragraph_id"] for p in rows_of("paragraphs")} <= ids
    assert {s["section_id"] for s in rows_of("sections")} <= ids


def table_rows(html: str) -> dict[str, str]:
    """Row id -> the row's HTML, for every row with a permalink (`<tr id="…">`)."""
    return dict(re.findall(r'<tr id="([^"]+)">(.*?)</tr>', html, flags=re.S))


@pytest.mark.parametrize("language", ["", "en/"])
def test_every_indicator_row_links_its_figure_to_its_paragraph(built_site: Path, language: str) -> None:
    rows = table_rows(html_of(built_site, f"{language}tables/indicators.html"))
    for indicator in rows_of("indicators"):
        row = rows.get(indicator["indicator_id"], "")
        assert f'href="../report.html#{indicator["paragraph_id"]}"' in row, indicator["indicator_id"]
        assert 'class="sd-cite" data-cite="' in row  # the row's citation, to copy
        assert f'class="sd-permalink" href="#{indicator["indicator_id"]}"' in row


def test_report_text_links_figures_to_their_indicators(built_site: Path) -> None:
    html = html_of(built_site, "report.html")
    figures = re.findall(r'<a class="sd-fig" href="tables/indicators\.html#([^"]+)" title="([^"]*)"', html)
    linked = {target for target, _ in figures}
    titled = {part.split(": ")[0] for _, title in figures for part in unescape(title).split("; ")}
    indicators = {row["indicator_id"] for row in rows_of("indicators")}
    assert linked <= indicators
    assert indicators <= titled  # two rows sharing one written figure (分别增长20%) share its link


#: 2022 results and the 2023 targets of the same subject, read off the report by a person.
REAL_PAIRS = [
    ("2022-gdp-growth", "2023-gdp-growth-target"),  # 地区生产总值 增长6.5% → 增长7%以上
    ("2022-raw-coal-output", "2023-raw-coal-output-target"),  # 原煤产量 3325万吨 → 3350万吨
    ("2022-new-jobs", "2023-new-urban-jobs-target"),  # 新增城镇就业 4546人 → 4500人以上
    ("2022-technology-contract-value", "2023-technology-contract-value-target"),  # 技术合同成交额
]


@pytest.mark.parametrize(("actual", "target"), REAL_PAIRS)
def test_indicators_show_2022_and_2023_side_by_side(built_site: Path, actual: str, target: str) -> None:
    html = html_of(built_site, "tables/indicators.html")
    side = html[html.find('id="side-by-side"') : html.find('id="all"')]
    row = next(r for r in re.findall(r"<tr[ >].*?</tr>", side, flags=re.S) if f'href="#{actual}"' in r)
    assert f'href="#{target}"' in row


def test_livelihood_projects_come_first_in_number_order(built_site: Path) -> None:
    html = html_of(built_site, "tables/projects.html")
    projects = rows_of("projects")
    ids = {p["project_id"] for p in projects}
    order = [pid for pid in re.findall(r'<tr id="([^"]+)">', html) if pid in ids]
    livelihood = sorted((p for p in projects if p["livelihood_no"]), key=lambda p: int(p["livelihood_no"]))
    assert order[: len(livelihood)] == [p["project_id"] for p in livelihood]
    assert sorted(order) == sorted(p["project_id"] for p in projects)


def test_enterprises_show_their_chain_roles(built_site: Path) -> None:
    html = html_of(built_site, "tables/enterprises.html")
    chains = {row["chain_id"]: row["name_zh"] for row in rows_of("chains")}
    roles_table = html[html.find('id="chain-roles-table"') : html.find('id="enterprises-table"')]
    rows = table_rows(roles_table)
    for role in rows_of("enterprise_roles"):
        row = rows[f"enterprise_roles-{role['role_id']}"]
        assert f'href="#enterprise_roles-{role["role_id"]}"' in html  # from the enterprise's row
        assert (chains[role["chain_id"]] if role["chain_id"] else "报告未注明产业链") in row
    assert "(, " not in html  # no empty part in a role's description
    assert "（，" not in html
    # One table lists the chain leaders and cores by chain, in the chains' order (roles with no chain last).
    by_key = {f"enterprise_roles-{role['role_id']}": role for role in rows_of("enterprise_roles")}
    shown = [by_key[key]["chain_id"] for key in rows]
    chain_order = [*chains, ""]
    assert shown == sorted(shown, key=chain_order.index)
    assert len(shown) == len(by_key)


def test_home_shows_the_headline_figures(built_site: Path) -> None:
    import yaml  # type: ignore[import-untyped]

    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    paragraphs = config["extra"]["shangdang"]["headline_paragraphs"]
    html = html_of(built_site, "index.html")
    headline = [row for row in rows_of("indicators") if row["paragraph_id"] in paragraphs]
    assert headline
    for row in headline:
        assert f'href="tables/indicators.html#{row["indicator_id"]}"' in html
    assert "上党区2023年政府工作报告数据" in html


def test_charts_are_inline_svg_with_one_bar_per_figure(built_site: Path) -> None:
    html = html_of(built_site, "charts.html")
    rows = rows_of("indicators")
    # a bar needs a value: relational targets (增速与经济增长基本同步) have none
    growth = [r for r in rows if r["measure"] == "yoy_growth" and r["unit_id"] == "percent" and r["value"]]
    actual = [r for r in growth if r["basis"] == "actual" and r["period"] == "2022"]
    target = [r for r in growth if r["basis"] == "target" and r["period"] == "2023"]
    first = html[html.find('id="chart-growth-2022"') : html.find("</svg>", html.find('id="chart-growth-2022"'))]
    second = html[html.find('id="chart-targets-2023"') :]
    second = second[: second.find("</svg>")]
    assert 'class="sd-wide"' in first  # the phone drawing follows each
    assert 'class="sd-wide"' in second
    assert "来源：长治市上党区2023年政府工作报告" in first  # the source line, inside the image
    assert first.count('class="sd-bar sd-actual" x=') - 1 == len(actual)  # minus the legend swatch
    assert second.count('class="sd-bar sd-target" x=') - 1 == len(target)
    for row in actual:  # each bar is labelled with the growth rate as written, e.g. 6.5% (↑ 6.5% for 增长)
        assert re.search(rf">[^<0-9]*{re.escape(row['value'])}%<", first), row["indicator_id"]


def test_downloads_are_published_with_their_size_and_sha256(built_site: Path, pages: dict[str, Scan]) -> None:
    html = html_of(built_site, "downloads.html")
    listed = [link for link in pages["downloads.html"].links if link.startswith("downloads/")]
    spec = read_descriptor(REPO)
    assert {f"downloads/{t.path}" for t in spec.tables} <= set(listed)
    for link in listed:
        data = (built_site / link).read_bytes()
        assert hashlib.sha256(data).hexdigest() in html, link
        assert f"{len(data):,}" in html, link
    for table in spec.tables:
        assert (built_site / "downloads" / table.path).read_bytes() == (REPO / table.path).read_bytes()
    if "export" in cli.commands:
        suffixes = {Path(link).suffix for link in listed}
        assert {".xlsx", ".parquet", ".zip"} <= suffixes
        assert suffixes & {".db", ".sqlite"}


def test_errata_show_what_the_report_wrote_and_are_marked_in_the_report(built_site: Path) -> None:
    errata = rows_of("errata")
    rows = table_rows(html_of(built_site, "tables/errata.html"))
    report = html_of(built_site, "report.html")
    paragraphs = {row["paragraph_id"]: row["text"] for row in rows_of("paragraphs")}
    for erratum in errata:
        anchor = row_anchor("errata", erratum["erratum_id"])
        row = rows[anchor]
        assert escape(erratum["as_written"], quote=False) in row, erratum["erratum_id"]
        if erratum["as_written"] in paragraphs[erratum["paragraph_id"]]:
            link = f'class="sd-erratum-link" href="tables/errata.html#{anchor}"'
            assert link in report, erratum["erratum_id"]


def test_table_pages_speak_to_readers_not_developers(built_site: Path) -> None:
    """Column headers are the schemas' titles, never field names; no "left empty"."""
    field_names = {field.name for table in read_descriptor(REPO).tables for field in table.fields}
    field_names -= {"period", "level", "basis", "kind", "status", "number", "order", "text", "role", "quote"}
    for page in (
        "tables/indicators.html",
        "tables/projects.html",
        "tables/enterprises.html",
        "tables/glossary.html",
        "tables/errata.html",
        "tables/other.html",
    ):
        for language in ("", "en/"):
            html = html_of(built_site, language + page)
            headers = {unescape(re.sub(r"<[^>]+>", "", h)).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", html)}
            assert not headers & field_names, (language + page, headers & field_names)
            assert "left empty" not in text_of(built_site, language + page)


def test_every_table_page_offers_its_csv_and_xlsx(built_site: Path) -> None:
    for page in ("tables/indicators.html", "tables/glossary.html", "en/tables/other.html"):
        html = html_of(built_site, page)
        links = re.findall(r'<p class="sd-table-downloads">(.*?)</p>', html, flags=re.S)
        assert links, page
        for block in links:
            targets = re.findall(r'href="([^"]+)"', block)
            assert any(t.endswith(".xlsx") for t in targets)
            assert any(t.endswith(".csv") for t in targets)
            for target in targets:
                file = built_site / Path(page).parent / unquote(target)
                assert file.resolve().is_file(), (page, target)


def test_footer_names_the_licences_the_source_and_where_to_report(built_site: Path) -> None:
    source = read_descriptor(REPO).raw["sources"][0]
    for page in ("index.html", "tables/indicators.html", "en/report.html", "404.html"):
        html = html_of(built_site, page)
        footer = html[html.find('<div class="sd-footer">') :]
        footer = footer[: footer.find("</div>")]
        assert "CC-BY-4.0" in footer, page
        assert "MIT" in footer, page
        assert source["issuer"].split(" (")[0] in footer or "Shangdang" in footer, page
        assert "howto/report-error.html" in footer, page


def test_home_page_describes_the_dataset_in_json_ld(built_site: Path) -> None:
    html = html_of(built_site, "index.html")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)
    assert block
    data = json.loads(block.group(1))
    descriptor = read_descriptor(REPO).raw
    assert data["@type"] == "Dataset"
    assert data["version"] == descriptor["version"]
    assert data["license"] == descriptor["licenses"][0]["path"]
    assert data["isBasedOn"]["name"] == descriptor["sources"][0]["title"]
    assert data["isBasedOn"]["datePublished"] == descriptor["sources"][0]["date"]
    years = sorted(re.findall(r"\d{4}", " ".join(row["period"] for row in rows_of("indicators"))))
    assert data["temporalCoverage"] == f"{years[0]}/{years[-1]}"
    assert data["spatialCoverage"]["name"]
    formats = {item["encodingFormat"] for item in data["distribution"]}
    assert {"application/zip", "text/csv"} <= formats
    for item in data["distribution"]:
        file = built_site / item["contentUrl"]
        assert file.is_file(), item["contentUrl"]
        assert hashlib.sha256(file.read_bytes()).hexdigest() == item["sha256"]


def test_downloads_say_which_file_a_spreadsheet_user_should_open(built_site: Path) -> None:
    for page, words in (
        ("downloads.html", ("Excel 工作簿", "1-2", "日期")),
        ("en/downloads.html", ("Excel workbook", "1-2", "date")),
    ):
        text = text_of(built_site, page)
        assert all(word in text for word in words), page
    html = html_of(built_site, "downloads.html")
    for size, shown in re.findall(r'<span title="([\d,]+) bytes">([^<]+)</span>', html):
        number, unit = shown.split(" ")
        scale = {"KB": 1_000, "MB": 1_000_000}.get(unit, 1)
        assert abs(float(number) * scale - int(size.replace(",", ""))) <= scale / 10 * 0.5 + 1, (size, shown)


def test_vendored_table_library_equals_the_pinned_npm_package(tmp_path: Path) -> None:
    """docs/assets/vendor/ holds simple-datatables exactly as npm ships the version package-lock.json pins."""
    import shutil
    import subprocess
    import tarfile

    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    pinned = lock["packages"]["node_modules/simple-datatables"]["version"]
    vendor = DOCS / "assets" / "vendor" / "simple-datatables"
    assert (vendor / "VERSION").read_text(encoding="utf-8").startswith(f"simple-datatables@{pinned} ")
    assert (vendor / "LICENSE").is_file()
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed: the vendored copy is checked against its VERSION file only")
    packed = subprocess.run(
        [npm, "pack", f"simple-datatables@{pinned}", "--pack-destination", str(tmp_path), "--silent"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if packed.returncode != 0:
        pytest.skip(f"npm cannot fetch the package here: {packed.stderr.strip()[:200]}")
    with tarfile.open(tmp_path / packed.stdout.strip().splitlines()[-1]) as archive:
        bundle = archive.extractfile("package/dist/umd/simple-datatables.js")
        assert bundle is not None
        assert bundle.read() == (vendor / "simple-datatables.js").read_bytes()


# --- the how-to snippets run -----------------------------------------------------------------------------------


def python_blocks(page: Path) -> Iterator[str]:
    text = page.read_text(encoding="utf-8")
    for block in re.findall(r"^( *)```python\n(.*?)^\1```", text, flags=re.S | re.M):
        indent, code = block
        yield "\n".join(line[len(indent) :] for line in code.splitlines())


@pytest.mark.parametrize("page", ["howto/python.md", "index.md", "index.en.md", "howto/pandera.md"])
def test_how_to_snippets_run(page: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(REPO)
    namespace: dict[str, object] = {}
    blocks = list(python_blocks(DOCS / page))
    assert blocks
    for number, code in enumerate(blocks, start=1):
        exec(compile(code, f"{page}:block{number}", "exec"), namespace)
    assert capsys.readouterr().out


def test_ci_workflow_annotates_errors(package_copy: Path) -> None:
    """The how-to's validate step, run on a bad edit: GitHub annotations, and a cell cannot forge one."""
    import shlex
    import subprocess

    import yaml  # type: ignore[import-untyped]

    text = (DOCS / "howto" / "ci.md").read_text(encoding="utf-8")
    workflow = yaml.safe_load(re.search(r"```yaml\n(name: validate.*?)```", text, flags=re.S).group(1))  # type: ignore[union-attr]
    steps = workflow["jobs"]["validate"]["steps"]
    step = next(step for step in steps if step.get("name") == "Validate the data package")
    command = shlex.split(step["run"])
    assert command[0] == "shangdang-data"
    path = package_copy / "data" / "indicators.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    table[1][table[0].index("comparator")] = "more than"
    table[1][table[0].index("quote")] += "\n::error::forged"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)
    program = [sys.executable, "-m", "shangdang_data", *command[1:]]
    result = subprocess.run(program, cwd=package_copy, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "::error file=data/indicators.csv,line=2,title=enum::comparator: " in result.stdout
    quote = "::error file=data/indicators.csv,line=2,title=quote-not-in-paragraph::"
    assert any(line.startswith(quote) for line in lines)
    assert len(lines) == 5  # bytes, hash, enum, quote and the summary: the quote's line break forged no line


# --- generators: unit behaviour and missing data ---------------------------------------------------------------------


def test_generators_work_on_a_package_with_empty_tables(package_copy: Path) -> None:
    for name in ("indicators", "projects", "enterprises", "enterprise_roles"):
        path = package_copy / read_descriptor(package_copy).resource(name).path
        path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    ctx = SiteContext(root=package_copy, headline_paragraphs=("review.p03",), language="en")
    out = {name: render(ctx, "x.md") for name, render in markers.RENDERERS.items()}
    assert "no rows yet" in out["indicators"]
    assert "no rows yet" in out["projects"]
    assert "not in the indicators table yet" in out["headlines"]
    assert "review.p03" in out["report"]


_TEXT = st.text(
    alphabet=st.sampled_from(list("原煤产量链主上党区“”（），。、%：；·") + list("ab1 2.*_`[]{}()<>&#|!\\-+=~^:'\"")),
    max_size=40,
)


@given(_TEXT)
def test_escaped_text_renders_exactly_as_written(value: str) -> None:
    html = python_markdown.markdown("x " + md.text(value), extensions=["tables", "attr_list"])
    shown = unescape(re.sub(r"<[^>]+>", "", html))

    def normal(text: str) -> str:  # Markdown may fold runs of spaces; nothing else may change
        return re.sub(r"\s+", " ", text).strip()

    assert normal(shown) == normal("x " + value)


_PLAIN = _TEXT.map(lambda t: t.replace("`", ""))


@given(_PLAIN, st.lists(st.tuples(_PLAIN.filter(str.strip), _PLAIN.filter(lambda t: t != "")), max_size=4))
def test_prose_keeps_code_spans_as_code_and_escapes_the_rest(first: str, spans: list[tuple[str, str]]) -> None:
    """A description with `code spans` (text between them): each span renders as one <code>, every other
    character as written."""
    value = first + "".join(f"`{code}`{after}" for code, after in spans)
    html = python_markdown.markdown("x " + md.prose(value), extensions=["tables", "attr_list"])
    codes = [unescape(c) for c in re.findall(r"<code>(.*?)</code>", html, flags=re.S)]
    assert [c.strip() for c in codes] == [code.strip() for code, _ in spans]
    shown = unescape(re.sub(r"<[^>]+>", "", html))
    assert re.sub(r"\s+", "", shown) == re.sub(r"\s+", "", "x" + value.replace("`", ""))
