"""datasette's search box on the SQLite export, in headless Chromium; screenshots go to build/screenshots/.

`datasette serve <exports>/sqlite/` runs on a free port of 127.0.0.1 (directory mode: it
reads metadata.json by itself, as the how-to says). For each query the page lists
exactly the rows whose searched columns hold the words, read from the CSV with `csv`.
"""

from __future__ import annotations

import csv
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from chromium import Page
from test_browser import SCREENSHOTS, chromium_tab, load

from shangdang_data.descriptor import read_descriptor
from shangdang_data.export import export_package
from shangdang_data.export.sqlite import search_columns

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture(scope="module")
def datasette_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("exports")
    export_package("sqlite", out, path=REPO)
    port = free_port()
    command = [sys.executable, "-m", "datasette", "serve", str(out / "sqlite"), "--host", "127.0.0.1", "-p", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):  # at most 20 s
            try:
                urllib.request.urlopen(f"{url}/-/versions.json", timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("datasette did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    with chromium_tab(tmp_path_factory.mktemp("chromium"), "chromium-datasette.log", (1280, 900)) as tab:
        yield tab


@pytest.mark.parametrize(
    ("name", "query"), [("indicators", "原煤产量"), ("paragraphs", "专业镇"), ("glossary", "chain")]
)
def test_datasette_search_box_shows_the_matching_rows(page: Page, datasette_url: str, name: str, query: str) -> None:
    table = read_descriptor(REPO).resource(name)
    with (REPO / table.path).open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    key = table.primary_key[0]
    columns = search_columns(table)
    expected = sorted(r[key] for r in rows if any(query.lower() in r[c].lower() for c in columns))
    assert expected
    load(page, f"{datasette_url}/shangdang/{name}?_search={quote(query)}&_size=max", site=False)
    assert page.evaluate("document.querySelector('input[name=_search]').value") == query
    shown = page.evaluate(f"[...document.querySelectorAll('td.col-{key}')].map(td => td.innerText.trim())")
    assert sorted(shown) == expected
    page.evaluate("document.querySelector('input[name=_search]').scrollIntoView() || true")
    page.screenshot(SCREENSHOTS / f"datasette-search-{name}.png")
