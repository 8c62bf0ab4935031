"""The built site in a real browser: headless Chromium (Debian's `chromium`) over the DevTools pipe.

Serves the site built by the `built_site` fixture on 127.0.0.1, loads the home,
indicators and report-text pages, saves screenshots to `build/screenshots/`,
checks that Chinese text is in the DOM and drawn with real glyphs (not empty
boxes), and types Chinese queries into the search box. Skips, saying how to
install them, when Chromium or a CJK font is missing (`.ci/run` installs both).
"""

from __future__ import annotations

import base64
import shutil
import subprocess
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from chromium import Browser, Page, find_chromium

REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = REPO / "build" / "screenshots"
INSTALL_HINT = "apt-get install chromium fonts-noto-cjk (CI's .ci/run does this)"

pytestmark = pytest.mark.slow


def cjk_font_installed() -> bool:
    """True if fontconfig knows a font covering Chinese."""
    if shutil.which("fc-list") is None:
        return False
    listing = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False)
    return bool(listing.stdout.strip())


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
    """One headless Chromium tab, 1280×900."""
    executable = find_chromium()
    if executable is None:
        pytest.skip(f"chromium is not installed: {INSTALL_HINT}")
    if not cjk_font_installed():
        pytest.skip(f"no CJK font is installed, Chinese would render as boxes: {INSTALL_HINT}")
    workdir = tmp_path_factory.mktemp("chromium")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with Browser.launch(executable, workdir / "profile", SCREENSHOTS / "chromium.log") as browser:
        yield browser.new_page(1280, 900)


def load(page: Page, url: str) -> None:
    """Navigate and wait until fonts are loaded and the page has settled."""
    page.goto(url)
    page.wait_for('document.readyState === "complete" && document.fonts.status === "loaded"')
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


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("index.html", ["上党区2023年政府工作报告数据", "地区生产总值"]),
        ("tables/indicators.html", ["原煤产量", "全年完成原煤产量"]),
        ("report.html", ["原煤产量", "名词解释", "链主"]),
    ],
)
def test_page_renders_chinese(page: Page, site_url: str, path: str, expected: list[str]) -> None:
    load(page, f"{site_url}/{path}")
    dom = page.evaluate("document.documentElement.outerHTML")
    for text in expected:
        assert text in dom
    shot = page.screenshot(SCREENSHOTS / f"{path.replace('/', '-').removesuffix('.html')}.png")
    assert inked_share(page, shot) > 0.02, "the screenshot is (almost) blank"
    glyphs = page.evaluate(GLYPHS_JS)
    assert all(ink > 50 for _, ink in glyphs), glyphs
    assert len({fingerprint for fingerprint, _ in glyphs}) == 4, "Chinese characters render as identical boxes"


def search_for(page: Page, site_url: str, query: str, screenshot: str) -> list[str]:
    """Type a query into the search box like a person would; save a screenshot; return the result links."""
    load(page, f"{site_url}/index.html")
    page.evaluate('document.querySelector("label[for=__search]").click()')
    page.wait_for('document.activeElement && document.activeElement.matches("input.md-search__input")')
    page.type_text(query)
    links: list[str] = page.wait_for(
        'Array.from(document.querySelectorAll(".md-search-result__item a")).map(a => a.getAttribute("href"))',
        timeout=20,
    )
    page.screenshot(SCREENSHOTS / screenshot)
    return links


@pytest.mark.parametrize(
    ("query", "page_path"),
    [("原煤产量", "tables/indicators.html"), ("链主", "tables/enterprises.html")],
)
def test_search_box_finds_chinese(page: Page, site_url: str, query: str, page_path: str) -> None:
    links = search_for(page, site_url, query, f"search-{Path(page_path).stem}.png")
    pages = [link.split("?")[0].split("#")[0].removeprefix(site_url + "/") for link in links]
    assert {"report.html", page_path} <= set(pages)
    assert pages[0] in ("report.html", page_path), pages[:5]
