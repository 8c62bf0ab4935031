"""MkDocs hook: the pages, downloads and search settings generated from the committed package.

Declared under `hooks:` in mkdocs.yml. MkDocs puts this file's folder on
`sys.path` while it imports it, so the generators in `shangdang_docs/` are
imported here, at load time.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from shangdang_docs import downloads, markers
from shangdang_docs.context import SiteContext

log = logging.getLogger("mkdocs.hooks.shangdang")

_state: dict[str, SiteContext] = {}
_workdirs: list[Path] = []


def context() -> SiteContext:
    """The context of the build in progress."""
    return _state["ctx"]


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Read the package next to mkdocs.yml; links in raw HTML assume `use_directory_urls: false`."""
    if config.use_directory_urls:
        raise PluginError("shangdang hooks: set `use_directory_urls: false` (raw HTML links and offline use need it)")
    settings = config.extra.get("shangdang", {})
    root = Path(config.config_file_path).resolve().parent
    _state["ctx"] = SiteContext(root=root, headline_paragraphs=tuple(settings.get("headline_paragraphs", ())))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Publish the package and its exports under downloads/."""
    ctx = context()
    workdir = Path(tempfile.mkdtemp(prefix="shangdang-docs-"))
    _workdirs.append(workdir)
    ctx.downloads = downloads.collect(ctx, workdir)
    for item in ctx.downloads:
        files.append(File.generated(config, item.site_path, abs_src_path=str(item.source)))
    log.info("shangdang: %d download files", len(ctx.downloads))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace the page's `<!-- render: NAME -->` markers with generated Markdown."""
    return markers.render(markdown, context(), page.file.src_uri)


def on_post_build(config: MkDocsConfig) -> None:
    """Remove the temporary export folders (their files are in the site by now)."""
    while _workdirs:
        shutil.rmtree(_workdirs.pop(), ignore_errors=True)
