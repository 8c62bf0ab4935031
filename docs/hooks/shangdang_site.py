"""MkDocs hook: the pages, downloads, search and shell generated from the committed package.

Declared under `hooks:` in mkdocs.yml. MkDocs puts this file's folder on
`sys.path` while it imports it, so the generators in `shangdang_docs/` are
imported here, at load time.

The i18n plugin (mkdocs-static-i18n) builds the site once per language: Chinese at
the root, then English under `en/`, calling these hooks again for each build. The
package is read and the exports made once (the first build); each build renders
the markers in its own language (`SiteContext.language`). After the last build,
`on_post_build` gives each language its own search index and fixes the search
worker's Chinese query segmentation (`shangdang_docs.search`).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from shangdang_docs import downloads, markers, search, shell
from shangdang_docs.context import Pages, SiteContext

log = logging.getLogger("mkdocs.hooks.shangdang")

_state: dict[str, SiteContext] = {}
_workdirs: list[Path] = []
#: Set once the default language's build has published the downloads (the other languages link to them).
_built_default: list[bool] = []
#: The 404 page of each language: every build writes its own to the site root, so the last one would win.
_not_found: dict[str, str] = {}

#: The language the site is built in first, at its root (the i18n plugin's default).
DEFAULT_LANGUAGE = "zh"


def context() -> SiteContext:
    """The context of the build in progress."""
    return _state["ctx"]


def _language(config: MkDocsConfig) -> str:
    language = str(config.theme.get("language") or DEFAULT_LANGUAGE)
    return "zh" if language.startswith("zh") else "en"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Read the package next to mkdocs.yml (once for all languages)."""
    if config.use_directory_urls:
        raise PluginError("shangdang hooks: set `use_directory_urls: false` (raw HTML links and offline use need it)")
    if "ctx" not in _state:
        settings = config.extra.get("shangdang", {})
        root = Path(config.config_file_path).resolve().parent
        ctx = SiteContext(
            root=root,
            headline_paragraphs=tuple(settings.get("headline_paragraphs", ())),
            repository=str(settings.get("repository") or ""),
        )
        _state["ctx"] = ctx
        terms = search.load_dictionary(ctx)
        log.info("shangdang: jieba user dictionary of %d terms", terms)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Publish the package and its exports under downloads/, once, at the site root (shared by both languages)."""
    ctx = context()
    ctx.language = "en" if _built_default else "zh"
    if not ctx.downloads:
        workdir = Path(tempfile.mkdtemp(prefix="shangdang-docs-"))
        _workdirs.append(workdir)
        ctx.downloads = downloads.collect(ctx, workdir)
        log.info("shangdang: %d download files", len(ctx.downloads))
    if not _built_default:
        for item in ctx.downloads:
            files.append(File.generated(config, item.site_path, abs_src_path=str(item.source)))
    return files


def _page_path(page: Page) -> str:
    """The page's source path without its language suffix (`index.en.md` → `index.md`)."""
    return str(getattr(page.file, "norm_src_uri", page.file.src_uri))


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace the page's `<!-- render: NAME -->` markers with generated Markdown in the language being built."""
    ctx = context()
    ctx.language = "zh" if _language(config) == "zh" else "en"
    return markers.render(markdown, ctx, _page_path(page))


def on_page_context(context_: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    """The footer, the language root for the search, and the home page's JSON-LD."""
    ctx = context()
    ctx.language = "zh" if _language(config) == "zh" else "en"
    context_["sd_footer"] = shell.footer_html(ctx, page.url or "index.html")
    context_["sd_language_root"] = "en" if ctx.language == "en" else ""
    if _page_path(page) == Pages.HOME:
        settings = config.extra.get("shangdang", {})
        context_["sd_jsonld"] = shell.dataset_jsonld(ctx, config.site_url or "", str(settings.get("spatial", "")))
    return context_


def on_template_context(context_: dict[str, Any], template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    """The 404 page and its footer, in the language being built."""
    if template_name == "404.html":
        ctx = context()
        ctx.language = "zh" if _language(config) == "zh" else "en"
        context_["sd_not_found"] = shell.not_found_html(ctx)
        context_["sd_footer"] = shell.footer_html(ctx, "/" + ctx.site_prefix + "404.html")
        context_["sd_language_root"] = "en" if ctx.language == "en" else ""
    return context_


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """Keep each language's 404 page; `on_post_build` puts the default one at the root, the others under `en/`."""
    if template_name == "404.html":
        _not_found[_language(config)] = output
    return output


@event_priority(-200)  # after the i18n plugin (-100), which runs the other languages' builds in its on_post_build
def on_post_build(config: MkDocsConfig) -> None:
    """After the last language: one search index per language, the worker's query segmenter fixed, temp files gone."""
    if not _built_default:
        _built_default.append(True)
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # a nested build of another language: the outer build finishes the job
    site = Path(config.site_dir)
    languages = [lang.locale for lang in i18n.config.languages if not lang.default] if i18n is not None else []
    counts = search.split_index(site, tuple(f"{language}/" for language in languages))
    for language, page in _not_found.items():
        target = site / ("" if language == DEFAULT_LANGUAGE else f"{language}/") / "404.html"
        target.write_text(page, encoding="utf-8")
    _not_found.clear()
    try:
        patched = search.patch_worker(site)
    except search.WorkerPatchError as error:
        raise PluginError(str(error)) from error
    log.info("shangdang: search index entries per language %s; %d search worker(s) patched", counts, len(patched))
    _built_default.clear()
    while _workdirs:
        shutil.rmtree(_workdirs.pop(), ignore_errors=True)
