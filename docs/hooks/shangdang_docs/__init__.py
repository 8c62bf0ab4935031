"""Pages of the documentation site generated from the committed package at build time.

The MkDocs hook (`docs/hooks/shangdang_site.py`) replaces each marker comment
`<!-- render: NAME -->` in a page's Markdown with the output of the renderer
registered under NAME in `shangdang_docs.markers.RENDERERS`. Nothing on those
pages is copied by hand: tables come from `data/*.csv`, the data dictionary from
`datapackage.json` and `schemas/`, the rule pages from docstrings.

Two languages (mkdocs-static-i18n, `docs_structure: suffix`): `page.md` is the
Chinese page (the default, built at the site root), `page.en.md` its English
version (built under `en/`). A page without an `.en.md` is built in English from
`page.md`, so a new page needs only one file. Renderers write in the language
being built: `ctx.language`, and `ctx.t("中文", "English")` for an interface
string; labels of enum values, titles of columns and units come from the schemas
and tables (`shangdang_data.display`), never from this package. Nav titles are
in mkdocs.yml, in Chinese, with `nav_translations` for English.

    context.py     SiteContext: the package spec, rows, the language, pages and anchors
    markdown.py    escaping, Markdown tables and links between pages
    datatable.py   interactive HTML tables (sort, filter, search: assets/tables.js), columns from a schema
    figures.py     how a figure is written (comparator, unit) and 2022/2023 pairing
    dictionary.py  the data dictionary
    tables.py      the table pages (indicators, projects, enterprises, glossary, errata, the rest)
    report.py      the report text, one anchor per paragraph, figures linked, errata marked
    charts.py      inline SVG charts, one drawing for desktops and one for phones
    downloads.py   files copied into the site, with sizes and sha256; a workbook per table
    search.py      jieba's user dictionary, the search worker's query segmenter, one index per language
    shell.py       footer, 404 page and the home page's JSON-LD
    reference.py   rule catalogue, cleaning rules, API reference, changelog
    coding.py      the coding guide: each coded column's values, the report's wordings, examples
    home.py        the headline figures on the home page
    markers.py     the marker registry and the substitution
"""
