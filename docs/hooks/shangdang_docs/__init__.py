"""Pages of the documentation site generated from the committed package at build time.

The MkDocs hook (`docs/hooks/shangdang_site.py`) replaces each marker comment
`<!-- render: NAME -->` in a page's Markdown with the output of the renderer
registered under NAME in `shangdang_docs.markers.RENDERERS`. Nothing on those
pages is copied by hand: tables come from `data/*.csv`, the data dictionary from
`datapackage.json` and `schemas/`, the rule pages from docstrings.

    context.py     SiteContext: the package spec, CSV rows, pages and anchors
    markdown.py    escaping, tables and links between pages
    figures.py     how a figure is written (comparator, unit) and 2022/2023 pairing
    dictionary.py  the data dictionary
    tables.py      browsable tables (indicators, projects, enterprises, ...)
    report.py      the report text, one anchor per paragraph
    charts.py      inline SVG charts
    downloads.py   files copied into the site, with sizes and sha256
    reference.py   rule catalogue, cleaning rules, API reference, changelog
    home.py        the headline figures on the home page
    markers.py     the marker registry and the substitution
"""
