"""The built site in a real browser: headless Chromium (Debian's `chromium`) over the DevTools pipe.

Serves the site built by the `built_site` fixture on 127.0.0.1 and uses it as a reader
would, on a 1366 px desktop and a 390 px phone, in both languages: every kind of page is
screenshotted into `build/screenshots/` and checked (Chinese drawn with real glyphs, no
table wider than a phone, the quote visible, chart labels legible); queries journalists
type go into the search box and the expected page must come first; a table is sorted,
filtered and searched; a row's permalink highlights it below headers that stay in view;
a citation is copied; the per-table downloads and the chart images download; the
language switch leads to the same page in the other language. Skips, saying how to
install them, when Chromium or a CJK font is missing (`.ci/run` installs both).
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

import pytest
from chromium import Browser, Page, find_chromium

REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = REPO / "build" / "screenshots"
INSTALL_HINT = "apt-get install chromium fonts-noto-cjk (CI's .ci/run does this)"
DESKTOP, PHONE = (1366, 900), (390, 844)

pytestmark = pytest.mark.slow


def cjk_font_installed() -> bool:
    """True if fontconfig knows a font covering Chinese."""
    if shutil.which("fc-list") is None:
        return False
    listing = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False)
    return bool(listing.stdout.strip())


@contextmanager
def chromium_tab(workdir: Path, log_name: str, size: tuple[int, int]) -> Iterator[Page]:
    """A headless Chromium tab of `size`, its log in build/screenshots/; skips the test without Chromium or a CJK
    font."""
    executable = find_chromium()
    if executable is None:
        pytest.skip(f"chromium is not installed: {INSTALL_HINT}")
    if not cjk_font_installed():
        pytest.skip(f"no CJK font is installed, Chinese would render as boxes: {INSTALL_HINT}")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with Browser.launch(executable, workdir / "profile", SCREENSHOTS / log_name) as browser:
        yield browser.new_page(*size)


class QuietHandler(SimpleHTTPRequestHandler):
    """Serve files without logging every request to stderr."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site, served on a free port of 127.0.0.1 by a thread."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    """One headless Chromium tab, 1366×900 (tests that need a phone resize it and put it back)."""
    with chromium_tab(tmp_path_factory.mktemp("chromium"), "chromium.log", DESKTOP) as tab:
        yield tab


@pytest.fixture
def phone(page: Page) -> Iterator[Page]:
    """The tab as a 390 px phone, for one test."""
    page.resize(*PHONE, mobile=True)
    try:
        yield page
    finally:
        page.resize(*DESKTOP)


def load(page: Page, url: str, *, site: bool = True) -> None:
    """Navigate and wait until fonts are loaded, the tables are enhanced (on our site) and the page has settled."""
    if "#" in url:
        page.goto("about:blank")  # a new #anchor on the page already open would fire no load event
    page.goto(url)
    page.wait_for('document.readyState === "complete" && document.fonts.status === "loaded"')
    if site:  # another site (datasette) has no tables script to wait for
        page.wait_for('document.documentElement.classList.contains("sd-tables-ready")')
    page.wait_for("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))")


def inked_share(page: Page, png: bytes) -> float:
    """Share of the content area's pixels that differ from its most common colour (0 when blank).

    Measured in the browser: the screenshot is drawn, cropped to the visible part of
    `.md-content` (the page's own text, without header and navigation), on a canvas.
    """
    script = (
        """
    (async () => {
      const image = new Image();
      image.src = "data:image/png;base64,PNG";
      await image.decode();
      const box = document.querySelector(".md-content").getBoundingClientRect();
      const top = Math.max(box.top, 0), height = Math.min(box.bottom, innerHeight) - top;
      const canvas = document.createElement("canvas");
      canvas.width = 320; canvas.height = 240;
      const context = canvas.getContext("2d");
      context.drawImage(image, box.left, top, box.width, height, 0, 0, 320, 240);
      const data = context.getImageData(0, 0, 320, 240).data;
      const counts = new Map();
      for (let i = 0; i < data.length; i += 4) {
        const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
        counts.set(key, (counts.get(key) || 0) + 1);
      }
      return 1 - Math.max(...counts.values()) / (data.length / 4);
    })()
    """
    ).replace("PNG", base64.b64encode(png).decode())
    share: float = page.evaluate(script)
    return share


#: Draws four characters with the page's own font and returns a fingerprint of each; a missing font
#: draws the same empty box four times.
GLYPHS_JS = """
(() => {
  const font = getComputedStyle(document.querySelector(".md-typeset")).fontFamily;
  const canvas = document.createElement("canvas");
  canvas.width = 48; canvas.height = 48;
  const context = canvas.getContext("2d");
  return ["原", "煤", "产", "量"].map(character => {
    context.clearRect(0, 0, 48, 48);
    context.font = `40px ${font}`;
    context.fillText(character, 2, 40);
    const data = context.getImageData(0, 0, 48, 48).data;
    let hash = 0, ink = 0;
    for (let i = 3; i < data.length; i += 4) { if (data[i]) ink++; hash = (hash * 31 + data[i]) >>> 0; }
    return [hash, ink];
  });
})()
"""

#: What a phone reader must get: no sideways scrolling, no table wider than the screen, the first row's quote
#: on screen and readable, and chart text at least 9 px as drawn.
PHONE_JS = """
(() => {
  const width = document.documentElement.clientWidth;
  const tables = Array.from(document.querySelectorAll(".md-content table"))
    .filter(t => t.offsetParent !== null)
    .map(t => Math.round(t.getBoundingClientRect().width));
  const quote = document.querySelector("table.sd-table td.sd-quote");
  const box = quote && quote.getBoundingClientRect();
  const charts = Array.from(document.querySelectorAll("figure.sd-chart svg"))
    .filter(svg => svg.getBoundingClientRect().width);
  const chartText = charts.flatMap(svg => Array.from(svg.querySelectorAll("text")).map(text => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return parseFloat(getComputedStyle(text).fontSize) * scale;
  }));
  return {
    width, scroll: document.scrollingElement.scrollWidth, tables,
    quote: box ? { left: box.left, right: box.right, width: box.width,
                   visible: getComputedStyle(quote).display !== "none" } : null,
    smallestChartText: chartText.length ? Math.min(...chartText) : null,
  };
})()
"""

#: (language prefix, page, name, text that must be on it): one of every kind of page.
PAGE_KINDS = [
    ("", "index.html", "home", "上党区2023年政府工作报告数据"),
    ("", "tables/indicators.html", "indicators", "全年完成原煤产量"),
    ("", "tables/enterprises.html", "enterprises", "链主"),
    ("", "tables/glossary.html", "glossary", "六九九六工作机制"),
    ("", "tables/other.html", "other-tables", "产业链"),
    ("", "report.html", "report", "名词解释"),
    ("", "charts.html", "charts", "2022年增速"),
    ("", "downloads.html", "downloads", "该下载哪个文件"),
    ("", "dictionary.html", "dictionary", "数据字典"),
    ("", "howto/cite.html", "howto", "引用数据"),
    ("", "reference/rules.html", "reference", "Validation rules"),
    ("", "404.html", "404", "找不到该页面"),
    ("en/", "index.html", "home", "Shangdang District 2023 Government Work Report as data"),
    ("en/", "tables/indicators.html", "indicators", "36.7 billion yuan"),
    ("en/", "charts.html", "charts", "2022 growth rates"),
    ("en/", "downloads.html", "downloads", "Which file should I open?"),
]


@pytest.mark.parametrize(
    ("language", "path", "name", "expected"), PAGE_KINDS, ids=[f"{k[0]}{k[2]}" for k in PAGE_KINDS]
)
def test_every_kind_of_page_on_desktop(
    page: Page, site_url: str, language: str, path: str, name: str, expected: str
) -> None:
    load(page, f"{site_url}/{language}{path}")
    assert expected in page.evaluate("document.body.innerText")
    shot = page.screenshot(SCREENSHOTS / f"{language.strip('/') or 'zh'}-{name}-1366.png")
    assert inked_share(page, shot) > 0.02, "the screenshot is (almost) blank"
    glyphs = page.evaluate(GLYPHS_JS)
    assert all(ink > 50 for _, ink in glyphs), glyphs
    assert len({fingerprint for fingerprint, _ in glyphs}) == 4, "Chinese characters render as identical boxes"
    assert page.evaluate("document.scrollingElement.scrollWidth") <= DESKTOP[0]


@pytest.mark.parametrize(
    ("language", "path", "name", "expected"), PAGE_KINDS, ids=[f"{k[0]}{k[2]}" for k in PAGE_KINDS]
)
def test_every_kind_of_page_on_a_phone(
    phone: Page, site_url: str, language: str, path: str, name: str, expected: str
) -> None:
    load(phone, f"{site_url}/{language}{path}")
    shot = phone.screenshot(SCREENSHOTS / f"{language.strip('/') or 'zh'}-{name}-390.png")
    assert inked_share(phone, shot) > 0.02, "the screenshot is (almost) blank"
    found = phone.evaluate(PHONE_JS)
    assert found["scroll"] <= PHONE[0], f"the page scrolls sideways: {found}"
    assert all(width <= found["width"] for width in found["tables"]), f"a table is wider than the phone: {found}"
    if found["quote"] is not None:
        quote = found["quote"]
        assert quote["visible"], found
        assert quote["left"] >= 0, found
        assert quote["right"] <= found["width"], found
        assert quote["width"] > 200, f"the quote is squeezed: {found}"
    if found["smallestChartText"] is not None:
        assert found["smallestChartText"] >= 9, f"chart labels are too small to read: {found}"


# --- search ---------------------------------------------------------------------------------------------------------

#: What journalists type, and the page that must come first: Chinese on the Chinese site, both on the English one.
QUERIES = [
    ("", "地区生产总值", "tables/indicators.html"),
    ("", "原煤产量", "tables/indicators.html"),
    ("", "六九九六", "tables/glossary.html"),
    ("", "链主", "tables/enterprises.html"),
    ("", "振东", "tables/enterprises.html"),
    ("", "高标准农田", "tables/indicators.html"),
    ("", "日盛达", "tables/enterprises.html"),
    ("", "40804", "tables/indicators.html"),
    ("", "城镇居民人均可支配收入", "tables/indicators.html"),
    ("", "一般公共预算收入", "tables/indicators.html"),
    ("", "固定资产投资", "tables/indicators.html"),
    ("", "规上工业增加值", "tables/indicators.html"),
    ("", "清化收", "tables/glossary.html"),
    ("", "煤八条", "tables/glossary.html"),
    ("", "鸿雁归巢", "tables/glossary.html"),
    ("", "六大产业链", "tables/glossary.html"),
    ("", "潞安安易", "tables/enterprises.html"),
    ("", "民生实事", "tables/projects.html"),
    ("", "勘误", "tables/errata.html"),
    ("", "数据字典", "dictionary.html"),
    ("en/", "GDP", "tables/indicators.html"),
    ("en/", "coal output", "tables/indicators.html"),
    ("en/", "chain leader", "tables/enterprises.html"),
    ("en/", "Zhendong", "tables/enterprises.html"),
    ("en/", "Rishengda", "tables/enterprises.html"),
    ("en/", "disposable income", "tables/indicators.html"),
    ("en/", "40804", "tables/indicators.html"),
    ("en/", "livelihood projects", "tables/projects.html"),
    ("en/", "glossary", "tables/glossary.html"),
    ("en/", "errata", "tables/errata.html"),
    ("en/", "原煤产量", "tables/indicators.html"),
    ("en/", "链主", "tables/enterprises.html"),
]


def search_for(page: Page, site_url: str, language: str, query: str) -> list[str]:
    """Type a query into the search box like a person would; the result links, as site paths."""
    load(page, f"{site_url}/{language}index.html")
    page.evaluate('document.querySelector("label[for=__search]").click()')
    page.wait_for('document.activeElement && document.activeElement.matches("input.md-search__input")')
    page.type_text(query)
    links: list[str] = page.wait_for(
        '(() => { const found = Array.from(document.querySelectorAll(".md-search-result__item > a"))'
        ".map(a => a.href); return found.length ? found : null })()",
        timeout=20,
    )
    return [unquote(link.removeprefix(site_url + "/")).split("?")[0].split("#")[0] for link in links]


@pytest.mark.parametrize(("language", "query", "expected"), QUERIES, ids=[f"{q[0]}{q[1]}" for q in QUERIES])
def test_search_puts_the_expected_page_first(
    page: Page, site_url: str, language: str, query: str, expected: str
) -> None:
    results = search_for(page, site_url, language, query)
    assert results[0] == language + expected, results[:5]
    assert all(result.startswith(language) for result in results), "results from the other language"
    if query in ("原煤产量", "GDP"):
        page.screenshot(SCREENSHOTS / f"{language.strip('/') or 'zh'}-search-{query}-1366.png")


# --- interactive tables -------------------------------------------------------------------------------------------

ROWS_JS = """Array.from(document.querySelectorAll("#indicators-table tbody tr[id]")).map(tr => tr.id)"""


def test_a_table_sorts_filters_and_searches(page: Page, site_url: str, built_site: Path) -> None:
    import csv

    with (REPO / "data" / "indicators.csv").open(encoding="utf-8", newline="") as handle:
        indicators = list(csv.DictReader(handle))
    load(page, f"{site_url}/tables/indicators.html")
    assert page.evaluate(ROWS_JS) == [row["indicator_id"] for row in indicators]
    # Sort by value: click the column's title.
    page.evaluate(
        """(() => { const th = Array.from(document.querySelectorAll("#indicators-table thead th"))
          .find(th => th.textContent.trim().startsWith("数值")); th.querySelector("button").click(); })()"""
    )
    page.wait_for(f"{ROWS_JS}[0] !== {json.dumps(indicators[0]['indicator_id'])}")
    # relational rows (增速与经济增长基本同步) have no value to sort by
    values = {row["indicator_id"]: float(row["value"]) for row in indicators if row["value"]}
    shown = [values[key] for key in page.evaluate(ROWS_JS) if key in values]
    assert shown == sorted(shown)
    # Filter by basis: the menu lists the schema's labels; only target rows stay.
    page.evaluate(
        """(() => { const select = Array.from(document.querySelectorAll("#indicators-table select"))
          .find(s => s.options[0].text.startsWith("性质")); select.value = "target";
          select.dispatchEvent(new Event("change")); })()"""
    )
    targets = {row["indicator_id"] for row in indicators if row["basis"] == "target"}
    page.wait_for(f"{ROWS_JS}.length === {len(targets)}")
    assert set(page.evaluate(ROWS_JS)) == targets
    assert f"{len(targets)} / {len(indicators)}" in page.evaluate(
        'document.querySelector("#indicators-table .sd-count").textContent'
    )
    # And search within it: both must hold.
    page.evaluate(
        """(() => { const input = document.querySelector("#indicators-table input.sd-search"); input.value = "原煤";
          input.dispatchEvent(new Event("input")); })()"""
    )
    wanted = {
        row["indicator_id"]
        for row in indicators
        if row["basis"] == "target" and "原煤" in row["subject_zh"] + row["quote"]
    }
    page.wait_for(f"{ROWS_JS}.length === {len(wanted)}")
    assert set(page.evaluate(ROWS_JS)) == wanted
    page.screenshot(SCREENSHOTS / "zh-indicators-filtered-1366.png")


def test_a_permalink_highlights_its_row_below_headers_kept_in_view(page: Page, site_url: str) -> None:
    row_id = "2022-raw-coal-output"
    load(page, f"{site_url}/tables/indicators.html#{row_id}")
    found = page.evaluate(
        f"""(() => {{
          const row = document.getElementById({json.dumps(row_id)});
          const header = document.querySelector(".md-header").getBoundingClientRect();
          const th = document.querySelector("#indicators-table thead th").getBoundingClientRect();
          const box = row.getBoundingClientRect();
          return {{ highlighted: row.classList.contains("sd-target"), headerBottom: header.bottom,
                   thTop: th.top, thBottom: th.bottom, rowTop: box.top, rowBottom: box.bottom, height: innerHeight }};
        }})()"""
    )
    page.screenshot(SCREENSHOTS / "zh-indicators-permalink-1366.png")
    assert found["highlighted"], found
    assert found["thTop"] >= found["headerBottom"] - 1, f"the column titles are under the site header: {found}"
    assert found["rowTop"] >= found["thBottom"] - 1, f"the row is hidden by the column titles: {found}"
    assert found["rowBottom"] <= found["height"], found
    # Scrolled further, the column titles stay in view.
    page.evaluate("window.scrollBy(0, 2000)")
    top = page.evaluate('document.querySelector("#indicators-table thead th").getBoundingClientRect().top')
    assert 0 <= top <= 80, top


def test_a_row_permalink_into_a_filtered_table_clears_the_filter(page: Page, site_url: str) -> None:
    load(page, f"{site_url}/tables/indicators.html")
    page.evaluate(
        """(() => { const input = document.querySelector("#indicators-table input.sd-search");
          input.value = "不存在的词"; input.dispatchEvent(new Event("input")); })()"""
    )
    page.wait_for(f"{ROWS_JS}.length === 0")
    page.evaluate('location.hash = "#2022-gdp"')
    page.wait_for(
        'document.getElementById("2022-gdp") && document.getElementById("2022-gdp").classList.contains("sd-target")'
    )


def test_copy_citation_copies_the_packages_citation_and_the_row_link(page: Page, site_url: str) -> None:
    load(page, f"{site_url}/tables/indicators.html")
    page.call("Browser.grantPermissions", {"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    page.evaluate('document.querySelector("#indicators-table tr[id=\\"2022-gdp\\"] button.sd-cite").click()')
    copied = page.wait_for(
        'document.querySelector("#indicators-table tr[id=\\"2022-gdp\\"] button.sd-cite").dataset.copied'
    )
    from shangdang_data.cite import cite

    assert copied == cite("2022-gdp", path=REPO) + f"\n{site_url}/tables/indicators.html#2022-gdp"
    assert (
        page.evaluate('document.querySelector("#indicators-table tr[id=\\"2022-gdp\\"] button.sd-cite").textContent')
        == "已复制"
    )


def test_per_table_downloads_are_the_published_files(page: Page, site_url: str, built_site: Path) -> None:
    load(page, f"{site_url}/tables/glossary.html")
    links = page.evaluate('Array.from(document.querySelectorAll(".sd-table-downloads a")).map(a => a.href)')
    assert len(links) == 3
    for link in links:
        got = page.evaluate(
            f"fetch({json.dumps(link)}).then(r => r.arrayBuffer().then(b => [r.status, b.byteLength, "
            "Array.from(new Uint8Array(b.slice(0, 3)))]))"
        )
        status, size, head = got
        assert status == 200, link
        assert size == (built_site / unquote(link.removeprefix(site_url + "/"))).stat().st_size
        if link.endswith(".xlsx"):
            assert head[:2] == [0x50, 0x4B], "an xlsx is a zip file"  # PK
        elif "csv-bom" in link:
            assert head == [0xEF, 0xBB, 0xBF], "the Excel copy starts with a BOM"


def test_charts_download_as_svg_and_png_with_their_source(page: Page, site_url: str) -> None:
    load(page, f"{site_url}/charts.html")
    svg = page.evaluate(
        'window.sdChartFile(document.getElementById("chart-growth-2022"), "svg").then(file => file.blob.text())'
    )
    assert svg.startswith("<svg")
    assert "来源：长治市上党区2023年政府工作报告" in svg
    png = page.evaluate(
        'window.sdChartFile(document.getElementById("chart-growth-2022"), "png")'
        ".then(file => file.blob.arrayBuffer().then(b => [file.blob.type, b.byteLength]))"
    )
    assert png[0] == "image/png"
    assert png[1] > 10_000
    assert page.evaluate('document.querySelectorAll("#chart-growth-2022 .sd-chart-save").length') == 2


def test_the_language_switch_leads_to_the_same_page(page: Page, site_url: str) -> None:
    load(page, f"{site_url}/tables/indicators.html#2022-gdp")
    english = page.evaluate('document.querySelector("a.md-select__link[hreflang=en]").href')
    assert english == f"{site_url}/en/tables/indicators.html"
    page.evaluate('document.querySelector("a.md-select__link[hreflang=en]").click()')
    page.browser.wait_event("Page.loadEventFired", page.session)
    page.wait_for('document.documentElement.classList.contains("sd-tables-ready")')
    assert page.evaluate("location.href") == f"{site_url}/en/tables/indicators.html#2022-gdp"  # the same row
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.evaluate('document.querySelector("h1").textContent').startswith("Indicators")
    assert page.evaluate('document.getElementById("2022-gdp").classList.contains("sd-target")')
    chinese = page.evaluate('document.querySelector("a.md-select__link[hreflang=zh]").href')
    assert chinese == f"{site_url}/tables/indicators.html"
    page.screenshot(SCREENSHOTS / "en-indicators-switched-1366.png")


def test_every_page_has_navigation_and_previous_next(page: Page, site_url: str) -> None:
    for path in ("tables/indicators.html", "tables/errata.html", "dictionary.html", "downloads.html"):
        load(page, f"{site_url}/{path}")
        visible = page.evaluate(
            """(() => { const nav = document.querySelector(".md-sidebar--primary");
              return nav && getComputedStyle(nav).visibility !== "hidden"
                && nav.getBoundingClientRect().width > 100; })()"""
        )
        assert visible, path
        assert page.evaluate('document.querySelectorAll(".md-footer__link").length') >= 1, path
